"""The email channel: an SMTP intake that stores before it answers, and threaded replies."""
