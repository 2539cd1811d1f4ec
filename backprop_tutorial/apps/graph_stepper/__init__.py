"""graph stepper app."""
