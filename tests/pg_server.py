"""Throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temp dir on a free port.

Needs the server binaries (Debian: `apt-get install -y postgresql`) and the
psycopg driver (`pip install 'psycopg[binary]'`); tests skip with the reason
otherwise. As root, the cluster runs as the `postgres` user via `runuser`
(initdb refuses root); the Debian package creates that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "hotseat"


def find_bindir() -> Path | None:
    """Newest /usr/lib/postgresql/*/bin with initdb, else initdb on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    bindir: Path
    base: Path
    port: int
    prefix: tuple[str, ...]  # e.g. ("runuser", "-u", "postgres", "--") when root

    @property
    def datadir(self) -> Path:
        return self.base / "data"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.run("mkdir", "-m", "700", str(self.base / "sock"))  # owned by the server user
        self.run(str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", SUPERUSER,
                 "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
        options = (f"-p {self.port} -k {self.base / 'sock'} -c listen_addresses=127.0.0.1"
                   " -c fsync=off -c max_connections=60")  # fmt: skip
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l",
                 str(self.base / "server.log"), "-w", "-t", "60", "-o", options, "start")  # fmt: skip

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.datadir),
                        "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)  # fmt: skip

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _prefix_and_owner() -> tuple[tuple[str, ...], int | None]:
    if os.geteuid() != 0:
        return (), None
    try:
        uid = pwd.getpwnam("postgres").pw_uid
    except KeyError:
        pytest.skip("running as root and no `postgres` user to run the server as")
    if shutil.which("runuser") is None:
        pytest.skip("running as root and `runuser` (util-linux) is missing")
    return ("runuser", "-u", "postgres", "--"), uid


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A running throwaway PostgreSQL server for the test session."""
    pytest.importorskip("psycopg", reason="psycopg not installed: pip install 'psycopg[binary]'")
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found: apt-get install -y postgresql")
    prefix, owner = _prefix_and_owner()
    base = Path(tempfile.mkdtemp(prefix="hotseat-pg-"))
    if owner is not None:
        os.chown(base, owner, -1)
    cluster = PgCluster(bindir, base, free_port(), prefix)
    try:
        cluster.start()
    except subprocess.CalledProcessError as exc:
        log = base / "server.log"
        detail = (exc.stderr or b"").decode(errors="replace")[-800:]
        if log.exists():
            detail += log.read_text(errors="replace")[-800:]
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {detail}")
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    """URL of a fresh, empty database on the throwaway server."""
    return pg_cluster.create_database()
