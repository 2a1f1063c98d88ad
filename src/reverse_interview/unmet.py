"""The gaps: what the candidate wants that nothing shown meets, said in their own words.

Pure. A wish (a clause of what they want to learn, or their own arena) is a `topic` gap when
nothing the catalogue can give meets it, `full` when only a full offering would; each of their
two most preferred modes that nothing shown offers is a `mode` gap.
"""

from __future__ import annotations

from reverse_interview.evidence import Found, Wish, term_weight
from reverse_interview.index import CatalogueIndex
from reverse_interview.models import Catalogue, Gap, Offering
from reverse_interview.text import in_sentence
from reverse_interview.words import in_language, plain_words, related

# Beside offerings shown, a wish is a gap only for a word this telling that the catalogue
# knows (an offering has it, maybe full or withdrawn) and nothing shown meets.
WISH_WORD = 0.5
_WISH_WORDS = 14


def unmet_wishes(
    arena_id: str,
    arena_name: str,
    wish: Wish,
    found: list[Found],
    chosen: list[int],
    unavailable: list[tuple[Offering, Found, str]],
    about: list[tuple[Offering, frozenset[str], str]],
    ranks: dict[str, int],
    catalogue: Catalogue,
    index: CatalogueIndex,
) -> list[Gap]:
    """The wishes nothing shown meets (`full` when a full offering would), then the modes."""
    gaps: list[Gap] = []
    offered = [index.shown.offerings[p] for p in chosen]
    if not offered:
        full = [(o, f) for o, f, kind in unavailable if kind == "full"]
        gaps += _nothing_shown(arena_id, arena_name, wish, full, index)
    else:
        met = {s for f in found for s in f.said}
        named: set[str] = set()
        for number, clause in enumerate(wish.learn):
            telling = {
                t.stem
                for t in clause.terms
                if not t.negated
                and term_weight(t, index) >= WISH_WORD
                and t.stem not in met
                and not related(t.stem) & met
            }
            # Beside what is shown, a wish is a gap when an offering they cannot have (full,
            # withdrawn, for other roles) would meet it: the catalogue knows it is wanted.
            meeting = [(o, kind) for o, f, kind in unavailable if set(f.said) & telling]
            # A clause that shares none of its words with what is shown, and opens as a wish.
            untouched = not any(
                t.stem in met or related(t.stem) & met for t in clause.terms if not t.negated
            )
            wished = untouched and (
                _says_a_wish(clause.text) or (number == 0 and not _tells_a_story(clause.text))
            )
            if not meeting and wished:
                meeting = [(o, kind) for o, stems, kind in about if stems & telling]
            said = _wish_words(clause.text)
            if not meeting:
                # Or, for a wish, when one of its telling words is one no offering has at all.
                if wished and any(
                    index.unknown(s) and in_language(s) == 1.0 for s in sorted(telling)
                ):
                    gaps.append(_topic_gap(arena_id, said))
                continue
            told = False
            for offering, kind in meeting:
                if offering.id in named:
                    continue
                named.add(offering.id)
                if kind == "full":
                    gaps.append(_full_gap(arena_id, said, offering))
                elif not told:
                    gaps.append(_topic_gap(arena_id, said))
                told = True
    top_two = sorted(ranks, key=ranks.__getitem__)[:2]
    said_name = in_sentence(arena_name)
    for mode in top_two:
        if not any(mode in o.modes for o in offered):
            mode_name = _without_article(in_sentence(catalogue.mode_name(mode)))
            message = f"We have no {mode_name} for {said_name} today."
            gaps.append(Gap(arena_id, mode, message, "mode"))
    return gaps


# Words that open a clause saying what someone wants, after "and", "also" and the like: a
# clause that does not open so is more likely the why, or the story, than a wish of its own.
_WISHING = frozenset(
    [
        *("want", "wants", "wanted", "wanting", "like", "likes", "love", "loves", "hope"),
        *("hopes", "keen", "learn", "learning", "become", "eventually", "maybe", "perhaps"),
        *("ideally", "someday", "dream", "dreams", "one day", "long term", "longer term"),
    ]
)
_OPENING = frozenset(
    {"and", "also", "then", "i", "id", "he", "hed", "hes", "she", "shes", "they", "theyd"}
    | {"would", "really", "to"}
)


# Words a clause that tells what happened, or how things are, opens with ("her children
# are...", "after a bad case...", "honestly she is tired"): such a first clause is the why.
_STORY = frozenset(
    {"she", "he", "they", "i", "we", "it", "there", "his", "her", "their", "my", "our"}
    | {"honestly", "after", "when", "since", "because", "last", "ever", "nobody", "everyone"}
)


def _tells_a_story(text: str) -> bool:
    said = plain_words(text)
    return bool(said) and said[0] in _STORY


def _says_a_wish(text: str) -> bool:
    """Whether a clause opens with words of wanting ("and she would love to ...")."""
    said = plain_words(text)[:6]
    for at, word in enumerate(said):
        if word in _WISHING or " ".join(said[at : at + 2]) in _WISHING:
            return True
        if word not in _OPENING:
            return False
    return False


def _nothing_shown(
    arena_id: str,
    arena_name: str,
    wish: Wish,
    full: list[tuple[Offering, Found]],
    index: CatalogueIndex,
) -> list[Gap]:
    """An arena with nothing to show: its wish is one gap, or one per full offering that
    would meet it and one for each wish of theirs that no full offering would meet."""
    if wish.custom:
        said = arena_name
    elif wish.learn:
        # What they want, not what they rule out: "mentor the juniors, no more courses".
        wanted = [c for c in wish.learn if any(not t.negated for t in c.terms)] or wish.learn
        said = _wish_words(", ".join(c.text for c in wanted))
    else:
        said = in_sentence(arena_name)
    if full:
        gaps = [_full_gap(arena_id, said, offering) for offering, _ in full]
        would_meet = {s for _, f in full for s in f.said}
        for clause in wish.learn:
            telling = {
                t.stem
                for t in clause.terms
                if not t.negated and not t.phrase and term_weight(t, index) >= WISH_WORD
            }
            if (
                telling
                and not telling & would_meet
                and not any(related(t) & would_meet for t in telling)
            ):
                gaps.append(_topic_gap(arena_id, _wish_words(clause.text)))
                break  # the first such clause is the wish; what follows is mostly why
        return gaps
    # Their own arena is said by its name mid-sentence; the wish keeps its name as they said it.
    message = f"We have nothing for {in_sentence(arena_name) if wish.custom else said} today."
    return [Gap(arena_id, None, message, "topic", said)]


def _topic_gap(arena_id: str, said: str) -> Gap:
    return Gap(arena_id, None, f"We have nothing for {said} today.", "topic", said)


def _full_gap(arena_id: str, said: str, offering: Offering) -> Gap:
    when = f": {offering.availability}" if offering.availability else ""
    message = f"{offering.title} would fit, but it is full{when}."
    return Gap(arena_id, None, message, "full", said, offering.id)


# Words a wish opens with that are not the wish: "she wants to [learn Python]".
_WISH_LEAD_IN = frozenset(
    [
        "i",
        "im",
        "id",
        "ive",
        "he",
        "hes",
        "she",
        "shes",
        "they",
        "theyd",
        "we",
        "wed",
        "would",
        "really",
        "also",
        "and",
        "but",
        "so",
        "to",
        "want",
        "wants",
        "wanted",
        "like",
        "likes",
        "love",
        "loves",
        "is",
        "are",
        "be",
        "been",
        "being",
        "was",
        "her",
        "his",
        "their",
        "my",
        "our",
        "the",
        "a",
        "an",
        "just",
        "ideally",
        "eventually",
        "one",
        "day",
        "longer",
        "term",
        "long",
        "maybe",
        "perhaps",
        "probably",
        "definitely",
        "especially",
        "esp",
        "get",
        "better",
        "at",
        "more",
        "about",
        "how",
        "learn",
        "learning",
        "in",
        "on",
        "with",
        "big",
        "goal",
        "goals",
    ]
)


def _wish_words(text: str) -> str:
    """A clause as said in a gap: without its lead-in, at most a few words."""
    words_said = text.split()
    while (
        words_said
        and plain_words(words_said[0])
        and all(w in _WISH_LEAD_IN for w in plain_words(words_said[0]))
    ):
        words_said.pop(0)
    if not words_said:
        words_said = text.split()
    if len(words_said) > _WISH_WORDS:
        # Too long to say whole: its core, up to where a new thought starts ("her last
        # council...", "and she wants..."), or else cut at a word with "…".
        plain = [plain_words(w) for w in words_said]
        core = next(
            (
                at
                for at in range(_CORE_WORDS, _WISH_WORDS)
                if plain[at][:1] and plain[at][0] in _NEW_THOUGHT
            ),
            None,
        )
        if core is not None:
            words_said = words_said[:core]
            words_said[-1] = words_said[-1].rstrip(",;:")
        else:
            words_said = [*words_said[:_WISH_WORDS], "…"]
    return " ".join(words_said)


_CORE_WORDS = 2  # a wish's core is at least this many words
# Words that start a new thought within a clause: what follows is why, or someone else.
_NEW_THOUGHT = frozenset(
    [
        "and",
        "but",
        "because",
        "so",
        "as",
        "since",
        "her",
        "his",
        "their",
        "she",
        "he",
        "they",
        "who",
        "which",
        "that",
        "when",
        "where",
        "if",
    ]
)


def _in_sentence(name: str) -> str:
    """A name as said mid-sentence: `Leadership growth` -> `leadership growth`, `AWS` kept."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in name.split())


def _without_article(name: str) -> str:
    """A name after "no": `a recognised qualification` -> `recognised qualification`."""
    first, _, rest = name.partition(" ")
    return rest if first.lower() in {"a", "an", "the"} and rest else name
