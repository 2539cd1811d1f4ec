"""expression app."""
