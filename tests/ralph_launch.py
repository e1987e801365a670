"""Run Ralph (a real xAPI LRS) on 127.0.0.1 with its file-system backend; started by tests/lrs_server.py.

Runs in Ralph's own virtual environment (.venv-lrs), not the app's. Usage:
    python ralph_launch.py PORT WORKDIR USERS_JSON
USERS_JSON is a list of {"username", "password", "target"}; passwords are bcrypt-hashed into
WORKDIR/auth.json as Ralph expects. Statements go to WORKDIR/data/<target>/fs_lrs.jsonl.
"""

import json
import os
import sys
from pathlib import Path


def die_with_parent() -> None:
    """Linux: stop this server if the test run that started it is killed outright."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main() -> None:
    die_with_parent()
    port, workdir, users = int(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    import bcrypt

    (workdir / "data").mkdir(parents=True, exist_ok=True)
    auth = [
        {
            "username": u["username"],
            "hash": bcrypt.hashpw(u["password"].encode(), bcrypt.gensalt(4)).decode(),
            "scopes": ["all"],
            "agent": {"account": {"homePage": "http://127.0.0.1", "name": u["username"]}},
            "target": u.get("target"),
        }
        for u in users
    ]
    (workdir / "auth.json").write_text(json.dumps(auth), encoding="utf-8")
    os.environ.update(
        RALPH_APP_DIR=str(workdir),
        RALPH_AUTH_FILE=str(workdir / "auth.json"),
        RALPH_RUNSERVER_BACKEND="fs",
        RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(workdir / "data"),
    )
    os.chdir(workdir)  # Ralph also reads ./.env

    # Ralph's file-system LRS backend creates its statements file on the first POST and
    # refuses every later one ("already exists"): make it append, as an LRS must.
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    import uvicorn

    uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
