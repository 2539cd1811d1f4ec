"""fan out app."""
