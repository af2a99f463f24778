"""The edge: signatures, stale timestamps, retries, acks that never wait, and every sample
payload from ../shared/corpora/slack-events."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from tests.support.slack.payloads import message_event
from tests.support.slack.product import Product
from tests.support.slack.signing import command_body, event_body, interactive_body
from tests.support.corpora import Corpora

CUSTOMER = "U0CUSTOM1"
DM = "D0CUSTOM1"


async def test_forged_signature_is_refused_with_401(product: Product) -> None:
    answer = await product.poster.event(message_event(user=CUSTOMER, channel=DM, text="hello"), secret="not-the-secret")
    assert answer.status == 401
    assert not product.api.of("chat.postMessage")


async def test_stale_timestamp_is_refused_with_401(product: Product) -> None:
    stale = int(time.time()) - 6 * 60
    answer = await product.poster.event(message_event(user=CUSTOMER, channel=DM, text="hello"), timestamp=stale)
    assert answer.status == 401


PRIVATE = "Zebedee-Quartermain-private-words"
FORM = "application/x-www-form-urlencoded"
MALFORMED = {
    "invalid JSON": (f'{{"type": "event_callback", "event": {{"text": "{PRIVATE}', "application/json"),
    "a JSON array": (f'[{{"type": "event_callback", "text": "{PRIVATE}"}}]', "application/json"),
    "JSON that is a string": (f'"{PRIVATE}"', "application/json"),
    "a payload that is not JSON": (f"payload=%7B%22text%22%3A%22{PRIVATE}", FORM),
    "a payload that is a JSON array": (f"payload=%5B%22{PRIVATE}%22%5D", FORM),
}


def _no_body_logged(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        assert PRIVATE not in record.getMessage() and PRIVATE not in (record.exc_text or ""), record.name
        assert record.levelno < logging.ERROR, f"{record.name}: {record.getMessage()}"


@pytest.mark.parametrize("kind", MALFORMED)
async def test_a_malformed_body_is_refused_401_unsigned_and_400_signed_with_nothing_of_it_logged(
        product: Product, caplog: pytest.LogCaptureFixture, kind: str) -> None:
    caplog.set_level(logging.DEBUG)
    body, content_type = MALFORMED[kind]
    unsigned = await product.poster.post(body, content_type, signed=False)
    forged = await product.poster.post(body, content_type, secret="not-the-secret")
    signed = await product.poster.post(body, content_type)
    assert (unsigned.status, forged.status, signed.status) == (401, 401, 400)
    await product.settle()
    assert not product.api.of("chat.postMessage")
    _no_body_logged(caplog)


async def test_a_body_that_is_not_utf8_cannot_be_verified_and_is_refused_401(
        product: Product, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    body = b'{"type": "event_callback", "text": "\xff\xfe' + PRIVATE.encode() + b'"}'
    signed = await product.poster.post(body, "application/json")
    unsigned = await product.poster.post(body, "application/json", signed=False)
    assert (signed.status, unsigned.status) == (401, 401)
    _no_body_logged(caplog)


@pytest.mark.parametrize("timestamp", ["stale", "not a number"])
async def test_a_well_formed_request_with_a_bad_signature_leaves_no_body_in_the_log(
        product: Product, caplog: pytest.LogCaptureFixture, timestamp: str) -> None:
    caplog.set_level(logging.DEBUG)
    payload = message_event(user=CUSTOMER, channel=DM, text=f"My name is {PRIVATE}")
    forged = await product.poster.event(payload, secret="not-the-secret")
    stale = await product.poster.event(payload, timestamp=int(time.time()) - 6 * 60) if timestamp == "stale" else \
        await product.poster.event(payload, headers={"X-Slack-Request-Timestamp": "soon"})
    assert (forged.status, stale.status) == (401, 401)
    _no_body_logged(caplog)


async def test_a_retry_of_the_same_event_is_not_processed_twice(product: Product) -> None:
    payload = message_event(user=CUSTOMER, channel=DM, text="Hello, I want to complain about my broadband")
    first = await product.poster.event(payload)
    await product.settle()
    replies = len(product.api.of("chat.postMessage"))
    assert first.status == 200 and replies >= 1
    for attempt in (1, 2):
        retry = await product.poster.event(payload, headers={"X-Slack-Retry-Num": str(attempt),
                                                             "X-Slack-Retry-Reason": "http_timeout"})
        assert retry.status == 200
    await product.settle()
    assert len(product.api.of("chat.postMessage")) == replies


async def test_a_slow_handler_is_still_acked_under_a_second(product: Product) -> None:
    product.api.delays.update({"users.info": 2.0, "chat.postMessage": 1.5})
    answer = await product.poster.event(message_event(user=CUSTOMER, channel=DM, text="hello"))
    assert answer.status == 200 and answer.seconds < 1.0
    await product.api.wait_for("chat.postMessage", channel=DM, timeout=15)


async def test_url_verification_answers_the_challenge(product: Product) -> None:
    answer = await product.poster.event({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                                         "type": "url_verification"})
    assert answer.status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in answer.text


def _replayable(path: Path) -> tuple[str, str, dict[str, str]]:
    """A corpus file as Slack would send it over HTTP (see the corpus's SOURCE.md)."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    headers: dict[str, str] = {}
    if "envelope_id" in payload and "payload" in payload:  # a Socket Mode frame: its payload is the body
        if payload.get("retry_attempt"):
            headers = {"X-Slack-Retry-Num": str(payload["retry_attempt"]),
                       "X-Slack-Retry-Reason": str(payload.get("retry_reason") or "")}
        payload = payload["payload"]
    if "command" in payload or "ssl_check" in payload:
        body, content_type = command_body({k: str(v) for k, v in payload.items()})
    elif payload.get("type") in ("event_callback", "url_verification", "app_rate_limited") or "event" in payload:
        body, content_type = event_body(payload)
    else:
        body, content_type = interactive_body(payload)
    return body, content_type, headers


async def test_every_corpus_payload_is_answered_and_ends_processed_or_ignored(
        product: Product, corpora: Corpora, caplog: pytest.LogCaptureFixture) -> None:
    files = sorted((corpora / "slack-events").glob("*.json"))
    assert len(files) == 57
    caplog.set_level(logging.INFO)
    for path in files:
        caplog.clear()
        body, content_type, headers = _replayable(path)
        answer = await product.poster.post(body, content_type, headers=headers)
        assert answer.status < 500, f"{path.name}: {answer.status} {answer.text}"
        assert answer.status == 200, f"{path.name}: {answer.status} {answer.text}"
        await product.settle()
        outcome = [r.getMessage() for r in caplog.records
                   if r.name == "channels.slack.outcome" or "url_verification" in body or "ssl_check" in body]
        crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert not crashes, f"{path.name}: {[r.getMessage() for r in crashes]}"
        assert outcome or path.name.startswith(("001-", "048-")), f"{path.name}: no logged outcome"


async def test_a_large_forged_request_is_refused_and_leaves_nothing_of_itself_in_the_log(
        product: Product, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    payload = message_event(user=CUSTOMER, channel=DM, text=PRIVATE * 20_000)  # 640 kB
    answer = await product.poster.event(payload, secret="not-the-secret")
    assert answer.status == 401
    _no_body_logged(caplog)
    assert sum(len(r.getMessage()) for r in caplog.records) < 10_000
