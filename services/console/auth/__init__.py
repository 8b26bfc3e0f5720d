"""Accounts, passwords, sessions, CSRF, lock-out and roles."""
