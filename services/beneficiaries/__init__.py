"""The unified beneficiary registry."""
