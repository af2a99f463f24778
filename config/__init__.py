"""Settings, the organisation's policy file and the message catalogs. Everyone may read config."""
