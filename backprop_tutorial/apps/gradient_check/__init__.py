"""gradient check app."""
