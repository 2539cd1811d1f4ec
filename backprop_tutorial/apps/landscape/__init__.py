"""landscape app."""
