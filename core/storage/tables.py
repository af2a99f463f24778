"""The schema. Alembic's migrations in ``alembic/versions`` create exactly this."""

from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Boolean, Column, Date, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text,
    UniqueConstraint,
)

from core.storage.types import UTCDateTime

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
BigId = BigInteger().with_variant(Integer(), "sqlite")

complainants = Table(
    "complainants", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text),
    Column("email", String(320)),
    Column("phone", String(32)),
    Column("language", String(8), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("erased_at", UTCDateTime),
)

identities = Table(
    "identities", metadata,
    Column("id", String(32), primary_key=True),
    Column("complainant_id", String(32), ForeignKey("complainants.id"), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("address", String(320), nullable=False),
    Column("unreachable_reason", Text),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("channel", "address", name="uq_identities_channel_address"),
)

cases = Table(
    "cases", metadata,
    Column("id", String(32), primary_key=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("complainant_id", String(32), ForeignKey("complainants.id"), nullable=False, index=True),
    Column("status", String(24), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("reply_address", String(320), nullable=False),
    Column("reply_thread", String(998)),
    Column("language", String(8), nullable=False),
    Column("subject", Text),
    Column("description", Text, nullable=False),
    Column("category", String(64), nullable=False, index=True),
    Column("product", String(200)),
    Column("order_number", String(64)),
    Column("incident_date", Date),
    Column("desired_outcome", Text),
    Column("on_behalf_of", Text),
    Column("location", Text),
    Column("severity", Integer, nullable=False),
    Column("complexity", Integer, nullable=False),
    Column("impact", Integer, nullable=False),
    Column("urgency", Integer, nullable=False),
    Column("immediate_action", Boolean, nullable=False),
    Column("priority", String(32), nullable=False, index=True),
    Column("signals", JSON, nullable=False),
    Column("assessment_overridden", Boolean, nullable=False),
    Column("assignee", String(64), index=True),
    Column("escalation_level", Integer, nullable=False),
    Column("needs_human", Boolean, nullable=False),
    Column("proposed_decision", Text),
    Column("complainant_decision", String(16)),
    Column("due_acknowledge", UTCDateTime),
    Column("due_first_response", UTCDateTime),
    Column("due_resolution", UTCDateTime, index=True),
    Column("received_at", UTCDateTime, nullable=False, index=True),
    Column("acknowledged_at", UTCDateTime),
    Column("first_response_at", UTCDateTime),
    Column("responded_at", UTCDateTime),
    Column("closed_at", UTCDateTime),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("erased_at", UTCDateTime),  # its personal data was erased (on request or after the retention window)
    Column("audit_seq", Integer, nullable=False),
    Column("audit_head", String(64), nullable=False),
    Column("version", Integer, nullable=False),
)

case_events = Table(
    "case_events", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(48), nullable=False),
    Column("actor_kind", String(16), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("from_status", String(24)),
    Column("to_status", String(24)),
    Column("reason", Text),
    Column("data", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),
)

messages = Table(
    "messages", metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("direction", String(8), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("author_kind", String(16), nullable=False),
    Column("author_id", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("platform_message_id", String(998)),
    Column("created_at", UTCDateTime, nullable=False),
)

attachments = Table(
    "attachments", metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("message_id", String(32)),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(127), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

notifications = Table(
    "notifications", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id"), index=True),
    Column("channel", String(16), nullable=False),
    Column("address", String(320), nullable=False),
    Column("thread", String(998)),
    Column("kind", String(48), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("params", JSON, nullable=False),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("delivered_ref", String(998)),
    Index("ix_notifications_due", "status", "next_attempt_at"),
)

case_links = Table(
    "case_links", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("value", String(998), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_case_links_lookup", "kind", "value"),
)

satisfaction = Table(
    "satisfaction", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, unique=True),
    Column("rating", Integer, nullable=False),
    Column("comment", Text),
    Column("agent_id", String(64)),
    Column("at", UTCDateTime, nullable=False),
)

inbound = Table(
    "inbound", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("channel", String(16), nullable=False),
    Column("dedup_key", String(998), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("status", String(12), nullable=False, index=True),
    Column("outcome", Text),
    UniqueConstraint("channel", "dedup_key", name="uq_inbound_channel_dedup"),
)
