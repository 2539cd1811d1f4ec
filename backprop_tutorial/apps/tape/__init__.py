"""tape app."""
