"""Photos, documents, voice messages and videos become attachments within the core's limits; the
person is told what was too big or not accepted; shared locations and contacts become answers."""

from __future__ import annotations

import pytest

from core.actors import Actor
from core.commands import Identity
from tests.support.catalog import say
from tests.support.telegram import updates
from tests.support.telegram.product import Person, Product, complain

pytestmark = pytest.mark.parametrize("mode", ["webhook"])
EN, RU = "en", "ru"
AGENT = Actor.agent("U_AGENT")
MB = 1024 * 1024


async def attachments_of(product: Product, reference: str) -> list[tuple[str, str, int]]:
    async with product.core.uow() as uow:
        case = await uow.case_by_reference(reference)
        assert case is not None
        return [(a.filename, a.content_type, a.size) for a in await uow.attachments(case.id)]


async def test_media_become_attachments_of_the_case(product: Product) -> None:
    alice = Person(product)
    reference = await complain(alice)
    api = product.api
    api.add_file("PHOTO1", b"\xff\xd8jpeg" * 100)
    api.add_file("VOICE1", b"OggS" * 50)
    api.add_file("VIDEO1", b"mp4!" * 80)
    api.add_file("PDF1", b"%PDF-1.7 receipt")

    said = await alice.say(caption="The box, as it arrived", photo=updates.photo("PHOTO1", 600))
    assert say("bot.followup.added", EN, reference=reference) in said
    await alice.say(voice=updates.voice("VOICE1", 200))
    await alice.say(video=updates.video("VIDEO1", 320))
    await alice.say(document=updates.document("PDF1", "receipt.pdf", "application/pdf", 16))

    assert sorted(await attachments_of(product, reference)) == sorted([
        ("photo-PHOTO1u.jpg", "image/jpeg", 600), ("voice-VOICE1u.ogg", "audio/ogg", 200),
        ("video-VIDEO1u.mp4", "video/mp4", 320), ("receipt.pdf", "application/pdf", 16)])
    assert [c.params["file_id"] for c in api.calls_of("getFile")] == ["PHOTO1", "VOICE1", "VIDEO1", "PDF1"]
    timeline = await product.core.queries.timeline(reference, AGENT)
    assert any(event.text == "The box, as it arrived" for event in timeline)


async def test_too_big_or_unaccepted_files_are_refused_with_a_reason(product: Product) -> None:
    alice = Person(product, language_code="ru")
    api = product.api
    api.add_file("HUGE1", b"x", reported_size=30 * MB)  # the update does not say how big it is

    told = await alice.say(document=updates.document("BIG1", "scan <1>.pdf", "application/pdf", 50 * MB))
    assert told == say("telegram.attachment_too_big", RU, filename="scan <1>.pdf", limit=10)
    assert api.calls_of("getFile") == [], "nothing is downloaded when the size is known to be too big"

    told = await alice.say(document={k: v for k, v in updates.document("HUGE1", "video.mp4", "video/mp4", 0).items()
                                     if k != "file_size"})
    assert told == say("telegram.attachment_too_big", RU, filename="video.mp4", limit=10)
    assert api.calls_of("download") == []

    told = await alice.say(document=updates.document("ZIP1", "stuff.zip", "application/zip", 1000))
    assert told == say("telegram.attachment_type", RU, filename="stuff.zip", content_type="application/zip")

    api.add_file("GONE1", b"x")
    api.lost.add("GONE1")
    told = await alice.say(caption="Вот чек", document=updates.document("GONE1", "check.pdf", "application/pdf", 1))
    assert say("telegram.attachment_unavailable", RU, filename="check.pdf") in told
    assert say("bot.consent.question", RU) in told, "the caption still reaches the dialogue"


async def test_a_location_shared_while_drafting_fills_the_location_slot(product: Product) -> None:
    alice = Person(product)
    place = say("telegram.location_shared", EN, latitude="51.500700", longitude="-0.124600")
    assert say("bot.consent.question", EN) in await alice.say(location=updates.location(51.5007, -0.1246))
    assert say("bot.ask.description", EN) in await alice.press("consent:yes"), "a place is not the complaint"
    assert say("bot.ask.incident_date", EN) in await alice.say("The cash machine at the station swallowed my card.")
    noted = await alice.say(location=updates.location(51.5033, -0.1196))
    moved = say("telegram.location_shared", EN, latitude="51.503300", longitude="-0.119600")
    assert say("bot.location.noted", EN, place=moved) in noted
    assert say("bot.ask.incident_date", EN) in noted, "the open question is asked again"
    assert place not in noted
    live = alice.sent[-1]
    quiet = await alice.edit(live, location=updates.location(51.5040, -0.1190))
    assert quiet == "", "a live location moving on is kept without a word"
    await alice.say("yesterday")
    await alice.say("bank card")
    await alice.say("my card back")
    summary = await alice.say("alice@example.com")
    assert say("bot.slot.location", EN) in summary and "51.504000, -0.119000" in summary
    await alice.press("confirm:submit")
    (case,) = await product.core.queries.cases_of(Identity("telegram", str(alice.id)))
    details = await product.core.queries.details(case.reference, AGENT)
    assert details.location == say("telegram.location_shared", EN, latitude="51.504000", longitude="-0.119000")


async def test_a_shared_location_and_contact_become_answers(product: Product) -> None:
    alice = Person(product)
    reference = await complain(alice)
    await alice.say(location=updates.location(51.5007, -0.1246))
    timeline = await product.core.queries.timeline(reference, AGENT)
    assert any(event.text == say("telegram.location_shared", EN, latitude="51.500700", longitude="-0.124600")
               for event in timeline)
    before = len(await product.core.queries.timeline(reference, AGENT))
    assert await alice.edit(alice.sent[-1], location=updates.location(51.6, -0.2)) == ""
    assert len(await product.core.queries.timeline(reference, AGENT)) == before, "a live location is not news"
    async with product.core.uow() as uow:  # the contact shared during intake filled the phone
        case = await uow.case_by_reference(reference)
        complainant = await uow.complainant(case.complainant_id)  # type: ignore[union-attr]
    assert complainant is not None and complainant.phone == "+447911123456"
