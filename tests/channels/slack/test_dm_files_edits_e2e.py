"""A complainant in a Slack DM shares files (downloaded with the bot token, within the core's
limits) and edits a message they sent (the edit changes the answer it gave)."""

from __future__ import annotations

from datetime import date

from bot.messages import ConversationKey
from core.actors import Actor
from core.commands import Identity
from tests.support.catalog import say
from tests.support.slack.dm import DmPerson
from tests.support.slack.product import Product

CUSTOMER = "U0CUSTOM2"
DM = "D0CUSTOM2"
EN = "en"
VIEWER = Actor.agent("test")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048


async def test_shared_files_become_attachments_of_the_complaint(product: Product) -> None:
    dee = DmPerson(product, CUSTOMER, DM)
    assert say("bot.consent.question", EN) in await dee.say("The courier threw my parcel over the fence and broke it.")
    await dee.press("consent:yes")
    photo = product.api.add_file("F0PHOTO", "parcel.png", PNG, "image/png")
    kept = await dee.say("Here is a photo of the box.", files=[photo])
    assert product.core.catalog.plural("bot.attachment.received", 1, EN) in kept
    assert product.api.downloads == ["T0000TEAM-F0PHOTO/parcel.png"]
    for answer in ("yesterday", "parcel delivery", "a refund", "Dee Example", "dee@example.com"):
        await dee.say(answer)
    done = await dee.press("confirm:submit")
    assert "CD-" in done
    (case,) = await product.core.queries.cases_of(Identity("slack", CUSTOMER))
    async with product.core.uow() as uow:
        stored = await uow.case_by_reference(case.reference)
        files = await uow.attachments(stored.id)  # type: ignore[union-attr]
    assert [(f.filename, f.content_type, f.size) for f in files] == [("parcel.png", "image/png", len(PNG))]


async def test_files_outside_the_limits_or_from_elsewhere_are_refused_and_the_person_told(product: Product) -> None:
    dee = DmPerson(product, CUSTOMER, DM)
    await dee.say("My invoice is wrong and nobody answers my emails about it.")
    await dee.press("consent:yes")
    limit = product.core.policy.attachments.max_bytes
    megabytes = limit // (1024 * 1024)
    declared_big = product.api.add_file("F0BIG", "video.mp4", b"x", "video/mp4", size=limit + 1)
    lying = product.api.add_file("F0LIE", "scan.pdf", b"%PDF" + b"x" * limit, "application/pdf", size=100)
    archive = product.api.add_file("F0ZIP", "stuff.zip", b"PK\x03\x04", "application/zip")
    foreign = {**product.api.add_file("F0FAR", "far.png", PNG, "image/png"),
               "url_private_download": "https://evil.example/steal/far.png"}
    told = await dee.say("", files=[declared_big, lying, archive, foreign])
    assert say("slack.dm.file_too_big", EN, filename="video.mp4", megabytes=megabytes) in told
    assert say("slack.dm.file_too_big", EN, filename="scan.pdf", megabytes=megabytes) in told
    assert say("slack.dm.file_type", EN, filename="stuff.zip") in told
    assert say("slack.dm.file_unavailable", EN, filename="far.png") in told
    assert product.api.downloads == ["T0000TEAM-F0LIE/scan.pdf"], "only a file that looked acceptable is fetched"


async def test_an_edited_dm_changes_the_answer_it_gave(product: Product) -> None:
    dee = DmPerson(product, CUSTOMER, DM)
    await dee.say("The shop refused to refund a broken kettle I bought there.")
    await dee.press("consent:yes")
    await dee.say("on 3 March")
    date_answer = dee.last
    await dee.say("a refund")  # the kettle was named in the first message
    changed = await dee.edit(date_answer, "on 4 March")
    session = await product.runner.context.dialogue.sessions.load(ConversationKey("slack", DM))  # type: ignore[union-attr]
    assert session is not None and session.slots["incident_date"].endswith("-03-04")
    when = product.core.catalog.format_date(date.fromisoformat(session.slots["incident_date"]), EN)
    assert say("bot.edit.updated", EN, slot=say("bot.slot.incident_date", EN), value=when) in changed
    assert say("bot.ask.name", EN) in changed, "the open question is asked again"
