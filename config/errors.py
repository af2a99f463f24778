class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names the key and what is allowed."""
