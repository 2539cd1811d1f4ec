"""The ε sweep of a gradient check (notebook 6): relative error against ε, log-log."""
