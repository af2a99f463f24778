"""The Telegram channel: Bot API updates in (webhook or long polling), replies and notifications out."""
