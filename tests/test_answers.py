"""`ri run --answers FILE`: every rule of the live interview, refused with the line at fault."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reverse_interview.answers import read_answers
from reverse_interview.cli import app
from reverse_interview.errors import AnswersError
from reverse_interview.interview import Engine, Preset
from reverse_interview.models import ArenaAnswers, Growth, Interview, Struck
from reverse_interview.review import DONE_REVIEWING
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
        modes=("coursework",),
        tags=("kubernetes",),
        summary="Online courses and books.",
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
    offering("old-programme", title="Old Programme", active=False),
    offering("full-mentoring", title="Full Mentoring", capacity=0),
)

VALID = """\
candidate: Ada Lovelace
role: Platform engineer
interviewer: Grace Hopper
arenas:
  - arena: technical-growth
    strengths: Linux and networking
    learn: Kubernetes in the cloud, from books
    obstacles: No senior peer to learn from
  - arena: Public speaking
    strengths: Explaining things one to one
    learn: Speaking at conferences
    obstacles: Nervous in front of a crowd
growth:
  preferred: [mentoring, coursework]
  note: Pairing works best
highlights: [speakers-club]
notes: Ask about the on-call load
"""

VALID_DATA: dict[str, object] = {
    "candidate": "Ada Lovelace",
    "role": "Platform engineer",
    "interviewer": "Grace Hopper",
    "arenas": [
        {
            "arena": "technical-growth",
            "strengths": "Linux and networking",
            "learn": "Kubernetes in the cloud, from books",
            "obstacles": "No senior peer to learn from",
        },
        {
            "arena": "Public speaking",
            "strengths": "Explaining things one to one",
            "learn": "Speaking at conferences",
            "obstacles": "Nervous in front of a crowd",
        },
    ],
    "growth": {"preferred": ["mentoring", "coursework"], "note": "Pairing works best"},
    "highlights": ["speakers-club"],
    "notes": "Ask about the on-call load",
}


def write(tmp_path: Path, text: str | bytes, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def refused(path: Path, preset: Preset = Preset()) -> list[tuple[int | None, int | None, str]]:
    """The problems found in `path`, as (line, column, text), after checking each names it."""
    with pytest.raises(AnswersError) as caught:
        read_answers(path, CATALOGUE, preset)
    problems = caught.value.problems
    assert all(p.path == str(path) for p in problems)
    lines = caught.value.message.splitlines()
    assert len(lines) == len(problems)
    assert all(line.startswith(f"{path}:") for line in lines)
    return [(p.line, p.column, p.text) for p in problems]


def only(path: Path, preset: Preset = Preset()) -> tuple[int | None, int | None, str]:
    problems = refused(path, preset)
    assert len(problems) == 1, problems
    return problems[0]


# --- valid files -------------------------------------------------------------------------------


def check_valid(interview: Interview) -> None:
    assert interview.status == "complete"
    assert interview.candidate == "Ada Lovelace"
    assert interview.role == "Platform engineer"
    assert interview.interviewer == "Grace Hopper"
    assert interview.arenas == (
        ArenaAnswers(
            "technical-growth",
            "Technical growth",
            False,
            "Linux and networking",
            "Kubernetes in the cloud, from books",
            "No senior peer to learn from",
        ),
        ArenaAnswers(
            "public-speaking",
            "Public speaking",
            True,
            "Explaining things one to one",
            "Speaking at conferences",
            "Nervous in front of a crowd",
        ),
    )
    assert interview.growth == Growth(("mentoring", "coursework"), "Pairing works best")
    assert interview.highlights == ("speakers-club",)
    assert interview.notes == "Ask about the on-call load"
    assert interview.pitch_done and interview.reviewed
    assert [m.arena for m in interview.matches] == ["technical-growth", "public-speaking"]
    technical = {o.id for o in interview.matches[0].offerings}
    assert "cloud-guild" in technical
    offered = {o.id for m in interview.matches for o in m.offerings}
    assert not offered & {"old-programme", "full-mentoring"}
    assert {s.id for s in interview.snapshots} >= offered | {"speakers-club"}
    assert interview.catalogue == CATALOGUE.identity


def test_a_valid_yaml_file_gives_a_complete_matched_interview(tmp_path: Path) -> None:
    check_valid(read_answers(write(tmp_path, VALID), CATALOGUE))


def test_a_valid_json_file_gives_the_same_interview(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps(VALID_DATA, indent=2), "answers.json")
    from_json = read_answers(path, CATALOGUE)
    check_valid(from_json)
    from_yaml = read_answers(write(tmp_path, VALID), CATALOGUE)
    assert from_json.matches == from_yaml.matches
    assert from_json.gaps == from_yaml.gaps


def test_json_on_one_line_or_indented_with_tabs_is_read(tmp_path: Path) -> None:
    check_valid(read_answers(write(tmp_path, json.dumps(VALID_DATA), "a.json"), CATALOGUE))
    tabbed = json.dumps(VALID_DATA, indent="\t")
    check_valid(read_answers(write(tmp_path, tabbed, "b.json"), CATALOGUE))


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())
    check_valid(read_answers(path, CATALOGUE))


def test_only_what_is_required_is_needed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: leadership
        growth:
          preferred: [coaching]
        """,
    )
    interview = read_answers(path, CATALOGUE)
    assert interview.status == "complete"
    assert interview.arenas == (ArenaAnswers("leadership", "Leadership growth", False, "", "", ""),)
    assert interview.growth == Growth(("coaching",), "")
    assert (interview.role, interview.interviewer, interview.notes) == ("", "", "")
    assert interview.highlights == ()


def test_arenas_and_modes_may_be_given_by_name_as_well_as_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: Peer relationships and teamwork
          - arena: Technical Growth
        growth:
          preferred: [Peer learning, self-directed]
        highlights: [Cloud Guild (cloud-guild), course library]
        """,
    )
    interview = read_answers(path, CATALOGUE)
    assert [(a.id, a.custom) for a in interview.arenas] == [
        ("teamwork", False),
        ("technical-growth", False),
    ]
    assert interview.growth.preferred == ("peer-learning", "self-directed")
    assert interview.highlights == ("cloud-guild", "course-library")


def test_the_candidate_from_the_command_line_satisfies_the_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        arenas:
          - arena: leadership
        growth:
          preferred: [coaching]
        """,
    )
    interview = read_answers(path, CATALOGUE, Preset(candidate="Ada", role="Engineer"))
    assert interview.candidate == "Ada"
    assert interview.role == "Engineer"


# --- every rule, with its place ----------------------------------------------------------------


def test_a_missing_candidate_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        role: Engineer
        arenas:
          - arena: leadership
        growth:
          preferred: [coaching]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (1, 1)
    assert "candidate" in text and "--candidate" in text


def test_a_blank_candidate_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        arenas:
          - arena: leadership
        candidate: "   "
        growth:
          preferred: [coaching]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (3, 12)
    assert "name" in text


FIVE_ARENAS = """\
candidate: Ada
arenas:
  - arena: technical-growth
  - arena: teamwork
  - arena: leadership
  - arena: Public speaking
  - arena: Writing
  - arena: Negotiation
growth:
  preferred: [mentoring]
"""


def test_a_fifth_arena_is_refused_at_its_line(tmp_path: Path) -> None:
    line, column, text = only(write(tmp_path, FIVE_ARENAS))
    assert (line, column) == (7, 5)
    assert "at most 4" in text


def test_an_arena_listed_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
          - arena: technical-growth
          - arena: Peer relationships and teamwork
        growth:
          preferred: [mentoring]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (5, 12)
    assert "twice" in text


def test_no_arenas_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas: []
        growth:
          preferred: [mentoring]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (2, 9)
    assert "at least one arena" in text


def test_missing_arenas_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        growth:
          preferred: [mentoring]
        """,
    )
    line, _, text = only(path)
    assert line == 1
    assert "`arenas` is required" in text


def test_an_arena_without_a_name_or_with_no_letters_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - learn: something
          - arena: "!!!"
          - arena: teamwork
        growth:
          preferred: [mentoring]
        """,
    )
    problems = refused(path)
    assert [(line, column) for line, column, _ in problems] == [(3, 5), (4, 12)]
    assert "`arena`" in problems[0][2]
    assert "'!!!'" in problems[1][2]


def test_an_unknown_mode_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        growth:
          preferred:
            - mentoring
            - juggling
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (7, 7)
    assert "juggling" in text
    assert "mentoring" in text  # the known ones are named


def test_a_mode_listed_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        growth:
          preferred: [mentoring, coursework, Mentoring]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (5, 38)
    assert "mentoring" in text and "twice" in text


def test_missing_growth_preferences_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        growth:
          note: Pairing
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (5, 3)
    assert "preferred" in text


def test_empty_growth_preferences_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        growth:
          preferred: []
        """,
    )
    line, column, _ = only(path)
    assert (line, column) == (5, 14)


def test_missing_growth_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        """,
    )
    line, _, text = only(path)
    assert line == 1
    assert "`growth` is required" in text


HIGHLIGHTS = """\
candidate: Ada
arenas:
  - arena: teamwork
growth:
  preferred: [mentoring]
highlights:
  - cloud-guild
  - {highlight}
"""


@pytest.mark.parametrize(
    ("highlight", "reason"),
    [
        ("no-such-thing", "not in the catalogue"),
        ("old-programme", "inactive"),
        ("Old Programme", "inactive"),
        ("full-mentoring", "no places"),
        ("cloud-guild", "twice"),
    ],
)
def test_a_highlight_that_cannot_be_promised_is_refused_at_its_line(
    tmp_path: Path, highlight: str, reason: str
) -> None:
    line, column, text = only(write(tmp_path, HIGHLIGHTS.format(highlight=highlight)))
    assert (line, column) == (8, 5)
    assert reason in text


def test_an_unknown_top_level_key_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        salary: 100000
        growth:
          preferred: [mentoring]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (4, 1)
    assert "salary" in text and "candidate" in text  # the allowed keys are named


def test_an_unknown_arena_key_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
            strenghts: Calm in incidents
        growth:
          preferred: [mentoring]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (4, 5)
    assert "strenghts" in text and "strengths" in text


def test_a_key_given_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        candidate: Bob
        growth:
          preferred: [mentoring]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (4, 1)
    assert "twice" in text


def test_arenas_that_are_not_a_list_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas: teamwork
        growth:
          preferred: [mentoring]
        """,
    )
    problems = refused(path)
    assert {(line, column) for line, column, _ in problems} == {(2, 9)}
    assert "`arenas` must be a list" in problems[0][2]


def test_growth_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        growth: [mentoring]
        """,
    )
    problems = refused(path)
    assert {(line, column) for line, column, _ in problems} == {(4, 9)}
    assert "`growth` must be a mapping" in problems[0][2]


def test_a_list_where_text_is_expected_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
            learn: [a, b]
        growth:
          preferred: [mentoring]
        """,
    )
    line, column, text = only(path)
    assert (line, column) == (4, 12)
    assert "`learn` must be text, not a list" in text


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    problems = refused(write(tmp_path, "- candidate\n- arenas\n"))
    assert problems[0][:2] == (1, 1)
    assert "mapping" in problems[0][2]


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n"])
def test_an_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    line, _, message = only(write(tmp_path, text))
    assert line is None
    assert "empty" in message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    line, _, message = only(tmp_path / "nowhere.yaml")
    assert line is None
    assert "no such" in message


def test_a_file_that_is_not_yaml_is_refused_at_the_line_of_the_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
        growth: {preferred: [mentoring]
        notes: fine
        """,
    )
    line, _, message = only(path)
    assert line in (4, 5)  # where the parser gave up on the unclosed brace
    assert "not valid YAML or JSON" in message


def test_broken_json_is_refused_at_the_line_of_the_error(tmp_path: Path) -> None:
    text = json.dumps(VALID_DATA, indent=2).replace('"role": "Platform engineer",', '"role" "x",')
    path = write(tmp_path, text, "answers.json")
    line, _, message = only(path)
    assert line == 3
    assert "not valid YAML or JSON" in message


def test_a_file_that_is_not_utf8_is_refused_at_the_bad_byte(tmp_path: Path) -> None:
    data = VALID.replace("role: Platform engineer", "role: Caf\xe9").encode("latin-1")
    line, column, message = only(write(tmp_path, data))
    assert (line, column) == (2, 10)
    assert "UTF-8" in message


def test_a_python_tag_is_refused_and_runs_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(
        tmp_path,
        f"""\
        candidate: Ada
        role: !!python/object/apply:os.system ["touch {marker}"]
        arenas:
          - arena: teamwork
        growth:
          preferred: [mentoring]
        """,
    )
    line, column, message = only(path)
    assert (line, column) == (2, 7)
    assert "python/object/apply" in message and "not allowed" in message
    assert not marker.exists()


def test_a_python_tag_on_the_whole_file_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, f'!!python/object/apply:os.system ["touch {marker}"]\n')
    line, _, message = only(path)
    assert line == 1
    assert "not allowed" in message
    assert not marker.exists()


def test_anchors_and_aliases_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        arenas:
          - arena: teamwork
            learn: &said Giving feedback
            obstacles: *said
        growth:
          preferred: [mentoring]
        """,
    )
    line, _, message = only(path)
    assert line in (4, 5)
    assert "anchors and aliases" in message


def test_a_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    rows = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    path = write(tmp_path, "\n".join(["candidate: Ada", *rows, "notes: *a9", ""]))
    problems = refused(path)
    assert any("anchors and aliases" in text for _, _, text in problems)


def test_every_problem_in_a_file_is_reported_in_line_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        candidate: Ada
        colour: blue
        arenas:
          - arena: teamwork
            feelings: fine
        growth:
          preferred: [mentoring, juggling]
        highlights: [old-programme, no-such-thing]
        """,
    )
    problems = refused(path)
    assert [(line, column) for line, column, _ in problems] == [
        (2, 1),
        (5, 5),
        (7, 26),
        (8, 14),
        (8, 29),
    ]
    assert ["colour" in problems[0][2], "feelings" in problems[1][2]] == [True, True]
    assert "juggling" in problems[2][2]
    assert "inactive" in problems[3][2]
    assert "not in the catalogue" in problems[4][2]


def test_json_problems_are_reported_at_their_json_line(tmp_path: Path) -> None:
    data = dict(VALID_DATA, growth={"preferred": ["mentoring", "juggling"]})
    text = json.dumps(data, indent=2)
    path = write(tmp_path, text, "answers.json")
    line, _, message = only(path)
    expected = next(n for n, row in enumerate(text.splitlines(), 1) if '"juggling"' in row)
    assert line == expected
    assert "juggling" in message


# --- through the command line, with a real store ------------------------------------------------

OFFERINGS_YAML = """\
organisation: Test Org
offerings:
  - id: cloud-guild
    title: Cloud Guild
    category: people
    arenas: [technical-growth]
    modes: [mentoring, peer-learning]
    summary: Engineers who run our platform meet weekly.
    tags: [kubernetes, cloud]
  - id: speakers-club
    title: Speakers Club
    category: opportunities
    arenas: [personal-development]
    modes: [peer-learning]
    summary: Practise talks with colleagues.
    tags: [speaking, conferences]
  - id: old-programme
    title: Old Programme
    category: resources
    arenas: [technical-growth]
    modes: [coursework]
    summary: A scheme that has ended.
    active: false
"""

runner = CliRunner()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    catalogue = tmp_path / "offerings.yaml"
    catalogue.write_text(OFFERINGS_YAML, encoding="utf-8")
    return catalogue, tmp_path / "store" / "ri.db"


def ri(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def stored(store: Path) -> list[dict[str, object]]:
    code, out, _ = ri("list", "--format", "json", "--store", store)
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def test_a_valid_file_through_ri_run_stores_a_complete_interview(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    catalogue, store = setup
    answers = write(tmp_path, VALID)
    code, out, err = ri("run", "--answers", answers, "--store", store, "--catalogue", catalogue)
    assert code == 0, err
    interview_id = out.strip().splitlines()[-1]
    assert [row["id"] for row in stored(store)] == [interview_id]

    code, out, err = ri(
        "report", interview_id, "--format", "json", "--store", store, "--catalogue", catalogue
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["id"] == interview_id
    assert report["status"] == "complete"
    assert (report["candidate"], report["role"], report["interviewer"]) == (
        "Ada Lovelace",
        "Platform engineer",
        "Grace Hopper",
    )
    assert [(a["id"], a["custom"]) for a in report["arenas"]] == [
        ("technical-growth", False),
        ("public-speaking", True),
    ]
    assert report["arenas"][0]["learn"] == "Kubernetes in the cloud, from books"
    assert report["arenas"][1]["obstacles"] == "Nervous in front of a crowd"
    assert report["growth"] == {
        "preferred": ["mentoring", "coursework"],
        "note": "Pairing works best",
    }
    assert report["highlights"] == ["speakers-club"]
    assert report["catalogue"]["path"] == str(catalogue.resolve())
    technical = next(m for m in report["matches"] if m["arena"] == "technical-growth")
    assert "cloud-guild" in [o["id"] for o in technical["offerings"]]


def test_the_candidate_can_be_given_on_the_command_line(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    catalogue, store = setup
    answers = write(tmp_path, VALID.replace("candidate: Ada Lovelace\n", ""))
    code, _, err = ri(
        "run", "--answers", answers, "--candidate", "Ada L.", "--store", store,
        "--catalogue", catalogue,
    )  # fmt: skip
    assert code == 0, err
    assert [row["candidate"] for row in stored(store)] == ["Ada L."]


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (("  - arena: Public speaking\n", "  - arena: Public speaking\n    colour: blue\n"), 10),
        (("preferred: [mentoring, coursework]", "preferred: [mentoring, juggling]"), 14),
        (("highlights: [speakers-club]", "highlights: [old-programme]"), 16),
        (("candidate: Ada Lovelace\n", ""), 1),
    ],
)
def test_a_refused_file_stores_nothing_and_names_the_line(
    tmp_path: Path, setup: tuple[Path, Path], change: tuple[str, str], line: int
) -> None:
    catalogue, store = setup
    assert change[0] in VALID
    answers = write(tmp_path, VALID.replace(*change))
    code, out, err = ri("run", "--answers", answers, "--store", store, "--catalogue", catalogue)
    assert code == 1
    assert out == ""
    message = err.strip()
    assert len(message.splitlines()) == 1
    assert f"{answers}:{line}:" in message
    assert "Traceback" not in err
    assert not store.exists()  # the file is checked before the store is even opened


def test_five_arenas_through_ri_run_are_refused_and_nothing_is_stored(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    catalogue, store = setup
    answers = write(tmp_path, FIVE_ARENAS)
    code, _, err = ri("run", "--answers", answers, "--store", store, "--catalogue", catalogue)
    assert code == 1
    assert f"{answers}:7:5:" in err
    assert stored(store) == []


def test_a_file_with_a_python_tag_through_ri_run_runs_nothing(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    catalogue, store = setup
    marker = tmp_path / "pwned"
    answers = write(
        tmp_path,
        VALID.replace(
            "notes: Ask about the on-call load",
            f'notes: !!python/object/apply:os.system ["touch {marker}"]',
        ),
    )
    code, _, err = ri("run", "--answers", answers, "--store", store, "--catalogue", catalogue)
    assert code == 1
    assert f"{answers}:17:" in err
    assert not marker.exists()
    assert stored(store) == []


def test_an_interview_from_a_file_resumed_opens_the_review(tmp_path: Path) -> None:
    recorded = read_answers(write(tmp_path, VALID), CATALOGUE)
    # review: all correct; no highlight; the notes as they were
    asker = FakeAsker([DONE_REVIEWING, AS_SHOWN, "", "Ask about the on-call load"])
    result = Engine(asker, CATALOGUE, lambda _: None, lambda: "x").run(recorded)

    asker.assert_done()
    assert [a.kind for a in asker.asked] == ["select", "checkbox", "pick", "text"]
    assert asker.asked[0].question == "Anything to change?"
    assert result.arenas == recorded.arenas
    assert result.growth == recorded.growth
    assert result.status == "complete"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("candidate: A\narenas: teamwork\ngrowth: {preferred: [mentoring]}\n", 2, "a list"),
        ("candidate: A\narenas: [{arena: teamwork}]\ngrowth: [mentoring]\n", 3, "a mapping"),
        ("- a\n- b\n", 1, "a mapping"),
    ],
    ids=["arenas-not-a-list", "growth-not-a-mapping", "not-a-mapping-at-all"],
)
def test_a_value_of_the_wrong_shape_is_one_problem_not_several(
    tmp_path: Path, text: str, line: int, says: str
) -> None:
    at, _, message = only(write(tmp_path, text))
    assert at == line
    assert says in message


# --- struck ------------------------------------------------------------------------------------

STRUCK = VALID.replace(
    "highlights: [speakers-club]\n", "highlights: [speakers-club]\nstruck:\n  - {struck}\n"
)


def test_struck_ids_are_stored_against_the_arenas_they_matched(tmp_path: Path) -> None:
    interview = read_answers(write(tmp_path, STRUCK.format(struck="course-library")), CATALOGUE)
    matched_in = [
        m.arena for m in interview.matches if any(o.id == "course-library" for o in m.offerings)
    ]
    assert matched_in  # the test means something only if it was matched
    assert interview.struck == tuple(Struck(arena, "course-library") for arena in matched_in)
    assert interview.status == "complete"


def test_a_struck_offering_matched_nowhere_is_struck_in_every_arena(tmp_path: Path) -> None:
    interview = read_answers(write(tmp_path, STRUCK.format(struck="old-programme")), CATALOGUE)
    assert interview.struck == (
        Struck("technical-growth", "old-programme"),
        Struck("public-speaking", "old-programme"),
    )


@pytest.mark.parametrize(
    ("struck", "says"),
    [
        ("no-such-thing", "not an offering in the catalogue"),
        ("speakers-club", "both highlighted and struck"),
    ],
)
def test_a_struck_id_that_is_not_an_offering_is_refused_at_its_line(
    tmp_path: Path, struck: str, says: str
) -> None:
    line, column, text = only(write(tmp_path, STRUCK.format(struck=struck)))
    assert (line, column) == (18, 5)
    assert says in text


def test_a_refused_struck_id_stores_nothing_and_a_valid_one_reaches_the_json(
    tmp_path: Path, setup: tuple[Path, Path]
) -> None:
    catalogue, store = setup
    bad = write(tmp_path, STRUCK.format(struck="nope"), name="bad.yaml")
    code, _, err = ri("run", "--answers", bad, "--store", store, "--catalogue", catalogue)
    assert code == 1
    assert f"{bad}:18:5:" in err
    assert stored(store) == []

    good = write(tmp_path, STRUCK.format(struck="cloud-guild"), name="good.yaml")
    code, out, err = ri("run", "--answers", good, "--store", store, "--catalogue", catalogue)
    assert code == 0, err
    interview_id = out.strip().splitlines()[-1]
    code, out, _ = ri(
        "report", interview_id, "--format", "json", "--store", store, "--catalogue", catalogue
    )
    data = json.loads(out)
    assert {"arena": "technical-growth", "id": "cloud-guild"} in data["struck"]
    offered = {o["id"] for m in data["matches"] for o in m["offerings"]}
    assert "cloud-guild" not in offered
