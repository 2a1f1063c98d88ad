"""A throwaway PostgreSQL server for the tests: a temporary folder, a Unix socket, no TCP.

It runs from the machine's PostgreSQL binaries (`/usr/lib/postgresql/<version>/bin`, 15
preferred). PostgreSQL refuses to run as root, so when the tests run as root (CI does) the
server runs as `nobody`, in a folder it owns. scripts/test installs Debian's `postgresql`
package where the binaries are missing; in CI (`CI=true`) a server that cannot start fails the
tests that need it, everywhere else they are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "ri_owner"


def find_binaries() -> Path | None:
    """The bin folder of the newest PostgreSQL installed, preferring 15."""
    preferred = Path("/usr/lib/postgresql/15/bin")
    if (preferred / "initdb").exists():
        return preferred
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PgServer:
    """One running server; `url(user, database)` connects to it over its socket.

    For the tests it skips what makes a commit survive a power cut (fsync and the like: nothing
    it holds outlives the run); `durable=True` keeps PostgreSQL's own settings, as a team's
    server has them, for scripts/bench to set against SQLite's synced commits.
    """

    def __init__(self, bin_dir: Path, *, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        self.durable = durable
        self.root = Path(tempfile.mkdtemp(prefix="ri-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.log = self.root / "server.log"
        self.as_user: str | None = "nobody" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        self.socket_dir.mkdir()
        if self.as_user:
            user = pwd.getpwnam(self.as_user)
            os.chmod(self.root, 0o755)  # the tests (root) reach the socket inside it
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
        made = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
            "--locale=C",
        )
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {made.stderr or made.stdout}")
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}'"
            " -c max_connections=60"
        )
        if not self.durable:
            options += (
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                " -c shared_buffers=32MB"
            )
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )
        if started.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr or started.stdout}\n{log}")

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, user: str = SUPERUSER, database: str = "postgres") -> str:
        return f"postgresql://{quote(user)}@/{quote(database)}?host={quote(str(self.socket_dir))}"

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the superuser, outside any transaction (CREATE DATABASE...)."""
        import psycopg

        with psycopg.connect(self.url(database=database), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)
