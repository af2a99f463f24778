"""A complainant in a Slack DM: writes, edits what they wrote, presses the buttons the bot shows
there, and reads what the app posted to the DM."""

from __future__ import annotations

from typing import Any

from tests.support.slack.payloads import block_actions, message_event
from tests.support.slack.product import Product


class DmPerson:
    """``user`` writing to the app in the DM channel ``dm``."""

    def __init__(self, product: Product, user: str, dm: str) -> None:
        self.product = product
        self.user = user
        self.dm = dm
        self.seen = 0
        self.last: dict[str, Any] = {}

    async def say(self, text: str, **extra: object) -> str:
        event = message_event(user=self.user, channel=self.dm, text=text, **extra)  # type: ignore[arg-type]
        self.last = event
        assert (await self.product.poster.event(event)).status == 200
        return await self.news()

    async def edit(self, original: dict[str, Any], text: str) -> str:
        sent = original["event"]
        event = message_event(user=self.user, channel=self.dm, text="", subtype="message_changed")
        event["event"].pop("user")
        event["event"].pop("text")
        event["event"]["hidden"] = True
        event["event"]["message"] = {"type": "message", "user": self.user, "text": text, "ts": sent["ts"],
                                     "edited": {"user": self.user, "ts": event["event"]["ts"]}}
        event["event"]["previous_message"] = {"type": "message", "user": self.user, "text": sent["text"],
                                              "ts": sent["ts"]}
        assert (await self.product.poster.event(event)).status == 200
        return await self.news()

    async def press(self, value: str) -> str:
        for post in reversed(self._posts()):
            for block in post.get("blocks") or []:
                for element in block.get("elements", []) if block.get("type") == "actions" else []:
                    if element.get("value") == value:
                        answer = await self.product.poster.interactive(block_actions(
                            user=self.user, channel=self.dm, message_ts=str(post.get("ts") or "1.1"),
                            action_id=element["action_id"], value=value, label=element["text"]["text"]))
                        assert answer.status == 200
                        return await self.news()
        raise AssertionError(f"no button {value!r} in the DM")

    async def news(self) -> str:
        """What the app posted to the DM since the last look, once the product has settled."""
        await self.product.settle()
        posts = self._posts()
        fresh, self.seen = posts[self.seen:], len(posts)
        return "\n".join(str(c.get("text") or "") for c in fresh).replace("&amp;", "&").replace("&lt;", "<").replace(
            "&gt;", ">")

    def _posts(self) -> list[Any]:
        return [c for c in self.product.api.of("chat.postMessage") if c.get("channel") == self.dm]
