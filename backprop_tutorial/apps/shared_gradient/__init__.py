"""shared gradient app."""
