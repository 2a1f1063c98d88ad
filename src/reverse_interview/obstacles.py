"""Obstacles: which kinds a candidate names, recognised from the catalogue's words for them.

The kinds and their words are the catalogue's own `obstacles`, or the standard ones
(models.STANDARD_OBSTACLES). What an offering takes away is its `removes`, the catalogue
owner's word: nothing here guesses it from an offering's text.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reverse_interview.models import ObstacleKind
from reverse_interview.words import WORD, fold, plain_stem, read

# Words that open a clause without saying anything: "I have [no time]", "there's [no budget]".
_LEAD_IN = frozenset(
    [
        "i",
        "im",
        "ive",
        "id",
        "we",
        "were",
        "weve",
        "there",
        "theres",
        "is",
        "are",
        "was",
        "have",
        "has",
        "had",
        "it",
        "its",
        "my",
        "our",
        "the",
        "a",
        "an",
        "just",
        "really",
        "also",
        "well",
        "currently",
        "often",
        "usually",
        "sometimes",
        "mostly",
        "basically",
        "honestly",
        "that",
        "this",
        "then",
        "and",
        "but",
        "so",
        "because",
        "or",
        "me",
        "to",
        "always",
        "constantly",
        "he",
        "she",
        "hes",
        "shes",
        "they",
        "theyre",
        "his",
        "her",
        "their",
    ]
)
_QUOTE_WORDS = 8


@dataclass(frozen=True)
class NamedObstacle:
    """An obstacle kind the candidate named, with their words for it."""

    kind: ObstacleKind
    said: str


def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(plain_stem(part) for word in WORD.findall(phrase) for part in word.split("-"))


def recognise(text: str | None, kinds: Sequence[ObstacleKind]) -> list[NamedObstacle]:
    """The kinds an obstacle answer names (in the catalogue's order), each with the words that
    named it first."""
    if not text:
        return []
    signals = _signals(tuple(kinds))
    found: dict[str, tuple[int, NamedObstacle]] = {}
    for position, clause in enumerate(read(unicodedata.normalize("NFC", text))):
        spans = [m.span() for m in WORD.finditer(clause.text)]
        stems: list[str] = []
        owner: list[int] = []
        for index, (start, end) in enumerate(spans):
            for part in clause.text[start:end].split("-"):
                if part:
                    stems.append(plain_stem(part))
                    owner.append(index)
        for kind, phrases in signals:
            if kind.id in found:
                continue
            hit = _find(stems, phrases)
            if hit is not None:
                first, last = hit
                said = _quote(clause.text, spans, owner[first], owner[last])
                found[kind.id] = (position, NamedObstacle(kind, said))
    order = {kind.id: i for i, kind in enumerate(kinds)}
    return [named for _, named in sorted(found.values(), key=lambda f: order[f[1].kind.id])]


@functools.lru_cache(maxsize=16)
def _signals(kinds: tuple[ObstacleKind, ...]) -> list[tuple[ObstacleKind, list[tuple[str, ...]]]]:
    """Each kind with its words as stem sequences (worked out once per catalogue)."""
    return [(kind, [s for s in map(_phrase_stems, kind.words) if s]) for kind in kinds]


def _find(stems: list[str], phrases: list[tuple[str, ...]]) -> tuple[int, int] | None:
    """Where the first of `phrases` to occur in `stems` starts and ends."""
    for position in range(len(stems)):
        for phrase in phrases:
            if tuple(stems[position : position + len(phrase)]) == phrase:
                return position, position + len(phrase) - 1
    return None


def _quote(clause: str, spans: list[tuple[int, int]], first: int, last: int) -> str:
    """The clause around a signal, without its lead-in words and at most a few words long."""
    start, end = 0, len(spans) - 1
    if end - start + 1 > _QUOTE_WORDS:
        start = max(0, first - 2)
        end = min(end, last + 3, start + _QUOTE_WORDS - 1)
    while start < first and fold(clause[spans[start][0] : spans[start][1]]) in _LEAD_IN:
        start += 1
    return " ".join(clause[spans[start][0] : spans[end][1]].split())
