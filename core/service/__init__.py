"""The complaint service: every command is one transaction that writes the change, its audit
event and its outbox rows together, or nothing (ISO 10002 clauses 7.2 to 7.9, 8.3). The commands
live in one module per part of the process; queries live in :mod:`core.queries`."""

from __future__ import annotations

from core.service.access import AccessCommands
from core.service.agents import AgentCommands
from core.service.base import Loaded, UowFactory
from core.service.complainants import ComplainantCommands
from core.service.deliveries import DeliveryCommands
from core.service.erasure import ErasureCommands
from core.service.intake import IntakeCommands
from core.service.investigation import InvestigationCommands
from core.service.registration import RegistrationCommands
from core.service.reopening import ReopeningCommands
from core.service.timers import TimerCommands

__all__ = ["ComplaintService", "Loaded", "UowFactory"]


class ComplaintService(ReopeningCommands, RegistrationCommands, InvestigationCommands, IntakeCommands, TimerCommands,
                       AgentCommands, ComplainantCommands, DeliveryCommands, ErasureCommands, AccessCommands):
    """Commands on cases, as one object for the channels and the bot."""
