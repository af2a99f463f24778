"""The personal data a case holds, taken out of a text by the core itself (core/redaction.py)."""

from __future__ import annotations

from core.redaction import MARK, without_known


def test_what_the_case_holds_goes_however_it_is_written() -> None:
    text = ("Priya RAMAN here: ring 020 7946 0958 or +44 (20) 7946-0958, write to Priya.Raman@example.com "
            "about order a-5521 (CMP-00000011). Priyanka is someone else.")
    assert without_known(text, names=["Priya Raman"], emails=["priya.raman@example.com"], phones=["+442079460958"],
                         orders=["A-5521"], references=["CMP-00000011"]) == (
        "[name] here: ring [phone] or [phone], write to [email] about order [order] ([reference]). Priyanka is someone else.")


def test_nothing_known_leaves_the_text_and_marks_are_found() -> None:
    assert without_known("Quick and polite", names=[None, "A"], phones=["12"], emails=[None]) == "Quick and polite"
    assert [m.group(1) for m in MARK.finditer("[name] and [phone], [other]")] == ["name", "phone"]
