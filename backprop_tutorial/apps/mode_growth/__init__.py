"""mode growth app."""
