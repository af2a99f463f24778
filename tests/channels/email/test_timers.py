"""A missed time target reaches an email complainant in their language, in their case's thread."""

from __future__ import annotations

from datetime import timedelta

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from tests.support.clock import FixedClock
from tests.support.email.mails import ALICE
from tests.support.email.product import Product
from tests.support.email.relay import body_text


async def test_the_delay_and_the_new_date_reach_a_russian_complainant_by_email(product: Product, clock: FixedClock) -> None:
    submitted = await product.core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("email", ALICE), description="Посылка потерялась, прошу вернуть деньги.", language="ru",
        name="Алиса", acknowledge_via_outbox=True, platform_message_id="<ru1@example.org>"))
    await product.settle()
    reference = submitted.reference
    due = (await product.core.queries.details(reference, Actor.agent("U1"))).due_first_response
    assert due is not None

    clock.current = due + timedelta(minutes=1)  # the product's clock
    done = await product.core.timers_round()
    await product.settle()

    [action] = done.actions
    assert action.due is not None
    new_date = product.core.catalog.format_datetime(action.due, "ru", product.core.policy.business_hours.zone)
    delayed = [m for m in product.relay.messages if "обещанный срок" in body_text(m)]
    assert len(delayed) == 1 and reference in delayed[0]["Subject"]
    assert f"Приносим извинения: мы не успели рассмотреть вашу жалобу {reference} в обещанный срок." in body_text(delayed[0])
    assert f"Новый срок решения — {new_date}." in body_text(delayed[0])
