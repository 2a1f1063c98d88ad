"""The follow-up and the plan in a real browser: headless Chromium at phone and desktop widths.

The pages are made by `ri` itself from an interview recorded with `ri run --answers` against the
example catalogue. The product's pages have no scripts; to measure one, the test copies the page
and adds a small script to the copy (and loosens the copy's Content-Security-Policy so that it
runs). The same loosened policy would let a candidate's `<script>` run too, if it ever reached
the page as markup: so it is the escaping, not the policy, that the hostile tests prove.

scripts/test installs Debian's `chromium` where it is missing. Without it the tests are skipped
on a developer's machine, and fail in CI (CI=true), where they must run.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reverse_interview.cli import app
from tests.helpers import EXAMPLE_CATALOGUE

runner = CliRunner()
PHONE, DESKTOP = 390, 1280


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
if CHROMIUM is None and os.environ.get("CI", "").lower() in ("true", "1"):
    raise RuntimeError("CI must run the browser tests: chromium is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (scripts/test installs it with apt-get)"
)


def chromium(*args: str) -> str:
    """Run headless Chromium once with a profile of its own; its standard output."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="ri-chromium-") as profile:
        done = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# --- the pages ri makes ------------------------------------------------------------------------

ANSWERS = """\
candidate: {name}
role: Staff nurse & platform engineer
interviewer: Grace Hopper
arenas:
  - arena: technical-growth
    strengths: Linux, networking
    learn: {learn}
    obstacles: {obstacles}
  - arena: leadership
    learn: lead a small team and mentor juniors
    obstacles: no senior peer to ask
  - arena: Public speaking
    learn: give a talk at a conference
growth:
  preferred: [mentoring, coursework]
  note: Learns by pairing
notes: For the interviewer only.
"""

HOSTILE = [
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "[click me](javascript:document.documentElement.setAttribute('data-pwned','link'))",
    "\x1b]0;retitled\x07\x1b[2J\x1b[31mred",
    "w" * 160,
]


def _yaml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def record(tmp_path: Path, *, hostile: bool) -> str:
    """Record an interview from an answers file, hire the candidate; the interview's ID."""
    text = " ".join(HOSTILE) if hostile else "deadlines"
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        ANSWERS.format(
            name=_yaml_text(f"Ada {HOSTILE[0]}" if hostile else "Ada Lovelace"),
            learn=_yaml_text(
                f"Kubernetes and cloud architecture {text}"
                if hostile
                else "Kubernetes and cloud architecture"
            ),
            obstacles=_yaml_text(f"no time to study, and {text}"),
        ),
        encoding="utf-8",
    )
    os.environ["RI_CATALOGUE"] = str(EXAMPLE_CATALOGUE)
    result = runner.invoke(app, ["run", "--answers", str(answers)])
    assert result.exit_code == 0, result.stderr
    interview_id = result.stdout.strip().splitlines()[-1]
    done = runner.invoke(app, ["outcome", interview_id, "hired", "--start", "2027-01-11"])
    assert done.exit_code == 0, done.stderr
    return interview_id


def pages(tmp_path: Path, interview_id: str) -> dict[str, tuple[Path, list[str]]]:
    """The follow-up and the plan as ri writes them, with the offering titles each must show."""
    found: dict[str, tuple[Path, list[str]]] = {}
    report = json.loads(runner.invoke(app, ["report", interview_id, "--format", "json"]).stdout)
    presented = [o["title"] for m in report["matches"] for o in m["offerings"]]
    plan = json.loads(runner.invoke(app, ["plan", interview_id, "--format", "json"]).stdout)
    planned = [o["title"] for a in plan["arenas"] for o in a["offerings"]]
    for name, args, titles in (
        ("follow-up", ["report", interview_id, "--for", "candidate"], presented),
        ("plan", ["plan", interview_id], planned),
    ):
        target = tmp_path / f"{name}.html"
        result = runner.invoke(app, [*args, "--format", "html", "-o", str(target)])
        assert result.exit_code == 0, result.stderr
        assert titles, name
        found[name] = (target, list(dict.fromkeys(titles)))
    return found


# --- measuring a page (in a copy, with a script) -------------------------------------------------

MEASURE = """
<script>
(function () {
  var width = window.innerWidth;
  var out = {width: width, scrollWidth: document.documentElement.scrollWidth,
             wide: [], titles: {}, links: document.querySelectorAll('a').length};
  document.querySelectorAll('body *').forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      out.wide.push(el.tagName + ': ' + el.textContent.slice(0, 60));
    }
  });
  var strong = Array.prototype.slice.call(document.querySelectorAll('li strong'));
  TITLES.forEach(function (title) {
    var el = strong.find(function (s) { return s.textContent === title; });
    if (!el) { out.titles[title] = 'missing'; return; }
    var box = el.getBoundingClientRect(), style = getComputedStyle(el);
    var shown = box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= width + 0.5
      && style.visibility === 'visible' && style.display !== 'none'
      && parseFloat(style.opacity) > 0 && parseFloat(style.fontSize) >= 10;
    out.titles[title] = shown ? 'visible' : 'hidden at ' + JSON.stringify(box);
  });
  var pre = document.createElement('pre');
  pre.id = 'ri-measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""
PRODUCT_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
TEST_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def measured_copy(page: Path, titles: list[str]) -> Path:
    source = page.read_text(encoding="utf-8")
    assert PRODUCT_POLICY in source
    assert "<script" not in source.lower()
    copy = page.with_name(f"measure-{page.name}")
    script = MEASURE.replace("TITLES", json.dumps(titles))
    copy.write_text(
        source.replace(PRODUCT_POLICY, TEST_POLICY, 1).replace("</body>", script + "</body>", 1),
        encoding="utf-8",
    )
    return copy


HOST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="page" src="PAGE" style="border:0;width:WIDTHpx;height:900px"></iframe>
<pre id="ri-measure"></pre>
<script>
document.getElementById('page').addEventListener('load', function () {
  var inner = this.contentDocument;
  var found = inner.getElementById('ri-measure');
  var tags = {};
  inner.querySelectorAll('*').forEach(function (el) { tags[el.tagName.toLowerCase()] = 1; });
  document.getElementById('ri-measure').textContent = JSON.stringify({
    measure: found ? JSON.parse(found.textContent) : null,
    pwned: inner.documentElement.getAttribute('data-pwned'),
    scripts: inner.querySelectorAll('script').length,
    tags: Object.keys(tags)
  });
});
</script></body></html>
"""


class _Result(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "pre" and ("id", "ri-measure") in attrs

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.text += data


def measure(page: Path, titles: list[str], width: int) -> dict[str, Any]:
    """Load a measuring copy of `page` in a frame `width` CSS pixels wide (a headless window
    is never narrower than 500) and read back what it measured, and what the page holds."""
    copy = measured_copy(page, titles)
    host = page.with_name(f"host-{width}-{page.name}")
    host.write_text(HOST.replace("PAGE", copy.name).replace("WIDTH", str(width)), "utf-8")
    reader = _Result()
    reader.feed(
        chromium(
            f"--window-size={width + 100},1000",
            "--allow-file-access-from-files",
            "--dump-dom",
            host.as_uri(),
        )
    )
    assert reader.text, "the frame did not load"
    found: dict[str, Any] = json.loads(reader.text)
    assert found["measure"], "the measuring script did not run"
    return found


def png_ink(path: Path) -> tuple[int, int, float, int]:
    """(width, height, share of non-white pixels, rightmost non-white column) of an 8-bit
    RGB(A) PNG, as Chromium writes them."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + size
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * step
    previous, ink, rightmost = bytearray(stride), 0, -1
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0), (abs(guess - up), 1), (abs(guess - corner), 2))
                line[i] = (line[i] + (left, up, corner)[near[1]]) & 0xFF
        for x in range(0, stride, step):
            if min(line[x], line[x + 1], line[x + 2]) < 200:
                ink += 1
                rightmost = max(rightmost, x // step)
        previous = line
    return width, height, ink / (width * height), rightmost


def screenshots_folder(tmp_path: Path) -> Path:
    """Where the PNGs go: RI_SCREENSHOTS when set (to look at them), else the test's folder."""
    folder = Path(os.environ.get("RI_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- the tests -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, tuple[Path, list[str]]]]:
    found = {}
    for hostile in (False, True):
        folder = tmp_path_factory.mktemp("hostile" if hostile else "plain")
        with pytest.MonkeyPatch.context() as env:
            env.setenv("RI_STORE", str(folder / "store" / "interviews.db"))
            env.setenv("RI_CACHE", str(folder / "cache"))
            env.setenv("RI_CATALOGUE", str(EXAMPLE_CATALOGUE))
            found["hostile" if hostile else "plain"] = pages(
                folder, record(folder, hostile=hostile)
            )
    return found


@pytest.mark.parametrize("kind", ["plain", "hostile"])
@pytest.mark.parametrize("page", ["follow-up", "plan"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_horizontal_overflow_and_every_offering_title_visible(
    made: dict[str, dict[str, tuple[Path, list[str]]]], kind: str, page: str, width: int
) -> None:
    path, titles = made[kind][page]
    found = measure(path, titles, width)
    result = found["measure"]
    assert isinstance(result, dict)
    assert result["width"] == width
    assert result["scrollWidth"] == width, result["wide"]
    assert result["wide"] == []
    assert result["titles"] == dict.fromkeys(titles, "visible")
    # Hostile text stayed text: nothing it carried ran, linked or loaded.
    assert found["pwned"] is None
    assert found["scripts"] == 1  # the test's own
    assert result["links"] == 0
    assert not {"img", "iframe", "a", "object", "embed"} & set(found["tags"])


def test_hostile_text_reads_as_typed_in_the_browser(
    made: dict[str, dict[str, tuple[Path, list[str]]]],
) -> None:
    path, _ = made["hostile"]["follow-up"]
    dom = chromium("--window-size=390,900", "--dump-dom", path.as_uri())
    shown = " ".join(html.unescape(dom).split())
    for text in HOSTILE[:3]:
        assert text in shown
    assert "␛]0;retitled␇␛[2J␛[31mred" in shown
    assert "\x1b" not in dom


@pytest.mark.parametrize(
    ("kind", "page", "width"),
    [
        ("plain", "follow-up", PHONE),
        ("plain", "follow-up", DESKTOP),
        ("plain", "plan", PHONE),
        ("plain", "plan", DESKTOP),
        ("hostile", "follow-up", PHONE),
    ],
)
def test_screenshots_at_phone_and_desktop_width(
    made: dict[str, dict[str, tuple[Path, list[str]]]],
    kind: str,
    page: str,
    width: int,
    tmp_path: Path,
) -> None:
    path, _ = made[kind][page]
    shot = screenshots_folder(tmp_path) / f"{page}-{kind}-{width}.png"
    chromium(f"--window-size={width},2400", f"--screenshot={shot}", path.as_uri())
    shot_width, height, ink, rightmost = png_ink(shot)
    assert (shot_width, height) == (width, 2400)
    assert ink > 0.01  # text was drawn
    assert rightmost < width - 4  # and none of it runs into the right edge
