"""The complaints domain and its service layer (ISO 10002 clause 7). Knows no channel, no NLU, no bot."""
