"""chain stepper app."""
