"""The schema. Alembic's migrations in ``core/storage/migrations/versions`` create exactly this."""

from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Boolean, Column, Date, ForeignKey, Index, Integer, LargeBinary, MetaData, Table,
    UniqueConstraint,
)

from core.status import InboundStatus, NotificationStatus
from core.storage.types import ExactDecimal, CleanString, CleanText, StatusString, UTCDateTime

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
BigId = BigInteger().with_variant(Integer(), "sqlite")

complainants = Table(
    "complainants", metadata,
    Column("id", CleanString(32), primary_key=True),
    Column("name", CleanText),
    Column("email", CleanString(320)),
    Column("phone", CleanString(32)),
    Column("language", CleanString(8), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("erased_at", UTCDateTime),
)

identities = Table(
    "identities", metadata,
    Column("id", CleanString(32), primary_key=True),
    Column("complainant_id", CleanString(32), ForeignKey("complainants.id"), nullable=False, index=True),
    Column("channel", CleanString(16), nullable=False),
    Column("address", CleanString(320), nullable=False),
    Column("unreachable_reason", CleanText),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("channel", "address", name="uq_identities_channel_address"),
)

cases = Table(
    "cases", metadata,
    Column("id", CleanString(32), primary_key=True),
    Column("reference", CleanString(16), nullable=False, unique=True),
    Column("complainant_id", CleanString(32), ForeignKey("complainants.id"), nullable=False, index=True),
    Column("status", CleanString(24), nullable=False, index=True),
    Column("channel", CleanString(16), nullable=False),
    Column("reply_address", CleanString(320), nullable=False),
    Column("reply_thread", CleanString(998)),
    Column("language", CleanString(8), nullable=False),
    Column("subject", CleanText),
    Column("description", CleanText, nullable=False),
    Column("category", CleanString(64), nullable=False, index=True),
    Column("product", CleanString(200)),
    Column("order_number", CleanString(64)),
    Column("incident_date", Date),
    Column("desired_outcome", CleanText),
    Column("on_behalf_of", CleanText),
    Column("location", CleanText),
    Column("amount", ExactDecimal),
    Column("currency", CleanString(3)),
    Column("severity", Integer, nullable=False),
    Column("complexity", Integer, nullable=False),
    Column("impact", Integer, nullable=False),
    Column("urgency", Integer, nullable=False),
    Column("immediate_action", Boolean, nullable=False),
    Column("priority", CleanString(32), nullable=False, index=True),
    Column("signals", JSON, nullable=False),
    Column("assessment_overridden", Boolean, nullable=False),
    Column("assignee", CleanString(64), index=True),
    Column("escalation_level", Integer, nullable=False),
    Column("needs_human", Boolean, nullable=False),
    Column("proposed_decision", CleanText),
    Column("complainant_decision", CleanString(16)),
    Column("referral_offered_at", UTCDateTime),
    Column("referral_body", CleanString(200)),
    Column("referred_at", UTCDateTime),
    Column("referral_outcome", CleanString(32)),
    Column("referral_outcome_at", UTCDateTime),
    Column("due_acknowledge", UTCDateTime),
    Column("due_first_response", UTCDateTime),
    Column("due_resolution", UTCDateTime, index=True),
    Column("received_at", UTCDateTime, nullable=False, index=True),
    Column("acknowledged_at", UTCDateTime),
    Column("first_response_at", UTCDateTime),
    Column("responded_at", UTCDateTime),
    Column("closed_at", UTCDateTime),
    Column("waiting_since", UTCDateTime),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("erased_at", UTCDateTime),  # its personal data was erased (on request or after the retention window)
    Column("received_via", CleanString(16)),  # phone, letter, in_person: registered by an agent (else the channel)
    Column("audit_seq", Integer, nullable=False),
    Column("audit_head", CleanString(64), nullable=False),
    Column("version", Integer, nullable=False),
)

case_events = Table(
    "case_events", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", CleanString(48), nullable=False),
    Column("actor_kind", CleanString(16), nullable=False),
    Column("actor_id", CleanString(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("from_status", CleanString(24)),
    Column("to_status", CleanString(24)),
    Column("reason", CleanText),
    Column("data", JSON, nullable=False),
    Column("prev_hash", CleanString(64), nullable=False),
    Column("hash", CleanString(64), nullable=False),
    UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),
)

messages = Table(
    "messages", metadata,
    Column("id", CleanString(32), primary_key=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("direction", CleanString(8), nullable=False),
    Column("channel", CleanString(16), nullable=False),
    Column("author_kind", CleanString(16), nullable=False),
    Column("author_id", CleanString(64), nullable=False),
    Column("body", CleanText, nullable=False),
    Column("platform_message_id", CleanString(998)),
    Column("created_at", UTCDateTime, nullable=False),
)

attachments = Table(
    "attachments", metadata,
    Column("id", CleanString(32), primary_key=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("message_id", CleanString(32)),
    Column("filename", CleanString(255), nullable=False),
    Column("content_type", CleanString(127), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", CleanString(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

notifications = Table(
    "notifications", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), index=True),
    Column("channel", CleanString(16), nullable=False),
    Column("address", CleanString(320), nullable=False),
    Column("thread", CleanString(998)),
    Column("kind", CleanString(48), nullable=False),
    Column("lang", CleanString(8), nullable=False),
    Column("params", JSON, nullable=False),
    Column("idempotency_key", CleanString(200), nullable=False, unique=True),
    Column("status", StatusString(NotificationStatus, 12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime),
    Column("claimed_by", CleanString(128)),  # the process delivering it (until locked_until)
    Column("last_error", CleanText),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("delivered_ref", CleanString(998)),
    Index("ix_notifications_due", "status", "next_attempt_at"),
)

case_links = Table(
    "case_links", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", CleanString(32), nullable=False),
    Column("value", CleanString(998), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_case_links_lookup", "kind", "value"),
)

satisfaction = Table(
    "satisfaction", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("rating", Integer, nullable=False),
    Column("comment", CleanText),
    Column("agent_id", CleanString(64)),
    Column("at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),  # the closing it rates: one survey per closing
    UniqueConstraint("case_id", "closed_at", name="uq_satisfaction_case_closing"),
)

investigations = Table(
    "investigations", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False, unique=True),
    Column("findings", CleanText),
    Column("root_cause", CleanString(64)),
    Column("corrective_action", CleanText),
    Column("redress_kind", CleanString(64)),
    Column("redress_amount", ExactDecimal),
    Column("redress_currency", CleanString(3)),
    Column("recorded_by", CleanString(64), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
)

inbound = Table(
    "inbound", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("channel", CleanString(16), nullable=False),
    Column("dedup_key", CleanString(998), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("status", StatusString(InboundStatus, 12), nullable=False, index=True),
    Column("outcome", CleanText),
    # Who sent it, as the channel names the conversation (an address, a chat id): the person's rows
    # can be found for erasure, and replays keep each conversation's order.
    Column("conversation", CleanString(320)),
    # The case the delivery was about, when someone other than the complainant wrote it (an
    # agent's reply in a card's thread): erasing the case finds it by this.
    Column("case_reference", CleanString(16)),
    # Processing attempts so far (counted when a process claims the row, before it starts) and the
    # claim: the process working on it and until when; a row past its claim is taken over.
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("claimed_by", CleanString(128)),
    Column("claimed_until", UTCDateTime),
    UniqueConstraint("channel", "dedup_key", name="uq_inbound_channel_dedup"),
)

# The dialogue's sessions when no Redis is configured (the embedded default): they survive a
# restart and are shared by the serving process and the email worker process.
conversation_state = Table(
    "conversation_state", metadata,
    Column("key", CleanString(400), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

# One-time links to a case's status page (issue 18) and the web sessions they open. Only the
# SHA-256 of a link's token and of a session's token is kept: a copy of the database opens nothing.
access_links = Table(
    "access_links", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("token_sha256", CleanString(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

web_grants = Table(
    "web_grants", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("case_id", CleanString(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("session_sha256", CleanString(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)
