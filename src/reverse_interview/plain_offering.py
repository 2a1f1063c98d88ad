"""An offering written the plain way, read straight from its values.

Nearly every offering of a catalogue is text, ids, a number and a date with nothing to report.
Read from its values (a yamlfile.FlatMapping: no node tree) with only the questions such an
offering raises, it costs a fraction of the full check, which is what keeps
`ri offerings check` on 100,000 offerings near the speed of the YAML parser itself.

Anything rarer (a problem, a warning, a value written another way) is not read here:
`PlainReader.offering` says None, notes nothing, and catalogue_file's checker reads the offering
in full from its nodes. The tests hold the two ways to the same catalogue, or the same problems.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Container
from typing import Any

from reverse_interview import records
from reverse_interview.models import CATEGORIES, SLUG_RE, Category, Offering
from reverse_interview.yamlfile import BOOL, INT, STR, TIMESTAMP, FlatMapping, Scalar

TEXT_FIELDS = ("title", "summary", "contact", "link", "owner", "availability", "eligibility")
LINK_STARTS = ("https://", "http://", "mailto:")
REQUIRED = frozenset(records.required_names(Offering))
_CATEGORY: dict[str, Category] = {c: c for c in CATEGORIES}
_BOOLEANS = {"true": True, "false": False}
_ID_KINDS = {"arenas": "arena", "modes": "mode", "removes": "obstacle"}

Value = Scalar | list[Scalar]


def offering_of(ident: str, values: dict[str, Any]) -> Offering:
    """The Offering of checked `values` by key (the keys left out take their defaults)."""
    return Offering(
        id=ident,
        title=values["title"],
        category=values["category"],
        arenas=values["arenas"],
        modes=values["modes"],
        summary=values["summary"],
        tags=values.get("tags", ()),
        contact=values.get("contact"),
        link=values.get("link"),
        owner=values.get("owner"),
        capacity=values.get("capacity"),
        availability=values.get("availability"),
        last_reviewed=values.get("last_reviewed"),
        active=values.get("active", True),
        removes=values.get("removes", ()),
        roles=values.get("roles", ()),
        eligibility=values.get("eligibility"),
    )


class PlainReader:
    """Reads plain offerings; `known` are the ids offerings may name (None: any, for now)."""

    def __init__(self, known: dict[str, dict[str, int] | None] | None) -> None:
        self.known = known or {}
        # The same few id lists and dates, over and over: each checked and made once, and
        # then kept once in memory however many offerings name it.
        self._lists: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
        self._dates: dict[str, dt.date] = {}

    def offering(
        self, item: FlatMapping, taken: Container[str]
    ) -> tuple[Offering, Any | None] | None:
        """The offering, and where its `last_reviewed` date starts (None without one); None
        when it is not plain, or has anything to report. `taken`: the ids already given."""
        values: dict[str, Any] = {}
        reviewed: Any = None
        for name, value in item.pairs:
            read = _READERS.get(name)
            if read is None or name in values:
                return None
            got = read(self, name, value)
            if got is None:
                return None
            values[name] = got
            if name == "last_reviewed":
                reviewed = value[2]
        if not REQUIRED.issubset(values):
            return None
        ident = values["id"]
        if ident in taken or not SLUG_RE.match(ident):
            return None
        link = values.get("link")
        if link is not None and not link.startswith(LINK_STARTS):
            return None  # the checker warns about it
        offering = offering_of(ident, values)
        if offering.capacity == 0 and offering.active and offering.availability is None:
            return None  # the checker warns about it
        return offering, reviewed

    def text(self, name: str, value: Value) -> str | None:
        if type(value) is tuple and value[0] == STR and value[1].strip():
            return value[1]
        return None

    def category(self, name: str, value: Value) -> str | None:
        if type(value) is tuple and value[0] == STR:
            return _CATEGORY.get(value[1])
        return None

    def ids(self, name: str, value: Value) -> tuple[str, ...] | None:
        if type(value) is not list or not value:
            return None
        what = _ID_KINDS[name]
        said = tuple([text for tag, text, _ in value if tag == STR])
        if len(said) != len(value):
            return None
        good = self._lists.get((what, said))
        if good is not None:
            return good
        known = self.known.get(what)
        if len(set(said)) != len(said):
            return None
        for text in said:
            if not SLUG_RE.match(text) or (known is not None and text not in known):
                return None
        good = tuple([sys.intern(text) for text in said])
        self._lists[(what, said)] = good
        return good

    def tags(self, name: str, value: Value) -> tuple[str, ...] | None:
        if type(value) is not list:
            return None
        tags = [text for tag, text, _ in value if tag == STR and text.strip()]
        if len(tags) != len(value):
            return None
        return tuple([sys.intern(text) for text in tags])

    def roles(self, name: str, value: Value) -> tuple[str, ...] | None:
        if type(value) is not list or not value:
            return None
        words = [text for tag, text, _ in value if tag == STR and text.strip()]
        if len(words) != len(value):
            return None
        return tuple(" ".join(w.split()) for w in words)

    def capacity(self, name: str, value: Value) -> int | None:
        if type(value) is tuple and value[0] == INT:
            said = value[1]
            # Plain digits (YAML 1.1 reads 012 as octal: left to the checker, and PyYAML).
            if said.isascii() and said.isdigit() and (said == "0" or said[0] != "0"):
                return int(said)
        return None

    def date(self, name: str, value: Value) -> dt.date | None:
        if type(value) is not tuple:
            return None
        tag, said, _ = value
        if tag == STR:
            try:
                return dt.date.fromisoformat(said.strip())
            except ValueError:
                return None
        if tag != TIMESTAMP:
            return None
        known = self._dates.get(said)
        if known is None and len(said) == 10 and said[4] == said[7] == "-":
            try:
                known = dt.date(int(said[:4]), int(said[5:7]), int(said[8:]))
            except ValueError:
                return None
            self._dates[said] = known
        return known

    def active(self, name: str, value: Value) -> bool | None:
        if type(value) is tuple and value[0] == BOOL:
            return _BOOLEANS.get(value[1].lower())
        return None


# How each key of a plain offering is read; a key not here is left to the checker.
_READERS: dict[str, Callable[[PlainReader, str, Value], Any]] = {
    **{name: PlainReader.text for name in TEXT_FIELDS},
    "id": PlainReader.text,
    "category": PlainReader.category,
    "arenas": PlainReader.ids,
    "modes": PlainReader.ids,
    "removes": PlainReader.ids,
    "tags": PlainReader.tags,
    "roles": PlainReader.roles,
    "capacity": PlainReader.capacity,
    "last_reviewed": PlainReader.date,
    "active": PlainReader.active,
}
