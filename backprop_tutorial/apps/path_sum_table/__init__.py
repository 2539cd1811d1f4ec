"""path sum table app."""
