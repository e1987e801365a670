"""A real LRS for tests: Ralph on 127.0.0.1 from its own venv (.venv-lrs, made by scripts/test.sh).

Users (HTTP Basic) each write to their own statements file, so tests don't see each other's
statements. The server is stopped at the end of the test session. Also here: a loopback
server that accepts connections and never answers, to test timeouts.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = Path(__file__).resolve().parent / "ralph_launch.py"
PASSWORD = "hot-seat-test"
USERS = ("class", "kill", "crash", "rejects", "bench", "cli", "broken")


def lrs_python() -> Path | None:
    """Python of Ralph's venv: $HOTSEAT_LRS_PYTHON, else .venv-lrs in the checkout."""
    given = os.environ.get("HOTSEAT_LRS_PYTHON")
    found = Path(given) if given else ROOT / ".venv-lrs" / "bin" / "python"
    return found if found.exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Ralph:
    port: int
    workdir: Path
    process: subprocess.Popen[bytes]

    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def log(self) -> str:
        path = self.workdir / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_ralph(python: Path, workdir: Path, users: tuple[str, ...] = USERS) -> Ralph:
    """Start Ralph and wait (up to 60 s) until its heartbeat answers."""
    port = free_port()
    spec = [{"username": u, "password": PASSWORD, "target": u} for u in users]
    # "broken": its statements file is a directory, so Ralph answers 500 to every write.
    (workdir / "data" / "broken" / "fs_lrs.jsonl").mkdir(parents=True, exist_ok=True)
    for u in users:
        (workdir / "data" / u).mkdir(parents=True, exist_ok=True)
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        [str(python), str(LAUNCHER), str(port), str(workdir), json.dumps(spec)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    ralph = Ralph(port, workdir, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Ralph exited with {process.returncode}: {ralph.log()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=2) as r:
                if r.status == 200:
                    return ralph
        except OSError:
            time.sleep(0.2)
    ralph.stop()
    raise RuntimeError(f"Ralph did not answer within 60 s: {ralph.log()}")


@pytest.fixture(scope="session")
def ralph() -> Iterator[Ralph]:
    """A running Ralph LRS for the test session (skipped locally if .venv-lrs is missing; fails in CI)."""
    python = lrs_python()
    if python is None:
        message = "Ralph LRS not installed: run scripts/test.sh (it makes .venv-lrs)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    workdir = Path(tempfile.mkdtemp(prefix="hotseat-ralph-"))
    try:
        server = start_ralph(python, workdir)
    except RuntimeError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        pytest.fail(str(exc))
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def silent_server() -> Iterator[str]:
    """An endpoint on 127.0.0.1 that accepts connections and never answers (a hung LRS)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/xAPI/"
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        listener.close()


def hotseat(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a trainer would, in a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator.cli.main", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
