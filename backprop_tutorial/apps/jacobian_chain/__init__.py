"""jacobian chain app."""
