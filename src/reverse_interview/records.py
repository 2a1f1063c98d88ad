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


def row_writer(cls: type) -> Callable[[Any], list[Any]]:
    """A function giving a `cls` record's values in field order, as JSON holds them (the values
    of `as_json`), for a `cls` of flat fields (text, numbers, dates, tuples of those): compact
    and quick for a cache of thousands."""
    from operator import attrgetter

    hints = typing.get_type_hints(cls)
    names = field_names(cls)
    dates = [i for i, name in enumerate(names) if dt.date in _kinds(hints[name])]
    values = attrgetter(*names)

    def write(record: Any) -> list[Any]:
        row = list(values(record))  # tuples stay tuples: JSON writes them as lists
        for i in dates:
            if row[i] is not None:
                row[i] = row[i].isoformat()
        return row

    return write


def _kinds(hint: Any) -> tuple[Any, ...]:
    return typing.get_args(hint) or (hint,)


def row_reader(cls: type[R]) -> Callable[[list[Any]], R]:
    """A function turning a `row_writer` row back into a `cls`, converting by each field's type."""
    hints = typing.get_type_hints(cls)
    names = field_names(cls)
    lists = [i for i, name in enumerate(names) if typing.get_origin(hints[name]) is tuple]
    dates = [i for i, name in enumerate(names) if dt.date in _kinds(hints[name])]
    width = len(names)
    # Rows repeat the same few lists (an offering's arenas and modes): each made a tuple once.
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def read(row: list[Any]) -> R:
        if len(row) != width:
            raise ValueError(f"a {cls.__name__} row has {width} values, not {len(row)}")
        for i in lists:
            said = tuple(row[i])
            row[i] = seen.setdefault(said, said) if len(said) < 3 else said
        for i in dates:
            row[i] = _date(row[i])
        return cls(*row)

    return read


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
