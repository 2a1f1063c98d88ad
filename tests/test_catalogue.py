"""The catalogue: what a catalogue owner sees when offerings.yaml is right, and when it is not.

Every bad-input rule has a test that asserts the exact file:line:column reported, because that
is what lets the owner jump straight to the fault.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reverse_interview import records
from reverse_interview.catalogue import check, git_identity, load, load_ahead, select, summary_line
from reverse_interview.catalogue_file import parse
from reverse_interview.catalogue_schema import json_schema
from reverse_interview.cli import app
from reverse_interview.errors import CatalogueError, UserError
from reverse_interview.models import (
    CATEGORIES,
    STANDARD_ARENAS,
    STANDARD_MODES,
    Catalogue,
    CatalogueIdentity,
    ObstacleKind,
    Offering,
)
from tests.helpers import EXAMPLE_CATALOGUE, ROOT, make_catalogue, offering

TODAY = dt.date(2026, 11, 26)
runner = CliRunner()

# A small valid catalogue with every field; tests break it one rule at a time.
VALID = """\
organisation: Test Org
pitch: We only hire people we can help grow.
offerings:
  - id: cloud-guild
    title: Cloud Guild
    category: people
    arenas: [technical-growth, teamwork]
    modes: [mentoring, peer-learning]
    summary: Engineers who run our cloud platform take newcomers under their wing.
    tags: [kubernetes, aws]
    contact: Jane Roe
    link: https://example.org/cloud-guild
    owner: Platform team
    capacity: 4
    availability: 4 places a year
    last_reviewed: 2026-09-01
    active: true
  - id: learning-time
    title: Protected learning time
    category: resources
    arenas: [technical-growth, personal-development, leadership]
    modes: [self-directed]
    summary: Every other Friday afternoon is kept free for learning.
    tags: [time]
  - id: tech-lead-track
    title: Tech lead track
    category: opportunities
    arenas: [leadership, teamwork]
    modes: [stretch-assignments]
    summary: Lead a squad's technical work for two quarters.
"""
# The same with an offering that is full and does not say when it opens again: a warning.
FULL = VALID.replace("capacity: 4", "capacity: 0").replace(
    "    availability: 4 places a year\n", ""
)


def write(folder: Path, text: str, name: str = "offerings.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path, **options: object) -> list[str]:
    """The lines `ri offerings check` would print for `path` (it must be refused)."""
    with pytest.raises(CatalogueError) as caught:
        check(path, today=TODAY, **options)  # type: ignore[arg-type]
    lines = caught.value.message.splitlines()
    assert lines == [str(p) for p in caught.value.problems]
    return lines


def only_problem(path: Path) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def with_offering(extra: str) -> str:
    """VALID with one more offering appended, at line EXTRA_LINE; `extra` starts with `- id:`."""
    return VALID + textwrap.indent(textwrap.dedent(extra), "  ")


EXTRA_LINE = VALID.count("\n") + 1  # the line the appended offering starts on


# --- a valid catalogue ---------------------------------------------------------------------


def test_a_valid_catalogue_becomes_plain_models(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    cat = check(path, today=TODAY)
    assert cat.organisation == "Test Org"
    assert cat.pitch == "We only hire people we can help grow."
    assert cat.arenas == STANDARD_ARENAS
    assert cat.modes == STANDARD_MODES
    assert [o.id for o in cat.offerings] == ["cloud-guild", "learning-time", "tech-lead-track"]
    assert cat.offerings[0] == Offering(
        id="cloud-guild",
        title="Cloud Guild",
        category="people",
        arenas=("technical-growth", "teamwork"),
        modes=("mentoring", "peer-learning"),
        summary="Engineers who run our cloud platform take newcomers under their wing.",
        tags=("kubernetes", "aws"),
        contact="Jane Roe",
        link="https://example.org/cloud-guild",
        owner="Platform team",
        capacity=4,
        availability="4 places a year",
        last_reviewed=dt.date(2026, 9, 1),
        active=True,
    )
    assert cat.offerings[1].active is True and cat.offerings[1].capacity is None
    assert cat.warnings == ()


def test_the_identity_is_the_absolute_path_and_the_hash_of_the_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, VALID)
    monkeypatch.chdir(tmp_path)
    cat = load(Path("offerings.yaml"), today=TODAY)
    assert cat.identity.path == str(path.resolve())
    assert cat.identity.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (cat.identity.git_commit, cat.identity.git_dirty) == (None, None)


def test_own_arenas_and_modes_replace_the_standard_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        organisation: Small Org
        arenas:
          - id: craft
            name: Craft
        modes:
          - id: pairing
            name: Pairing
        offerings:
          - id: pair-week
            title: Pair week
            category: opportunities
            arenas: [craft]
            modes: [pairing]
            summary: A week of pairing.
        """,
    )
    cat = check(path, today=TODAY)
    assert [(a.id, a.name) for a in cat.arenas] == [("craft", "Craft")]
    assert [(m.id, m.name) for m in cat.modes] == [("pairing", "Pairing")]


def test_last_reviewed_may_be_a_quoted_iso_date(tmp_path: Path) -> None:
    path = write(
        tmp_path, VALID.replace("last_reviewed: 2026-09-01", 'last_reviewed: "2026-09-01"')
    )
    assert check(path, today=TODAY).offerings[0].last_reviewed == dt.date(2026, 9, 1)


# --- the file itself -----------------------------------------------------------------------


def test_a_byte_order_mark_written_by_an_editor_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "offerings.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert (
        check(path, today=TODAY).organisation
        == check(write(tmp_path, VALID, "plain.yaml"), today=TODAY).organisation
    )


def test_a_missing_file_is_one_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert only_problem(path).startswith(f"{path}: no such file")


def test_a_folder_is_not_a_catalogue(tmp_path: Path) -> None:
    assert only_problem(tmp_path) == (
        f"{tmp_path}: not a regular file (a folder): give a catalogue file"
    )


def test_an_unreadable_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, VALID)

    def refuse(*args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("reverse_interview.yamlfile.os.open", refuse)
    assert only_problem(path) == f"{path}: cannot be read: permission denied"


def test_not_utf8_names_the_line_and_column_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "offerings.yaml"
    path.write_bytes(b"organisation: Caf\xc3\xa9\noffer\xe9: []\n")
    assert only_problem(path) == f"{path}:2:6: not UTF-8 text (byte 0xe9): save it as UTF-8"


def test_not_yaml_names_the_parsers_mark(tmp_path: Path) -> None:
    path = write(tmp_path, "organisation: X\noffering: [a, b\n")
    assert only_problem(path).startswith(f"{path}:3:1: not valid YAML: ")


def test_a_tab_in_the_indentation_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "organisation: X\n\toffering: []\n")
    assert only_problem(path).startswith(f"{path}:2:1: not valid YAML: found a tab character")


def test_a_control_character_is_named_where_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, "organisation: Café\x07\noffering: []\n")
    assert only_problem(path) == f"{path}:1:19: U+0007 is not allowed in YAML: remove it"


def test_two_documents_in_one_file_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "---\norganisation: Other\n")
    assert only_problem(path) == (
        f"{path}:{EXTRA_LINE}:1: not valid YAML: "
        "expected a single document in the stream, but found another document"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    assert only_problem(path) == (
        f"{path}: the file is empty: it needs at least organisation and offerings"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "a list"), ("just words\n", "the text `just words`")],
)
def test_the_top_level_must_be_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    path = write(tmp_path, text)
    assert only_problem(path) == (
        f"{path}:1:1: the catalogue must be a mapping with `organisation` and `offerings`, "
        f"not {kind}"
    )


# --- YAML features that are refused --------------------------------------------------------


def test_object_building_tags_run_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(
        tmp_path,
        f"organisation: !!python/object/apply:os.system ['touch {marker}']\nofferings: []\n",
    )
    found = problems(path)
    assert found[0] == (
        f"{path}:1:15: YAML tag `!!python/object/apply:os.system` is not allowed: "
        "a catalogue holds plain values only"
    )
    assert not marker.exists()


def test_a_local_tag_is_refused_too(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("title: Cloud Guild", "title: !shout Cloud Guild"))
    assert only_problem(path).startswith(f"{path}:5:12: YAML tag `!shout` is not allowed")


def test_aliases_are_refused_where_they_are_used(tmp_path: Path) -> None:
    text = VALID.replace("tags: [kubernetes, aws]", "tags: &cloud [kubernetes, aws]")
    text = text.replace("tags: [time]", "tags: *cloud")
    path = write(tmp_path, text)
    assert only_problem(path) == (
        f"{path}:24:11: alias `*cloud` refused: anchors and aliases are not allowed, "
        "write the value out in full"
    )


def test_a_billion_laughs_is_refused_without_expanding_it(tmp_path: Path) -> None:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, 12):  # 10**12 items if anything expanded it
        refs = ", ".join([f"*lol{n - 1}"] * 10)
        lines.append(f"lol{n}: &lol{n} [{refs}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    found = problems(path)
    assert len(found) == 11  # one per anchor, at its first alias
    assert found[0].startswith(f"{path}:2:14: alias `*lol0` refused")


# --- keys ----------------------------------------------------------------------------------


def test_a_misspelt_key_is_caught_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    title: Cloud Guild", "    titel: Cloud Guild"))
    assert problems(path) == [
        f"{path}:4:5: offering `cloud-guild` has no `title` (required)",
        f"{path}:5:5: unknown key `titel` in an offering: did you mean `title`?",
    ]


def test_an_unknown_top_level_key_lists_the_keys_when_nothing_is_close(tmp_path: Path) -> None:
    path = write(tmp_path, "budget: 3\n" + VALID)
    assert only_problem(path) == (
        f"{path}:1:1: unknown key `budget` at the top level; "
        "the keys are organisation, pitch, arenas, modes, obstacles, offerings"
    )


def test_a_key_given_twice_names_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    capacity: 4\n", "    capacity: 4\n    capacity: 5\n"))
    assert (
        only_problem(path)
        == f"{path}:15:5: `capacity` is given twice in an offering (first on line 14)"
    )


def test_a_key_that_is_not_a_word_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "? [a, b]\n: c\n")
    assert only_problem(path) == f"{path}:{EXTRA_LINE}:3: a key must be a plain word, not a list"


def test_organisation_and_offerings_are_required(tmp_path: Path) -> None:
    path = write(tmp_path, "pitch: Hello\n")
    assert problems(path) == [
        f"{path}:1:1: the catalogue has no `organisation` (required)",
        f"{path}:1:1: the catalogue has no `offerings` list (it may be empty: `offerings: []`)",
    ]


def test_an_offering_missing_required_keys_names_them_all(tmp_path: Path) -> None:
    path = write(tmp_path, with_offering("- id: lonely\n  title: Lonely\n"))
    assert only_problem(path) == (
        f"{path}:{EXTRA_LINE}:5: offering `lonely` has no `category`, `arenas`, `modes`, "
        "`summary` (required)"
    )


# --- values --------------------------------------------------------------------------------


WHOLE_NUMBER = "`capacity` must be a whole number of places (0 or more)"
A_DATE = "`last_reviewed` must be a date"


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ("title: Cloud Guild", "title: 1984", 12, "`title` must be text, not the number `1984` "
         "(put it in quotes)"),
        ("title: Cloud Guild", "title:", 11, "`title` is empty: give it a value"),
        ("title: Cloud Guild", 'title: "  "', 12, "`title` is empty"),
        ("title: Cloud Guild", "title: [a]", 12, "`title` must be text, not a list"),
        ("capacity: 4", "capacity: four", 15, f"{WHOLE_NUMBER}, not the text `four`"),
        ("capacity: 4", "capacity: 2.5", 15, f"{WHOLE_NUMBER}, not the number `2.5`"),
        ("capacity: 4", "capacity: -1", 15, "`capacity` must be 0 or more, not -1"),
        ("active: true", "active: maybe", 13, "`active` must be true or false, not the text "
         "`maybe`"),
        ("last_reviewed: 2026-09-01", "last_reviewed: 2026-13-45", 20, f"{A_DATE} like "
         "2026-09-01; `2026-13-45` is not"),
        ("last_reviewed: 2026-09-01", "last_reviewed: 1/9/2026", 20, f"{A_DATE} like "
         "2026-09-01, not `1/9/2026`"),
        ("last_reviewed: 2026-09-01", "last_reviewed: 2026-09-01 10:00:00", 20, f"{A_DATE} "
         "without a time, like 2026-09-01"),
        ("tags: [kubernetes, aws]", "tags: kubernetes", 11, "`tags` must be a list of words, "
         "not the text `kubernetes`"),
        ("link: https://example.org/cloud-guild", "link: {url: x}", 11, "`link` must be text, "
         "not a mapping"),
    ],
)  # fmt: skip
def test_wrong_types_name_the_value(
    tmp_path: Path, old: str, new: str, column: int, message: str
) -> None:
    assert old in VALID
    line = VALID[: VALID.index(old)].count("\n") + 1
    path = write(tmp_path, VALID.replace(old, new))
    assert only_problem(path) == f"{path}:{line}:{column}: {message}"


def test_an_unknown_category_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("category: people", "category: peoples"))
    assert only_problem(path) == (
        f"{path}:6:15: `category` must be people, resources or opportunities, not `peoples`: "
        "did you mean `people`?"
    )


@pytest.mark.parametrize("bad", ["Cloud_Guild", "cloud guild", "-cloud", "cloud--guild", "Cloud"])
def test_ids_must_be_slugs(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, VALID.replace("id: cloud-guild", f"id: {bad}"))
    assert only_problem(path) == (
        f"{path}:4:9: `{bad}` is not a valid offering id: use lower-case letters, digits and "
        "dashes (like `cloud-guild`)"
    )


def test_a_duplicate_offering_id_names_the_first(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        with_offering(
            """\
            - id: cloud-guild
              title: Cloud Guild again
              category: people
              arenas: [teamwork]
              modes: [mentoring]
              summary: A copy.
            """
        ),
    )
    assert only_problem(path) == (
        f"{path}:{EXTRA_LINE}:9: duplicate offering id `cloud-guild` (first on line 4)"
    )


@pytest.mark.parametrize("group", ["arenas", "modes"])
def test_a_duplicate_arena_or_mode_id_names_the_first(tmp_path: Path, group: str) -> None:
    path = write(
        tmp_path,
        f"""\
        organisation: X
        {group}:
          - id: craft
            name: Craft
          - id: craft
            name: Craft again
        offerings: []
        """,
    )
    assert only_problem(path) == (
        f"{path}:5:9: duplicate {group[:-1]} id `craft` (first on line 3)"
    )


def test_an_unknown_arena_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(
        tmp_path, VALID.replace("[technical-growth, teamwork]", "[technical-growth, teamwrok]")
    )
    assert only_problem(path) == (
        f"{path}:7:32: unknown arena `teamwrok` in offering `cloud-guild`: did you mean `teamwork`?"
    )


# Offerings are checked as they are read, one at a time; the file's own arenas, modes and
# obstacle kinds may still come after them.
LATE_LISTS = """\
organisation: Test Org
offerings:
  - id: cloud-guild
    title: Cloud Guild
    category: people
    arenas: [craft]
    modes: [osmosis]
    summary: Engineers who run our cloud platform take newcomers under their wing.
    removes: [no-peer]
arenas:
  - id: craft
    name: Craft
modes:
  - id: osmosis
    name: Osmosis
obstacles:
  - id: no-peer
    name: No peer
    words: [no peer]
"""


def test_arenas_modes_and_obstacles_may_come_after_the_offerings(tmp_path: Path) -> None:
    catalogue = check(write(tmp_path, LATE_LISTS), today=TODAY)
    (offering,) = catalogue.offerings
    assert (offering.arenas, offering.modes, offering.removes) == (
        ("craft",),
        ("osmosis",),
        ("no-peer",),
    )


def test_a_wrong_name_is_placed_when_the_lists_come_after_the_offerings(tmp_path: Path) -> None:
    path = write(tmp_path, LATE_LISTS.replace("arenas: [craft]", "arenas: [craf]"))
    assert only_problem(path) == (
        f"{path}:6:14: unknown arena `craf` in offering `cloud-guild`: did you mean `craft`?"
    )
    path = write(tmp_path, LATE_LISTS.replace("removes: [no-peer]", "removes: [no-time]"))
    assert only_problem(path).startswith(
        f"{path}:9:15: unknown obstacle `no-time` in offering `cloud-guild`"
    )


def test_an_unknown_mode_lists_the_modes_when_nothing_is_close(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("modes: [self-directed]", "modes: [osmosis]"))
    assert only_problem(path) == (
        f"{path}:22:13: unknown mode `osmosis` in offering `learning-time`; the modes are "
        "coursework, mentoring, apprenticeship, coaching, peer-learning, stretch-assignments, "
        "self-directed"
    )


# --- who it is for, and what it removes ----------------------------------------------------


def test_removes_roles_and_eligibility_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        with_offering(
            """\
            - id: ward-coaching
              title: Ward coaching
              category: people
              arenas: [leadership]
              modes: [coaching]
              summary: A coach for new ward managers.
              removes: [senior-help, time]
              roles: [ward manager, Sister]
              eligibility: in their first year in post
            """
        ),
    )
    cat = check(path, today=TODAY)
    added = cat.offerings[-1]
    assert added.removes == ("senior-help", "time")
    assert added.roles == ("ward manager", "Sister")
    assert added.eligibility == "in their first year in post"
    assert cat.offerings[0].removes == () and cat.offerings[0].roles == ()
    assert [k.id for k in cat.obstacles] == [
        "time",
        "cost",
        "senior-help",
        "confidence",
        "caring",
        "schedule",
        "language",
        "distance",
        "access",
    ]
    assert all(k.name and k.words for k in cat.obstacles)
    # The cache gives back the same catalogue.
    load(path, cache=tmp_path / "cache", today=TODAY)
    assert load(path, cache=tmp_path / "cache", today=TODAY).offerings == cat.offerings


def test_an_unknown_obstacle_in_removes_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    tags: [time]", "    removes: [time, costs]"))
    assert only_problem(path) == (
        f"{path}:24:21: unknown obstacle `costs` in offering `learning-time`: did you mean `cost`?"
    )


def test_roles_must_be_a_list_of_words(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    tags: [time]", "    roles: nurse"))
    assert only_problem(path) == (
        f"{path}:24:12: `roles` must be a list of role words, like [nurse, midwife], "
        "not the text `nurse`"
    )
    path = write(tmp_path, VALID.replace("    tags: [time]", "    roles: []"))
    assert only_problem(path) == f"{path}:24:12: `roles` is empty: list at least one, or remove it"


def test_eligibility_is_text(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    tags: [time]", "    eligibility: 3"))
    assert only_problem(path) == (
        f"{path}:24:18: `eligibility` must be text, not the number `3` (put it in quotes)"
    )


OWN_OBSTACLES = """\
organisation: Ward 7
obstacles:
  - id: rota
    name: The rota
    words: [night shifts, rota]
  - id: cost
    name: Money
    words: [fees]
offerings:
  - id: self-rostering
    title: Self-rostering
    category: resources
    arenas: [personal-development]
    modes: [self-directed]
    summary: Choose your own shifts around study days.
    removes: [rota]
"""


def test_a_catalogue_s_own_obstacles_replace_the_standard_ones(tmp_path: Path) -> None:
    cat = check(write(tmp_path, OWN_OBSTACLES), today=TODAY)
    assert cat.obstacles == (
        ObstacleKind("rota", "The rota", ("night shifts", "rota")),
        ObstacleKind("cost", "Money", ("fees",)),
    )
    assert cat.offerings[0].removes == ("rota",)
    path = write(tmp_path, OWN_OBSTACLES.replace("removes: [rota]", "removes: [time]"))
    assert only_problem(path) == (
        f"{path}:16:15: unknown obstacle `time` in offering `self-rostering`; "
        "the obstacles are rota, cost"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    words: [fees]\n", "", "6:5: obstacle `cost` has no `words` (required): how a"),
        ("words: [fees]", "words: []", "8:12: `words` is empty: list at least one, or remove it"),
        ("words: [fees]", "word: [fees]", "8:5: unknown key `word` in an obstacle: did you mean"),
        ("    name: Money\n", "", "6:5: obstacle `cost` has no `name` (required)"),
        ("id: cost", "id: rota", "6:9: duplicate obstacle id `rota` (first on line 3)"),
    ],
)
def test_a_faulty_obstacle_kind_is_named_at_its_place(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = write(tmp_path, OWN_OBSTACLES.replace(old, new, 1))
    found = problems(path)
    assert any(line.startswith(f"{path}:{expected}") for line in found), found


def test_an_offering_with_no_arena_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("arenas: [leadership, teamwork]", "arenas: []"))
    assert only_problem(path) == (
        f"{path}:28:13: offering `tech-lead-track` needs a list of at least one arena id, "
        "not an empty list"
    )


def test_an_offering_with_no_mode_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    modes: [stretch-assignments]\n", ""))
    assert (
        only_problem(path) == f"{path}:25:5: offering `tech-lead-track` has no `modes` (required)"
    )


def test_an_arena_listed_twice_in_an_offering_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("[leadership, teamwork]", "[leadership, leadership]"))
    assert only_problem(path) == f"{path}:28:26: arena `leadership` is listed twice"


def test_an_empty_arenas_list_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "organisation: X\narenas: []\nofferings: []\n")
    assert only_problem(path) == (
        f"{path}:2:9: `arenas` is empty: list at least one, or remove it to use the standard arenas"
    )


def test_an_offering_may_not_be_a_plain_value(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "  - learn things\n")
    assert only_problem(path) == (
        f"{path}:{EXTRA_LINE}:5: each offering must be a mapping (id, title, ...), "
        "not the text `learn things`"
    )


def test_all_problems_are_reported_at_once_in_line_order(tmp_path: Path) -> None:
    text = (
        VALID.replace("category: resources", "category: things")
        .replace("title: Cloud Guild", "title: [x]")
        .replace("modes: [stretch-assignments]", "modes: [dancing]")
        .replace("organisation: Test Org", "organisation: 12")
    )
    path = write(tmp_path, text)
    found = problems(path)
    assert [line.split(":")[1] for line in found] == ["1", "5", "20", "29"]


# --- warnings ------------------------------------------------------------------------------


def test_warnings_name_their_place_and_do_not_fail(tmp_path: Path) -> None:
    text = FULL.replace("last_reviewed: 2026-09-01", "last_reviewed: 2025-06-30").replace(
        "link: https://example.org/cloud-guild", "link: intranet/cloud-guild"
    )
    path = write(tmp_path, text)
    cat = check(path, today=TODAY)
    assert cat.warnings == (
        f"{path}:12:11: link `intranet/cloud-guild` does not start with https://, http:// or "
        "mailto:",
        f"{path}:14:15: offering `cloud-guild` has capacity 0: it is full and will not be offered "
        "(say when it opens again in `availability`)",
        f"{path}:15:20: offering `cloud-guild` was last reviewed on 2025-06-30, more than a year "
        "ago: check it still holds",
    )


def test_strict_turns_warnings_into_problems(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    assert problems(path, strict=True) == [
        f"{path}:14:15: offering `cloud-guild` has capacity 0: it is full and will not be "
        "offered (say when it opens again in `availability`) (--strict)"
    ]


def test_a_review_is_old_relative_to_today(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)  # reviewed 2026-09-01
    assert check(path, today=dt.date(2027, 9, 1)).warnings == ()
    assert len(check(path, today=dt.date(2027, 9, 2)).warnings) == 1


def test_an_arena_with_no_active_offering_is_a_warning(tmp_path: Path) -> None:
    text = VALID.replace("[technical-growth, personal-development, leadership]", "[leadership]")
    path = write(tmp_path, text)
    assert check(path, today=TODAY).warnings == (
        f"{path}:3:1: arena `personal-development` has no active offering: "
        "it can only ever be a gap",
    )


def test_an_inactive_offering_does_not_serve_its_arena(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        organisation: X
        arenas:
          - id: craft
            name: Craft
        offerings:
          - id: old
            title: Old
            category: people
            arenas: [craft]
            modes: [mentoring]
            summary: Gone.
            active: false
        """,
    )
    assert check(path, today=TODAY).warnings == (
        f"{path}:3:5: arena `craft` has no active offering: it can only ever be a gap",
    )


def test_an_empty_offerings_list_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "organisation: X\nofferings: []\n")
    cat = check(path, today=TODAY)
    assert cat.offerings == ()
    assert cat.warnings == (
        f"{path}:2:1: the catalogue has no offerings: every interview will end in gaps",
    )


# --- random damage -------------------------------------------------------------------------

EDIT_CHARS = [*":-[]{}&*!#|>'\"\t\n ,?%@`x0é", "\x00", "\ufeff", "  "]


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """VALID after one to three random edits: a line deleted, doubled or swapped, a char changed."""
    lines = VALID.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "change"]))
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif lines[at]:
            column = draw(st.integers(0, len(lines[at]) - 1))
            char = draw(st.sampled_from(EDIT_CHARS))
            lines[at] = lines[at][:column] + char + lines[at][column + 1 :]
    return "".join(lines)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=damaged())
def test_random_damage_gives_a_catalogue_or_a_clean_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "damaged.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        cat = check(path, cache=tmp_path / "cache", today=TODAY)
    except CatalogueError as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem).startswith(f"{path}:")
            assert "\n" not in problem.text
    else:
        assert isinstance(cat, Catalogue)
        assert load(path, cache=tmp_path / "cache", today=TODAY) == cat


# Each key of an offering, written the usual way first, then in rarer or wrong ways.
OFFERING_VARIANTS: dict[str, list[str]] = {
    "id": ["o-{n}", "dup", "Bad Id", "''", "!!str o-{n}x", "'o-{n}q'", "~", "[o]", "&x o-{n}"],
    "title": ["A title", "'  '", "'1'", "123", "~", "[a, b]", "!!str T", "yes", "true", "|\n  x"],
    "category": ["people", "resources", "opportunities", "peopel", "'people'", "[people]"],
    "arenas": [
        "[technical-growth]",
        "[technical-growth, leadership]",
        "[teamwork, teamwork]",
        "[]",
        "[nope]",
        "technical-growth",
        "['teamwork']",
        "[Teamwork]",
        "[&a teamwork]",
        "[[teamwork]]",
        "[own-arena]",
        "[' teamwork']",
        "[teamwork, 3]",
    ],
    "modes": ["[mentoring]", "[coursework, self-directed]", "[flying]", "[own-mode]", "[1]"],
    "summary": ["Something said.", "''", "|\n      line one\n      line two", "{a: b}", "~"],
    "tags": ["[a, b]", "[]", "[a, '']", "[1, 2]", "x", "[true]", "[' spaced ']", "[[a]]"],
    "capacity": ["4", "0", "012", "-1", "+3", "1_000", "four", "2.5", "'4'", "0x10", "~"],
    "last_reviewed": [
        "2026-06-01",
        "2024-01-01",
        "'2026-06-01'",
        "' 2026-06-01 '",
        "2026-02-30",
        "2026-6-1",
        "2026-06-01 10:00",
        "'not a date'",
        "'20260601'",
        "~",
    ],
    "active": ["true", "false", "yes", "True", "FALSE", "'true'", "1", "~"],
    "link": ["https://example.org", "ftp://x", "mailto:a@b.example", "''", "http://x"],
    "availability": ["soon", "~", "[soon]"],
    "removes": ["[time]", "[nope]", "[cost, cost]", "[own-obstacle]", "[]"],
    "roles": ["[nurse]", "[]", "[' a  b ']", "nurse", "['']"],
    "eligibility": ["anyone", "''"],
    "contact": ["Jane", "!!binary aGk="],
}
BASE_KEYS = ["id", "title", "category", "arenas", "modes", "summary"]


def quick_catalogue(offerings: list[list[tuple[str, str]]], own_lists: bool) -> str:
    lines = ["organisation: Quick Org"]
    if own_lists:
        arenas = ["own-arena", "teamwork", "technical-growth", "leadership"]
        modes = ["own-mode", "mentoring", "coursework", "self-directed"]
        obstacles = ["own-obstacle", "time", "cost"]
        lines += ["arenas:", *(f"  - {{id: {a}, name: {a.title()}}}" for a in arenas)]
        lines += ["modes:", *(f"  - {{id: {m}, name: {m.title()}}}" for m in modes)]
        lines += ["obstacles:", *(f"  - {{id: {o}, name: {o}, words: [{o}]}}" for o in obstacles)]
    lines.append("offerings:")
    for n, pairs in enumerate(offerings):
        for at, (key, said) in enumerate(pairs):
            said = said.replace("{n}", str(n)).replace("\n", "\n    ")
            lines.append(f"  {'- ' if at == 0 else '  '}{key}: {said}")
    return "\n".join(lines) + "\n"


def both_ways(tmp_path: Path, text: str) -> list[Any]:
    """What the quick reading of plain offerings and the full check make of `text`."""
    said: list[Any] = []
    for quick in (True, False):
        try:
            said.append(parse(tmp_path / "offerings.yaml", text.encode("utf-8"), quick=quick))
        except CatalogueError as error:
            said.append(error.message)
    return said


@pytest.mark.parametrize(
    ("key", "said"),
    [(key, said) for key, variants in OFFERING_VARIANTS.items() for said in variants]
    + [("colour", "red"), ("title", "Again")]
    + [(key, "") for key in BASE_KEYS],  # the key left out
)
@pytest.mark.parametrize("own_lists", [False, True])
def test_an_offering_written_otherwise_is_read_as_the_full_check_reads_it(
    tmp_path: Path, key: str, said: str, own_lists: bool
) -> None:
    plain = [(k, OFFERING_VARIANTS[k][0]) for k in OFFERING_VARIANTS]
    written = [(k, said if k == key else v) for k, v in plain if said or k != key]
    if key not in OFFERING_VARIANTS:
        written.append((key, said))  # an unknown key, or one given twice
    second = [(k, v.replace("o-{n}", "o-x") if k == "id" else v) for k, v in written]
    text = quick_catalogue([plain, written, second if key == "id" else plain], own_lists)
    quick, full = both_ways(tmp_path, text)
    assert quick == full


@st.composite
def offerings_file(draw: st.DrawFn) -> str:
    """A catalogue of a few offerings, each key written in a common or a rare way."""
    offerings = []
    for _ in range(draw(st.integers(1, 4))):
        keys = BASE_KEYS + draw(st.lists(st.sampled_from(list(OFFERING_VARIANTS)), max_size=6))
        common = draw(st.booleans())
        offerings.append(
            [
                (
                    k,
                    OFFERING_VARIANTS[k][0]
                    if common
                    else draw(st.sampled_from(OFFERING_VARIANTS[k])),
                )
                for k in keys
            ]
        )
    return quick_catalogue(offerings, draw(st.booleans()))


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=offerings_file())
def test_plain_offerings_read_quickly_say_just_what_the_full_check_says(
    tmp_path: Path, text: str
) -> None:
    quick, full = both_ways(tmp_path, text)
    assert quick == full


# --- the cache -----------------------------------------------------------------------------


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("catalogue-*.jsonl"))


def cache_lines(cached: Path) -> list[Any]:
    """A cache file's lines: what every command needs, where the review dates are, then the
    offerings a batch to a line."""
    return [json.loads(line) for line in cached.read_text(encoding="utf-8").splitlines()]


def break_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_yaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(yaml, "compose", no_yaml)
    monkeypatch.setattr(yaml, "parse", no_yaml)
    monkeypatch.setattr(yaml, "CSafeLoader", no_yaml, raising=False)
    monkeypatch.setattr(yaml, "SafeLoader", no_yaml)


def test_the_commands_cache_where_ri_keeps_its_cache_and_load_alone_caches_nothing(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, VALID)
    load(path, today=TODAY)
    assert cache_files(tmp_path) == []  # no folder given: nothing written anywhere
    result = runner.invoke(app, ["offerings", "list", "--catalogue", str(path)])
    assert result.exit_code == 0, result.output
    assert len(cache_files(tmp_path)) == 1  # RI_CACHE, as paths.cache_dir() says


def test_a_second_load_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, FULL)
    first = load(path, cache=tmp_path / "cache", today=TODAY)
    assert len(cache_files(tmp_path)) == 1
    break_yaml(monkeypatch)
    again = load(path, cache=tmp_path / "cache", today=TODAY)
    assert again == first
    assert again.warnings == first.warnings and len(again.warnings) == 1


FULL_OFFERING = VALID.replace(
    "    active: true\n",
    "    active: true\n    removes: [time]\n    roles: [engineer]\n"
    "    eligibility: in their first year\n",
)


def test_every_field_of_an_offering_comes_back_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, FULL_OFFERING)
    first = load(path, cache=tmp_path / "cache", today=TODAY)
    guild = first.offering("cloud-guild")
    assert guild is not None and guild.removes == ("time",) and guild.roles == ("engineer",)
    assert guild.last_reviewed == dt.date(2026, 9, 1) and guild.eligibility
    break_yaml(monkeypatch)
    assert load(path, cache=tmp_path / "cache", today=TODAY) == first


def test_a_cache_written_with_other_offering_fields_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache from a layout with a field fewer is read again from the YAML, never shifted."""
    path = write(tmp_path, FULL_OFFERING)
    first = load(path, cache=tmp_path / "cache", today=TODAY)
    (cached,) = cache_files(tmp_path)
    header, reviews, *batches = cache_lines(cached)
    gone = header["offering_fields"].index("contact")
    del header["offering_fields"][gone]
    for batch in batches:
        for row in batch:
            del row[gone]
    lines = [json.dumps(line) for line in (header, reviews, *batches)]
    cached.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load(path, cache=tmp_path / "cache", today=TODAY) == first


def test_list_command_as_json_carries_every_field_of_an_offering(tmp_path: Path) -> None:
    path = write(tmp_path, FULL_OFFERING)
    result = runner.invoke(app, ["offerings", "list", "--catalogue", str(path), "--format", "json"])
    guild = next(o for o in json.loads(result.stdout) if o["id"] == "cloud-guild")
    assert list(guild) == [f.name for f in fields(Offering)]
    assert guild["removes"] == ["time"] and guild["last_reviewed"] == "2026-09-01"


def test_the_cache_is_plain_json_lines(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    load(path, cache=tmp_path / "cache", today=TODAY)
    (cached,) = cache_files(tmp_path)
    header, reviews, offerings = cache_lines(cached)
    assert (header["organisation"], header["count"], header["offerable"]) == ("Test Org", 3, 3)
    assert reviews == [[16, 20, 0]]
    assert [row[0] for row in offerings] == ["cloud-guild", "learning-time", "tech-lead-track"]


def test_review_warnings_from_the_cache_follow_the_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, VALID)
    assert load(path, cache=tmp_path / "cache", today=TODAY).warnings == ()
    break_yaml(monkeypatch)
    (warning,) = load(path, cache=tmp_path / "cache", today=dt.date(2028, 1, 1)).warnings
    assert warning.startswith(f"{path}:16:20: offering `cloud-guild` was last reviewed on")


def test_the_cache_follows_the_path_it_is_loaded_from(tmp_path: Path) -> None:
    first = write(tmp_path, FULL)
    second = write(tmp_path, FULL, name="copy.yaml")
    load(first, cache=tmp_path / "cache", today=TODAY)
    copy = load(second, cache=tmp_path / "cache", today=TODAY)
    assert copy.identity.path == str(second.resolve())
    assert copy.warnings[0].startswith(f"{second}:14:15:")


def test_a_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    expected = load(path, cache=tmp_path / "cache", today=TODAY)
    (cached,) = cache_files(tmp_path)
    for garbage in (b"\x80\x04not json", b'{"format": 1}', b"[1, 2]", b""):
        cached.write_bytes(garbage)
        assert load(path, cache=tmp_path / "cache", today=TODAY) == expected
        assert cache_lines(cached)[0]["organisation"] == "Test Org"


def test_a_cached_catalogue_keeps_its_offerings_when_the_cache_goes_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The offerings are read when first needed; another ri pruning the cache before then
    takes nothing away."""
    path = write(tmp_path, FULL)
    expected = check(path, cache=tmp_path / "cache", today=TODAY)
    break_yaml(monkeypatch)
    cached = load(path, cache=tmp_path / "cache", today=TODAY)
    assert (cached.organisation, len(cached.offerings), cached.offerable_count) == (
        "Test Org",
        3,
        2,  # one is full
    )
    for file in cache_files(tmp_path):
        file.unlink()
    assert cached.offerings == expected.offerings
    assert cached.offerable == expected.offerable
    assert cached == expected


def test_a_cache_damaged_after_its_first_line_is_read_falls_back_to_the_catalogue(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, VALID)
    expected = check(path, cache=tmp_path / "cache", today=TODAY)
    (cached_file,) = cache_files(tmp_path)
    cached = load(path, cache=tmp_path / "cache", today=TODAY)
    header = cached_file.read_text(encoding="utf-8").splitlines()[0]
    with cached_file.open("r+", encoding="utf-8") as damaged:  # the same file, written over
        damaged.seek(len(header) + 1)
        damaged.write("[[1, 2, 3]]\nnot json at all\n")
        damaged.truncate()
    assert cached.offerings == expected.offerings


def test_the_count_of_offerable_offerings_is_the_same_from_the_cache(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        FULL.replace("  - id: tech-lead-track", "  - active: false\n    id: tech-lead-track"),
    )
    parsed = check(path, cache=tmp_path / "cache", today=TODAY)
    assert parsed.offerable_count == len(parsed.offerable) == 1
    assert load(path, cache=tmp_path / "cache", today=TODAY).offerable_count == 1


def test_a_changed_file_is_checked_again(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    load(path, cache=tmp_path / "cache", today=TODAY)
    write(tmp_path, VALID.replace("category: people", "category: friends"))
    with pytest.raises(CatalogueError):
        load(path, cache=tmp_path / "cache", today=TODAY)


def test_an_invalid_catalogue_is_not_cached(tmp_path: Path) -> None:
    path = write(tmp_path, "organisation: X\n")
    with pytest.raises(CatalogueError):
        load(path, cache=tmp_path / "cache", today=TODAY)
    assert cache_files(tmp_path) == []


def test_a_cache_that_cannot_be_written_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    path = write(tmp_path, VALID)
    assert load(path, cache=blocker / "cache", today=TODAY).organisation == "Test Org"


def test_a_cache_is_owner_only_and_one_that_fails_midway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache holds what the catalogue says; it is written whole or not at all."""
    path = write(tmp_path, VALID)
    load(path, cache=tmp_path / "cache", today=TODAY)
    (cached,) = cache_files(tmp_path)
    assert cached.stat().st_mode & 0o777 == 0o600
    cached.unlink()

    def disk_full(record: object) -> list[object]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(records, "row_writer", lambda cls: disk_full)
    assert load(path, cache=tmp_path / "cache", today=TODAY).organisation == "Test Org"
    assert list((tmp_path / "cache").iterdir()) == []  # no half file, no temporary one


def test_check_ignores_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, VALID)
    load(path, cache=tmp_path / "cache", today=TODAY)
    break_yaml(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        check(path, cache=tmp_path / "cache", today=TODAY)


# --- select, summary, schema, git ----------------------------------------------------------


def example_like() -> Catalogue:
    return make_catalogue(
        offering("guild", category="people", arenas=("technical-growth",), modes=("mentoring",)),
        offering("budget", category="resources", arenas=("leadership",), modes=("coursework",)),
        offering("lead", category="opportunities", arenas=("leadership",), modes=("mentoring",)),
        offering("gone", category="people", arenas=("leadership",), active=False),
    )


def ids(offerings: tuple[Offering, ...]) -> list[str]:
    return [o.id for o in offerings]


def test_select_filters_active_offerings() -> None:
    cat = example_like()
    assert ids(select(cat)) == ["guild", "budget", "lead"]
    assert ids(select(cat, arena="leadership")) == ["budget", "lead"]
    assert ids(select(cat, arena="leadership", mode="mentoring")) == ["lead"]
    assert ids(select(cat, category="people")) == ["guild"]
    assert ids(select(cat, arena="teamwork")) == []


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"arena": "tech"}, "unknown arena `tech`: the catalogue's arenas are technical-growth"),
        ({"mode": "osmosis"}, "unknown mode `osmosis`: the catalogue's modes are coursework"),
        ({"category": "money"}, "unknown category `money`: use people, resources, opportunities"),
    ],
)
def test_select_refuses_unknown_ids_naming_the_valid_ones(
    option: dict[str, str], message: str
) -> None:
    with pytest.raises(UserError) as caught:
        select(example_like(), **option)
    assert caught.value.message.startswith(message)


def test_the_summary_line_counts_what_the_owner_cares_about(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("active: true", "active: false"))
    cat = check(path, today=TODAY)
    assert summary_line(path, cat) == (
        f"{path}: ok — Test Org, 3 offerings (2 active, 1 inactive), 4 arenas, 7 modes, 0 warnings"
    )


def test_the_schema_matches_the_models() -> None:
    schema = json_schema()
    json.dumps(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {
        "organisation",
        "pitch",
        "arenas",
        "modes",
        "obstacles",
        "offerings",
    }
    kinds = schema["properties"]["obstacles"]["items"]
    assert set(kinds["properties"]) == set(ObstacleKind.__dataclass_fields__)
    offering_schema = schema["$defs"]["offering"]
    assert offering_schema["additionalProperties"] is False
    assert set(offering_schema["properties"]) == set(Offering.__dataclass_fields__)
    assert offering_schema["properties"]["category"]["enum"] == list(CATEGORIES)


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_git_identity_names_the_commit_and_whether_the_file_changed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    path = write(repo, VALID)
    git(repo, "init", "-q")
    git(repo, "add", "offerings.yaml")
    git(repo, "commit", "-q", "-m", "catalogue")
    head = git(repo, "rev-parse", "HEAD")
    clean = git_identity(load(path, today=TODAY).identity)
    assert (clean.git_commit, clean.git_dirty) == (head, False)
    write(repo, VALID.replace("Test Org", "Other Org"))
    dirty = git_identity(load(path, today=TODAY).identity)
    assert (dirty.git_commit, dirty.git_dirty) == (head, True)


def test_git_identity_of_a_file_never_committed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    path = write(repo, VALID)
    git(repo, "init", "-q")
    fresh = git_identity(load(path, today=TODAY).identity)
    assert (fresh.git_commit, fresh.git_dirty) == (None, None)  # no commit yet
    write(repo, "notes\n", name="README")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "first")
    head = git(repo, "rev-parse", "HEAD")
    untracked = git_identity(load(path, today=TODAY).identity)
    assert (untracked.git_commit, untracked.git_dirty) == (head, True)


def test_git_identity_outside_a_repository_or_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity = CatalogueIdentity(path=str(tmp_path / "offerings.yaml"), sha256="0" * 64)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert git_identity(identity) == identity
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert git_identity(identity) == identity


# --- the example catalogue -----------------------------------------------------------------


def test_the_example_catalogue_is_valid_and_rich_enough() -> None:
    cat = check(EXAMPLE_CATALOGUE, today=TODAY)
    active = [o for o in cat.offerings if o.active]
    assert len(cat.offerings) >= 28 and len(active) >= 24
    assert any(not o.active for o in cat.offerings)
    assert any(o.active and o.capacity == 0 for o in cat.offerings)
    assert {a for o in active for a in o.arenas} == {a.id for a in STANDARD_ARENAS}
    assert {o.category for o in active} == set(CATEGORIES)
    assert len({m for o in active for m in o.modes}) >= 6
    for field in ("owner", "capacity", "last_reviewed"):
        assert sum(getattr(o, field) is not None for o in cat.offerings) > len(cat.offerings) / 2
    assert cat.pitch and "only hire people" in cat.pitch
    # Nothing warns, so a team copying it can check with --strict from day one: the full
    # offering says when it opens again, and no review is stale on the day of writing.
    full = [o for o in cat.offerings if o.active and o.capacity == 0]
    assert full and all(o.availability for o in full)
    assert cat.warnings == ()


def test_a_full_offering_that_says_when_it_opens_is_no_warning(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("capacity: 4", "capacity: 0"))
    assert check(path, strict=True, today=TODAY).warnings == ()
    assert len(check(write(tmp_path, FULL, name="full.yaml"), today=TODAY).warnings) == 1


def test_the_example_catalogue_has_tags_that_candidates_words_can_match() -> None:
    tags = {t for o in check(EXAMPLE_CATALOGUE, today=TODAY).offerings if o.active for t in o.tags}
    wanted = {"kubernetes", "cloud", "public-speaking", "time", "mentor", "feedback", "writing"}
    assert wanted | {"architecture", "management", "conflict"} <= tags


def test_the_example_catalogues_gaps_are_named_and_real() -> None:
    header = EXAMPLE_CATALOGUE.read_text(encoding="utf-8").split("organisation:")[0]
    named = re.findall(r"- ([a-z-]+) has no ([a-z-]+)", header)
    assert len(named) >= 2
    cat = check(EXAMPLE_CATALOGUE, today=TODAY)
    for arena, mode in named:
        assert cat.arena(arena) and cat.mode(mode)
        assert not select(cat, arena=arena, mode=mode), (arena, mode)


# --- the commands --------------------------------------------------------------------------


def test_check_command_prints_the_summary_and_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    result = runner.invoke(app, ["offerings", "check", str(path)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}: ok — Test Org, 3 offerings (3 active, 0 inactive), 4 arenas, 7 modes, 1 warning\n"
    )
    assert result.stderr == (
        f"warning: {path}:14:15: offering `cloud-guild` has capacity 0: "
        "it is full and will not be offered (say when it opens again in `availability`)\n"
    )


def test_check_command_exits_1_with_one_line_per_problem(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("titel", "x").replace("title: Cloud", "titel: Cloud"))
    result = runner.invoke(app, ["offerings", "check", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:4:5: offering `cloud-guild` has no `title` (required)",
        f"{path}:5:5: unknown key `titel` in an offering: did you mean `title`?",
    ]
    assert "Traceback" not in result.output


def test_check_command_strict_fails_on_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    result = runner.invoke(app, ["offerings", "check", "--strict", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:14:15: offering `cloud-guild` has capacity 0")


def test_check_command_checks_every_file_it_is_given(tmp_path: Path) -> None:
    good = write(tmp_path, VALID)
    bad = write(tmp_path, "organisation: X\n", name="bad.yaml")
    result = runner.invoke(app, ["offerings", "check", str(bad), str(good)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{good}: ok — Test Org")
    assert result.stderr.startswith(f"{bad}:1:1: the catalogue has no `offerings` list")


def test_check_command_defaults_to_offerings_yaml_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["offerings", "check"])
    assert result.exit_code == 1
    assert result.stderr.startswith("offerings.yaml: no such file")
    write(tmp_path, VALID)
    assert runner.invoke(app, ["offerings", "check"]).exit_code == 0


def test_check_command_passes_on_the_example_catalogue() -> None:
    result = runner.invoke(app, ["offerings", "check", str(EXAMPLE_CATALOGUE)])
    assert result.exit_code == 0, result.output
    assert "ok — Larkspur Software" in result.stdout


def test_list_command_as_json_lists_active_offerings(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("active: true", "active: false"))
    result = runner.invoke(app, ["offerings", "list", "--catalogue", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [o["id"] for o in listed] == ["learning-time", "tech-lead-track"]
    assert listed[0]["arenas"] == ["technical-growth", "personal-development", "leadership"]
    assert listed[0]["last_reviewed"] is None and listed[0]["active"] is True


def test_list_command_filters(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    result = runner.invoke(
        app,
        ["offerings", "list", "--catalogue", str(path), "--arena", "leadership", "-f", "json"],
    )
    assert [o["id"] for o in json.loads(result.stdout)] == ["learning-time", "tech-lead-track"]
    result = runner.invoke(
        app, ["offerings", "list", "--catalogue", str(path), "--mode", "mentoring", "-f", "json"]
    )
    assert [o["id"] for o in json.loads(result.stdout)] == ["cloud-guild"]


def test_list_command_refuses_an_unknown_arena(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    result = runner.invoke(app, ["offerings", "list", "--catalogue", str(path), "--arena", "x"])
    assert result.exit_code == 1
    assert result.stderr == (
        "ri: unknown arena `x`: the catalogue's arenas are technical-growth, teamwork, "
        "leadership, personal-development\n"
    )


def test_list_command_shows_catalogue_text_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("title: Cloud Guild", "title: '[bold]Cloud[/bold] <b>'"))
    result = runner.invoke(app, ["offerings", "list", "--catalogue", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold]Cloud[/bold] <b>" in result.stdout
    assert "Test Org: 3 active offerings" in result.stdout
    assert "4 open" in result.stdout


def test_list_command_on_a_bad_catalogue_names_the_fault(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("category: people", "category: friends"))
    result = runner.invoke(app, ["offerings", "list", "--catalogue", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"ri: {path}:6:15: `category` must be people")


def test_schema_command_prints_json() -> None:
    result = runner.invoke(app, ["offerings", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema()


def test_the_pre_commit_hook_runs_the_check_on_catalogues() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ri-offerings-check"
    assert hook["entry"] == "ri offerings check"
    assert hook["pass_filenames"] is True
    for name in ("offerings.yaml", "hr/offerings.yaml"):
        assert re.search(hook["files"], name)
    assert not re.search(hook["files"], "my-offerings.yaml.bak")


def test_a_cached_load_does_not_even_import_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    code = (
        "import sys, pathlib; from reverse_interview import catalogue; "
        f"catalogue.load(pathlib.Path({str(path)!r}), cache=pathlib.Path({str(tmp_path)!r}));"
        " print('yaml' in sys.modules)"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run() == "True"  # first time: parsed, then cached
    assert run() == "False"


# --- the first `ri run` after a change: the check beside the terminal's set-up ---------------


def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the child processes load_ahead starts (it starts them for real)."""
    started: list[int] = []
    real = os.fork

    def fork() -> int:
        started.append(1)
        return real()

    monkeypatch.setattr(os, "fork", fork)
    return started


@pytest.mark.skipif(not hasattr(os, "fork"), reason="checked beside only where ri can fork")
def test_a_changed_catalogue_checked_beside_is_the_one_load_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, FULL)  # a warning, kept in the cache's first line
    started = forks(monkeypatch)
    ahead = load_ahead(path, cache=tmp_path / "cache", today=TODAY)()
    assert started == [1]
    assert ahead == load(path, today=TODAY)
    assert ahead.warnings and ahead.offerable_count == 2
    assert len(cache_files(tmp_path)) == 1  # cached by the child, for the next run
    assert load_ahead(path, cache=tmp_path / "cache", today=TODAY)() == ahead
    assert started == [1]  # the next run reads the cache: no child


@pytest.mark.skipif(not hasattr(os, "fork"), reason="checked beside only where ri can fork")
def test_a_changed_catalogue_with_problems_says_them_as_the_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, VALID.replace("category: people", "category: peopel"))
    started = forks(monkeypatch)
    finish = load_ahead(path, cache=tmp_path / "cache", today=TODAY)
    with pytest.raises(CatalogueError) as caught:
        finish()
    assert started == [1]
    assert caught.value.message == "\n".join(problems(path))
    assert cache_files(tmp_path) == []


def test_a_changed_catalogue_is_read_whole_when_it_cannot_be_cached_or_forked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, VALID)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    expected = load(path, today=TODAY)
    assert load_ahead(path, cache=blocker / "cache", today=TODAY)() == expected
    monkeypatch.delattr(os, "fork", raising=False)
    assert load_ahead(path, cache=tmp_path / "cache", today=TODAY)() == expected
    assert len(cache_files(tmp_path)) == 1
