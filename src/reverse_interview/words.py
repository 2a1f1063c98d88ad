"""Words as matching reads them: folded, stemmed, weighed, and what the candidate rules out.

Pure text functions, no catalogue: evidence.py weighs the words against a catalogue.

- `stem`: the forms a person would call the same word share a stem (learn, learning; organise,
  organize; yrs, years).
- `in_language`: how much a word can tell at all. Function words tell nothing, words anyone
  uses about anything (say, start, week, really) very little.
- `related`: other words for the same thing (present, speak; burnout, stress), a small list
  of our own, of everyday English rather than of any one trade.
- `read`: a text as clauses of terms, each term marked when it is ruled out ("not interested
  in management", "no more exams", "don't want research", "NOT the X route").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say nothing about what someone needs: function words, and the filler of anyone
# talking about their growth ("I'd really like to get better at...").
STOP_WORDS = word_set(
    """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing done down during each either else
    enough etc even ever every few for from further get gets getting got had has have having
    he her here hers him his how however i id if im in into is it its itd ive just let lets
    me mine more most much must my myself no nor not now of off on once one only onto or other
    others our ours out over own per quite rather really same shall she should since so some
    something somehow still such than that thats the their theirs them then there theres these
    they this those though through thus to too under until up upon us very via was we were
    what when where whether which while who whom whose why will with within without would yet
    you your yours youre hes shes theyre weve youve ill well hed youd theyd wed

    able always become better bit day dont doesnt didnt cant wont isnt arent wasnt want wants
    wanted wanting like would love lot lots improve improving improvement learn learning learned
    learnt grow growing growth develop development skill skills thing things stuff way ways
    good great new next make making use using help helping need needs needed try
    trying know knowing really well many maybe also kind sort currently especially esp area
    areas give gives giving take takes taking go goes going eg ie
    someone anyone everyone anything everything front back part place
    """
)

# Everyday words that say little on their own: they count, but for a fraction of a word that
# names a subject. Our own list of what people say about anything, at work or not.
COMMON_WORDS = word_set(
    """
    actually ago ahead already alongside another anyway around ask asked asking away bad big
    came come comes coming could day days definitely different does doing easy else end ends
    ever exactly fact feel feels felt fine first five four full gave general gets give given
    glad goal goals hard having head heard hear hearing held high hold home honest honestly
    hope idea ideally important instead interest interested keen keep keeps kept last later
    least leave left less little long longer look looking looks lose loses made main mainly
    matter mean means mind minute minutes moment month months most move moved much name near
    never nice none normal often old open order ought over past perhaps point possible pretty
    probably proper properly put quick quickly quiet ready real reason right run said saw say
    says second see seeing seem seems seen set short side six small soon sort start started
    starts stay step sure talk tell tells term thing think thinks thought three time times
    today told took top tried true turn two type under usual usually week weeks whole wish
    wishes won word words worked works world worried worry year years yes young
    person people everybody nobody somebody job jobs work working role roles team teams
    level levels place places able ability approach aspect case chance example experience
    experienced group kind lot number part piece plan range rest stage state support thing
    bring brings brought build call called care carry cover covers getting happen happens
    happened involved join let lot making meet mostly need offer offered pick picked seen
    show showed shown spend spending stop support takes trying understand understanding
    """
)
# The words for the form learning takes: they say how, not what, so they tell as little as an
# everyday word in a wish; but a form ruled out ("no more courses") is ruled out in full.
FORM_WORDS = word_set(
    """
    course courses programme programmes program programs training trainings certificate
    certificates certification workshop workshops session sessions scheme schemes module
    modules
    """
)

# Short forms and spellings, folded to one word before stemming.
_SAME_WORD = {
    "yr": "year",
    "yrs": "year",
    "dept": "department",
    "depts": "department",
    "mgmt": "management",
    "mgt": "management",
    "uni": "university",
    "maths": "mathematics",
    "math": "mathematics",
    "tech": "technology",
    "info": "information",
    "admin": "administration",
    "quals": "qualification",
    "qual": "qualification",
    "govt": "government",
    "prog": "programme",
    "program": "programme",
    "programs": "programme",
    "colour": "color",
    "centre": "center",
    "licence": "license",
    "licences": "license",
    "practise": "practice",
    "practised": "practice",
    "practising": "practice",
    "behavior": "behaviour",
    "organisation": "organization",
    "organisations": "organization",
    "travelling": "traveling",
    "counselling": "counseling",
    "burnt": "burn",
    "burned": "burn",
    "kids": "child",
    "kid": "child",
    "ops": "operations",
}

# Irregular forms, folded to the word whose stem they share.
_IRREGULAR = {
    "led": "lead",
    "taught": "teach",
    "learnt": "learn",
    "spoke": "speak",
    "spoken": "speak",
    "wrote": "write",
    "written": "write",
    "writing": "write",
    "built": "build",
    "people": "person",
    "children": "child",
    "analyses": "analysis",
    "women": "woman",
    "men": "man",
}

# Words the suffix rules would only damage.
_KEEP = frozenset(
    {
        "kubernetes",
        "analysis",
        "series",
        "news",
        "business",
        "always",
        "towards",
        "during",
        "nothing",
        "something",
        "everything",
        "anything",
        "morning",
        "evening",
        "ceiling",
        "wellbeing",
        "public",
    }
)

# Suffixes stripped, longest first; (suffix, shortest stem left behind). Applied up to three
# times, so that "leadership" -> "leader" -> "lead".
_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("ations", 3),
    ("ation", 3),
    ("ating", 3),
    ("ated", 3),
    ("ator", 3),
    ("ical", 4),
    ("ship", 3),
    ("ment", 3),
    ("ness", 3),
    ("ity", 3),
    ("ful", 3),
    ("ing", 3),
    ("ate", 3),
    ("ist", 4),
    ("ism", 4),
    ("ic", 4),
    ("ia", 4),
    ("ed", 3),
    ("er", 3),
    ("ly", 4),
)
_NO_UNDOUBLE = frozenset("aeioulsfzy")
_BRITISH_IZ = re.compile(r"iz(e|es|ed|er|ers|ing|ation|ations)$")


def stem(word: str) -> str:
    """A plain-English stem: `leaders`, `leading`, `leadership` -> `lead`; `teams` -> `team`.

    Small on purpose: plurals, -ing/-ed/-er, a few derivations, US/UK `-ize`/`-ise`, short
    forms (`yrs` -> year). It only has to fold the forms a candidate and a catalogue are likely
    to use for the same idea.
    """
    word = _SAME_WORD.get(word, word)
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or word in _KEEP or not word.isalpha():
        return word
    word = _BRITISH_IZ.sub(r"is\1", word)
    word = _singular(word)
    if word in _KEEP:
        return word
    word = _SAME_WORD.get(word, word)
    if word in _IRREGULAR:  # peoples -> people -> person
        return stem(_IRREGULAR[word])
    changed = False
    for _ in range(3):
        for suffix, shortest in _SUFFIXES:
            if (
                word.endswith(suffix)
                and len(word) - len(suffix) >= shortest
                and not (suffix == "er" and word.endswith("eer"))
            ):
                word = word[: -len(suffix)]
                changed = True
                break
        else:
            break
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
        changed = True
    if changed and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE:
        word = word[:-1]
    return word


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# A word, with inner apostrophes (don't, O'Reilly); hyphenated words are kept together so that
# both their parts and their joined form can match (front-end: front, end, frontend).
_ATOM = r"[^\W_]+(?:['’‘][^\W_]+)*"
WORD = re.compile(rf"{_ATOM}(?:-{_ATOM})*")
APOSTROPHES = re.compile(r"['’‘]")
_POSSESSIVE = re.compile(r"['’‘]s$")


def unaccented(text: str) -> str:
    """Case and accents dropped, the one way ri compares words and makes ids: `Café` -> `cafe`,
    `Straße` -> `strasse`, `ﬁ` -> `fi`; letters of other scripts are kept.

    A whole field of a large catalogue is folded at once: the marks to drop are found among
    the text's distinct characters and removed with str.replace, at C speed.
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).casefold())
    for mark in beyond_ascii(text):
        if unicodedata.combining(mark):
            text = text.replace(mark, "")
    return text


def beyond_ascii(text: str) -> set[str]:
    """The characters of `text` that are not ASCII, found at C speed through its bytes."""
    return set(utf8(text).translate(None, _ASCII_BYTES).decode(errors="surrogatepass"))


def utf8(text: str) -> bytes:
    return text.encode(errors="surrogatepass")


_ASCII_BYTES = bytes(range(128))
PLAIN_WORD = re.compile(r"[^\W_]+")


def plain_words(text: str) -> list[str]:
    """Words as a person would compare them: no case, accents or apostrophes; hyphens split."""
    return PLAIN_WORD.findall(APOSTROPHES.sub("", unaccented(text)))


def fold(word: str) -> str:
    """Lower case, accents, possessives and apostrophes dropped: `Café` -> `cafe`,
    `team's` -> `team`, `don't` -> `dont`."""
    return APOSTROPHES.sub("", _POSSESSIVE.sub("", unaccented(word)))


STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS)
FORM_STEMS = frozenset(stem(w) for w in FORM_WORDS)
_COMMON_STEMS = frozenset(stem(w) for w in COMMON_WORDS | FORM_WORDS) - STOP_STEMS
COMMON_WEIGHT = 0.25

# A word as written -> its stem. Catalogues and answers repeat their words: remembering the
# stems keeps matching against a large catalogue cheap.
_STEMS: dict[str, str] = {}
_STEMS_LIMIT = 200_000


def plain_stem(part: str) -> str:
    """The stem of one word as written (stop words included)."""
    found = _STEMS.get(part)
    if found is None:
        found = stem(fold(part))
        if len(_STEMS) >= _STEMS_LIMIT:
            _STEMS.clear()
        _STEMS[part] = found
    return found


def content_stem(part: str) -> str:
    """The stem of one word as written, or "" when it says nothing (stop word, lone letter)."""
    found = plain_stem(part)
    if len(found) < 2 or found in STOP_STEMS or fold(part) in STOP_WORDS:
        return ""
    return found


def in_language(stemmed: str) -> float:
    """How much a word can tell, whatever the catalogue: 0 for a stop word, a fraction for an
    everyday word, 1 for the rest (a number alone tells little too)."""
    if stemmed in STOP_STEMS:
        return 0.0
    if stemmed in _COMMON_STEMS or stemmed.isdigit():
        return COMMON_WEIGHT
    return 1.0


def words(text: str) -> frozenset[str]:
    """The normalised word stems `text` is matched on: no case, accents, punctuation, stop words.

    Hyphenated words count both split and joined: `public-speaking` -> public, speak,
    publicspeak.
    """
    return frozenset(t.stem for clause in read(text) for t in clause.terms)


# --- related words --------------------------------------------------------------------------

# Each line: words that a person asking for one would take the others as meeting. Everyday
# English about learning and work, not any one trade's vocabulary.
_RELATED_GROUPS = """
manage management manager supervise supervisor supervising lead leader leadership
coach coaching mentor mentoring
present presentation presenting speak speaking speech talk talks public-speaking
write writing spelling grammar literacy
mathematics numeracy arithmetic
stress stressed burnout burn exhausted exhaustion overwhelmed overworked wellbeing coping cope
career promotion progression
qualification qualified certificate certification certified diploma accredited accreditation
degree university undergraduate
feedback critique
shadow shadowing observe observing observation
technology digital computer computers software
confidence confident self-confidence
nervous anxious anxiety panic worried scared afraid fear
child youth young-people teenager adolescent girl boy pupil
money funding funded fund budget afford expensive
network networking
english esol
"""


def _related_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for line in _RELATED_GROUPS.strip().splitlines():
        stems = set()
        for word in line.split():
            stems.add(plain_stem(word.replace("-", "")))
        for one in stems:
            table.setdefault(one, set()).update(stems - {one})
    return {k: frozenset(v) for k, v in table.items()}


_RELATED = _related_table()


def related(stemmed: str) -> frozenset[str]:
    """Stems of other words for the same thing (not the stem itself)."""
    return _RELATED.get(stemmed, frozenset())


# --- reading a text: clauses, terms and what is ruled out -----------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A word of the candidate's: its stem, the word as they wrote it (lower case), and
    whether they ruled it out. A phrase of two words is also one term (`google classroom`:
    stem `googleclassroom`)."""

    stem: str
    shown: str
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class Clause:
    """A stretch of text between punctuation or joining words: one wish, one obstacle."""

    text: str
    terms: tuple[Term, ...]


# Where one clause ends and the next begins.
_CLAUSE = re.compile(
    r"[,.;:!?()\[\]\n\r\t–—]+|\s-+\s|\s+(?:but|because|so|although|though|while|whereas|"
    r"however|since|then|plus)\s+",
    re.I,
)
# What rules out what follows it, to the end of its clause (folded words, apostrophes gone).
_RULING_OUT = tuple(
    tuple(phrase.split())
    for phrase in """
    not interested | no interest | not keen | not into | not looking | not after | not for
    dont want | do not want | does not want | doesnt want | didnt want | did not want
    not want | never want | wouldnt want | would not want | no desire | no wish
    no more | not another | not any more | not anymore | not the | not a | not an | not to
    rather not | nothing to do with | stay away from | hate | hates
    dislike | dislikes | sick of | fed up with | done with | turned down | turn down
    instead of | rather than | not going to | no longer | never again
    not doing | not planning | no plans | not pursuing | not again | never again to
    was enough | is enough | been enough | had enough | have had enough | done enough
    too many | too much
    no exams | no exam | no classroom | no classrooms | no courses | no course | no essays
    no assignments | no homework | no tests | no lectures | no coursework
    """.replace("\n", "|").split("|")
    if phrase.strip()
)
# The trigger words themselves are kept for these (the object is part of the phrase).
_KEEPS_OBJECT = frozenset(
    p
    for p in _RULING_OUT
    if len(p) == 2 and p[0] == "no" and p[1] not in {"more", "interest", "desire", "wish", "longer"}
)
# A ruled-out stretch stops before "of" after these: "the pastoral side of senior leadership"
# rules out the pastoral side, not senior leadership.
_SCOPE_NOUNS = frozenset({"side", "part", "aspect", "bit", "end", "element", "kind", "sort"})
# Joining words that keep a ruled-out stretch going: "no exams and no classroom courses".
_PHRASE_GAP = 1  # stop words allowed between the two words of a phrase
_NOT = frozenset({"not", "no", "never", "nor", "and", "or", "but"})
# After "but not", these say how much, not what is ruled out: "but not only", "but not enough".
_NOT_A_RULING = frozenset({"only", "just", "enough", "sure", "yet", "always", "necessarily"})
# A list that goes on ruling out after a comma has at most this many words, and none of these.
_WANTING = frozenset({"want", "wants", "like", "love", "learn", "keen", "interested", "hope"})
_LIST_WORDS = 5
# Before "had enough" and the like, these turn the rejection into a wish for more.
_NOT_ENOUGH = frozenset(
    {"not", "never", "havent", "hasnt", "hadnt", "wasnt", "isnt", "hardly", "barely", "nearly"}
)


def read(text: str | None) -> list[Clause]:
    """`text` as clauses of terms, each term marked when the candidate rules it out."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text)
    clauses: list[Clause] = []
    start = 0
    before = ""  # what ended the clause before this one
    for end in [*_CLAUSE.finditer(text), None]:
        piece = text[start : end.start() if end else len(text)]
        if piece.strip():
            words = [fold(w) for w in WORD.findall(piece)]
            whole = _contrasted(words, before) or _listed_on(words, before, clauses)
            terms = tuple(_clause_terms(piece, whole=whole))
            clauses.append(Clause(" ".join(piece.split()), terms))
            before = end.group() if end else ""
        elif end:
            before += end.group()
        start = end.end() if end else len(text)
    return clauses


def _contrasted(words: list[str], before: str) -> bool:
    """Whether a clause rules out all it says: after "but", one that opens with "not" ("...,
    but not people management"), though not "but not only" or "but not enough time"."""
    return (
        "but" in before.lower().split()
        and words[:1] == ["not"]
        and words[1:2] != []
        and words[1] not in _NOT_A_RULING
    )


def _listed_on(words: list[str], before: str, clauses: list[Clause]) -> bool:
    """Whether a short list after a comma goes on ruling out, as the clause before it ended
    ("no more exams, assignments or essays")."""
    if before.strip() != "," or not clauses or not clauses[-1].terms:
        return False
    if not clauses[-1].terms[-1].negated and not clauses[-1].terms[0].negated:
        return False
    if _WANTING & set(words):  # "no more exams, I want Python or Rust"
        return False
    return words[:1] in (["or"], ["nor"]) or (
        len(words) <= _LIST_WORDS and bool({"or", "nor"} & set(words))
    )


def _clause_terms(clause: str, *, whole: bool = False) -> Iterator[Term]:
    # One entry per word part: (folded part, the word as written (lower case), its group).
    parts: list[tuple[str, str, int]] = []
    for number, group in enumerate(WORD.findall(clause)):
        for part in group.split("-"):
            if part:
                parts.append((fold(part), group.lower(), number))
    negated = [True] * len(parts) if whole else _ruled_out([p for p, _, _ in parts])
    content: list[tuple[int, Term]] = []  # (position in parts, term)
    for index, (part, group, _) in enumerate(parts):
        stemmed = content_stem(part)
        if stemmed:
            term = Term(stemmed, group, negated[index])
            content.append((index, term))
            yield term
    # A hyphenated word is also one word joined up: `front-end` -> frontend.
    for number in sorted({n for _, _, n in parts}):
        group_parts = [(i, p) for i, (p, _, n) in enumerate(parts) if n == number]
        if len(group_parts) > 1:
            stemmed = plain_stem("".join(p for _, p in group_parts))
            at = group_parts[0][0]
            yield Term(stemmed, parts[at][1], negated[at], phrase=True)
    # Two content words in a row (at most one stop word between) are also a phrase, found as
    # a catalogue writes it joined: `google classroom`, `google-classroom`; `head of year`.
    for (i, first), (j, second) in itertools.pairwise(content):
        between = {part for part, _, _ in parts[i + 1 : j]}
        if (
            parts[i][2] != parts[j][2]
            and j - i - 1 <= _PHRASE_GAP
            and first.negated == second.negated
            and not between & _NOT
        ):
            joined = plain_stem("".join(part for part, _, _ in parts[i : j + 1]))
            shown = f"{first.shown} {second.shown}"
            yield Term(joined, shown, first.negated, phrase=True)


def _ruled_out(folded: list[str]) -> list[bool]:
    """For each word of a clause: whether a phrase that rules things out covers it."""
    out = [False] * len(folded)
    position = 0
    while position < len(folded):
        phrase = _ruling_at(folded, position)
        if phrase is None:
            position += 1
            continue
        start = position + (len(phrase) - 1 if phrase in _KEEPS_OBJECT else len(phrase))
        end = start
        while end < len(folded):
            if folded[end] == "of" and end > 0 and folded[end - 1] in _SCOPE_NOUNS:
                break
            end += 1
        for index in range(start, end):
            out[index] = True
        position = max(end, position + 1)
    return out


def _ruling_at(folded: list[str], position: int) -> tuple[str, ...] | None:
    for phrase in _RULING_OUT:
        if tuple(folded[position : position + len(phrase)]) == phrase:
            if phrase[-1] == "enough" and position and folded[position - 1] in _NOT_ENOUGH:
                continue  # "has not had enough training" wants more of it
            return phrase
    return None


def _other_spellings() -> dict[str, tuple[str, ...]]:
    """Stem -> the ways of writing a word of that stem that do not start with it (taught:
    teach; yrs: year; licence: license), so that a catalogue's words can be found by prefix."""
    found: dict[str, list[str]] = {}
    for written, meant in [*_IRREGULAR.items(), *_SAME_WORD.items()]:
        stemmed = stem(meant)
        if not written.startswith(stemmed):
            found.setdefault(stemmed, []).append(written)
    return {k: tuple(v) for k, v in found.items()}


OTHER_SPELLINGS = _other_spellings()
