"""influence paths app."""
