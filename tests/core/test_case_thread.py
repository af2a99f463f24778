"""What an outgoing message reads of its case's thread, and what a mail's settlement reads of the
case it opened: each in one query, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from core.commands import ComplaintSubmission, Identity
from core.model import DELIVERED
from core.runtime import Core
from core.status import NotificationStatus
from tests.support.clock import FixedClock


async def _case(core: Core, address: str, message: str, subject: str | None) -> tuple[str, str]:
    submitted = await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("email", address), description="The kettle leaks", subject=subject,
        platform_message_id=message, acknowledge_via_outbox=True))
    return submitted.case_id, submitted.reference


async def test_the_thread_is_the_links_and_deliveries_in_time_order_with_the_reference_and_subject(
        core: Core, clock: FixedClock) -> None:
    case_id, reference = await _case(core, "ann@example.org", "<m1@example.org>", "Leaking kettle")
    now = clock.now()
    async with core.uow() as uow:
        await uow.add_links(case_id, [("email_message_id", "<m1@example.org>")], now)
        await uow.add_links(case_id, [("email_subject", "Leaking kettle")], now + timedelta(seconds=2))
        [acknowledgement] = [n for n in await uow.notifications(limit=100) if n.channel == "email"]
        acknowledgement.status, acknowledgement.delivered_ref = NotificationStatus.SENT, "<ours@complaintdesk>"
        acknowledgement.sent_at = now + timedelta(seconds=1)
        await uow.commit()

    assert await core.queries.case_thread(case_id, "email") == (reference, "Leaking kettle", [
        ("email_message_id", "<m1@example.org>"), (DELIVERED, "<ours@complaintdesk>"),
        ("email_subject", "Leaking kettle")])
    assert await core.queries.case_thread(case_id, "telegram") == (reference, "Leaking kettle", [
        ("email_message_id", "<m1@example.org>"), ("email_subject", "Leaking kettle")]), \
        "deliveries on another channel are not this thread's"


async def test_a_case_without_links_or_subject_and_an_unknown_case(core: Core) -> None:
    case_id, reference = await _case(core, "bob@example.org", "<m2@example.org>", None)
    assert await core.queries.case_thread(case_id, "email") == (reference, None, [])
    assert await core.queries.case_thread("0" * 32, "email") is None


async def test_the_case_holding_a_message_comes_with_its_links(core: Core, clock: FixedClock) -> None:
    case_id, reference = await _case(core, "cat@example.org", "<m3@example.org>", "Refund")
    async with core.uow() as uow:
        found = await uow.case_brief_and_links_with_message("email", "cat@example.org", "<m3@example.org>")
        assert found is not None
        brief, links = found
        assert (brief.id, brief.reference, brief.language, links) == (case_id, reference, "en", set())
        await uow.add_links(case_id, [("email_message_id", "<m3@example.org>"), ("email_subject", "Refund")], clock.now())
        await uow.commit()
    async with core.uow() as uow:
        found = await uow.case_brief_and_links_with_message("email", "cat@example.org", "<m3@example.org>")
        assert found is not None and found[0].id == case_id
        assert found[1] == {("email_message_id", "<m3@example.org>"), ("email_subject", "Refund")}
        assert found[1] == await uow.link_values(case_id)
        assert await uow.case_brief_and_links_with_message("email", "dan@example.org", "<m3@example.org>") is None, \
            "another sender's message of the same id is not this case's"
        assert await uow.case_brief_and_links_with_message("email", "cat@example.org", "<other@example.org>") is None
