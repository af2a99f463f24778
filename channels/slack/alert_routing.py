"""Who the timers' alerts are for in Slack: a warning before a target falls due goes to the
assignee (a mention in the case's thread) and to the triage channel when nobody has the case; a
missed target goes to the escalation level's people (its user group and agents, as the policy
names them) and to the channel."""

from __future__ import annotations

from collections.abc import Mapping

TIMER_ALERTS = frozenset({"due_soon", "target_missed", "overdue"})


def _slack_user(agent: str) -> bool:
    return agent[:1] in ("U", "W") and agent.isascii() and agent.isalnum() and agent.isupper()


def people(kind: str, params: Mapping[str, object]) -> list[str]:
    """The Slack mentions an alert of ``kind`` carries (none when the policy names nobody)."""
    found: list[str] = []
    assignee = str(params.get("assignee") or "")
    if kind in ("due_soon", "overdue") and _slack_user(assignee):
        found.append(f"<@{assignee}>")
    if kind in ("target_missed", "overdue"):
        group = str(params.get("slack_group") or "")
        if group:
            found.append(f"<!subteam^{group}>")
        agents = params.get("agents")
        for agent in agents if isinstance(agents, list) else []:
            mention = f"<@{agent}>"
            if _slack_user(str(agent)) and mention not in found:
                found.append(mention)
    return found


def to_channel(kind: str, params: Mapping[str, object]) -> bool:
    """Whether the alert is also shown in the triage channel, not only in the case's thread: a
    warning only when no Slack user has the case; a missed target always."""
    if kind == "due_soon":
        return not _slack_user(str(params.get("assignee") or ""))
    return True
