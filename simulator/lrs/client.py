"""xAPI HTTP client on urllib: POST a batch of statements, GET statements back; no retries here."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol

from simulator.lrs.config import PushTarget
from simulator.lrs.statements import XAPI_VERSION

USER_AGENT: Final = "HotSeat-xAPI/1"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the LRS answered: HTTP status and its body (text)."""

    status: int
    body: str

    def message(self) -> str:
        """The LRS's own explanation, one line (xAPI LRSs put it in JSON `detail`/`message`)."""
        text = self.body.strip()
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key in ("detail", "message", "error", "errors"):
                if data.get(key):
                    value = data[key]
                    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    break
        text = " ".join(text.split())
        return (text[:300] + "...") if len(text) > 300 else text


class Unreachable(Exception):
    """No HTTP answer at all: refused, unknown host, TLS failure, dropped connection, timeout."""

    def __init__(self, message: str, *, timeout: bool = False) -> None:
        super().__init__(message)
        self.timeout = timeout


class Transport(Protocol):
    def post_statements(self, statements: Sequence[Mapping[str, Any]]) -> Reply: ...


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST would silently turn into a GET: report the redirect instead."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class LrsClient:
    """Talks to one LRS's statements resource with the xAPI version header and Basic auth."""

    def __init__(self, target: PushTarget, timeout: float = 10.0) -> None:
        self.target = target
        self.timeout = timeout

    def _headers(self) -> dict[str, str]:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "User-Agent": USER_AGENT,
                   "Accept": "application/json"}  # fmt: skip
        if self.target.user is not None:
            token = f"{self.target.user}:{self.target.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        return headers

    def _send(self, request: urllib.request.Request) -> Reply:
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return Reply(int(response.status), response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as exc:
            with exc:
                body = exc.read().decode("utf-8", "replace") if exc.fp is not None else ""
            return Reply(int(exc.code), body)
        except TimeoutError as exc:
            raise Unreachable(f"no answer within {self.timeout:g} s", timeout=True) from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise Unreachable(f"no answer within {self.timeout:g} s", timeout=True) from exc
            if isinstance(reason, socket.gaierror):
                raise Unreachable("unknown host name") from exc
            if isinstance(reason, ConnectionRefusedError):
                raise Unreachable("connection refused (is the LRS running at that address?)") from exc
            if isinstance(reason, ssl.SSLError):
                raise Unreachable(f"TLS failed ({reason.reason or reason})") from exc
            raise Unreachable(str(getattr(reason, "strerror", None) or reason)) from exc
        except (http.client.HTTPException, ConnectionError, OSError) as exc:
            raise Unreachable(f"connection dropped ({exc.__class__.__name__})") from exc

    def post_statements(self, statements: Sequence[Mapping[str, Any]]) -> Reply:
        data = json.dumps(list(statements), ensure_ascii=False).encode("utf-8")
        headers = self._headers() | {"Content-Type": "application/json"}
        request = urllib.request.Request(self.target.statements_url, data=data, method="POST",
                                         headers=headers)  # fmt: skip
        return self._send(request)

    def get_statements(self, params: Mapping[str, str] | None = None) -> Reply:
        """GET /statements (one page; `more` in the answer points at the next)."""
        url = self.target.statements_url
        if params:
            url += "?" + urllib.parse.urlencode(params)
        return self._send(urllib.request.Request(url, method="GET", headers=self._headers()))

    def get_more(self, more: str) -> Reply:
        """Follow a `more` link from a previous page."""
        parts = urllib.parse.urlsplit(self.target.statements_url)
        url = urllib.parse.urljoin(f"{parts.scheme}://{parts.netloc}", more)
        return self._send(urllib.request.Request(url, method="GET", headers=self._headers()))
