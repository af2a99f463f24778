"""One-shot channels (email): a new message becomes a case at once with whatever NLU found
(ISO 10002 asks for prompt acknowledgement even when details are missing); consent is implied by
writing to the complaints address, so the reply carries the privacy notice. The reply is the
acknowledgement, what was understood and what is missing. A message in a case's thread, or one
that names a case, is about that case."""

from __future__ import annotations

from bot import intake, named_case, slots, status_questions
from bot.context import Turn
from bot.excerpts import EMAIL_CHARS
from bot.status import answer_status, references_in


async def handle(turn: Turn) -> None:
    """A message by a one-shot channel: about the case its thread belongs to, about a case it
    names, else a new complaint."""
    hint = turn.message.thread_hint
    if hint and not references_in(turn) and turn.reads(status_questions.asks_status):
        await answer_status(turn, hint)
        return
    if hint and await named_case.about_case(turn, hint):
        return
    found = references_in(turn)
    if found:
        if not await named_case.says_more(turn, found[0]):
            await answer_status(turn, found[0])
        return
    await submit_at_once(turn)


async def submit_at_once(turn: Turn) -> None:
    session = turn.session
    session.reset_draft()
    session.consent = True
    text = turn.text.strip() or ", ".join(a.filename for a in turn.message.attachments)
    if not text:
        turn.say(turn.t("ask.description"))
        return
    analysis = turn.understand_text(text)
    session.slots["description"] = text
    session.category = analysis.category
    session.signals = sorted(analysis.urgency_signals)
    found = slots.prefill(analysis, turn.today)
    contact = intake.channel_contact(turn)
    if contact and "@" in found.get("contact", ""):
        # The sender's own address is their contact: an address written in the mail (or smuggled
        # into its subject) may be anyone's, and must not receive what is meant for the sender.
        del found["contact"]
    session.slots.update(found)
    if turn.message.sender_name and "name" not in session.slots:
        session.slots["name"] = turn.message.sender_name.strip()[:100]
    if contact and "contact" not in session.slots:
        session.slots["contact"] = contact
    for item in turn.message.attachments:
        session.keep_file(item)
    understood = [line for line in intake.summary_lines(turn, EMAIL_CHARS) if not line.endswith(turn.t("slot.not_given"))]
    gaps = intake.missing(turn)
    wanted = [f"• {turn.t(f'ask.{slot}')}" for slot in gaps]
    await intake.submit(turn)
    acknowledgement = turn.replies.pop()
    body = [acknowledgement.text, "", turn.t("email.understood"), *understood, ""]
    body += [turn.t("email.missing"), *wanted] if wanted else [turn.t("email.nothing_missing")]
    body += ["", turn.t("consent.email_notice")]
    turn.say(*body)
