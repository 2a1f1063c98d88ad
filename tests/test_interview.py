"""The live interview engine, driven by a FakeAsker: no terminal, every answer checked saved."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from reverse_interview.answering import match_interview, strongest_first
from reverse_interview.errors import Refused
from reverse_interview.interview import Engine, Preset
from reverse_interview.models import (
    STANDARD_ARENAS,
    Arena,
    ArenaAnswers,
    Catalogue,
    CatalogueIdentity,
    Interview,
    Mode,
    Struck,
)
from reverse_interview.review import (
    DONE_REVIEWING,
    ChangeArenaAnswer,
    ChangeArenas,
    ChangeGrowthNote,
    ChangePerson,
    ChangeRanking,
    RenameArena,
)
from reverse_interview.steps import ADD_OWN, DEFAULT_PITCH, DONE
from reverse_interview.store import Store
from tests.fake_asker import AS_SHOWN, FakeAsker
from tests.helpers import make_catalogue, offering

CATALOGUE = make_catalogue(
    offering(
        "cloud-guild",
        title="Cloud Guild",
        category="people",
        arenas=("technical-growth",),
        modes=("mentoring", "peer-learning"),
        tags=("kubernetes", "cloud"),
        summary="Engineers who run our platform meet weekly and pair on real problems.",
    ),
    offering(
        "course-library",
        title="Course Library",
        category="resources",
        arenas=("technical-growth", "leadership"),
        modes=("coursework", "self-directed"),
        tags=("kubernetes", "books"),
        summary="Online courses and books, with study time in working hours.",
    ),
    offering(
        "platform-rotation",
        title="Platform Rotation",
        category="opportunities",
        arenas=("technical-growth", "teamwork"),
        modes=("stretch-assignments",),
        summary="Three months on another team's platform work.",
    ),
    offering(
        "team-retros",
        title="Team Retros Coaching",
        category="people",
        arenas=("teamwork",),
        modes=("coaching",),
        summary="A coach helps your team run honest retrospectives.",
    ),
    offering(
        "speakers-club",
        title="Speakers Club",
        category="opportunities",
        arenas=("personal-development",),
        modes=("peer-learning",),
        tags=("speaking", "conferences"),
        summary="Practise talks with colleagues before giving them at conferences.",
    ),
    offering(
        "old-programme",
        title="Old Programme",
        active=False,
        summary="A mentoring scheme that has ended.",
    ),
    offering(
        "full-mentoring",
        title="Full Mentoring",
        capacity=0,
        summary="One-to-one mentoring with a principal engineer.",
    ),
)


def answers_of(interview: Interview) -> dict[str, object]:
    """Everything an interview records except its ID and times, for comparing two runs."""
    skip = {"id", "started_at", "updated_at"}
    return {
        f.name: getattr(interview, f.name)
        for f in dataclasses.fields(interview)
        if f.name not in skip
    }


# --- one whole interview, as data: each answer with what it must leave in the record ----------

Check = Callable[[Interview], bool]


@dataclass(frozen=True)
class Turn:
    """One scripted answer, and what the saved record holds once it is given."""

    kind: str
    answer: object
    saved: Check


def arena(interview: Interview, arena_id: str) -> ArenaAnswers | None:
    return next((a for a in interview.arenas if a.id == arena_id), None)


def arena_field(arena_id: str, field: str, value: str) -> Check:
    def check(interview: Interview) -> bool:
        found = arena(interview, arena_id)
        return found is not None and getattr(found, field) == value

    return check


TECH_STRENGTHS = "Linux, networking, on-call for our billing system"
TECH_LEARN = "Kubernetes and the cloud, from good books"
TECH_OBSTACLES = "No senior peer to learn from"
TEAM_STRENGTHS = "Calm in incidents"
TEAM_LEARN = "Running retrospectives"
TEAM_OBSTACLES = "Too busy"
OWN_STRENGTHS = "Explaining things one to one"
OWN_LEARN = "Speaking at conferences"
OWN_OBSTACLES = "Nervous in front of a crowd"
GROWTH_NOTE = "Pairing with someone works best"
NOTES = "Strong on infrastructure; ask about the on-call load"

WHOLE: tuple[Turn, ...] = (
    Turn("text", "Ada Lovelace", lambda i: i.candidate == "Ada Lovelace"),
    Turn("text", "Platform engineer", lambda i: i.role == "Platform engineer"),
    Turn("text", "Grace Hopper", lambda i: i.interviewer == "Grace Hopper"),
    Turn("confirm", True, lambda i: i.pitch_done),
    Turn(
        "checkbox",
        ["technical-growth", "teamwork", ADD_OWN],
        lambda i: [a.id for a in i.arenas[:2]] == ["technical-growth", "teamwork"],
    ),
    Turn(
        "text",
        "Public speaking",
        lambda i: (
            [(a.id, a.name, a.custom) for a in i.arenas[2:]]
            == [("public-speaking", "Public speaking", True)]
        ),
    ),
    Turn("text", "", lambda i: len(i.arenas) == 3),
    Turn("text", TECH_STRENGTHS, arena_field("technical-growth", "strengths", TECH_STRENGTHS)),
    Turn("text", TECH_LEARN, arena_field("technical-growth", "learn", TECH_LEARN)),
    Turn("text", TECH_OBSTACLES, arena_field("technical-growth", "obstacles", TECH_OBSTACLES)),
    Turn("text", TEAM_STRENGTHS, arena_field("teamwork", "strengths", TEAM_STRENGTHS)),
    Turn("text", TEAM_LEARN, arena_field("teamwork", "learn", TEAM_LEARN)),
    Turn("text", TEAM_OBSTACLES, arena_field("teamwork", "obstacles", TEAM_OBSTACLES)),
    Turn("text", OWN_STRENGTHS, arena_field("public-speaking", "strengths", OWN_STRENGTHS)),
    Turn("text", OWN_LEARN, arena_field("public-speaking", "learn", OWN_LEARN)),
    Turn("text", OWN_OBSTACLES, arena_field("public-speaking", "obstacles", OWN_OBSTACLES)),
    Turn("select", "mentoring", lambda i: i.growth.preferred[:1] == ("mentoring",)),
    Turn(
        "select",
        "coursework",
        lambda i: i.growth.preferred[:2] == ("mentoring", "coursework"),
    ),
    Turn("select", DONE, lambda i: i.growth.preferred == ("mentoring", "coursework")),
    Turn("text", GROWTH_NOTE, lambda i: i.growth.note == GROWTH_NOTE),
    Turn("select", DONE_REVIEWING, lambda i: i.reviewed and bool(i.matches)),
    Turn("checkbox", AS_SHOWN, lambda i: i.struck == () and "struck" in i.finished),
    Turn("pick", "cloud-guild", lambda i: i.highlights == ("cloud-guild",)),
    Turn("pick", "", lambda i: i.highlights == ("cloud-guild",)),
    Turn("text", NOTES, lambda i: i.notes == NOTES),
)
SCRIPT = [turn.answer for turn in WHOLE]


class Saves(list[Interview]):
    """A save callable that keeps every version handed to it."""

    def __call__(self, interview: Interview) -> None:
        self.append(interview)

    @property
    def last(self) -> Interview | None:
        return self[-1] if self else None


def ids() -> Iterator[str]:
    n = 0
    while True:
        n += 1
        yield f"iv-{n}"


def engine(
    asker: FakeAsker, save: Callable[[Interview], None], catalogue: Catalogue = CATALOGUE
) -> Engine:
    counter = ids()
    return Engine(asker, catalogue, save, lambda: next(counter))


def run_whole(catalogue: Catalogue = CATALOGUE) -> tuple[Interview, FakeAsker, Saves]:
    saves = Saves()
    asker = FakeAsker(SCRIPT, observe=lambda: saves.last)
    result = engine(asker, saves, catalogue).run()
    asker.assert_done()
    return result, asker, saves


# --- a whole interview -------------------------------------------------------------------------


def test_a_whole_interview_asks_everything_in_order_and_completes() -> None:
    result, asker, _ = run_whole()

    assert [a.kind for a in asker.asked] == [t.kind for t in WHOLE]
    assert asker.questions("text")[:3] == [
        "The candidate's name:",
        "The role they are interviewing for:",
        "Your name (the interviewer):",
    ]
    assert asker.headers == [f"Step {n} of 5" for n in range(1, 6)]
    assert [step.number for step, _ in asker.steps] == [1, 2, 3, 4, 5]
    assert result.status == "complete"
    assert result.id == "iv-1"
    assert result.candidate == "Ada Lovelace"
    assert result.role == "Platform engineer"
    assert result.interviewer == "Grace Hopper"
    assert result.arenas == (
        ArenaAnswers(
            "technical-growth",
            "Technical growth",
            strengths=TECH_STRENGTHS,
            learn=TECH_LEARN,
            obstacles=TECH_OBSTACLES,
        ),
        ArenaAnswers(
            "teamwork",
            "Peer relationships and teamwork",
            strengths=TEAM_STRENGTHS,
            learn=TEAM_LEARN,
            obstacles=TEAM_OBSTACLES,
        ),
        ArenaAnswers(
            "public-speaking",
            "Public speaking",
            custom=True,
            strengths=OWN_STRENGTHS,
            learn=OWN_LEARN,
            obstacles=OWN_OBSTACLES,
        ),
    )
    assert result.growth.preferred == ("mentoring", "coursework")
    assert result.growth.note == GROWTH_NOTE
    assert result.highlights == ("cloud-guild",)
    assert result.notes == NOTES
    assert result.catalogue == CATALOGUE.identity


def test_the_three_questions_are_asked_for_every_arena_in_long_form() -> None:
    _, asker, _ = run_whole()

    step3 = [a for a in asker.asked[7:16]]
    for arena_name, asked in zip(
        ["Technical growth", "Peer relationships and teamwork", "Public speaking"],
        [step3[0:3], step3[3:6], step3[6:9]],
        strict=True,
    ):
        assert all(arena_name in a.question for a in asked)
        assert [a.question.split(": ", 1)[1] for a in asked] == [
            "what are they already good at?",
            "what would they like to learn or improve?",
            "what are the biggest obstacles?",
        ]
        assert all(a.multiline for a in asked)


def test_every_answer_is_saved_before_the_next_question_appears() -> None:
    result, asker, saves = run_whole()

    for index, asked in enumerate(asker.asked):
        seen = asked.seen
        if index == 0:
            assert seen is None
            continue
        assert isinstance(seen, Interview), f"nothing saved before question {index}"
        for earlier in range(index):
            assert WHOLE[earlier].saved(seen), (
                f"answer {earlier} ({WHOLE[earlier].answer!r}) not saved "
                f"when question {index} ({asked.question!r}) appeared"
            )
    assert saves[-1] == result
    assert len({s.id for s in saves}) == 1


def test_the_matches_are_computed_shown_and_saved_before_highlights_are_picked() -> None:
    result, asker, _ = run_whole()

    assert len(asker.matches_shown) == 1
    shown = asker.matches_shown[0]
    assert [m.arena for m in shown.matches] == ["technical-growth", "teamwork", "public-speaking"]
    technical = shown.matches[0]
    assert "cloud-guild" in [o.id for o in technical.offerings]
    offered = {o.id for m in result.matches for o in m.offerings}
    assert "old-programme" not in offered
    assert "full-mentoring" not in offered
    # the pick question appears with the matches already in the store
    first_pick = next(a for a in asker.asked if a.kind == "pick")
    assert isinstance(first_pick.seen, Interview)
    assert first_pick.seen.matches == shown.matches
    assert {s.id for s in result.snapshots} >= offered | {"cloud-guild"}


def test_step_1_says_the_default_pitch_when_the_catalogue_has_none() -> None:
    _, asker, _ = run_whole()
    step, say = asker.steps[0]
    assert step.number == 1
    assert say == DEFAULT_PITCH


def test_step_1_says_the_catalogues_own_pitch() -> None:
    pitch = "At Example Org we hire people we can grow. Tell us where you want to go."
    _, asker, _ = run_whole(replace(CATALOGUE, pitch=pitch + "\n"))
    assert asker.steps[0][1] == pitch


HOSPITAL = replace(
    make_catalogue(
        offering(
            "ward-mentors",
            title="Ward Mentors",
            arenas=("patient-care",),
            modes=("shadowing",),
            summary="A senior nurse you shadow on the ward.",
        ),
    ),
    arenas=(Arena("clinical-skills", "Clinical skills"), Arena("patient-care", "Patient care")),
    modes=(Mode("shadowing", "Shadowing a senior nurse"), Mode("simulation", "Simulation lab")),
)
HOSPITAL_SCRIPT = [
    "Ada",
    "Nurse",
    "Grace",
    True,
    ["clinical-skills"],
    "Triage",
    "Prescribing",
    "Exams",
    "simulation",
    DONE,
    "",
    DONE_REVIEWING,
    "",
    "",
]


def test_step_2_names_the_catalogues_arenas_aloud_and_asks_for_any_other() -> None:
    _, asker, _ = run_whole()
    say = dict((step.number, said) for step, said in asker.steps)[2]
    assert (
        "technical growth, peer relationships and teamwork, leadership growth "
        "or personal development in the work context" in say
    )
    assert "Is there an area important to you that I didn't mention?" in say

    hospital = FakeAsker(HOSPITAL_SCRIPT)
    engine(hospital, Saves(), HOSPITAL).run()
    hospital.assert_done()
    say = dict((step.number, said) for step, said in hospital.steps)[2]
    assert "clinical skills or patient care?" in say
    assert "technical" not in say.casefold()


def test_step_4_asks_how_they_grew_best_and_names_the_catalogues_own_modes() -> None:
    _, asker, _ = run_whole()
    say = dict((step.number, said) for step, said in asker.steps)[4]
    assert "How have you grown best in the past?" in say
    assert "coursework, mentoring, apprenticeship" in say

    hospital = FakeAsker(HOSPITAL_SCRIPT)
    engine(hospital, Saves(), HOSPITAL).run()
    say = dict((step.number, said) for step, said in hospital.steps)[4]
    assert "How have you grown best in the past?" in say
    assert "shadowing a senior nurse or simulation lab" in say
    for standard in ("coursework", "mentoring", "apprenticeship", "coaching"):
        assert standard not in say.casefold()


def test_step_1_is_shown_again_until_the_interviewer_has_said_it() -> None:
    saves = Saves()
    script = [*SCRIPT[:3], False, *SCRIPT[3:]]
    asker = FakeAsker(script)
    engine(asker, saves).run()
    asker.assert_done()
    assert [step.number for step, _ in asker.steps][:3] == [1, 1, 2]


def test_names_given_on_the_command_line_are_not_asked() -> None:
    saves = Saves()
    preset = Preset(candidate=" Ada Lovelace ", role="Platform engineer", interviewer="Grace")
    asker = FakeAsker(SCRIPT[3:], observe=lambda: saves.last)
    result = engine(asker, saves).run(preset=preset)
    asker.assert_done()
    assert asker.asked[0].kind == "confirm"
    assert (result.candidate, result.role, result.interviewer) == (
        "Ada Lovelace",
        "Platform engineer",
        "Grace",
    )
    # saved before step 1 is even shown
    first = asker.asked[0].seen
    assert isinstance(first, Interview)
    assert first.candidate == "Ada Lovelace"


def test_only_the_names_not_given_are_asked() -> None:
    saves = Saves()
    asker = FakeAsker(["Engineer", *SCRIPT[2:]])
    result = engine(asker, saves).run(preset=Preset(candidate="Ada"))
    asker.assert_done()
    assert asker.questions("text")[:2] == [
        "The role they are interviewing for:",
        "Your name (the interviewer):",
    ]
    assert result.candidate == "Ada"
    assert result.role == "Engineer"


def test_a_blank_candidate_is_refused_and_asked_again() -> None:
    saves = Saves()
    asker = FakeAsker(["   ", "Ada", *SCRIPT[1:]])
    result = engine(asker, saves).run()
    asker.assert_done()
    assert asker.asked[0].required
    assert asker.asked[0].invalid  # the widget refuses a blank answer
    assert result.candidate == "Ada"


def test_a_blank_candidate_on_the_command_line_is_refused_before_anything_is_saved() -> None:
    saves = Saves()
    asker = FakeAsker([])
    with pytest.raises(Refused, match="name"):
        engine(asker, saves).run(preset=Preset(candidate="  "))
    assert saves == []
    assert asker.asked == []


# --- arenas ------------------------------------------------------------------------------------

FIVE_ARENAS = replace(CATALOGUE, arenas=(*STANDARD_ARENAS, Arena("communication", "Communication")))
NAMED = ["Ada", "Engineer", "Grace", True]


def arena_step(
    checkbox: list[object], own: list[str], catalogue: Catalogue = CATALOGUE
) -> tuple[Interview, FakeAsker]:
    """Run up to the arenas, then stop at the first step-3 question; returns the saved draft."""
    saves = Saves()
    script = [*NAMED, *checkbox, *own]
    asker = FakeAsker(script, stop_at=len(NAMED) + 1 + len(own))
    with pytest.raises(KeyboardInterrupt):
        engine(asker, saves, catalogue).run()
    asker.assert_done()
    assert saves.last is not None
    return saves.last, asker


def test_five_arenas_ticked_are_refused_on_the_spot() -> None:
    all_five = [a.id for a in FIVE_ARENAS.arenas]
    saved, asker = arena_step([all_five, all_five[:4]], [], FIVE_ARENAS)
    checkbox = next(a for a in asker.asked if a.kind == "checkbox")
    assert len(checkbox.invalid) == 1
    assert "4" in checkbox.invalid[0] and "5" in checkbox.invalid[0]
    assert [a.id for a in saved.arenas] == all_five[:4]


def test_four_arenas_and_one_of_their_own_are_refused_on_the_spot() -> None:
    four = [a.id for a in STANDARD_ARENAS]
    saved, asker = arena_step([[*four, ADD_OWN], four], [])
    checkbox = next(a for a in asker.asked if a.kind == "checkbox")
    assert len(checkbox.invalid) == 1
    assert "4" in checkbox.invalid[0]
    assert [a.id for a in saved.arenas] == four
    assert asker.questions("text")[3:] == []  # no arena of their own was asked for


def test_nothing_ticked_is_refused_on_the_spot() -> None:
    saved, asker = arena_step([[], ["leadership"]], [])
    checkbox = next(a for a in asker.asked if a.kind == "checkbox")
    assert len(checkbox.invalid) == 1
    assert [a.id for a in saved.arenas] == ["leadership"]


def test_the_checkbox_offers_the_catalogue_arenas_and_their_own() -> None:
    _, asker = arena_step([["leadership"]], [])
    checkbox = next(a for a in asker.asked if a.kind == "checkbox")
    values = [c.value for c in checkbox.choices]
    assert values == [*(a.id for a in STANDARD_ARENAS), ADD_OWN]


def test_their_own_arenas_are_limited_by_the_room_left() -> None:
    saved, asker = arena_step(
        [["technical-growth", "teamwork", ADD_OWN]], ["Public speaking", "Writing"]
    )
    own_questions = [q for q in asker.questions("text") if "own arena" in q]
    assert len(own_questions) == 2  # the third is never asked: four arenas are chosen
    assert "room for 2 more" in own_questions[0]
    assert "room for 1 more" in own_questions[1]
    assert [(a.id, a.name, a.custom) for a in saved.arenas] == [
        ("technical-growth", "Technical growth", False),
        ("teamwork", "Peer relationships and teamwork", False),
        ("public-speaking", "Public speaking", True),
        ("writing", "Writing", True),
    ]


def test_their_own_arena_that_names_a_catalogue_arena_means_that_arena() -> None:
    saved, asker = arena_step([["technical-growth", ADD_OWN]], ["  Leadership ", "TEAMWORK", ""])
    assert [(a.id, a.name, a.custom) for a in saved.arenas] == [
        ("technical-growth", "Technical growth", False),
        ("leadership", "Leadership growth", False),
        ("teamwork", "Peer relationships and teamwork", False),
    ]
    assert asker.refusals == []


def test_their_own_arena_by_a_catalogue_arenas_name_means_that_arena() -> None:
    saved, _ = arena_step([[ADD_OWN]], ["personal development in the work context", ""])
    assert [(a.id, a.custom) for a in saved.arenas] == [("personal-development", False)]


def test_their_own_arena_chosen_twice_or_without_letters_is_refused_with_a_reason() -> None:
    saved, asker = arena_step(
        [["technical-growth", ADD_OWN]], ["Technical Growth!", "!!!", "Public speaking", ""]
    )
    assert len(asker.refusals) == 2
    assert "twice" in asker.refusals[0]
    assert "'!!!'" in asker.refusals[1]
    assert [a.id for a in saved.arenas] == ["technical-growth", "public-speaking"]


def test_only_their_own_arena_needs_at_least_one_name() -> None:
    saved, asker = arena_step([[ADD_OWN]], ["", "Public speaking", ""])
    assert asker.refusals == ["at least one arena is needed"]
    assert [a.id for a in saved.arenas] == ["public-speaking"]


# --- Ctrl-C and EOF at every question, then resume ----------------------------------------------


def run_until_stopped(
    store: Store, stop_at: int, stop_with: type[BaseException]
) -> tuple[Interview | None, FakeAsker, str | None]:
    asker = FakeAsker(SCRIPT, stop_at=stop_at, stop_with=stop_with)
    eng = Engine(asker, CATALOGUE, store.save, store.new_id)
    with pytest.raises(stop_with):
        eng.run()
    if eng.interview_id is None:
        return None, asker, None
    return store.load(eng.interview_id), asker, eng.interview_id


def uninterrupted() -> Interview:
    result, _, _ = run_whole()
    return result


@pytest.mark.parametrize("stop_at", range(len(WHOLE)))
def test_ctrl_c_at_any_question_keeps_every_earlier_answer_and_resume_finishes(
    tmp_path: Path, stop_at: int
) -> None:
    with Store.open(tmp_path / "ri.db") as store:
        saved, stopped, interview_id = run_until_stopped(store, stop_at, KeyboardInterrupt)
        assert len(stopped.asked) == stop_at
        if stop_at == 0:
            assert saved is None
            assert store.list() == []
        else:
            assert saved is not None
            assert saved.status == "draft"
            for earlier in range(stop_at):
                turn = WHOLE[earlier]
                assert turn.saved(saved), (
                    f"Ctrl-C at question {stop_at} ({stopped.events[-1][1]!r}) lost answer "
                    f"{earlier} ({turn.answer!r})"
                )

        # Resume: exactly the questions not yet answered are asked, and nothing else.
        resumed = FakeAsker(SCRIPT[stop_at:])
        result = Engine(resumed, CATALOGUE, store.save, store.new_id).run(saved)
        resumed.assert_done()
        assert result.status == "complete"
        assert answers_of(result) == answers_of(uninterrupted())
        if interview_id is not None:
            assert result.id == interview_id
            assert answers_of(store.load(interview_id)) == answers_of(result)
        if stop_at > 3:  # step 1 was said: it is not shown again
            assert 1 not in [step.number for step, _ in resumed.steps]
        assert resumed.notices == []


@pytest.mark.parametrize("stop_at", [0, 3, 9, 20, 22])
def test_eof_at_a_question_keeps_the_draft_like_ctrl_c(tmp_path: Path, stop_at: int) -> None:
    with Store.open(tmp_path / "ri.db") as store:
        saved, _, _ = run_until_stopped(store, stop_at, EOFError)
        if stop_at:
            assert saved is not None
            assert all(WHOLE[earlier].saved(saved) for earlier in range(stop_at))
        resumed = FakeAsker(SCRIPT[stop_at:])
        result = Engine(resumed, CATALOGUE, store.save, store.new_id).run(saved)
        resumed.assert_done()
        assert answers_of(result) == answers_of(uninterrupted())


def test_resume_in_step_3_shows_only_step_3_onwards() -> None:
    saves = Saves()
    with pytest.raises(KeyboardInterrupt):
        engine(FakeAsker(SCRIPT, stop_at=10), saves).run()
    resumed = FakeAsker(SCRIPT[10:])
    engine(resumed, saves).run(saves.last)
    resumed.assert_done()
    assert [step.number for step, _ in resumed.steps] == [3, 4, 5]
    assert "Peer relationships and teamwork" in resumed.asked[0].question


# --- the review --------------------------------------------------------------------------------

BEFORE_REVIEW = SCRIPT[:20]
AFTER_REVIEW = SCRIPT[21:]


def test_changing_an_answer_in_the_review_saves_it_before_the_review_shows_again() -> None:
    saves = Saves()
    changed = "Helm charts and service meshes"
    script = [
        *BEFORE_REVIEW,
        ChangeArenaAnswer("technical-growth", "learn"),
        changed,
        DONE_REVIEWING,
        *AFTER_REVIEW,
    ]
    asker = FakeAsker(script, observe=lambda: saves.last)
    result = engine(asker, saves).run()
    asker.assert_done()

    change = asker.asked[21]
    assert change.default == TECH_LEARN  # the old answer, ready to edit
    assert change.multiline
    assert len(asker.reviews) == 2
    again = asker.asked[22]
    assert isinstance(again.seen, Interview)
    assert again.seen.arenas[0].learn == changed
    assert asker.reviews[1].arenas[0].learn == changed
    assert result.arenas[0].learn == changed
    assert result.arenas[1:] == uninterrupted().arenas[1:]


def test_each_time_the_review_opens_its_answers_are_handed_over_for_matching_ahead() -> None:
    """`ri run` matches the answers in the background while the review is read, so that
    step 5 finds their words looked up: the latest answers each time, before step 5."""
    saves = Saves()
    changed = "Helm charts and service meshes"
    script = [
        *BEFORE_REVIEW,
        ChangeArenaAnswer("technical-growth", "learn"),
        changed,
        DONE_REVIEWING,
        *AFTER_REVIEW,
    ]
    asker = FakeAsker(script, observe=lambda: saves.last)
    handed: list[Interview] = []
    counter = ids()
    Engine(asker, CATALOGUE, saves, lambda: next(counter), handed.append).run()
    asker.assert_done()
    assert [i.arenas[0].learn for i in handed] == [TECH_LEARN, changed]
    assert all(not i.matches and not i.reviewed for i in handed)


def test_the_review_offers_a_change_for_every_answer() -> None:
    _, asker, _ = run_whole()
    review = asker.asked[20]
    assert review.default == DONE_REVIEWING
    keys = [c.value for c in review.choices]
    assert keys[0] == DONE_REVIEWING
    fields = ("strengths", "learn", "obstacles")
    assert keys[1:] == [
        ChangePerson("candidate"),
        ChangePerson("role"),
        ChangePerson("interviewer"),
        ChangeArenas(),
        *(ChangeArenaAnswer(a, f) for a in ("technical-growth", "teamwork") for f in fields),
        RenameArena("public-speaking"),  # their own arena can be renamed, keeping its answers
        *(ChangeArenaAnswer("public-speaking", f) for f in fields),
        ChangeRanking(),
        ChangeGrowthNote(),
    ]


def test_changing_the_growth_order_in_the_review_asks_the_ranking_again() -> None:
    saves = Saves()
    script = [*BEFORE_REVIEW, ChangeRanking(), "coaching", DONE, DONE_REVIEWING, *AFTER_REVIEW]
    asker = FakeAsker(script)
    result = engine(asker, saves).run()
    asker.assert_done()
    assert result.growth.preferred == ("coaching",)
    assert result.growth.note == GROWTH_NOTE


def test_changing_the_arenas_in_the_review_asks_the_new_arenas_questions() -> None:
    saves = Saves()
    lead = ("Running a small team", "Giving feedback", "Never had the chance")
    script = [
        *BEFORE_REVIEW,
        ChangeArenas(),
        ["technical-growth", "public-speaking", "leadership"],
        True,  # yes, drop teamwork and its answers
        *lead,
        DONE_REVIEWING,
        *AFTER_REVIEW,
    ]
    asker = FakeAsker(script)
    result = engine(asker, saves).run()
    asker.assert_done()

    checkbox = asker.asked[21]
    assert checkbox.kind == "checkbox"
    assert checkbox.default == ["technical-growth", "teamwork", "public-speaking"]
    assert "public-speaking" in [c.value for c in checkbox.choices]  # their own, still offered
    assert asker.asked[22].kind == "confirm"
    assert [a.question for a in asker.asked[23:26]] == [
        "In Leadership growth: what are they already good at?",
        "In Leadership growth: what would they like to learn or improve?",
        "In Leadership growth: what are the biggest obstacles?",
    ]
    whole = uninterrupted()
    assert result.arenas == (
        whole.arenas[0],
        whole.arenas[2],
        ArenaAnswers("leadership", "Leadership growth", False, *lead),
    )
    assert [m.arena for m in result.matches] == [
        "technical-growth",
        "public-speaking",
        "leadership",
    ]


def test_resuming_a_complete_interview_opens_the_review_and_matches_again() -> None:
    first, _, saves = run_whole()
    asker = FakeAsker([DONE_REVIEWING, AS_SHOWN, "", "Notes, revised"])
    result = engine(asker, saves).run(first)
    asker.assert_done()
    assert len(asker.reviews) == 1
    assert [step.number for step, _ in asker.steps] == [5]
    assert len(asker.matches_shown) == 1
    assert asker.notices == []  # same catalogue: nothing to say
    assert result.status == "complete"
    assert result.notes == "Notes, revised"
    assert asker.asked[-1].default == NOTES


def test_a_complete_interview_changed_in_the_review_stays_complete() -> None:
    first, _, saves = run_whole()
    before = len(saves)
    script = [ChangePerson("role"), "Staff engineer", DONE_REVIEWING, AS_SHOWN, "", NOTES]
    asker = FakeAsker(script, observe=lambda: saves.last)
    result = engine(asker, saves).run(first)
    asker.assert_done()

    after_change = saves[before:]
    assert after_change[0].role == "Staff engineer"
    assert all(s.status == "complete" for s in after_change)
    second_review = asker.asked[2]
    assert isinstance(second_review.seen, Interview)
    assert second_review.seen.role == "Staff engineer"
    assert result.role == "Staff engineer"
    assert result.status == "complete"
    assert result.notes == NOTES


def test_ctrl_c_in_the_review_of_a_complete_interview_keeps_it_complete_and_matched() -> None:
    first, _, saves = run_whole()

    # Change what they want to learn technically, then stop at the next question.
    asker = FakeAsker(
        [ChangeArenaAnswer("technical-growth", "learn"), "Giving talks at conferences"], stop_at=2
    )
    with pytest.raises(KeyboardInterrupt):
        engine(asker, saves).run(first)
    kept = saves.last
    assert kept is not None
    assert kept.status == "complete"
    assert kept.arenas[0].learn == "Giving talks at conferences"
    # matched again on the answer as it now is, so `ri gaps` and the report agree with it
    assert kept.matches == match_interview(kept, CATALOGUE).matches
    assert kept.matches != first.matches

    resumed = FakeAsker([DONE_REVIEWING, AS_SHOWN, "", ""])
    result = engine(resumed, saves).run(kept)
    resumed.assert_done()
    assert len(resumed.reviews) == 1  # a complete interview reopens in the review
    assert result.status == "complete"


@pytest.mark.parametrize("stop_with", [KeyboardInterrupt, EOFError])
@pytest.mark.parametrize("stop_at", [1, 2, 3, 4, 5])
def test_stopping_anywhere_inside_change_the_arenas_keeps_a_complete_interview_complete(
    stop_with: type[BaseException], stop_at: int
) -> None:
    first, _, saves = run_whole()
    # Untick teamwork (confirmed), add leadership, and answer its questions: stopped part way.
    script = [
        ChangeArenas(),
        ["technical-growth", "public-speaking", "leadership"],
        True,
        "Running a small team",
        "Giving feedback",
        "Never had the chance",
    ]
    asker = FakeAsker(script, stop_at=stop_at, stop_with=stop_with)
    with pytest.raises(stop_with):
        engine(asker, saves).run(first)
    kept = saves.last
    assert kept is not None
    assert kept.status == "complete"
    assert [m.arena for m in kept.matches] == [a.id for a in kept.arenas]


def test_ctrl_c_during_the_review_of_a_draft_resumes_in_the_review() -> None:
    saves = Saves()
    script = [*BEFORE_REVIEW, ChangePerson("role"), "Staff engineer"]
    with pytest.raises(KeyboardInterrupt):
        engine(FakeAsker(script, stop_at=22), saves).run()
    draft = saves.last
    assert draft is not None
    assert (draft.role, draft.status) == ("Staff engineer", "draft")

    resumed = FakeAsker([DONE_REVIEWING, *AFTER_REVIEW])
    result = engine(resumed, saves).run(draft)
    resumed.assert_done()
    assert len(resumed.reviews) == 1, "the review was not finished: resume must open it"
    assert result.status == "complete"


def test_unticking_an_arena_with_answers_asks_first_and_no_keeps_them() -> None:
    first, _, saves = run_whole()
    before = len(saves)
    script = [
        ChangeArenas(),
        ["technical-growth", "public-speaking"],  # teamwork unticked...
        False,  # ...no: keep it
        ["technical-growth", "teamwork", "public-speaking"],
        DONE_REVIEWING,
        AS_SHOWN,
        "",
        NOTES,
    ]
    asker = FakeAsker(script)
    result = engine(asker, saves).run(first)
    asker.assert_done()

    confirm = asker.asked[2]
    assert confirm.kind == "confirm"
    assert confirm.question == "Drop Peer relationships and teamwork and its answers?"
    assert confirm.default is False
    assert any(TEAM_LEARN in n and "loses its answers" in n for n in asker.notices)
    again = asker.asked[3]
    assert again.kind == "checkbox"
    assert again.default == ["technical-growth", "teamwork", "public-speaking"]  # ticked again
    assert result.arenas == first.arenas
    assert all(s.arenas == first.arenas for s in saves[before:])


def test_unticking_an_arena_with_answers_and_saying_yes_drops_them() -> None:
    first, _, saves = run_whole()
    script = [ChangeArenas(), ["technical-growth"], True, DONE_REVIEWING, AS_SHOWN, "", NOTES]
    result = engine(FakeAsker(script), saves).run(first)
    assert [a.id for a in result.arenas] == ["technical-growth"]


def test_unticking_an_arena_left_without_answers_asks_nothing() -> None:
    script = list(SCRIPT)
    script[10:13] = ["", "", ""]  # teamwork: no answer to any of its three questions
    script[20:20] = [ChangeArenas(), ["technical-growth", "public-speaking"]]
    asker = FakeAsker(script)
    result = engine(asker, Saves()).run()
    asker.assert_done()
    assert "confirm" not in [a.kind for a in asker.asked[20:]]
    assert [a.id for a in result.arenas] == ["technical-growth", "public-speaking"]


def test_renaming_their_own_arena_keeps_its_answers() -> None:
    first, _, saves = run_whole()
    own = first.arenas[2]
    script = [
        RenameArena("public-speaking"),
        "Public speaking at meetups",
        DONE_REVIEWING,
        AS_SHOWN,
        "",
        "",
    ]
    asker = FakeAsker(script)
    result = engine(asker, saves).run(first)
    asker.assert_done()
    assert asker.asked[1].default == "Public speaking"  # the old name, ready to edit
    renamed = result.arenas[2]
    assert (renamed.id, renamed.name, renamed.custom) == (
        "public-speaking-at-meetups",
        "Public speaking at meetups",
        True,
    )
    assert (renamed.strengths, renamed.learn, renamed.obstacles) == (
        own.strengths,
        own.learn,
        own.obstacles,
    )
    assert [m.arena for m in result.matches][2] == "public-speaking-at-meetups"


def test_renaming_their_own_arena_to_a_catalogue_arena_or_a_chosen_one() -> None:
    first, _, saves = run_whole()
    script = [
        RenameArena("public-speaking"),
        "teamwork",  # already chosen: refused, asked again
        "Leadership growth",  # the catalogue's arena: it becomes that one, answers kept
        DONE_REVIEWING,
        AS_SHOWN,
        "",
        "",
    ]
    asker = FakeAsker(script)
    result = engine(asker, saves).run(first)
    asker.assert_done()
    assert len(asker.refusals) == 1 and "chosen twice" in asker.refusals[0]
    lead = result.arenas[2]
    assert (lead.id, lead.custom) == ("leadership", False)
    assert lead.learn == first.arenas[2].learn


def test_leaving_the_review_without_a_change_saves_nothing_new() -> None:
    first, _, saves = run_whole()
    before = len(saves)
    with pytest.raises(KeyboardInterrupt):
        engine(FakeAsker([], stop_at=0), saves).run(first)
    assert len(saves) == before


def test_resuming_after_the_catalogue_changed_says_so_and_matches_again() -> None:
    first, _, saves = run_whole()
    assert "course-library" not in first.highlights
    changed = replace(
        CATALOGUE,
        offerings=tuple(o for o in CATALOGUE.offerings if o.id != "cloud-guild"),
        identity=CatalogueIdentity(path=CATALOGUE.identity.path, sha256="1" * 64),
    )
    asker = FakeAsker([DONE_REVIEWING, AS_SHOWN, "", ""])
    result = engine(asker, saves, changed).run(first)
    asker.assert_done()

    assert any("catalogue has changed" in n for n in asker.notices)
    assert any("cloud-guild" in n for n in asker.notices)  # the highlight can't be offered now
    assert result.catalogue == changed.identity
    offered = {o.id for m in result.matches for o in m.offerings}
    assert "cloud-guild" not in offered
    assert result.highlights == ()
    # the record still names what it once presented
    assert result.snapshot("cloud-guild") is not None


def test_resuming_with_the_same_catalogue_says_nothing_about_it() -> None:
    saves = Saves()
    with pytest.raises(KeyboardInterrupt):
        engine(FakeAsker(SCRIPT, stop_at=21), saves).run()
    resumed = FakeAsker(SCRIPT[21:])
    engine(resumed, saves).run(saves.last)
    resumed.assert_done()
    assert resumed.notices == []


# --- highlights --------------------------------------------------------------------------------


def highlights_run(picks: list[str]) -> tuple[Interview, FakeAsker, Saves]:
    saves = Saves()
    asker = FakeAsker([*BEFORE_REVIEW, DONE_REVIEWING, AS_SHOWN, *picks, "", NOTES])
    result = engine(asker, saves).run()
    asker.assert_done()
    return result, asker, saves


def test_highlights_that_cannot_be_promised_are_refused_with_a_reason() -> None:
    result, asker, saves = highlights_run(["no-such-thing", "old-programme", "full-mentoring"])
    assert len(asker.refusals) == 3
    unknown, inactive, full = asker.refusals
    assert "no-such-thing" in unknown and "not in the catalogue" in unknown
    assert "old-programme" in inactive and "inactive" in inactive
    assert "full-mentoring" in full and "no places" in full
    assert result.highlights == ()
    assert all(s.highlights == () for s in saves)


def test_a_highlight_by_title_and_id_as_the_picker_shows_it_is_added() -> None:
    result, asker, _ = highlights_run(["Speakers Club (speakers-club)", "course library"])
    assert asker.refusals == []
    assert result.highlights == ("speakers-club", "course-library")
    assert result.snapshot("speakers-club") is not None


def test_a_highlight_already_chosen_is_not_added_twice() -> None:
    result, asker, _ = highlights_run(["cloud-guild", "Cloud Guild", "Cloud Guild (cloud-guild)"])
    assert result.highlights == ("cloud-guild",)
    assert len(asker.notices) == 2
    assert all("already" in n for n in asker.notices)
    picks = [a for a in asker.asked if a.kind == "pick"]
    assert picks[1].default == ["cloud-guild"]  # the picker is told what is chosen


def test_each_highlight_is_saved_before_the_next_pick() -> None:
    saves = Saves()
    script = [*BEFORE_REVIEW, DONE_REVIEWING, AS_SHOWN, "cloud-guild", "speakers-club", "", NOTES]
    asker = FakeAsker(script, observe=lambda: saves.last)
    engine(asker, saves).run()
    picks = [a for a in asker.asked if a.kind == "pick"]
    seen = [p.seen.highlights for p in picks if isinstance(p.seen, Interview)]
    assert seen == [(), ("cloud-guild",), ("cloud-guild", "speakers-club")]


def test_a_highlight_that_is_withdrawn_before_resume_is_dropped_with_a_notice() -> None:
    first, _, saves = run_whole()
    withdrawn = replace(
        CATALOGUE,
        offerings=tuple(
            replace(o, active=False) if o.id == "cloud-guild" else o for o in CATALOGUE.offerings
        ),
        identity=CatalogueIdentity(path=CATALOGUE.identity.path, sha256="2" * 64),
    )
    asker = FakeAsker([DONE_REVIEWING, AS_SHOWN, "", ""])
    result = engine(asker, saves, withdrawn).run(first)
    assert result.highlights == ()
    assert any("cloud-guild" in n and "removed" in n for n in asker.notices)


# --- shared step 5 -----------------------------------------------------------------------------


def test_match_interview_drops_highlights_that_can_no_longer_be_offered() -> None:
    interview = Interview(
        id="x",
        arenas=(ArenaAnswers("technical-growth", "Technical growth", learn="kubernetes"),),
        highlights=("cloud-guild", "old-programme", "full-mentoring", "gone"),
    )
    result = match_interview(interview, CATALOGUE)
    assert result.highlights == ("cloud-guild",)
    assert result.catalogue == CATALOGUE.identity


# --- a real store ------------------------------------------------------------------------------


def test_a_whole_interview_in_a_real_store_reads_back_as_it_ended(tmp_path: Path) -> None:
    with Store.open(tmp_path / "ri.db") as store:
        asker = FakeAsker(SCRIPT)
        result = Engine(asker, CATALOGUE, store.save, store.new_id).run()
        asker.assert_done()
        loaded = store.load(result.id)
        assert answers_of(loaded) == answers_of(result)
        assert [s.id for s in store.list()] == [result.id]
        assert store.list()[0].status == "complete"


def test_a_complete_interview_is_reopened_in_the_review_whatever_its_record_says() -> None:
    first, _, saves = run_whole()
    older = replace(first, finished=frozenset())  # as a record from before `finished` existed
    asker = FakeAsker([DONE_REVIEWING, AS_SHOWN, "", NOTES])
    result = engine(asker, saves).run(older)

    asker.assert_done()
    assert asker.asked[0].question == "Anything to change?"
    assert answers_of(result) == answers_of(first)


# --- the interviewer's say: what is struck ------------------------------------------------------


def test_the_checklist_shows_every_match_ticked_strongest_first_after_the_matches() -> None:
    result, asker, _ = run_whole()
    checklist = next(a for a in asker.asked if a.question.startswith("What will you present"))
    assert asker.events.index(("matches", result.id)) < asker.events.index(
        ("checkbox", checklist.question)
    )
    values = [c.value for c in checklist.choices]
    assert checklist.default == values  # all ticked
    assert values == [Struck(m.arena, o.id) for m in result.matches for o in strongest_first(m)]
    for match in result.matches:
        scores = [o.score for o in strongest_first(match)]
        assert scores == sorted(scores, reverse=True)
    titles = [c.title for c in checklist.choices]
    assert all("·" in t for t in titles)  # the title and the arena it was matched for
    assert not any("cloud-guild" in t for t in titles)  # no ids: nothing is typed here


def test_an_unticked_match_is_struck_and_saved_before_the_next_question() -> None:
    saves = Saves()
    first, _, _ = run_whole()
    everything = [Struck(m.arena, o.id) for m in first.matches for o in m.offerings]
    gone = Struck("technical-growth", "course-library")
    assert gone in everything
    kept = [s for s in everything if s != gone]
    script = [*BEFORE_REVIEW, DONE_REVIEWING, kept, "", NOTES]
    asker = FakeAsker(script, observe=lambda: saves.last)
    result = engine(asker, saves).run()
    asker.assert_done()
    pick = next(a for a in asker.asked if a.kind == "pick")
    assert isinstance(pick.seen, Interview)
    assert pick.seen.struck == (gone,)
    assert result.struck == (gone,)
    assert result.status == "complete"


def test_resuming_at_step_5_keeps_what_was_struck_and_does_not_ask_again() -> None:
    saves = Saves()
    first, _, _ = run_whole()
    gone = Struck("technical-growth", "course-library")
    kept = [Struck(m.arena, o.id) for m in first.matches for o in m.offerings if o.id != gone.id]
    script = [*BEFORE_REVIEW, DONE_REVIEWING, kept, "cloud-guild"]
    with pytest.raises(EOFError):
        engine(FakeAsker(script, stop_at=23, stop_with=EOFError), saves).run()
    draft = saves.last
    assert draft is not None and draft.struck == (gone,)

    resumed = FakeAsker(["", NOTES])
    result = engine(resumed, saves).run(draft)
    resumed.assert_done()
    assert [a.kind for a in resumed.asked] == ["pick", "text"]
    assert result.struck == (gone,)


def test_reopening_a_complete_interview_shows_the_struck_ones_unticked() -> None:
    first, _, saves = run_whole()
    gone = Struck("technical-growth", "course-library")
    struck = replace(first, struck=(gone,))
    asker = FakeAsker([DONE_REVIEWING, AS_SHOWN, "", NOTES])
    result = engine(asker, saves).run(struck)
    checklist = asker.asked[1]
    assert gone in [c.value for c in checklist.choices]
    assert isinstance(checklist.default, list) and gone not in checklist.default
    assert result.struck == (gone,)

    # ticking it again takes it back
    everything = [c.value for c in checklist.choices]
    again = engine(FakeAsker([DONE_REVIEWING, everything, "", NOTES]), saves).run(result)
    assert again.struck == ()


def test_renaming_their_own_arena_keeps_what_was_struck_in_it() -> None:
    first, _, saves = run_whole()
    struck = replace(first, struck=(Struck("public-speaking", "speakers-club"),))
    script = [RenameArena("public-speaking"), "Talks", DONE_REVIEWING, AS_SHOWN, "", ""]
    result = engine(FakeAsker(script), saves).run(struck)
    assert result.struck == (Struck("talks", "speakers-club"),)


def test_no_matches_no_checklist() -> None:
    script = [
        "Ada",
        "",
        "",
        True,
        ["teamwork"],
        "",
        "Nothing the catalogue has",
        "",
        "coursework",
        DONE,
        "",
        DONE_REVIEWING,
        "",
        "",
    ]
    bare = replace(CATALOGUE, offerings=())
    asker = FakeAsker(script)
    result = engine(asker, Saves(), bare).run()
    asker.assert_done()
    assert result.struck == () and "struck" in result.finished
