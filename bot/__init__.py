"""The dialogue manager: one conversation logic for every channel. Knows no platform."""
