"""The terminal as a channel: the ``chat`` conversation and printing others' text safely."""
