"""Mail out: replies and status updates, threaded, through a relay or into a local Maildir."""
