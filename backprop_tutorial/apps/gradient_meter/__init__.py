"""gradient meter app."""
