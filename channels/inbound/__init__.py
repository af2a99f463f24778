"""The inbound journal every channel shares: store before the acknowledgement, claim, settle with
the replies, replay after a restart, set poison aside."""
