"""digit draw app."""
