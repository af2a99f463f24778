"""Mail filters mark, they do not decide (after Zammad): each small filter looks at one aspect
of a parsed message and adds flags; ``channels.email.inbound.decision`` then decides once."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from channels.email.msgids import MessageIdSigner
from channels.email.inbound.parsing import ParsedMail

OWN_LOOP = "own_loop"
AUTO_SUBMITTED = "auto_submitted"
AUTO_REPLY_HEADER = "auto_reply_header"
BULK = "bulk"
LIST = "list"
SYSTEM_SENDER = "system_sender"
NULL_SENDER = "null_sender"
BOUNCE = "bounce"
OUT_OF_OFFICE = "out_of_office"
NO_SENDER = "no_sender"
FOREIGN_REPLY = "foreign_reply"

AUTOMATIC = frozenset({AUTO_SUBMITTED, AUTO_REPLY_HEADER, BULK, LIST, SYSTEM_SENDER, NULL_SENDER, BOUNCE, OUT_OF_OFFICE})
NOT_FOR_US = frozenset({FOREIGN_REPLY})

_SYSTEM_LOCAL = re.compile(
    r"^(mailer-daemon|mailer_daemon|maildaemon|postmaster|mdaemon|no-?reply|do-?not-?reply|donotreply|"
    r"bounces?|bounce-.*|ndr|mail\.delivery\.system|.*-bounces(\+.*)?)$", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status )?notification|delivery (has )?fail|failure notice|returned mail|"
    r"mail delivery (failed|failure|problem|warning)|delivery failure|non-delivery|not (be |been )?delivered|"
    r"delayed mail|message delayed|failed mail|mail system error|delivery report|"
    r"не доставлен|недоставлен", re.IGNORECASE)
_OUT_OF_OFFICE_SUBJECT = re.compile(
    r"out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|on vacation|"
    r"abwesenheit|автоответ|нет на месте|в отпуске", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FilterContext:
    signer: MessageIdSigner
    own_addresses: frozenset[str]


Filter = Callable[[ParsedMail, FilterContext], set[str]]


def own_loop(mail: ParsedMail, ctx: FilterContext) -> set[str]:
    ours = mail.message_id is not None and ctx.signer.verify(mail.message_id) is not None
    from_us = mail.sender is not None and mail.sender in ctx.own_addresses
    looped = mail.headers.get("x-loop", "").strip().lower() in ctx.own_addresses
    return {OWN_LOOP} if ours or from_us or looped else set()


def auto_response_headers(mail: ParsedMail, ctx: FilterContext) -> set[str]:
    flags = set()
    auto = mail.headers.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto and auto != "no":
        flags.add(AUTO_SUBMITTED)
    if "x-autoreply" in mail.headers or "x-autorespond" in mail.headers:
        flags.add(AUTO_REPLY_HEADER)
    return flags


def list_mail(mail: ParsedMail, ctx: FilterContext) -> set[str]:
    flags = set()
    if mail.headers.get("precedence", "").strip().lower() in ("bulk", "junk", "list"):
        flags.add(BULK)
    if "list-id" in mail.headers or "list-unsubscribe" in mail.headers:
        flags.add(LIST)
    return flags


def system_senders(mail: ParsedMail, ctx: FilterContext) -> set[str]:
    flags = set()
    if mail.sender is None:
        flags.add(NO_SENDER)
    elif _SYSTEM_LOCAL.match(mail.sender.rpartition("@")[0]):
        flags.add(SYSTEM_SENDER)
    if "" in mail.return_paths:
        flags.add(NULL_SENDER)
    if any(_SYSTEM_LOCAL.match(path.rpartition("@")[0]) for path in mail.return_paths if "@" in path):
        flags.add(SYSTEM_SENDER)
    return flags


def delivery_reports(mail: ParsedMail, ctx: FilterContext) -> set[str]:
    report = mail.has_report_part or bool(mail.delivery_status) or "x-failed-recipients" in mail.headers
    if report or _BOUNCE_SUBJECT.search(mail.subject):
        return {BOUNCE}
    return set()


def foreign_reply(mail: ParsedMail, ctx: FilterContext) -> set[str]:
    """A reply in someone else's conversation that reached us by Bcc, forward or catch-all: it
    answers none of our messages and is addressed to none of our addresses."""
    thread = mail.in_reply_to + mail.references
    if not thread or any(ctx.signer.verify(i) for i in thread):
        return set()
    if mail.recipients and not set(mail.recipients) & ctx.own_addresses:
        return {FOREIGN_REPLY}
    return set()


def out_of_office(mail: ParsedMail, ctx: FilterContext) -> set[str]:
    return {OUT_OF_OFFICE} if _OUT_OF_OFFICE_SUBJECT.search(mail.subject) else set()


FILTERS: tuple[Filter, ...] = (own_loop, auto_response_headers, list_mail, system_senders, delivery_reports, out_of_office,
                               foreign_reply)


def run_filters(mail: ParsedMail, ctx: FilterContext) -> frozenset[str]:
    flags: set[str] = set()
    for check in FILTERS:
        flags |= check(mail, ctx)
    return frozenset(flags)
