"""memo table app."""
