"""`ri export` and `ri import`: interviews as JSON Lines, one whole record a line.

A line is the record's own fields (models.Interview, named as in `ri report --format json`:
`id`, `status`, `candidate`, `arenas` with `strengths`/`learn`/`obstacles`, `growth`, `matches`,
`struck`, `gaps`, `outcome`...) plus what a lossless copy needs (`pitch_done`, `reviewed`,
`finished`, `snapshots`, scores). Both directions are derived from the dataclasses, so a field
added to the model travels without a change here. Reading is strict: a line that is not a
valid interview is refused by its number, and the whole file with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from reverse_interview.errors import UserError
from reverse_interview.models import Interview
from reverse_interview.store.base import ID_RE
from reverse_interview.text import json_escaped

FORMAT_KEY = "ri_export"
FORMAT_VERSION = 1


def dump_line(interview: Interview) -> str:
    """One interview as one line of JSON (no newline inside: strings are escaped)."""
    return json_escaped(json.dumps(_encode(interview), ensure_ascii=False, sort_keys=False))


def write_lines(interviews: Iterable[Interview], out: TextIO) -> int:
    count = 0
    for interview in interviews:
        out.write(dump_line(interview) + "\n")
        count += 1
    return count


class ImportRefused(UserError):
    """A line of an import file is not a valid interview: the whole file is refused."""


def read_lines(lines: Iterable[str], source: str) -> list[Interview]:
    """Every interview of a JSON Lines text, or ImportRefused naming the first bad line."""
    interviews: list[Interview] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise _refused(source, number, f"not JSON ({error.msg})") from None
        try:
            interview = decode_interview(data)
        except (TypeError, ValueError, KeyError) as error:
            raise _refused(source, number, str(error)) from None
        if interview.id in seen:
            raise _refused(
                source, number, f"interview {interview.id} is already on line {seen[interview.id]}"
            )
        seen[interview.id] = number
        interviews.append(interview)
    return interviews


def _refused(source: str, number: int, why: str) -> ImportRefused:
    return ImportRefused(f"{source}:{number}: not a valid interview: {why}; nothing was imported")


def decode_interview(data: Any) -> Interview:
    if not isinstance(data, dict):
        raise ValueError("a line must be a JSON object")
    fields = {k: v for k, v in data.items() if k != FORMAT_KEY}
    version = data.get(FORMAT_KEY, FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ValueError(f"written by a newer ri (export format {version}); upgrade ri")
    interview = _decode(Interview, fields, "interview")
    if not ID_RE.match(interview.id):
        raise ValueError(f"id {interview.id!r} is not an interview ID ([a-z0-9-], 1-12)")
    return typing.cast(Interview, interview)


# --- dataclasses <-> JSON, from the type hints ------------------------------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        if isinstance(value, Interview):
            out[FORMAT_KEY] = FORMAT_VERSION
        for field in dataclasses.fields(value):
            out[field.name] = _encode(getattr(value, field.name))
        return out
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(_encode(v) for v in value)
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _decode(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            return _decode(others[0], value, where)
        raise TypeError(f"{where}: cannot read a value of type {hint}")
    if origin is typing.Literal:
        if value not in args:
            allowed = ", ".join(str(a) for a in args)
            raise ValueError(f"{where} must be one of {allowed}, not {value!r}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise TypeError(f"{where} must be a list")
        item = args[0]
        return tuple(_decode(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is frozenset:
        if not isinstance(value, list):
            raise TypeError(f"{where} must be a list")
        return frozenset(_decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise TypeError(f"{where} must be an object")
        hints = _hints(hint)
        names = {f.name for f in dataclasses.fields(hint)}
        unknown = sorted(set(value) - names)
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r}")
        values = {}
        for field in dataclasses.fields(hint):
            if field.name in value:
                values[field.name] = _decode(
                    hints[field.name], value[field.name], f"{where}.{field.name}"
                )
            elif field.default is dataclasses.MISSING and (
                field.default_factory is dataclasses.MISSING
            ):
                raise ValueError(f"{where}: missing {field.name!r}")
        return hint(**values)
    if hint is dt.datetime:
        if not isinstance(value, str):
            raise TypeError(f"{where} must be a date and time")
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(f"{where} must say its time zone")
        return moment
    if hint is dt.date:
        if not isinstance(value, str):
            raise TypeError(f"{where} must be a date")
        return dt.date.fromisoformat(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError(f"{where} must be true or false")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{where} must be a number")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{where} must be a whole number")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(f"{where} must be text")
        return value
    raise TypeError(f"{where}: cannot read a value of type {hint}")


def lines_of(handle: TextIO) -> Iterator[str]:
    yield from handle
