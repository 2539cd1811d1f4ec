"""digits trainer app."""
