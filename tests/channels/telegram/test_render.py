from __future__ import annotations

from bot.messages import Choice, Reply
from channels.telegram.commands import parse_command
from channels.telegram.render import MAX_MESSAGE, escape, keyboard, render_reply, split_text, utf16_length


def test_person_text_is_escaped_for_html_parse_mode() -> None:
    assert escape("<b>bold</b> & 5 > 3") == "&lt;b&gt;bold&lt;/b&gt; &amp; 5 &gt; 3"
    assert escape('quotes "stay" as they are') == 'quotes "stay" as they are'


def test_a_short_text_is_one_piece() -> None:
    assert split_text("hello") == ["hello"]
    assert split_text("") == [""]


def test_long_text_is_cut_at_paragraphs_and_nothing_is_lost() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 150 for n in range(20)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(utf16_length(piece) <= MAX_MESSAGE for piece in pieces)
    assert all(piece.startswith("Paragraph") for piece in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_text_without_spaces_is_cut_hard_and_emoji_count_twice() -> None:
    text = "😀" * 5000  # 10,000 UTF-16 code units
    pieces = split_text(text)
    assert [utf16_length(piece) for piece in pieces] == [4096, 4096, 1808]
    assert "".join(pieces) == text


def test_escaping_happens_after_cutting_so_entities_are_never_split() -> None:
    reply = Reply("&" * 5000)
    messages = render_reply(reply)
    assert [m.html.count("&amp;") for m in messages] == [4096, 904]
    assert all(";" == m.html[-1] for m in messages)


def test_choices_become_an_inline_keyboard_on_the_last_piece() -> None:
    reply = Reply("x " * 3000, (Choice("Accept", "decision:accept:CD-7K3M-9QXA"),
                                Choice("Reject", "decision:reject:CD-7K3M-9QXA")))
    first, last = render_reply(reply)
    assert first.keyboard is None
    assert last.keyboard is not None
    row = last.keyboard.inline_keyboard[0]
    assert [(b.text, b.callback_data) for b in row] == [("Accept", "decision:accept:CD-7K3M-9QXA"),
                                                        ("Reject", "decision:reject:CD-7K3M-9QXA")]


def test_survey_ratings_share_a_row_and_long_labels_get_one_each() -> None:
    ratings = keyboard(tuple(Choice(str(n), f"survey:CD-7K3M-9QXA:{n}") for n in range(1, 6)))
    assert ratings is not None and len(ratings.inline_keyboard) == 1 and len(ratings.inline_keyboard[0]) == 5
    long = keyboard((Choice("I agree to the processing of my data", "consent:yes"),
                     Choice("I do not agree", "consent:no")))
    assert long is not None and [len(row) for row in long.inline_keyboard] == [1, 1]


def test_a_value_too_long_for_callback_data_falls_back_to_numbered_text() -> None:
    reply = Reply("Pick one", (Choice("A", "a" * 65), Choice("B <b>", "b")))
    (message,) = render_reply(reply)
    assert message.keyboard is None
    assert message.html == "Pick one\n\n1. A\n2. B &lt;b&gt;"


def test_commands_are_parsed_with_arguments_and_bot_tags() -> None:
    assert parse_command("/status@complaintdesk_bot CD-7K3M-9QXA") is not None
    command = parse_command("/Status@complaintdesk_bot  CD-7K3M-9QXA ")
    assert command is not None and (command.name, command.args, command.addressee) == (
        "status", "CD-7K3M-9QXA", "complaintdesk_bot")
    assert parse_command("/start") is not None and parse_command("/start").args == ""  # type: ignore[union-attr]
    assert parse_command("no command") is None
    assert parse_command("/") is None
