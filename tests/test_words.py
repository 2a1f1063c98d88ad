"""Words as matching reads them: folding, stems, phrases, related words, what is ruled out."""

from __future__ import annotations

import pytest

from reverse_interview.answering import resolve_arena
from reverse_interview.words import in_language, read, related, stem, words
from tests.helpers import make_catalogue

SAME_STEM = [
    ("kubernetes", "Kubernetes"),
    ("team", "teams"),
    ("speak", "speaking"),
    ("speak", "speaker"),
    ("lead", "leading"),
    ("lead", "leaders"),
    ("lead", "leadership"),
    ("lead", "led"),
    ("mentor", "mentoring"),
    ("mentor", "mentorship"),
    ("coach", "coaches"),
    ("study", "studies"),
    ("study", "studying"),
    ("study", "studied"),
    ("program", "programme"),
    ("program", "programming"),
    ("organisation", "organization"),
    ("organise", "organizing"),
    ("communicate", "communication"),
    ("present", "presentations"),
    ("manage", "management"),
    ("manage", "managers"),
    ("engineer", "engineering"),
    ("career", "careers"),
    ("staff", "staffing"),
    ("run", "running"),
    ("plan", "planning"),
    ("write", "writing"),
    ("write", "written"),
    ("hire", "hiring"),
    ("delegate", "delegation"),
    ("isolated", "isolation"),
    ("deadline", "deadlines"),
    ("coding", "code"),
    ("class", "classes"),
]

DIFFERENT_STEM = [
    ("career", "care"),
    ("business", "busy"),
    ("peer", "pe"),
    ("engineer", "engine"),
    ("personal", "person"),
    ("teamwork", "team"),
    ("user", "us"),
]


@pytest.mark.parametrize(("one", "other"), SAME_STEM)
def test_word_forms_share_a_stem(one: str, other: str) -> None:
    assert stem(one.casefold()) == stem(other.casefold())
    assert words(one) == words(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT_STEM)
def test_different_words_keep_different_stems(one: str, other: str) -> None:
    assert stem(one) != stem(other)


WORDS = [
    ("Kubernetes, AWS & Cloud!", {"kubernetes", "aws", "cloud", "awscloud"}),
    ("I want to get better at the things", set()),
    ("public-speaking", {"public", "speak", "publicspeak"}),
    ("Café, CAFÉ, cafe", {stem("cafe")}),
    ("don't stop", {stem("stop")}),
    ("  ", set()),
    ("", set()),
    ("C++ and Go", set()),
    (
        "k8s 360-degree feedback",
        {"k8s", "360", stem("degree"), "360degree", "feedback", "k8s360", "degreefeedback"},
    ),
    ("yrs and yr and years", {"year"}),
    ("Überlegen, ZÜRICH", {stem("uberlegen"), stem("zurich")}),
]


@pytest.mark.parametrize(("text", "expected"), WORDS)
def test_words_fold_case_punctuation_accents_and_stop_words(text: str, expected: set[str]) -> None:
    assert words(text) == frozenset(expected)


def test_two_words_in_a_row_are_also_one_phrase_as_a_catalogue_joins_them() -> None:
    assert "googleclassroom" in words("never used Google Classroom")
    assert words("google-classroom") >= {"googl", "classroom", "googleclassroom"}
    assert "headofyear" in words("head of year")  # one small word between
    assert "headyear" not in words("head of the year")  # not two


def test_a_word_says_less_the_more_the_language_uses_it() -> None:
    assert in_language(stem("the")) == 0
    assert 0 < in_language(stem("actually")) <= in_language(stem("start")) < 1
    assert in_language(stem("forklift")) == 1


def test_related_words_are_known_both_ways() -> None:
    assert stem("speaking") in related(stem("presenting"))
    assert stem("presenting") in related(stem("speaking"))
    assert stem("stress") in related(stem("burnout"))
    assert stem("kubernetes") not in related(stem("cloud"))


def ruled_out(text: str) -> set[str]:
    return {t.shown for clause in read(text) for t in clause.terms if t.negated and not t.phrase}


def kept(text: str) -> set[str]:
    return {t.shown for c in read(text) for t in c.terms if not t.negated and not t.phrase}


RULED_OUT = [
    ("not interested in management or promotion of any kind", {"management", "promotion"}),
    ("no more exams and no classroom courses", {"exams", "classroom", "courses"}),
    ("he does not want any more courses or written assignments", {"courses", "written",
                                                                  "assignments"}),
    ("I don't want research, not a PhD", {"research", "phd"}),
    ("NOT the management route", {"management", "route"}),
    ("not interested in the pastoral side of senior leadership", {"pastoral"}),
    ("She is NOT doing a masters", {"masters"}),
    ("that was enough academic study for her", {"academic", "study"}),
    ("she has done too many study days that changed nothing", {"study"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), RULED_OUT)
def test_what_a_candidate_rules_out_is_marked(text: str, expected: set[str]) -> None:
    assert ruled_out(text) >= expected
    assert not ruled_out(text) & kept(text)


@pytest.mark.parametrize(
    "text",
    [
        "no time, no budget and no senior data person to learn from",
        "Not burning out again",
        "nobody has ever coached him",
        "lead something across the whole school, not just her own year group",
        "she has not had enough coaching",
    ],
)
def test_a_lack_or_a_plain_not_rules_nothing_out(text: str) -> None:
    assert ruled_out(text) == set()


def test_a_ruled_out_stretch_ends_with_its_clause() -> None:
    text = "not interested in a warehouse management route at all, wants to stay in transport"
    assert ruled_out(text) == {"warehouse", "management", "route"}
    assert "transport" in kept(text)


@pytest.mark.parametrize(
    ("name", "arena_id"),
    [
        ("Public speaking", "public-speaking"),
        ("  DevOps / SRE!! ", "devops-sre"),
        ("Öffentliches Reden", "offentliches-reden"),
        ("Straße lernen", "strasse-lernen"),
        ("日本語", "日本語"),
        ("Łódź office", "łodz-office"),
    ],
)
def test_a_candidate_s_own_arena_is_named_by_its_words_folded_as_matching_folds_them(
    name: str, arena_id: str
) -> None:
    arena = resolve_arena(name, make_catalogue())

    assert (arena.id, arena.name, arena.custom) == (arena_id, name.strip(), True)
    # The same folding as the words matching compares.
    assert words(arena.id.replace("-", " ")) == words(name)
