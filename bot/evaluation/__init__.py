"""The dialogue measured on hand-written, real-looking conversations (issue 15): a simulated person
answers whatever the real :class:`bot.manager.DialogueManager` asks, from a small persona, and the
cases it stores are compared with what the person meant."""

from bot.evaluation.metrics import Report
from bot.evaluation.runner import evaluate, evaluate_settings

__all__ = ["Report", "evaluate", "evaluate_settings"]
