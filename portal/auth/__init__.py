"""Staff accounts, role grants on areas, login and the audit log."""
