"""``/complaint REF`` (the case card, only for the asker) and ``/complaints open|mine|overdue|stats``
(``stats``: :mod:`channels.slack.stats`)."""

from __future__ import annotations

from core.actors import Actor
from core.errors import DomainError
from core.results import CaseDetails
from core.case_filter import CaseFilter

from channels.slack.cards import agent_mention, case_card, card_fallback, slack_date
from channels.slack.deps import SlackDeps
from channels.slack.escape import clip, escape_control
from channels.slack.replies import refusal_text, tell
from channels.slack.stats import Stats
from channels.slack.texts import t

SLACK_ACTOR = Actor.agent("slack")
LIST_LIMIT = 20


class SlashCommands:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    async def run(self, body: dict) -> None:
        deps = self.deps
        user, channel = str(body.get("user_id") or ""), str(body.get("channel_id") or "") or None
        command, text = str(body.get("command") or ""), str(body.get("text") or "").strip()
        lang = await deps.people.language(user)
        if not await deps.agents.is_agent(user):
            deps.refused("slash_command", f"{command} by a user who is not an agent")
            await tell(deps.client, user=user, channel=channel, text=t("refusal.not_agent", lang))
            return
        if command == "/complaint":
            await self._case(text, user, channel, lang)
        else:
            await self._list(text.lower(), user, channel, lang)

    async def _case(self, text: str, user: str, channel: str | None, lang: str) -> None:
        deps = self.deps
        if not text:
            await tell(deps.client, user=user, channel=channel, text=t("slash.usage_case", lang))
            deps.ignored("slash_command", "/complaint without a reference")
            return
        try:
            details = await deps.core.queries.details(text.split()[0], SLACK_ACTOR)
        except DomainError as error:
            deps.refused("slash_command", f"/complaint: {error}")
            await tell(deps.client, user=user, channel=channel, text=refusal_text(error, lang))
            return
        await tell(deps.client, user=user, channel=channel, text=card_fallback(details, deps.core.policy, lang),
                   blocks=case_card(details, deps.core.policy, lang))
        deps.processed("slash_command", f"/complaint {details.reference}")

    async def _list(self, sub: str, user: str, channel: str | None, lang: str) -> None:
        deps = self.deps
        queries = deps.core.queries
        blocks: list[dict] | None = None
        if sub == "stats":
            text, blocks = await Stats(deps).answer(user, lang)
        elif sub in ("open", "mine", "overdue", ""):
            if sub == "overdue":
                cases = await queries.overdue(limit=LIST_LIMIT + 1)
            else:
                cases = await queries.list_cases(CaseFilter(open_only=True, assignee=user if sub == "mine" else None,
                                                      limit=LIST_LIMIT + 1))
            sub = sub or "open"
            text = self._lines(sub, cases, lang)
        else:
            await tell(deps.client, user=user, channel=channel, text=t("slash.usage_list", lang))
            deps.ignored("slash_command", "/complaints with an unknown subcommand")
            return
        await tell(deps.client, user=user, channel=channel, text=text, blocks=blocks)
        deps.processed("slash_command", f"/complaints {sub}")

    def _lines(self, sub: str, cases: list[CaseDetails], lang: str) -> str:
        if not cases:
            return t(f"slash.empty_{sub}", lang)
        policy = self.deps.core.policy
        lines = [t(f"slash.title_{sub}", lang)]
        for case in cases[:LIST_LIMIT]:
            lines.append(t("slash.line", lang, reference=case.reference, status=t(f"status.{case.status}", lang),
                           priority=t(f"priority.{case.priority}", lang) if case.priority in policy.priorities else case.priority,
                           category=escape_control(policy.category_name(case.category, lang)),
                           assignee=agent_mention(case.assignee, lang),
                           due=slack_date(case.due_resolution, lang, policy)))
        if len(cases) > LIST_LIMIT:
            lines.append(t("slash.more", lang, count=LIST_LIMIT))
        return clip("\n".join(lines), 3900)
