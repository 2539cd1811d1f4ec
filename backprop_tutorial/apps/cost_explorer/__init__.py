"""cost explorer app."""
