"""Accounts, sessions, CSRF and who may open what."""
