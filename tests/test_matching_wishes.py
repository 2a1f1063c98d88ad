"""Step 5's rules for what counts as a wish and as evidence, each in a small hand-checked case.

- A word of the chosen arena's name restates the arena: on its own it is no evidence.
- A word for the form learning takes (course, certificate) says how, not what: weak evidence,
  but a form the candidate rules out ("no more courses") is ruled out in full.
- Beside what is shown, a clause that opens as a wish and that nothing shown touches is a gap
  when the catalogue knows no word of it, or when only an offering they cannot have is about it;
  a clause that tells their story is not a wish.
"""

from __future__ import annotations

import pytest

from reverse_interview.matching import MatchResult, match
from reverse_interview.models import ArenaAnswers, Catalogue, Growth
from reverse_interview.words import read
from tests.helpers import make_catalogue, offering

FILLER = tuple(
    offering(f"filler-{n}", title=f"Filler {word}", summary=f"About {word}.", tags=(word,))
    for n, word in enumerate(["pottery", "sailing", "chess", "juggling", "origami", "fencing"])
)

SCHOOL = (
    *FILLER,
    offering(
        "leadership-circle",
        title="Leadership reading circle",
        arenas=("leadership", "personal-development"),
        summary="Senior staff read and talk about one book a term.",
        tags=("reading", "books"),
    ),
    offering(
        "meal-certificate",
        title="Monitoring and evaluation certificate",
        arenas=("technical-growth",),
        summary="An online certificate in monitoring and evaluation.",
        tags=("monitoring", "evaluation"),
    ),
    offering(
        "behaviour-course",
        title="Behaviour management course",
        arenas=("technical-growth",),
        summary="A six-week course on behaviour and routines in the classroom.",
        tags=("behaviour", "routines"),
    ),
    offering(
        "resuscitation",
        title="Resuscitation skills",
        arenas=("technical-growth",),
        summary="Basic and advanced life support, practised on manikins.",
        tags=("resuscitation", "life-support"),
    ),
    offering(
        "bloods-course",
        title="Venepuncture and cannulation",
        arenas=("technical-growth",),
        summary="Taking blood and placing cannulas, signed off on the ward.",
        tags=("bloods", "venepuncture"),
        roles=("nurse",),
    ),
)


@pytest.fixture
def school() -> Catalogue:
    return make_catalogue(*SCHOOL)


def answers(arena_id: str, learn: str, *, custom: bool = False) -> ArenaAnswers:
    return ArenaAnswers(id=arena_id, name=arena_id.replace("-", " "), learn=learn, custom=custom)


def shown(result: MatchResult) -> list[str]:
    return [o.id for m in result.matches for o in m.offerings]


def test_a_word_of_the_chosen_arena_s_name_is_no_evidence_on_its_own(school: Catalogue) -> None:
    said = "leadership and better budgets"
    in_leadership = match([answers("leadership", said)], Growth(), school)
    elsewhere = match([answers("personal-development", said)], Growth(), school)

    assert shown(in_leadership) == []
    # The same words, in another arena the offering is in, are evidence.
    assert shown(elsewhere) == ["leadership-circle"]


def test_a_word_for_the_form_learning_takes_is_weak_evidence(school: Catalogue) -> None:
    result = match(
        [answers("technical-growth", "a proper certificate in procurement")], Growth(), school
    )

    assert shown(result) == []


def test_a_form_they_rule_out_is_ruled_out_in_full(school: Catalogue) -> None:
    wish = answers("technical-growth", "behaviour with the tough classes")
    plain = match([wish], Growth(), school)
    no_courses = match([wish], Growth(note="no more courses, please"), school)

    assert shown(plain) == ["behaviour-course"]
    assert shown(no_courses) == []


def test_not_again_rules_out_what_follows() -> None:
    (clause,) = read("Not again to be the lead")

    assert [t.negated for t in clause.terms if t.stem == "lead"] == [True]


def test_a_wish_no_offering_has_a_word_for_is_a_gap_beside_what_is_shown(
    school: Catalogue,
) -> None:
    result = match(
        [answers("technical-growth", "resuscitation; and she would love to learn the cello")],
        Growth(),
        school,
    )

    assert shown(result) == ["resuscitation"]
    assert [(g.kind, g.wish) for g in result.gaps] == [("topic", "cello")]


def test_a_clause_that_tells_their_story_is_no_gap(school: Catalogue) -> None:
    result = match(
        [answers("technical-growth", "resuscitation; her daughter plays the cello")],
        Growth(),
        school,
    )

    assert shown(result) == ["resuscitation"]
    assert result.gaps == ()


def test_a_wish_only_an_offering_for_another_role_is_about_is_a_gap(school: Catalogue) -> None:
    learn = "resuscitation; and she wants to take bloods herself"
    assistant = match([answers("technical-growth", learn)], Growth(), school, role="Care assistant")
    nurse = match([answers("technical-growth", learn)], Growth(), school, role="Staff nurse")

    assert shown(assistant) == ["resuscitation"]
    assert [(g.kind, g.wish) for g in assistant.gaps] == [("topic", "take bloods herself")]
    assert sorted(shown(nurse)) == ["bloods-course", "resuscitation"]
    assert nurse.gaps == ()


@pytest.mark.parametrize(
    ("text", "ruled_out", "wanted"),
    [
        ("grow technically, but not people management right now", {"manag"}, {"techn"}),
        ("grow technically but not only for me", set(), {"techn"}),
        ("no more exams, assignments or essays", {"exam", "assign", "essay"}, set()),
        ("not interested in management, or budgets", {"manag", "budget"}, set()),
        ("no more exams, I want Python or Rust", {"exam"}, {"python", "rust"}),
        ("I'd rather not do research, teaching is my thing", {"research"}, {"teach"}),
    ],
)
def test_what_is_ruled_out_reaches_as_far_as_the_candidate_meant(
    text: str, ruled_out: set[str], wanted: set[str]
) -> None:
    terms = [t for clause in read(text) for t in clause.terms if not t.phrase]

    assert ruled_out <= {t.stem for t in terms if t.negated}
    assert wanted <= {t.stem for t in terms if not t.negated}
    assert not wanted & {t.stem for t in terms if t.negated}


def test_each_item_of_a_list_is_a_short_wish_of_its_own() -> None:
    platform = [
        offering(
            f"platform-{n}",
            title=f"Platform {name}",
            summary=f"Running our Kubernetes clusters, {name}.",
            tags=("kubernetes", name),
        )
        for n, name in enumerate(["guild", "apprenticeship"])
    ]
    forum = offering("design-forum", title="System design forum", tags=("architecture",))
    catalogue = make_catalogue(*FILLER, *platform, forum)
    wish = answers("technical-growth", "I want to grow, Kubernetes and system design")

    assert sorted(shown(match([wish], Growth(), catalogue))) == [
        "design-forum",
        "platform-0",
        "platform-1",
    ]


def test_an_arena_with_nothing_says_the_wish_without_what_they_rule_out(
    school: Catalogue,
) -> None:
    result = match(
        [answers("leadership", "mentor the juniors properly, no more courses")],
        Growth(),
        school,
    )

    assert shown(result) == []
    assert [(g.kind, g.wish) for g in result.gaps] == [("topic", "mentor the juniors properly")]
