"""Records as JSON values, derived field by field from their dataclass.

Every record's fields are listed once, in its dataclass: JSON output and cache rows are built
from `dataclasses.fields`, so a new field is carried everywhere without editing a list, and a
row written with other fields is refused rather than read into the wrong ones.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from typing import Any, TypeVar

R = TypeVar("R")


def field_names(cls: type) -> tuple[str, ...]:
    """The names of a dataclass's fields, in their declared order."""
    return tuple(f.name for f in fields(cls))


def required_names(cls: type) -> tuple[str, ...]:
    """The fields a `cls` cannot be made without: those with no default."""
    return tuple(
        f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING
    )


def plain(value: Any) -> Any:
    """A field's value as JSON holds it: tuples as lists, dates as YYYY-MM-DD, records as dicts."""
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return as_json(value)
    return value


def as_json(record: Any) -> dict[str, Any]:
    """Every field of `record`, by name, in the dataclass's order."""
    return {f.name: plain(getattr(record, f.name)) for f in fields(record)}


def as_row(record: Any) -> list[Any]:
    """The values of `as_json`, in field order: compact for a cache of thousands."""
    return [plain(getattr(record, f.name)) for f in fields(record)]


def row_reader(cls: type[R]) -> Callable[[list[Any]], R]:
    """A function turning an `as_row` row back into a `cls`, converting by each field's type."""
    hints = typing.get_type_hints(cls)
    converters: list[Callable[[Any], Any] | None] = []
    for name in field_names(cls):
        kinds = typing.get_args(hints[name]) or (hints[name],)
        if typing.get_origin(hints[name]) is tuple:
            converters.append(tuple)
        elif dt.date in kinds:
            converters.append(_date)
        else:
            converters.append(None)
    width = len(converters)

    def read(row: list[Any]) -> R:
        if len(row) != width:
            raise ValueError(f"a {cls.__name__} row has {width} values, not {len(row)}")
        return cls(*[c(v) if c else v for c, v in zip(converters, row, strict=True)])

    return read


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
