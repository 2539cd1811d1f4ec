"""chain modes app."""
