"""scripts/play.sh: a relaunch skips dpkg and pip when nothing changed, installs the `hotseat`
launcher, and runs commands from the folder they were typed in (a stand-in .venv records calls)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the install runs with the pinned numerics (scripts/constraints.txt)
PIP_INSTALL = "python -m pip install -q -c scripts/constraints.txt -e .[whisper,mic,voice]"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    if shutil.which("bash") is None or shutil.which("sha256sum") is None:
        pytest.skip("needs bash and sha256sum")
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    for name in ("play.sh", "_system_packages.sh", "constraints.txt"):
        shutil.copy(ROOT / "scripts" / name, repo / "scripts" / name)
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    bin_dir = repo / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (repo / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    log = tmp_path / "calls.log"
    for tool in ("python", "hotseat"):
        script = bin_dir / tool
        script.write_text(f'#!/bin/sh\necho "{tool} $* @ $PWD" >> "{log}"\n')
        script.chmod(0o755)
    packages = "python3-venv python3-dev build-essential espeak-ng portaudio19-dev"
    (repo / ".venv" / ".system-packages").write_text(packages + "\n")
    return repo


def _play(repo: Path, cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    env = {**os.environ, "HOTSEAT_BIN_DIR": str(repo.parent / "bin"), "HOME": str(repo.parent)}
    proc = subprocess.run(["bash", str(repo / "scripts" / "play.sh"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    log = repo.parent / "calls.log"
    calls = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return proc, calls


def test_relaunch_skips_the_install_and_keeps_the_callers_folder(checkout: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    proc, calls = _play(checkout, work, "lint", "my.yaml")
    assert proc.returncode == 0, proc.stderr
    assert any(c.startswith(PIP_INSTALL) for c in calls)  # first run
    assert calls[-1] == f"hotseat lint my.yaml @ {work}"
    launcher = tmp_path / "bin" / "hotseat"
    assert str(checkout / "scripts" / "play.sh") in launcher.read_text()

    proc, calls = _play(checkout, work, "scenarios")
    assert calls == [f"hotseat scenarios @ {work}"]  # nothing installed again

    (checkout / "pyproject.toml").write_text((checkout / "pyproject.toml").read_text() + "\n# changed\n")
    proc, calls = _play(checkout, work)
    assert any("pip install" in c for c in calls)  # a changed pyproject.toml is installed again
    constraints = checkout / "scripts" / "constraints.txt"
    constraints.write_text(constraints.read_text().replace("numpy==", "numpy>="))
    proc, calls = _play(checkout, work)
    assert any("pip install -q -c scripts/constraints.txt" in c for c in calls)  # so are changed pins

    env = {**os.environ, "HOME": str(tmp_path), "HOTSEAT_BIN_DIR": str(tmp_path / "bin")}
    via_launcher = subprocess.run(
        [str(launcher), "history"], cwd=work, env=env, capture_output=True, text=True
    )
    log = tmp_path / "calls.log"
    assert via_launcher.returncode == 0 and log.read_text().splitlines() == [f"hotseat history @ {work}"]


def test_relaunch_installs_an_extra_the_venv_lacks(checkout: Path, tmp_path: Path) -> None:
    """The stamp remembers which extras are installed: one play.sh needs and the venv lacks (as when
    an extra is added) installs again; test.sh's wider set of extras covers play.sh's."""
    work = tmp_path / "work"
    work.mkdir()
    _play(checkout, work)
    stamp = checkout / ".venv" / ".installed"
    first, extras = stamp.read_text().splitlines()
    assert extras == "whisper,mic,voice"
    stamp.write_text(f"{first}\nwhisper,mic\n")  # installed before the voice extra existed
    proc, calls = _play(checkout, work)
    assert proc.returncode == 0, proc.stderr
    assert any(c.startswith(PIP_INSTALL) for c in calls)
    assert stamp.read_text().splitlines() == [first, "whisper,mic,voice"]
    stamp.write_text(f"{first}\nwhisper,mic,voice,postgres,test\n")  # after scripts/test.sh
    proc, calls = _play(checkout, work, "scenarios")
    assert calls == [f"hotseat scenarios @ {work}"]
    stamp.write_text(f"{'0' * 64}{first[64:]}\nwhisper,mic,voice,postgres,test\n")
    proc, calls = _play(checkout, work)  # another pyproject.toml was installed: all of it again
    assert any(c.startswith(PIP_INSTALL) for c in calls)
    assert stamp.read_text().splitlines() == [first, "whisper,mic,voice"]


def test_main_py_outside_the_venv_runs_in_it(tmp_path: Path) -> None:
    """`python3 main.py ...` after the set-up re-executes into the checkout's .venv."""
    import sys

    repo = tmp_path / "repo"
    (repo / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "main.py", repo / "main.py")
    log = tmp_path / "calls.log"
    stub = repo / ".venv" / "bin" / "python"
    stub.write_text(f'#!/bin/sh\necho "$* $HOTSEAT_NO_REEXEC" > "{log}"\n')
    stub.chmod(0o755)
    proc = subprocess.run([sys.executable, str(repo / "main.py"), "lint", "x.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert log.read_text().split() == [str(repo / "main.py"), "lint", "x.yaml", "1"]
