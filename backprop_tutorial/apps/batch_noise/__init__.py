"""batch noise app."""
