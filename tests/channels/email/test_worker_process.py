"""Stored mail processed in a child process (``COMPLAINTDESK_SMTP_WORKER_PROCESS``): the same
conversation as in-process, a child that dies is replaced without losing mail, and one that
cannot start stops ``serve`` with a clear error."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from channels.email.inbound import worker_process
from channels.inbound.worker_process import WorkerProcess, apply_metric
from config.settings import Settings
from core.actors import Actor
from tests.support.backends import BACKENDS, backed
from tests.support.email.mails import COMPLAINT, mail
from tests.support.email.product import Product, start_product
from tests.support.email.relay import RecordingRelay, body_text


@pytest.fixture(params=BACKENDS)
def backed_settings(request: pytest.FixtureRequest, product_settings: Settings) -> Iterator[Settings]:
    yield from backed(request, product_settings)


@asynccontextmanager
async def with_worker_process(settings: Settings, relay: tuple[RecordingRelay, int]
                              ) -> AsyncIterator[tuple[Product, WorkerProcess]]:
    """The product with its worker process running, stopped on the way out."""
    product = await start_product(settings, None, *relay, smtp_worker_process=True)
    try:
        worker = product.plugin.worker
        assert isinstance(worker, WorkerProcess) and worker.process is not None
        yield product, worker
    finally:
        await product.runner.stop()


async def test_mail_is_answered_by_the_worker_process_and_a_dead_one_is_replaced(
        backed_settings: Settings, relay: tuple[RecordingRelay, int]) -> None:
    async with with_worker_process(backed_settings, relay) as (product, worker):
        assert worker.process is not None
        first_child = worker.process.pid
        assert first_child != os.getpid()
        assert (await product.send(mail("<w1@example.org>", COMPLAINT))).code == 250
        [ack] = await product.mails(1)
        [case] = await product.cases()
        assert case.reference in ack["Subject"] and ack["In-Reply-To"] == "<w1@example.org>"

        os.kill(first_child, signal.SIGKILL)  # a crash: the next child takes over
        assert (await product.send(mail("<w2@example.org>", "Second thing: the refund never arrived either.",
                                        subject="Refund"))).code == 250
        await product.mails(2)  # processed by the new child (its first sweep, or handed over)
        assert worker.restarts == 1 and worker.process.pid != first_child
        rows = await product.inbound()
        assert [r.status for r in rows] == ["done", "done"]
        assert len(await product.cases()) in (1, 2)  # the second mail joins the open case or opens one
    assert worker.process.returncode == 0, "closing its input stops the child cleanly"


async def test_mail_stored_while_no_child_runs_is_swept_by_the_next(
        product_settings: Settings, relay: tuple[RecordingRelay, int]) -> None:
    async with with_worker_process(product_settings, relay) as (product, worker):
        assert worker.process is not None
        worker.process.kill()
        await worker.process.wait()
        # stored (250) while the child is down: nobody is told of the row but the database
        assert (await product.send(mail("<w3@example.org>", COMPLAINT))).code == 250
        [ack] = await product.mails(1)
        assert ack["In-Reply-To"] == "<w3@example.org>"


async def test_the_worker_process_reads_the_signatures_of_the_serving_process(
        product_settings: Settings, relay: tuple[RecordingRelay, int]) -> None:
    """No key configured: the serving process signs its mail with the key it generated into the
    data directory, and the child recognises a reply to that mail (the number of a choice)."""
    async with with_worker_process(product_settings, relay) as (product, worker):
        assert (await product.send(mail("<w4@example.org>", COMPLAINT))).code == 250
        await product.mails(1)
        [case] = await product.cases()
        agent = Actor.agent("U1")
        await product.core.service.assign(case.reference, agent, "U1")
        await product.core.service.respond(case.reference, agent, "We will refund the parcel in full.")
        await product.core.dispatcher.run_until_idle()
        decision = next(m for m in await product.mails(3) if "1. Accept" in body_text(m))
        assert (await product.send(mail("<w5@example.org>", "1", subject=decision["Subject"],
                                        in_reply_to=decision["Message-ID"]))).code == 250
        await worker.drain()
        [case] = await product.cases()
        assert case.status == "closed" and case.complainant_decision == "accepted"


async def test_a_child_that_cannot_start_is_a_clear_error(product_settings: Settings) -> None:
    worker = WorkerProcess(product_settings, "channels.email.no_such_module", on_queued=lambda: None, name="email")
    with pytest.raises(RuntimeError, match="did not start"):
        await asyncio.wait_for(worker.start(), 60)
    assert worker.process is not None and worker.process.returncode == 1 and worker.restarts == 0


async def test_a_child_whose_serving_process_died_finishes_its_mail_quietly(product_settings: Settings) -> None:
    """The serving process is gone (its ends of the pipes closed): the child still finishes the
    mail it was given, then exits, without a traceback or a "left pending" per message."""
    import base64
    import pickle
    import sys

    from channels.email.inbound.storing import arrival_of
    from channels.email.inbound.handoff import mail_journal
    from tests.support.cores import build_core

    settings = product_settings.model_copy(update={"smtp_worker_process": True})
    core = await build_core(settings, None)
    journal = mail_journal(core)
    record = await journal.store(arrival_of(mail("<orphan@example.org>", COMPLAINT), core.clock.now()))
    await journal.close()
    assert record is not None
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", worker_process.MODULE, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(base64.b64encode(pickle.dumps(settings)) + b"\n")
    assert (await asyncio.wait_for(child.stdout.readline(), 120)).strip() == b"ready"
    child._transport.get_pipe_transport(1).close()  # type: ignore[attr-defined]  # the parent died: its end is gone
    child.stdin.write(f"{record.id}\n".encode())
    child.stdin.close()
    errors = (await asyncio.wait_for(child.stderr.read(), 60)).decode()
    assert await child.wait() == 0
    assert "Traceback" not in errors and "left pending" not in errors, errors
    assert "the serving process is gone" in errors
    async with core.uow(read_only=True) as uow:
        row = await uow.inbound_by_id(record.id or 0)
    assert row is not None and row.status == "done"
    await core.close()


async def test_the_worker_process_counts_in_the_metrics_of_serve(
        product_settings: Settings, relay: tuple[RecordingRelay, int]) -> None:
    """The child handles the mail; its messages, cases and NLU timings reach ``serve``'s /metrics."""
    async with with_worker_process(product_settings.model_copy(update={"http_port": 0}), relay) as (product, worker):
        assert (await product.send(mail("<w6@example.org>", COMPLAINT))).code == 250
        await product.mails(1)
        await worker.drain()
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{product.runner.port}/metrics") as response:
                assert response.status == 200
                text = await response.text()
        samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
                   for family in text_string_to_metric_families(text) for s in family.samples}
        email = (("channel", "email"),)
        assert samples[("complaintdesk_messages_received_total", email)] == 1
        assert samples[("complaintdesk_cases_opened_total", email)] == len(await product.cases()) == 1
        assert samples[("complaintdesk_dialogue_turn_seconds_count", email)] == 1
        assert samples[("complaintdesk_nlu_seconds_count", ())] >= 1
        assert samples[("complaintdesk_acknowledgement_seconds_count", email)] == 1  # sent by serve's outbox


def test_a_metric_line_not_understood_is_dropped() -> None:
    from channels.app.metrics import PrometheusMetrics

    metrics = PrometheusMetrics()
    apply_metric(metrics, ["nlu_finished", "0.25"])
    apply_metric(metrics, ["nlu_finished", "soon"])
    apply_metric(metrics, ["format_disk", "email"])
    apply_metric(metrics, [])
    text = metrics.exposition().decode()
    assert "complaintdesk_nlu_seconds_count 1.0" in text and "complaintdesk_nlu_seconds_sum 0.25" in text
