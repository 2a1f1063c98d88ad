"""Obstacles: the kinds a candidate names, found from the catalogue's (or the standard) words."""

from __future__ import annotations

import pytest

from reverse_interview.models import STANDARD_OBSTACLES, ObstacleKind
from reverse_interview.obstacles import recognise


def kinds(text: str, catalogue_kinds: tuple[ObstacleKind, ...] = STANDARD_OBSTACLES) -> list[str]:
    return [named.kind.id for named in recognise(text, catalogue_kinds)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No time, too many deadlines", ["time"]),
        ("courses are too expensive", ["cost"]),
        ("nobody senior to learn from, I'm the only engineer", ["senior-help"]),
        ("I get nervous on stage", ["confidence"]),
        ("I look after my mum at weekends", ["caring", "schedule"]),
        ("permanent nights", ["schedule"]),
        ("English is not my first language", ["language"]),
        ("the commute to the office is far too long", ["distance"]),
        ("never get the chance to use it on real projects", ["access"]),
        ("none really", []),
        ("", []),
    ],
)
def test_the_standard_kinds_are_recognised_in_everyday_words(
    text: str, expected: list[str]
) -> None:
    assert kinds(text) == expected


def test_a_word_every_teacher_uses_is_no_caring_duty() -> None:
    assert kinds("the kids can tell he's nervous") == ["confidence"]


def test_each_kind_is_quoted_in_the_candidate_s_own_words() -> None:
    named = recognise(
        "Honestly I have no time at all because the release schedule is brutal, and there is "
        "nobody senior here to learn from",
        STANDARD_OBSTACLES,
    )
    said = {n.kind.id: n.said for n in named}
    assert said["time"] == "no time at all"
    assert said["senior-help"].startswith("nobody senior here")


def test_a_catalogue_s_own_kinds_replace_the_standard_ones() -> None:
    own = (ObstacleKind("rota", "The rota", ("night shifts", "rota")),)
    assert kinds("stuck on night shifts, no time", own) == ["rota"]
    assert kinds("no time at all", own) == []
