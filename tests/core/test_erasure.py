"""Erasure of personal data (core.erasure), on SQLite and PostgreSQL: on request for a person,
and by the retention window for finished cases. Afterwards nothing of the person is left in any
table or file, the audit chain verifies, and the statistics stay."""

from __future__ import annotations

import hashlib

import pytest

from core.actors import Actor
from core.audit import verify_all
from core.commands import ComplaintSubmission, Identity, NewAttachment
from core.erasure import ErasureIncomplete
from core.ports import ErasureScope
from core.runtime import Core
from core.status import CaseStatus
from tests.support.clock import FixedClock
from tests.support.personal_data import found_in_database, found_in_files, found_in_sqlite_file

ZEB = Identity("email", "zq.unique77@example.org")
CONTROL = Identity("telegram", "4242")
AGENT = Actor.agent("U_AGENT")
DETAILS = ("Quartermain", "zq.unique77", "900123", "zorblax")
KEPT_DETAILS = ("Ottoline", "controlcase")
RECEIPT = b"%PDF-1.4 receipt of Zebedee Quartermain, zorblax router, +44 7700 900123"


async def complain(core: Core, identity: Identity = ZEB, **overrides: object) -> str:
    values: dict[str, object] = dict(
        identity=identity, name="Zebedee Quartermain", email="zq.unique77@example.org", phone="+44 7700 900123",
        description="My zorblax router from order ZQ-900123 caught fire. Call me on +44 7700 900123.",
        subject="Zorblax fire", product="Zorblax router", order_number="ZQ-900123", location="12 Quartermain Lane",
        desired_outcome="a zorblax replacement", on_behalf_of="Zebedee Quartermain senior", category="product_quality",
        reply_thread="<thread-zq.unique77@example.org>", platform_message_id="<first-zq.unique77@example.org>",
        attachments=(NewAttachment("zorblax-receipt.pdf", "application/pdf", RECEIPT),), acknowledge_via_outbox=True,
    )
    values.update(overrides)
    return (await core.service.submit_complaint(ComplaintSubmission(**values))).reference  # type: ignore[arg-type]


async def work_the_case(core: Core, ref: str, identity: Identity = ZEB) -> None:
    """Everything that copies the person's words elsewhere: an agent's note and message quoting
    them, a question, a decision, their answer, a survey comment, a bounce, links, a reply."""
    service = core.service
    await service.assign(ref, AGENT, AGENT.id)
    await service.add_complainant_message(ref, identity, "Another zorblax photo", platform_message_id="<m2-zq.unique77@x>",
                                          attachments=(NewAttachment("zorblax.png", "image/png", b"\x89PNG zorblax"),))
    await service.add_note(ref, AGENT, "Quartermain says the zorblax smoked (tel 900123)")
    await service.send_message(ref, AGENT, "Dear Mr Quartermain, we are on the zorblax case")
    await service.request_information(ref, AGENT, "Mr Quartermain, which zorblax model?")
    await service.add_complainant_message(ref, identity, "The zorblax 3000")
    await service.respond(ref, AGENT, "We replace the zorblax of Mr Quartermain")
    await service.record_complainant_decision(ref, identity, accept=True, reason="fine, zorblax it is")
    await service.record_satisfaction(ref, identity, 4, "Quick zorblax fix, thanks")
    await service.link(ref, "email_subject", "Zorblax fire")
    await service.link(ref, "email_message_id", "<first-zq.unique77@example.org>")
    await service.enqueue_reply(channel=identity.channel, address=identity.address, text="Hello Mr Quartermain",
                                lang="en", key="intake-zq", thread="<intake-zq.unique77@example.org>")
    await core.dispatcher.run_until_idle()
    async with core.uow() as uow:
        sent = [n for n in await uow.notifications(limit=1000) if n.channel == identity.channel and n.case_id]
    await service.mark_notification_bounced(sent[0].id, "550 5.1.1 <zq.unique77@example.org>: no such user",
                                            channel=identity.channel)


async def complainant_of(core: Core, ref: str) -> str:
    async with core.uow() as uow:
        case = await uow.case_by_reference(ref)
        assert case is not None
        return case.complainant_id


async def test_erasure_leaves_nothing_of_the_person_and_keeps_the_statistics(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    await work_the_case(core, ref)
    second = await complain(core, description="The zorblax charger too", platform_message_id="<3-zq.unique77@x>")
    control = await complain(core, CONTROL, name="Ottoline Control", email=None, phone=None, subject=None,
                             description="My controlcase kettle leaks", product="controlcase kettle",
                             order_number=None, location=None, desired_outcome=None, on_behalf_of=None,
                             reply_thread=None, platform_message_id="c1", attachments=())
    assert await found_in_database(core, DETAILS), "the search sees the details before the erasure"
    before = await core.queries.details(ref, AGENT)
    clock.advance(hours=1)

    erased = await core.service.erase_complainant(await complainant_of(core, ref), AGENT)

    assert set(erased.references) == {ref, second} and erased.people == 1 and erased.files_deleted == 2
    assert await found_in_database(core, DETAILS) == []
    assert found_in_files(core.settings.data_dir, DETAILS) == []
    if core.engine.dialect.name == "sqlite":  # not even in the file's free pages
        assert found_in_sqlite_file(core.settings.data_dir / "complaintdesk.sqlite3", DETAILS) == []
    assert len(await found_in_database(core, KEPT_DETAILS)) >= 3, "another person's data is left alone"
    async with core.uow() as uow:
        checked, breach = await verify_all(uow)
    assert breach is None and checked >= 20
    after = await core.queries.details(ref, AGENT)
    assert (after.category, after.priority, after.status, after.received_at, after.closed_at, after.assignee) == (
        before.category, before.priority, CaseStatus.CLOSED, before.received_at, before.closed_at, AGENT.id)
    assert after.description == "[erased]" and after.complainant_name is None and after.product is None
    timeline = await core.queries.timeline(ref, AGENT)
    assert timeline[-1].kind == "personal_data_erased" and timeline[-1].actor == "agent:U_AGENT"
    assert {entry.text for entry in timeline if entry.kind.startswith("message:")} == {"[erased]"}
    assert (await core.queries.details(control, AGENT)).description == "My controlcase kettle leaks"


async def test_undelivered_messages_to_the_person_are_dropped_and_an_open_case_writes_to_no_one(core: Core) -> None:
    ref = await complain(core)
    await core.service.assign(ref, AGENT, AGENT.id)  # queues "status_changed" for the person

    await core.service.erase_complainant(await complainant_of(core, ref), AGENT)

    async with core.uow() as uow:
        case = await uow.case_by_reference(ref)
        rows = await uow.notifications(case_id=case.id, limit=100)  # type: ignore[union-attr]
    to_person = [n for n in rows if n.channel == ZEB.channel]
    assert to_person and {(n.status, n.address, n.last_error) for n in to_person} == {
        ("dead", "[erased]", "personal data erased")}
    await core.service.send_message(ref, AGENT, "Anyone there?")
    async with core.uow() as uow:
        rows = await uow.notifications(case_id=case.id, limit=100)  # type: ignore[union-attr]
    assert [n.id for n in rows if n.channel == ZEB.channel] == [n.id for n in to_person], \
        "nothing new is queued for an erased person"


async def test_an_attachment_file_another_kept_case_shares_stays(core: Core) -> None:
    ref = await complain(core)
    control = await complain(core, CONTROL, name="Ottoline Control", platform_message_id="c1")  # the same receipt
    path = core.service.attachments.path_for(hashlib.sha256(RECEIPT).hexdigest())

    first = await core.service.erase_complainant(await complainant_of(core, ref), AGENT)
    assert first.files_deleted == 0 and path.exists()
    second = await core.service.erase_complainant(await complainant_of(core, control), AGENT)
    assert second.files_deleted == 1 and not path.exists()


class RecordingHolder:
    """A channel's files or posts, as the erasure's port sees them."""

    name = "recording"
    handles = frozenset({"recorded_post"})

    def __init__(self) -> None:
        self.scopes: list[ErasureScope] = []
        self.broken = False

    async def erase(self, scope: ErasureScope) -> None:
        if self.broken:
            raise ConnectionError("the platform is down")
        self.scopes.append(scope)


async def test_holders_are_asked_first_and_one_that_fails_loses_nothing(core: Core) -> None:
    holder = RecordingHolder()
    core.erasure.register(holder)
    ref = await complain(core)
    await core.service.link(ref, "recorded_post", "C1/1700000000.000100")
    await core.service.link(ref, "email_subject", "Zorblax fire")
    await core.service.enqueue_reply(channel=ZEB.channel, address=ZEB.address, text="Hello", lang="en", key="k1")
    async with core.uow() as uow:
        for row in await uow.notifications(limit=100):
            row.status, row.delivered_ref = "sent", f"<sent-{row.id}@complaintdesk>"
        await uow.commit()
    complainant = await complainant_of(core, ref)
    holder.broken = True

    with pytest.raises(ErasureIncomplete) as refused:
        await core.service.erase_complainant(complainant, AGENT)
    assert "recording" in str(refused.value) and "nothing was erased" in str(refused.value)
    assert (await core.queries.details(ref, AGENT)).description.startswith("My zorblax router")

    holder.broken = False
    await core.service.erase_complainant(complainant, AGENT)
    [scope] = holder.scopes
    assert scope.references == (ref,)
    assert {(ref, "recorded_post", "C1/1700000000.000100"), (ref, "email_subject", "Zorblax fire")} <= scope.links
    assert ("email", "zq.unique77@example.org") in scope.addresses
    assert len([ref_ for channel, ref_ in scope.deliveries if channel == "email"]) >= 2  # the ack and the intake reply
    async with core.uow() as uow:
        case = await uow.case_by_reference(ref)
        kinds = {link.kind for link in await uow.links(case.id)}  # type: ignore[union-attr]
    assert kinds == {"recorded_post"}, "the channel's own handle stays, the subject goes"


async def test_retention_erases_cases_past_the_window_and_the_person_once_none_is_kept(
        core: Core, clock: FixedClock) -> None:
    old = await complain(core)
    await core.service.close(old, AGENT, "resolved")
    clock.advance(days=30)
    recent = await complain(core, description="The zorblax lid too", platform_message_id="<2-zq.unique77@x>")
    days = core.policy.retention.closed_case_days

    clock.advance(days=days - 29)  # the first case is past the window, the second is open
    dry = await core.erasure.run_retention(dry_run=True)
    assert dry.due == (old,) and dry.erased == () and "zorblax" in (await core.queries.details(old, AGENT)).description
    result = await core.service.run_timers()
    assert result.retention_erased == 1
    assert (await core.queries.details(old, AGENT)).description == "[erased]"
    kept = await core.queries.details(recent, AGENT)
    assert "zorblax" in kept.description and kept.complainant_name == "Zebedee Quartermain"

    await core.service.withdraw(recent, AGENT, reason="no longer needed")
    clock.advance(days=days - 1)
    assert (await core.erasure.run_retention()).erased == ()  # withdrawn a day short of the window
    clock.advance(days=2)
    last = await core.erasure.run_retention()
    assert last.erased == (recent,) and last.people == 1
    assert await found_in_database(core, DETAILS) == []
    assert found_in_files(core.settings.data_dir, DETAILS) == []
    async with core.uow() as uow:
        assert await uow.identity(ZEB.channel, ZEB.address) is None
        _, breach = await verify_all(uow)
    assert breach is None
    assert (await core.erasure.run_retention()).due == (), "an erased case is not due again"


async def test_a_case_opened_while_the_erasure_runs_is_not_left_behind(core: Core) -> None:
    class LateComplaint(RecordingHolder):
        async def erase(self, scope: ErasureScope) -> None:
            if not self.scopes:
                await complain(core, description="One more zorblax", platform_message_id="<late-zq.unique77@x>")
            await super().erase(scope)

    core.erasure.register(LateComplaint())
    ref = await complain(core)
    complainant = await complainant_of(core, ref)
    with pytest.raises(Exception, match="changed by someone else"):
        await core.service.erase_complainant(complainant, AGENT)
    done = await core.service.erase_complainant(complainant, AGENT)
    assert len(done.references) == 2
    assert await found_in_database(core, DETAILS) == []
