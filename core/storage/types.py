from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import DateTime, Dialect, Numeric, String, Text
from sqlalchemy.types import TypeDecorator, TypeEngine


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone, so store naive UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class CleanText(TypeDecorator[str]):
    """Text without NUL characters: PostgreSQL's text cannot hold them ("invalid byte sequence"),
    and a NUL in an email or a chat message says nothing; it is dropped, the message is kept."""

    impl: type[String] = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return value.replace("\x00", "") if value and "\x00" in value else value


class CleanString(CleanText):
    """A length-bounded :class:`CleanText` (``CleanString(320)``)."""

    impl = String
    cache_ok = True


E = TypeVar("E", bound=StrEnum)


class StatusString(TypeDecorator[E], Generic[E]):
    """A status column: stored as its value, read back as the enum member."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self._enum = enum

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else str(value)  # a plain str: drivers need not know the enum

    def process_result_value(self, value: str | None, dialect: object) -> E | None:
        return None if value is None else self._enum(value)


class ExactDecimal(TypeDecorator[Decimal]):
    """An amount of money, exact on every backend: ``NUMERIC(18, 2)`` on PostgreSQL; text on
    SQLite, whose numbers are binary floating point (SQLAlchemy warns when it must convert)."""

    impl = Numeric(18, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(18, 2))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))
