"""Channel adapters (telegram, slack, email, console), the shared web app and the composition root."""
