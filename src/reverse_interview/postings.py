"""The words of a field of offerings (titles, tags, summaries, ids) and where they are.

Pure: texts in, postings out. Each word, case- and accent-folded, points at the texts that
hold it; the words are kept in order, so that those starting with what a candidate said (or
an interviewer is typing) are found by bisection. Lists of positions are kept flat in arrays
(`Lists`): compact, and written and read back whole at C speed (snapshot.py).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from reverse_interview.words import (
    APOSTROPHES,
    PLAIN_WORD,
    beyond_ascii,
    unaccented,
    utf8,
)

# Words joined by hyphens or apostrophes, found again as one word: front-end -> frontend.
_JOINED = re.compile(r"[^\W_]+(?:[-'’‘][^\W_]+)+")
_JOINERS = re.compile(r"[-'’‘]")
# The ASCII characters that are neither in a word nor join words (hyphens, apostrophes), as
# spaces: str.split then finds a text's runs of words at C speed, several times faster than a
# regex. As str.translate is fast for ASCII text only, other texts go through their UTF-8
# bytes, where every ASCII byte is an ASCII character.
_BLANK = {c: " " for c in map(chr, range(128)) if not c.isalnum() and c not in "-'\n"}
_BLANK_ASCII = str.maketrans(_BLANK)
_BLANK_BYTES = bytes.maketrans(b"".join(c.encode() for c in _BLANK), b" " * len(_BLANK))


class Lists:
    """Lists of positions, one for each of some keys, flat in two arrays: list i is
    `flat[starts[i]:starts[i + 1]]`. Compact, and kept and read back whole at C speed."""

    def __init__(self, flat: array[int], starts: array[int]) -> None:
        self.flat = flat
        self.starts = starts

    @classmethod
    def of(cls, lists: Iterable[list[int]]) -> Lists:
        lists = list(lists)
        flat = array("I", itertools.chain.from_iterable(lists))
        return cls(flat, array("I", itertools.accumulate(map(len, lists), initial=0)))

    def __getitem__(self, i: int) -> array[int]:
        return self.flat[self.starts[i] : self.starts[i + 1]]

    def span(self, first: int, end: int) -> array[int]:
        """Lists first..end-1, one after the other."""
        return self.flat[self.starts[first] : self.starts[end]]

    def kept(self) -> tuple[bytes, bytes]:
        return self.flat.tobytes(), self.starts.tobytes()

    @classmethod
    def restored(cls, kept: tuple[bytes, bytes]) -> Lists:
        flat, starts = array("I"), array("I")
        flat.frombytes(kept[0])
        starts.frombytes(kept[1])
        return cls(flat, starts)


class Field:
    """One field of the offerable offerings, as an index of its (case- and accent-folded) words.

    Each word points at the texts that hold it. The words are kept in order, so that those
    starting with a key are found by bisection, and only they are stemmed, when a lookup needs
    them: a large catalogue has far more words than a candidate ever says.
    """

    def __init__(
        self,
        name: str,
        points: int,
        texts: list[str] | Callable[[], list[str]],
        owners: Lists | None = None,
        kept: tuple[list[str], Lists] | None = None,
    ) -> None:
        self.name = name
        self.points = points
        self._texts = texts  # or what gives them, when first needed (a kept index's)
        # The positions of the offerings holding each text; None: text i is offering i's.
        self.owners = owners
        if kept is None:
            postings = _postings(self.texts)
            self.words = sorted(postings)
            # The texts holding each word, in the words' order (maybe repeated).
            self.postings = Lists.of(map(postings.__getitem__, self.words))
        else:  # as `kept` gave them, read back from a snapshot
            self.words, self.postings = kept
        self._scanned: list[tuple[str, list[int]]] | None = None

    @property
    def texts(self) -> list[str]:
        """The texts indexed: an offering's own (title, id), or each distinct one shared."""
        if callable(self._texts):
            self._texts = self._texts()
        return self._texts

    def kept(self) -> tuple[Any, ...]:
        """This field as a snapshot keeps it (but its texts: the offerings give them)."""
        owners = self.owners.kept() if self.owners is not None else None
        return (self.name, self.points, self.words, self.postings.kept(), owners)

    def holding(self, key: str, accept: Callable[[str], bool] | None = None) -> Iterable[int]:
        """Positions of the offerings with a word starting with `key` (and `accept`ed), maybe
        more than once."""
        if key.isalnum():
            first = bisect.bisect_left(self.words, key)
            end = first
            while end < len(self.words) and self.words[end].startswith(key):
                end += 1
            if accept is None:
                texts: Iterable[int] = self.postings.span(first, end)
            else:
                texts = itertools.chain.from_iterable(
                    self.postings[at] for at in range(first, end) if accept(self.words[at])
                )
        else:
            texts = self._scan(key, accept)
        if self.owners is None:
            return texts
        return itertools.chain.from_iterable(map(self.owners.__getitem__, set(texts)))

    def _scan(self, key: str, accept: Callable[[str], bool] | None) -> set[int]:
        """The texts with a word starting with a key that is not one word: folding can make
        more than a word of a letter (½ -> 1⁄2), which is then looked for in the texts."""
        if self._scanned is None:
            folded = [unaccented(text) for text in self.texts]
            joined = [
                " ".join(form for group in _JOINED.findall(text) for form in _joined_forms(group))
                for text in folded
            ]
            self._scanned = [_joined(folded), _joined(joined)]
        pattern = _starting_with(key)
        held: set[int] = set()
        for text, starts in self._scanned:
            for hit in pattern.finditer(text):
                if accept is None or accept(hit.group()):
                    held.add(bisect.bisect_right(starts, hit.start()) - 1)
        return held


def _postings(texts: list[str]) -> dict[str, list[int]]:
    """Each word of `texts`, folded, -> the indices of the texts that hold it (maybe repeated).

    The texts are folded and blanked in one go and each is split at C speed, so that the only
    Python step is one per word: that is what indexing a 10,000-offering catalogue costs.
    """
    lines = _blanked(unaccented("\n".join(texts))).split("\n")
    if len(lines) != len(texts):  # some text has line breaks of its own
        lines = [_blanked(unaccented(text)) for text in texts]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(map(str.split, lines)):
        for word in found:
            postings[word].append(index)
    # A run with hyphens or apostrophes is the words it holds. Catalogues repeat such runs
    # (self-directed, on-call), so each distinct one is split once.
    for run in list(itertools.filterfalse(str.isalnum, postings)):
        holding = postings.pop(run)
        for word in _run_words(run):
            postings[word].extend(holding)
    return postings


def _run_words(run: str) -> list[str]:
    """The words of a run with hyphens or apostrophes, as a regex over the text would find
    them: its plain words, and the forms that only exist joined (`front-end`: front, end,
    frontend; `o'reilly`: o, reilly, oreilly)."""
    parts = run.split("-")
    if not ("'" in run or "’" in run or "‘" in run):
        # Hyphens only: the parts, and each stretch of two or more parts that single hyphens
        # join, joined up (`a-b--c`: a, b, c, ab).
        words = [part for part in parts if part]
        for joined, stretch in itertools.groupby(parts, key=bool):
            stretched = list(stretch)
            if joined and len(stretched) > 1:
                words.append("".join(stretched))
        return words
    if len(parts) == 1:  # apostrophes only, between letters: don't, team's, o'reilly
        parts = run.replace("’", "'").replace("‘", "'").split("'")
        if all(parts):
            return [*parts, "".join(parts)]
    return PLAIN_WORD.findall(run) + [
        form for group in _JOINED.findall(run) for form in _joined_forms(group)
    ]


def _joined_forms(group: str) -> list[str]:
    """The words of a hyphenated or apostrophed group that only exist once joined:
    `o'reilly-press` -> `oreilly`, `oreillypress` (its plain parts are found as they are)."""
    parts = group.split("-")
    forms = [APOSTROPHES.sub("", part) for part in parts if APOSTROPHES.search(part)]
    if len(parts) > 1:
        forms.append(_JOINERS.sub("", group))
    return forms


@functools.lru_cache(maxsize=1024)
def _starting_with(key: str) -> re.Pattern[str]:
    """A word that starts with `key`. The look-behind comes after the key, so that the regex
    engine can still scan for the key itself, fast."""
    return re.compile(rf"{re.escape(key)}(?<![^\W_].{{{len(key)}}})[^\W_]*")


def _blanked(folded: str) -> str:
    """A folded text with every character that is neither in a word nor joins words made a
    space: its runs of joined words are then what str.split finds."""
    if folded.isascii():
        return folded.translate(_BLANK_ASCII)
    blanked = utf8(folded).translate(_BLANK_BYTES).decode(errors="surrogatepass")
    for other in beyond_ascii(blanked):
        if not other.isalnum() and other not in "’‘":
            blanked = blanked.replace(other, " ")
    return blanked


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    """The texts joined by newlines, and where each one starts."""
    starts = list(itertools.accumulate([len(text) + 1 for text in texts], initial=0))[:-1]
    return "\n".join(texts), starts
