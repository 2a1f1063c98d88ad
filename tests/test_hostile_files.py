"""Hostile files and numbers: each ends at once in one clear line and the contract's exit code.

A FIFO, a device or a folder given as a catalogue or answers file is refused before anything is
read from it (nothing hangs, nothing fills memory); a file over the stated limit is refused
without being read whole; a number out of range is a usage error; a file that cannot be read
is exit 1 naming it; `--output` writes devices, FIFOs and /dev/stdout through and replaces a
regular file atomically, keeping its mode. Everything runs as the real `ri` in a process of its
own, so that a hang fails on the timeout and memory is measured for real.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pexpect
import pytest

from reverse_interview import yamlfile
from reverse_interview.answers import ANSWERS_LIMIT_MB, read_answers
from reverse_interview.catalogue import CATALOGUE_LIMIT_MB, load
from reverse_interview.cli_store import IMPORT_LIMIT_MB
from reverse_interview.errors import AnswersError, CatalogueError
from tests.helpers import EXAMPLE_CATALOGUE

RI = str(Path(sys.executable).with_name("ri"))
TIMEOUT = 30
ANSWERS = """\
candidate: Ada Lovelace
role: Platform engineer
arenas:
  - arena: technical-growth
    learn: Kubernetes and cloud architecture
growth:
  preferred: [mentoring, coursework]
"""
# Peak memory of a refused run: Python, Typer and PyYAML take about 40 MB; a file read whole
# (the hundreds of megabytes below) could not fit.
PEAK_MB = 150


def ri(
    *args: str, input: bytes | None = None, cwd: Path | None = None, as_user: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real `ri`; `as_user` drops root's power to read any file, as a user has none."""
    command = [RI, *args]
    if as_user and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to test as root without root's powers"
        command = [setpriv, "--bounding-set=-all", "--inh-caps=-all", *command]
    result = subprocess.run(
        command, input=input, capture_output=True, timeout=TIMEOUT, cwd=cwd, check=False
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def peak_mb(*args: str, input: bytes | None = None) -> tuple[int, str, float]:
    """Exit code, stderr and peak resident memory (MB) of `ri args` in a process of its own."""
    measure = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], stderr=subprocess.PIPE); "
        "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
        "sys.stderr.buffer.write(done.stderr); sys.exit(done.returncode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", measure, RI, *args],
        input=input,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    return result.returncode, result.stderr.decode(), int(result.stdout) / 1024


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a refused command printed on stderr (and no traceback)."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(autouse=True)
def catalogue_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RI_CATALOGUE", str(EXAMPLE_CATALOGUE))


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def special_file(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
        return path
    if kind == "folder":
        return tmp_path
    return Path({"zero": "/dev/zero", "null": "/dev/null"}[kind])


NOT_REGULAR = {
    "fifo": "not a regular file (a FIFO)",
    "zero": "not a regular file (a device)",
    "null": "not a regular file (a device)",
    "folder": "not a regular file (a folder)",
}


# --- 4. only regular files of a sane size are read ---------------------------------------------


@pytest.mark.parametrize("kind", sorted(NOT_REGULAR))
def test_a_special_catalogue_is_refused_at_once(tmp_path: Path, kind: str, answers: Path) -> None:
    path = special_file(tmp_path, kind)
    checked = ri("offerings", "check", str(path))
    assert checked.returncode == 1
    assert one_line(checked) == f"{path}: {NOT_REGULAR[kind]}: give a catalogue file"
    recorded = ri("run", "--answers", str(answers), "--catalogue", str(path))
    assert recorded.returncode == 1
    assert one_line(recorded) == f"ri: {path}: {NOT_REGULAR[kind]}: give a catalogue file"


@pytest.mark.parametrize("kind", sorted(NOT_REGULAR))
def test_a_special_answers_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = special_file(tmp_path, kind)
    result = ri("run", "--answers", str(path))
    assert result.returncode == 1
    assert one_line(result) == f"ri: {path}: {NOT_REGULAR[kind]}: give an answers file"
    assert "Interview" not in result.stdout


def test_a_fifo_catalogue_ends_ri_run_in_a_terminal_at_once(tmp_path: Path) -> None:
    fifo = special_file(tmp_path, "fifo")
    child = pexpect.spawn(
        RI,
        ["run", "--catalogue", str(fifo)],
        env={**os.environ, "TERM": "xterm-256color"},
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 120),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert f"{fifo}: not a regular file (a FIFO): give a catalogue file" in str(child.before)
    assert "candidate's name" not in str(child.before)  # refused before the first question


def test_a_catalogue_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "offerings.yaml"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(300 * 1_000_000)
    code, err, peak = peak_mb("offerings", "check", str(path))
    assert code == 1
    assert err.strip() == f"{path}: too large: 300 MB, the limit is {CATALOGUE_LIMIT_MB} MB"
    assert peak < PEAK_MB


def test_an_answers_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    with path.open("wb") as handle:
        handle.truncate(7_400_000)
    result = ri("run", "--answers", str(path))
    assert result.returncode == 1
    assert one_line(result) == f"ri: {path}: too large: 7.4 MB, the limit is {ANSWERS_LIMIT_MB} MB"


def test_answers_from_standard_input_are_read_up_to_the_limit_only() -> None:
    flood = b"notes: " + b"a" * (60 * 1_000_000)
    code, err, peak = peak_mb("run", "--answers", "-", input=flood)
    assert code == 1
    assert err.strip() == (
        f"ri: <stdin>: too large: more than {ANSWERS_LIMIT_MB} MB, "
        f"the limit is {ANSWERS_LIMIT_MB} MB"
    )
    assert peak < PEAK_MB


def test_the_limit_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "exact.yaml"
    path.write_bytes(b"#" * 1_000_000)
    assert len(yamlfile.read_bytes(path, CatalogueError, what="x", missing="x", limit_mb=1)) == (
        1_000_000
    )
    path.write_bytes(b"#" * 1_000_001)
    with pytest.raises(CatalogueError, match=r"too large: more than 1 MB, the limit is 1 MB"):
        yamlfile.read_bytes(path, CatalogueError, what="x", missing="x", limit_mb=1)


def test_a_100000_offering_catalogue_fits_well_within_the_limit() -> None:
    # The README's full offering, with every optional field, is the largest realistic one.
    text = EXAMPLE_CATALOGUE.read_text(encoding="utf-8")
    offerings = text.count("\n  - id:")
    per_offering = len(text.encode()) / offerings
    assert per_offering * 100_000 < CATALOGUE_LIMIT_MB * 1_000_000 / 2


# --- 5. numbers in range; unreadable files are exit 1 naming them ------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-1", "1000001", "ten"])
def test_a_limit_out_of_range_is_a_usage_error(value: str) -> None:
    result = ri("list", "--limit", value)
    assert result.returncode == 2
    assert "Invalid value for '--limit'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_largest_limit_is_accepted() -> None:
    result = ri("list", "--limit", "1000000")
    assert result.returncode == 0, result.stderr


def test_an_unreadable_catalogue_or_answers_file_is_exit_1_naming_it(
    tmp_path: Path, answers: Path
) -> None:
    catalogue = tmp_path / "offerings.yaml"
    shutil.copy(EXAMPLE_CATALOGUE, catalogue)
    catalogue.chmod(0)
    checked = ri("offerings", "check", str(catalogue), as_user=True)
    assert checked.returncode == 1
    assert one_line(checked) == f"{catalogue}: cannot be read: permission denied"
    listed = ri("offerings", "list", "--catalogue", str(catalogue), as_user=True)
    assert listed.returncode == 1
    assert one_line(listed) == f"ri: {catalogue}: cannot be read: permission denied"

    answers.chmod(0)
    result = ri("run", "--answers", str(answers), as_user=True)
    assert result.returncode == 1
    assert one_line(result) == f"ri: {answers}: cannot be read: permission denied"


# --- 6. --output --------------------------------------------------------------------------------


@pytest.fixture
def interview_id(answers: Path) -> str:
    result = ri("run", "--answers", str(answers))
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]


def test_dash_is_standard_output(tmp_path: Path, interview_id: str) -> None:
    for args in (["-o", "-"], ["-f", "markdown", "-o", "-"], ["--format=json", "--output=-"]):
        result = ri("report", interview_id, *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Ada Lovelace" in result.stdout
        assert not (tmp_path / "-").exists()


def test_an_empty_output_name_is_a_usage_error(tmp_path: Path, interview_id: str) -> None:
    result = ri("report", interview_id, "-o", "", cwd=tmp_path)
    assert result.returncode == 2
    assert one_line(result) == "ri: --output needs a file name (or - for standard output)"


def test_a_device_is_written_through_not_replaced(tmp_path: Path, interview_id: str) -> None:
    if os.geteuid() == 0:  # a null device of our own: a mistake cannot replace /dev/null
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        device = Path("/dev/null")
    before = device.stat()
    result = ri("report", interview_id, "-o", str(device))
    assert result.returncode == 0, result.stderr
    after = device.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_fifo_is_written_through(tmp_path: Path, interview_id: str) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = ri("report", interview_id, "-f", "markdown", "-o", str(fifo))
    reader.join(TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"Ada Lovelace" in received[0]


def test_dev_stdout_is_written_through(tmp_path: Path, interview_id: str) -> None:
    piped = ri("report", interview_id, "-f", "json", "-o", "/dev/stdout")
    assert piped.returncode == 0, piped.stderr
    assert '"candidate": "Ada Lovelace"' in piped.stdout

    # Standard output redirected to a file (`> out.json`): that file is written, not replaced.
    out = tmp_path / "out.json"
    with out.open("wb") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        done = subprocess.run(
            [RI, "report", interview_id, "-f", "json", "-o", "/dev/stdout"],
            stdout=handle,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert out.stat().st_ino == inode
    assert '"candidate": "Ada Lovelace"' in out.read_text(encoding="utf-8")


def test_a_regular_file_is_replaced_keeping_its_mode(tmp_path: Path, interview_id: str) -> None:
    kept = tmp_path / "shared.md"
    kept.write_text("old notes\n", encoding="utf-8")
    kept.chmod(0o640)
    old_inode = kept.stat().st_ino
    result = ri("report", interview_id, "-f", "markdown", "-o", str(kept))
    assert result.returncode == 0, result.stderr
    assert one_line(result) == f"Written to {kept}"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert kept.stat().st_ino != old_inode  # a new file put in place in one step
    assert "Ada Lovelace" in kept.read_text(encoding="utf-8")

    new = tmp_path / "new.md"
    assert ri("report", interview_id, "-o", str(new)).returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o600  # personal data: owner-only

    link = tmp_path / "latest.md"
    link.symlink_to(kept.name)
    assert ri("report", interview_id, "-o", str(link)).returncode == 0
    assert link.is_symlink() and stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".md")) == [
        "latest.md",
        "new.md",
        "shared.md",
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_folder_or_missing_folder_as_output_is_one_line(
    tmp_path: Path, interview_id: str
) -> None:
    folder = ri("report", interview_id, "-o", str(tmp_path))
    assert folder.returncode == 1
    assert one_line(folder) == f"ri: cannot write {tmp_path}: it is a folder; give a file name"
    missing = tmp_path / "nowhere" / "r.md"
    result = ri("report", interview_id, "-o", str(missing))
    assert result.returncode == 1
    assert one_line(result) == f"ri: cannot write {missing}: No such file or directory"


# --- 7. answers files: one clear message per fault; YAML bombs and tags ------------------------


def refused(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "answers.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(AnswersError) as caught:
        read_answers(path, load(EXAMPLE_CATALOGUE))
    return [str(problem) for problem in caught.value.problems]


def test_a_complex_key_is_named_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    problems = refused(tmp_path, "? [a, b]\n: 1\n" + ANSWERS)
    assert problems == [f"{path}:1:3: a key must be a plain word, not a list"]
    problems = refused(tmp_path, ANSWERS + "? {a: 1}\n: 1\n")
    assert problems == [f"{path}:8:3: a key must be a plain word, not a mapping"]


def test_a_candidate_of_the_wrong_shape_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    problems = refused(tmp_path, ANSWERS.replace("Ada Lovelace", "[a, b]"))
    assert problems == [f"{path}:1:12: `candidate` must be text, not a list"]


def billion_laughs(top: str) -> str:
    rows = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    return "\n".join([top, *rows, "notes: *a11", ""])


def test_a_billion_laughs_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(billion_laughs("candidate: Ada"), encoding="utf-8")
    code, err, peak = peak_mb("run", "--answers", str(answers))
    assert code == 1
    assert "anchors and aliases are not allowed" in err
    assert peak < PEAK_MB

    catalogue = tmp_path / "offerings.yaml"
    catalogue.write_text(billion_laughs("organisation: Org"), encoding="utf-8")
    code, err, peak = peak_mb("offerings", "check", str(catalogue))
    assert code == 1
    assert "anchors and aliases are not allowed" in err
    assert peak < PEAK_MB


def test_python_tags_run_no_code_in_either_file(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    tag = f'!!python/object/apply:os.system ["touch {marker}"]'
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.replace("Platform engineer", tag), encoding="utf-8")
    result = ri("run", "--answers", str(answers))
    assert result.returncode == 1
    assert one_line(result).startswith(f"ri: {answers}:2:7: YAML tag")
    catalogue = tmp_path / "offerings.yaml"
    catalogue.write_text(f"organisation: {tag}\nofferings: []\n", encoding="utf-8")
    result = ri("offerings", "check", str(catalogue))
    assert result.returncode == 1
    assert one_line(result).startswith(f"{catalogue}:1:15: YAML tag")
    assert not marker.exists()


# --- 1. outside text: what a terminal would reorder is shown, not obeyed -----------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_bidirectional_overrides_are_shown_not_obeyed(tmp_path: Path) -> None:
    # "Trojan Source": U+202E makes a terminal show what follows backwards.
    answers = tmp_path / "answers.yaml"
    name = f"Eve {BIDI} evE"
    answers.write_text(ANSWERS.replace("Ada Lovelace", json.dumps(name)), encoding="utf-8")
    recorded = ri("run", "--answers", str(answers))
    assert recorded.returncode == 0, recorded.stderr
    interview_id = recorded.stdout.split()[-1]
    for args in (
        ["list"],
        ["list", "--format", "json"],
        ["report", interview_id],
        ["report", interview_id, "--format", "markdown"],
        ["report", interview_id, "--format", "json"],
    ):
        result = ri(*args)
        assert result.returncode == 0, result.stderr
        assert "Eve" in result.stdout
        assert not set(BIDI) & set(result.stdout), args
    stored = json.loads(ri("report", interview_id, "--format", "json").stdout)
    assert stored["candidate"] == name  # escaped in JSON, read back as given


# --- ri import: the same reader, the same limits ------------------------------------------------


def test_an_import_from_a_special_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = special_file(tmp_path, "fifo")
    for path, kind in ((fifo, "a FIFO"), (Path("/dev/zero"), "a device")):
        result = ri("import", str(path))
        assert result.returncode == 1
        assert one_line(result) == (
            f"ri: {path}: not a regular file ({kind}): give a file written by ri export"
        )


def test_an_import_from_standard_input_is_read_up_to_the_limit_only() -> None:
    code, err, peak = peak_mb("import", "-", input=b"x" * (IMPORT_LIMIT_MB * 1_000_000 + 10))
    assert code == 1
    assert err.strip() == (
        f"ri: <stdin>: too large: more than {IMPORT_LIMIT_MB} MB, the limit is {IMPORT_LIMIT_MB} MB"
    )
    assert peak < IMPORT_LIMIT_MB + PEAK_MB  # what was read, never more


def test_questions_naming_outside_text_show_it_as_symbols_in_a_terminal(tmp_path: Path) -> None:
    """The live prompts themselves: a question that names the candidate's own arena."""
    arena = "Own \x1b]0;TITLE\x07 \u202eevil"
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "candidate": "Ada",
                "role": "R",
                "arenas": [{"arena": arena, "learn": "kubernetes"}],
                "growth": {"preferred": ["mentoring"]},
            }
        ),
        encoding="utf-8",
    )
    recorded = ri("run", "--answers", str(answers))
    assert recorded.returncode == 0, recorded.stderr
    child = pexpect.spawn(
        RI,
        ["run", "--resume", recorded.stdout.split()[-1]],
        env={**os.environ, "TERM": "xterm-256color"},
        timeout=TIMEOUT,
        dimensions=(50, 160),
    )
    try:
        child.expect("to change")
        child.send("\x1b[B" * 6 + "\r")  # the review's "Change: <their arena>: good at"
        child.expect("what are they already good at")
        asked = bytes(child.before)
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.kill(9)
    assert "Own ␛]0;TITLE␇ �evil".encode() in asked
    for sequence in (b"\x1b]", b"\x07", "\u202e".encode()):
        assert sequence not in asked


# --- dates: in range where typed, and a stored one too far ahead is one line -------------------


@pytest.mark.parametrize(
    "args",
    [
        ["outcome", "ID", "hired", "--start", "9999-12-31"],
        ["gaps", "--since", "0001-01-01"],
        ["export", "--since", "0001-01-01"],
    ],
)
def test_a_date_out_of_range_is_a_usage_error(args: list[str], interview_id: str) -> None:
    result = ri(*[interview_id if a == "ID" else a for a in args])
    assert result.returncode == 2
    assert "out of range: give a date from 1900-01-01 to 2999-12-31" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_plan_for_an_imported_start_too_far_ahead_is_one_line(
    tmp_path: Path, interview_id: str
) -> None:
    exported = json.loads(ri("export").stdout.splitlines()[0])
    exported.update(id="far9999", outcome={"status": "hired", "start": "9999-12-31"})
    line = tmp_path / "far.jsonl"
    line.write_text(json.dumps(exported) + "\n", encoding="utf-8")
    assert ri("import", str(line)).returncode == 0
    for args in (["plan", "far9999"], ["plan", "far9999", "--format", "ics"]):
        result = ri(*args)
        assert result.returncode == 1
        assert one_line(result) == (
            "ri: interview far9999 has the start date 9999-12-31, too far ahead for check-ins: "
            "correct it with: ri outcome far9999 hired --start DATE"
        )


def test_output_never_replaces_a_store(interview_id: str) -> None:
    store = Path(os.environ["RI_STORE"])
    before = store.read_bytes()
    result = ri("report", interview_id, "-o", str(store))
    assert result.returncode == 1
    assert one_line(result) == (
        f"ri: cannot write {store}: it is a database (an ri store?), which a report would "
        "replace; give another file name"
    )
    assert store.read_bytes() == before
    assert ri("report", interview_id).returncode == 0
