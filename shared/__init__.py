"""Event contracts and plumbing shared by the three services."""
