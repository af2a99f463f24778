"""The Slack channel (issue 6): a bolt app on the shared web app, case cards for agents, DMs for
complainants."""

from channels.slack.plugin import SlackPlugin

__all__ = ["SlackPlugin"]
