"""Classical (imperative) mapping: the domain dataclasses stay free of SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.orm import registry

from core import model
from core.storage import tables

mapper_registry = registry(metadata=tables.metadata)
_started = False


def start_mappers() -> None:
    global _started
    if _started:
        return
    mapper_registry.map_imperatively(model.Complainant, tables.complainants)
    mapper_registry.map_imperatively(model.ChannelIdentity, tables.identities)
    mapper_registry.map_imperatively(model.Case, tables.cases, version_id_col=tables.cases.c.version)
    mapper_registry.map_imperatively(model.CaseEvent, tables.case_events)
    mapper_registry.map_imperatively(model.Message, tables.messages)
    mapper_registry.map_imperatively(model.Attachment, tables.attachments)
    mapper_registry.map_imperatively(model.Notification, tables.notifications)
    mapper_registry.map_imperatively(model.CaseLink, tables.case_links)
    mapper_registry.map_imperatively(model.Satisfaction, tables.satisfaction)
    mapper_registry.map_imperatively(model.Investigation, tables.investigations)
    mapper_registry.map_imperatively(model.InboundRecord, tables.inbound)
    _started = True
