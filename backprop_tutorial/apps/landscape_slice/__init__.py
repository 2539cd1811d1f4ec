"""landscape slice app."""
