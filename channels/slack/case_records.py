"""What a case card says of the agents' records: how a complaint registered by an agent came in,
the cases a complaint about the handling links, and the investigation record (root cause and
redress named from the policy's lists in the reader's language). Outside words are made inert."""

from __future__ import annotations

from config.catalog import default_catalog
from config.policy import Policy
from core.handling import HANDLING_COMPLAINT, HANDLING_OF
from core.results import CaseDetails

from channels.slack.escape import clip, inert
from channels.slack.texts import has, t

TEXT_CLIP = 500


def case_records_lines(details: CaseDetails, policy: Policy, lang: str) -> list[str]:
    lines = []
    if details.received_via and has(f"card.via_{details.received_via}", lang):
        lines.append(t(f"card.via_{details.received_via}", lang))
    for kind, reference in details.related:
        if kind in (HANDLING_OF, HANDLING_COMPLAINT):
            lines.append(t(f"card.{kind}", lang, reference=inert(reference)))
    record = details.investigation
    if record is None:
        return lines
    lists = policy.investigation
    lines.append(t("card.investigation", lang))
    if record.findings:
        lines.append(f"*{t('card.findings', lang)}* {inert(clip(record.findings, TEXT_CLIP))}")
    if record.root_cause:
        cause = lists.root_causes.get(record.root_cause)
        lines.append(f"*{t('card.root_cause', lang)}* {inert(cause.name(lang, record.root_cause) if cause else record.root_cause)}")
    if record.corrective_action:
        lines.append(f"*{t('card.corrective_action', lang)}* {inert(clip(record.corrective_action, TEXT_CLIP))}")
    if record.redress_kind or record.redress_amount is not None:
        redress = lists.redress_kinds.get(record.redress_kind or "")
        named = redress.name(lang, record.redress_kind or "") if redress else (record.redress_kind or "")
        money = (default_catalog().format_money(record.redress_amount, record.redress_currency, lang)
                 if record.redress_amount is not None and record.redress_currency else "")
        lines.append(f"*{t('card.redress', lang)}* {inert(' '.join(x for x in (named, money) if x))}")
    return lines

