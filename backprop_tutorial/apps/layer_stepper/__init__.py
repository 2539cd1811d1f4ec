"""layer stepper app."""
