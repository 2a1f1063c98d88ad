"""Step 5's screen, drawn without a terminal: what the interviewer talks from in the call."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from reverse_interview.models import ArenaAnswers, Gap, Interview, Match, MatchedOffering, Struck
from reverse_interview.render.terminal import cut, pages, step_five_blocks
from tests.helpers import make_catalogue, offering

CATALOGUE = make_catalogue(
    offering("guild", title="Cloud Guild", capacity=3, eligibility="after probation"),
    offering("course", title="Kubernetes Course", category="resources", availability="spring"),
    offering("rotation", title="Platform Rotation", category="opportunities"),
)
LONG_REASON = "helps with their obstacle: no senior engineer anywhere near my team to learn from"


def interview(**changes: object) -> Interview:
    values: dict[str, object] = {
        "id": "iv-1",
        "arenas": (ArenaAnswers("technical-growth", "Technical growth", learn="k8s"),),
        "matches": (
            Match(
                "technical-growth",
                (
                    MatchedOffering("course", "Kubernetes Course", "resources", ("k8s",), 2.0),
                    MatchedOffering("guild", "Cloud Guild", "people", (LONG_REASON,), 5.0),
                    MatchedOffering("rotation", "Platform Rotation", "opportunities", (), 1.0),
                ),
            ),
        ),
        "gaps": (
            Gap(
                "technical-growth",
                None,
                "We have nothing for giving talks at conferences today, and we would rather "
                "say so now than promise something we do not have; ask again next year.",
            ),
        ),
    }
    values.update(changes)
    return Interview(**values)  # type: ignore[arg-type]


def plain(lines: list[Text]) -> list[str]:
    return [line.plain for line in lines]


def test_matches_strongest_first_each_in_two_lines_at_most_without_ids() -> None:
    (block,) = step_five_blocks(interview(), CATALOGUE, 60)
    text = plain(block)
    assert text[0].startswith("── Technical growth")
    titles = [line for line in text if line.startswith("  • ")]
    assert [t.split("  ")[1].removeprefix("• ") for t in titles] == [
        "Cloud Guild",
        "Kubernetes Course",
        "Platform Rotation",
    ]
    starts = [i for i, line in enumerate(text) if line.startswith("  • ")]
    ends = [*starts[1:], next(i for i, line in enumerate(text) if "✗" in line)]
    assert all(1 <= end - start <= 2 for start, end in zip(starts, ends, strict=True))
    assert all(cell_len(line) <= 60 for line in text)
    assert not any(word in line for line in text for word in ("guild", "course", "rotation"))


def test_places_availability_and_eligibility_are_said_with_the_offering() -> None:
    text = plain(step_five_blocks(interview(), CATALOGUE, 120)[0])
    guild = next(line for line in text if "Cloud Guild" in line)
    assert "3 places open" in guild and "eligible: after probation" in guild
    assert "spring" in next(line for line in text if "Kubernetes Course" in line)


def test_a_reason_too_long_for_the_line_is_cut_at_a_word() -> None:
    text = plain(step_five_blocks(interview(), CATALOGUE, 60)[0])
    reason = next(line for line in text if "helps with" in line)
    assert reason.endswith("…")
    kept = reason.strip().removesuffix("…")
    assert LONG_REASON.startswith(kept)
    assert LONG_REASON[len(kept)] == " "  # a clean cut between words


def test_a_gap_is_said_whole_in_the_candidates_words() -> None:
    text = plain(step_five_blocks(interview(), CATALOGUE, 60)[0])
    first = next(i for i, line in enumerate(text) if "✗" in line)
    said = " ".join(line.strip() for line in text[first:])
    assert said.startswith("✗ Say: We have nothing for giving talks")
    assert said.endswith("ask again next year.")


def test_struck_matches_are_not_on_the_screen() -> None:
    struck = interview(struck=(Struck("technical-growth", "guild"),))
    text = "\n".join(plain(step_five_blocks(struck, CATALOGUE, 120)[0]))
    assert "Cloud Guild" not in text and "2 to offer" in text


def test_outside_text_is_shown_not_obeyed() -> None:
    odd = make_catalogue(offering("guild", title="Cloud \x1b[2J Guild", eligibility="\x07all"))
    iv = interview(
        matches=(
            Match(
                "technical-growth",
                (MatchedOffering("guild", "Cloud \x1b[2J Guild", "people", ("x\x1b",)),),
            ),
        )
    )
    text = "\n".join(plain(step_five_blocks(iv, odd, 120)[0]))
    assert "\x1b" not in text and "\x07" not in text


def test_cut_keeps_a_line_short_at_a_word() -> None:
    assert cut("no senior engineer to learn from", 100) == "no senior engineer to learn from"
    assert cut("no senior engineer to learn from", 20) == "no senior engineer…"
    assert cut("word\nwrapped   text", 40) == "word wrapped text"


def test_pages_keep_an_arena_whole_unless_it_alone_is_too_tall() -> None:
    def block(name: str, size: int) -> list[Text]:
        return [Text(f"── {name}"), *(Text(f"line {i}") for i in range(size - 1))]

    laid = pages([block("a", 4), block("b", 4), block("c", 9)], room=6)
    assert [page[0].plain for page in laid] == ["── a", "── b", "── c", "line 5"]
    assert all(len(page) <= 6 for page in laid)
