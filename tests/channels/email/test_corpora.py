"""Every message of the shared email corpora through SMTP: nothing crashes the server, nothing
accepted is lost, every message ends as a case, an update, or a logged refusal, and no bounce is
ever answered."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path


from config.settings import Settings
from tests.support.clock import FixedClock
from tests.support.corpora import Corpora
from tests.support.email.product import Product, start_product
from tests.support.email.relay import RecordingRelay
from tests.support.email.smtp_client import crlf

ENVELOPE_FROM = "corpus-sender@example.org"


def _messages(folder: Path) -> list[Path]:
    """Every file of the corpus folder but its provenance and licence."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name not in ("SOURCE.md", "LICENSE"))


async def _deliver_all(product: Product, files: list[Path]) -> Counter[str]:
    """SMTP answers by kind: "stored", "duplicate" (a Message-ID seen before), or the refusal code."""
    codes: Counter[str] = Counter()
    for path in files:
        result = await product.send(crlf(path.read_bytes()), mail_from=ENVELOPE_FROM)
        codes["duplicate" if result.code == 250 and "already" in result.message
              else "stored" if result.code == 250 else str(result.code)] += 1
        if result.code != 250:
            logging.getLogger(__name__).info("%s refused: %s %s", path.name, result.code, result.message)
            assert 400 <= result.code < 600 and result.message
    return codes


async def test_every_corpus_message_is_handled(product_settings: Settings, clock: FixedClock, corpora: Corpora,
                                               relay: tuple[RecordingRelay, int]) -> None:
    recording, port = relay
    product = await start_product(product_settings, clock, recording, port, smtp_max_messages_per_sender_per_hour=10_000,
                                  smtp_max_messages_per_ip_per_minute=10_000)
    try:
        bounces = _messages(corpora / "email-bounces")
        cpython = _messages(corpora / "email-cpython")
        assert len(bounces) == 118 and len(cpython) == 48

        bounce_codes = await _deliver_all(product, bounces)
        await product.settle()
        answered_bounces = [(m["To"], m["In-Reply-To"]) for m in recording.messages]
        assert answered_bounces == []  # no bounce is ever answered
        bounce_rows = await product.inbound()
        assert len(bounce_rows) == bounce_codes["stored"]
        assert {r.status for r in bounce_rows} <= {"ignored", "done"}
        assert await product.cases() == []

        cpython_codes = await _deliver_all(product, cpython)
        canary = (b"From: Alice <alice@example.org>\r\nSubject: Broken kettle\r\nMessage-ID: <canary@example.org>\r\n\r\n"
                  b"The kettle I bought last week stopped working. I want a replacement.\r\n")
        assert (await product.send(canary)).code == 250  # the server lives on after all of them
        await product.settle()

        rows = await product.inbound()
        accepted = bounce_codes["stored"] + cpython_codes["stored"] + 1
        assert len(rows) == accepted  # nothing accepted is lost ...
        statuses = Counter(r.status for r in rows)
        assert statuses["pending"] == 0 and statuses["failed"] == 0  # ... and each has a final status
        assert all(r.outcome for r in rows)  # with its reason
        assert sum(statuses.values()) == accepted
        cases = await product.cases()
        assert len(cases) >= 1 and rows[-1].status == "done" and "case" in (rows[-1].outcome or "")
        answered = {m["In-Reply-To"] for m in recording.messages}
        assert all(r.status == "done" for r in rows if r.dedup_key in answered)
        print(f"\nbounces: {dict(bounce_codes)}; cpython: {dict(cpython_codes)}; rows: {dict(statuses)}; "
              f"cases: {len(cases)}; replies sent: {len(recording.received)}")
    finally:
        await product.runner.stop()
