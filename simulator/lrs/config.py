"""The trainer's LRS settings: statement identity (xapi.json in the data folder) and push targets."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from simulator.errors import UserError
from simulator.lrs.statements import XapiConfig
from simulator.safe_read import read_limited

CONFIG_NAME: Final = "xapi.json"
MAX_SETTINGS_BYTES: Final = 1_000_000


def config_path(data_dir: Path) -> Path:
    return data_dir / CONFIG_NAME


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(read_limited(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a JSON object with settings")
    return data


def load_xapi_config(data_dir: Path) -> XapiConfig:
    """The centre's statement settings; the defaults when the trainer has not set any."""
    path = config_path(data_dir)
    if not path.exists():
        return XapiConfig()
    data = _read_json(path, "xAPI settings")
    known = {"home_page", "activity_base", "language"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise UserError(f"{path}: unknown setting {unknown[0]!r} (expected {', '.join(sorted(known))})")
    try:
        return XapiConfig(**{k: str(v) for k, v in data.items()})
    except ValueError as exc:
        raise UserError(f"{path}: {exc}") from exc


def save_xapi_config(data_dir: Path, config: XapiConfig) -> Path:
    """Write xapi.json atomically (a crash leaves the old file or the new one)."""
    path = config_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(config), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


@dataclass(frozen=True, slots=True)
class PushTarget:
    """Where to push and as whom (HTTP Basic)."""

    endpoint: str
    user: str | None = None
    password: str | None = None

    def __post_init__(self) -> None:
        parts = urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UserError(
                f"LRS endpoint must be an http:// or https:// URL such as "
                f"https://lrs.example.com/xAPI/, got {self.endpoint!r}"
            )
        if (self.user is None) != (self.password is None):
            raise UserError("give both --user and --password (or neither)")

    @property
    def statements_url(self) -> str:
        """The xAPI statements resource under the endpoint."""
        base = self.endpoint.rstrip("/")
        return base if base.endswith("/statements") else base + "/statements"


def push_target(
    endpoint: str | None, user: str | None, password: str | None, config: Path | None
) -> PushTarget:
    """From the command line, or a JSON file {"endpoint", "user", "password"} (flags win)."""
    data: dict[str, Any] = {}
    if config is not None:
        data = _read_json(config, "LRS settings")
        unknown = sorted(set(data) - {"endpoint", "user", "password"})
        if unknown:
            raise UserError(f"{config}: unknown setting {unknown[0]!r} (expected endpoint, user, password)")
    endpoint = endpoint or data.get("endpoint")
    if not endpoint:
        raise UserError('say where to push: --endpoint URL (or "endpoint" in --config FILE)')
    user = user if user is not None else data.get("user")
    password = password if password is not None else data.get("password")
    return PushTarget(str(endpoint), None if user is None else str(user),
                      None if password is None else str(password))  # fmt: skip
