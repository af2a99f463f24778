"""Every regular expression of ``channels`` runs in linear time on a megabyte of its worst case
(issue #13). The shape marked "was quadratic" took seconds at a few thousand characters before."""

from __future__ import annotations

import pytest

from channels.cli import db as cli_db
from channels.email import msgids
from channels.email.inbound import bounces, choices, filters, parsing, threads
from channels.email.inbound import stored_mail as processor
from channels.email.outbound import compose
from channels.slack import erasure as slack_erasure
from channels.slack import ids
from tests.support.linear import Case, assert_case_linear, case, regex_sites, times

_SIGNER = msgids.MessageIdSigner("secret", "complaintdesk.example")

CASES: dict[str, Case] = {
    "channels/cli/db.py:_SECRET_PARAMETER:1": case(cli_db._SECRET_PARAMETER.search, times("pas"), times("secre")),
    # a run of spaces, or "a@a@...", read every way before the line ended wrongly: was quadratic
    "channels/email/inbound/bounces.py:_RECIPIENT:1": case(bounces._RECIPIENT.findall, times(" ", "Final-Recipient:", "x"),
                                                   times("a@", "Final-Recipient: ", " x"),
                                                   times(" ", "Final-Recipient: rfc822;", "a")),
    "channels/email/inbound/bounces.py:_MESSAGE_ID_LINE:1": case(bounces._MESSAGE_ID_LINE.findall, times(" ", "Message-ID:", "x"),
                                                         times("Message-ID: <a\n"), times("a", "Message-ID: <")),
    "channels/email/inbound/parsing.py:_DELIMITER:1": case(lambda text: parsing._DELIMITER.findall(text.encode()),
                                                   times(" ", "--a", "x"), times("--a" + " " * 60 + "x\n"),
                                                   times("--" + "a" * 68 + "\n")),
    "channels/slack/erasure.py:_TS:1": case(slack_erasure._TS.match, times("1", "", ".x"), times("1", "1.", "x")),
    "channels/email/inbound/bounces.py:_DIAGNOSTIC:1": case(bounces._DIAGNOSTIC.findall, times("\n", "Status:"), times("Status:\n"),
                                                    times(" ", "Action:")),
    # a number, then spaces that "\s*[.)]?\s*" could split every way before the line ends wrongly: was quadratic
    "channels/email/inbound/choices.py:_NUMBER:1": case(choices._NUMBER.match, times(" ", "5", "x"), times(" ", " 12", ")x")),
    "channels/email/outbound/compose.py:_LINE_BREAKS:1": case(compose.one_line, times("\r\n\tx")),
    "channels/email/outbound/compose.py:_REPLY_PREFIX:1": case(compose._REPLY_PREFIX.match, times(" ", "", "x"), times(" ", "re", "x")),
    "channels/email/outbound/compose.py:_MSGID:1": case(compose._MSGID.fullmatch, times("a", "<"), times("<a")),
    "channels/email/outbound/compose.py:_CRLF:1": case(lambda text: compose._CRLF.sub("\r\n", text), times("\r\n"), times("\r")),
    "channels/email/outbound/compose.py:_FROM_LINE:1": case(lambda text: compose._FROM_LINE.sub(">From ", text),
                                                    times("\nFrom "), times("\nFrom"), times("From \n")),
    "channels/email/outbound/compose.py:_ANY_LINE_END:1": case(lambda text: compose._ANY_LINE_END.sub("\r\n", text),
                                                       times("\r\n"), times("\r"), times("\n\r")),
    "channels/email/inbound/filters.py:_SYSTEM_LOCAL:1": case(filters._SYSTEM_LOCAL.match, times("-bounces", "", "x"),
                                                      times("x", "bounce-", "\nx"), times("-bounces+")),
    "channels/email/inbound/filters.py:_BOUNCE_SUBJECT:1": case(filters._BOUNCE_SUBJECT.search, times("delivery "), times("not be ")),
    "channels/email/inbound/filters.py:_OUT_OF_OFFICE_SUBJECT:1": case(filters._OUT_OF_OFFICE_SUBJECT.search, times("out of "),
                                                               times("auto-")),
    "channels/email/msgids.py:_LOCAL:1": case(msgids._LOCAL.match, times("1", "cd.1."), times("a", "cd."), times("cd.1.")),
    "channels/email/msgids.py:MessageIdSigner.__init__:1": case(_SIGNER.find_all, times("cd.a.1."), times("a", "<cd."),
                                                                times("<cd.1.1.0123456789abcdef@")),
    "channels/email/inbound/parsing.py:_MSGID:1": case(parsing._message_ids, times("<a"), times("a", "<")),
    "channels/email/inbound/parsing.py:_FOLDING:1": case(lambda text: parsing._FOLDING.sub(" ", text), times(" \t\r\n"), times("a ")),
    "channels/email/inbound/stored_mail.py:_CYRILLIC:1": case(processor._CYRILLIC.search, times("x")),
    "channels/email/inbound/threads.py:_subject_references:1": case(lambda text: threads._subject_references(text, "CD"),
                                                            times("cd-"), times("CD7K3M")),
    "channels/slack/ids.py:CASE_ACTION_PATTERN:1": case(ids.CASE_ACTION_PATTERN.search, times("a", "case_", "1")),
    "channels/slack/ids.py:MODAL_PATTERN:1": case(ids.MODAL_PATTERN.search, times("a", "modal_", "1")),
    "channels/slack/ids.py:DM_CHOICE_PATTERN:1": case(ids.DM_CHOICE_PATTERN.search, times("1", "dm_choice_", "x")),
}


def test_every_regular_expression_of_channels_has_a_worst_case() -> None:
    assert set(CASES) == regex_sites("channels")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("site", sorted(CASES))
def test_regular_expression_is_linear_on_a_megabyte(site: str) -> None:
    assert_case_linear(CASES[site])
