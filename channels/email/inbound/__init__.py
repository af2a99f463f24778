"""Mail in: the SMTP listener, the journal before 250, and what becomes of each stored mail."""
