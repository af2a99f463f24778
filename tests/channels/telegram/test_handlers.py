"""The routes of the Telegram handlers: every filter is a coroutine, since aiogram runs any other
callable filter (a magic filter ``F`` too) in a thread of its own for each update."""

from __future__ import annotations

from channels.telegram.handlers import TelegramHandlers


def test_no_route_hops_to_a_thread_to_filter_an_update() -> None:
    router = TelegramHandlers(None, None, None, None, None).router()  # type: ignore[arg-type]  # only the routes are read
    observers = (router.message, router.edited_message, router.callback_query, router.my_chat_member)
    filters = [f for observer in observers for handler in observer.handlers for f in handler.filters or ()]
    assert filters and all(f.awaitable for f in filters)
    assert all(handler.awaitable for observer in observers for handler in observer.handlers)
