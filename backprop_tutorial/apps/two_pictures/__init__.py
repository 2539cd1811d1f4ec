"""two pictures app."""
