"""The laptop's side of the office's HTTP API (docs/SYNC-PROTOCOL.md, "HTTP API").

:class:`HttpTransport` implements the sync engine's ``Transport`` (``push``,
``pull``, ``checksum``) over ONE reused ``httpx.Client`` (keep-alive: a
sync is many small requests). httpx is imported lazily: it costs ~0.3 s
and ``luzsong-grid search`` must not pay for it.

Failures:

- connection errors, timeouts and 5xx answers are retried with
  exponential backoff and jitter; when the retries run out the user reads
  "server unreachable". Retrying a push is harmless: the office answers a
  repeated ``op_id`` with its stored answer.
- 401: the token expired; it is renewed once (with the device key, else the
  password) and the request repeated.
- 403 disabled account / revoked device, 409 schema mismatch, 413, 422, 429:
  a clear :class:`~luzsong_grid.i18n.UserError`, never retried.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError
from luzsong_grid.sync.client import PushTooLarge, TransportError
from luzsong_grid.sync.protocol import PullPage, PushRequest, PushResponse, ScopeChecksum

if TYPE_CHECKING:
    import httpx

log = logging.getLogger("luzsong_grid.sync.http")

SCHEMA_HEADER = "X-Luzsong-Schema"

MSG_UNREACHABLE = QT_TRANSLATE_NOOP(
    "core",
    "The office server {url} cannot be reached. Nothing was lost: your changes stay on "
    "this computer and go out at the next sync.",
)
MSG_REMOTE_DISABLED = QT_TRANSLATE_NOOP(
    "core", "The office has disabled this account. Ask the community office."
)
MSG_DEVICE_REVOKED = QT_TRANSLATE_NOOP(
    "core",
    "The office has revoked this computer's access. Ask the community office to register it again.",
)
MSG_DEVICE_UNKNOWN = QT_TRANSLATE_NOOP(
    "core", "This computer is not registered with the office yet. Sign in to register it."
)
MSG_REMOTE_BAD_LOGIN = QT_TRANSLATE_NOOP("core", "The office server refused the sign-in: {detail}")
MSG_NEED_PASSWORD = QT_TRANSLATE_NOOP(
    "core", "The office asks for your password again (the sign-in expired)."
)
MSG_SCHEMA_MISMATCH = QT_TRANSLATE_NOOP(
    "core", "This computer and the office server run different versions: {detail}"
)
MSG_TOO_MANY = QT_TRANSLATE_NOOP(
    "core", "Too many failed sign-ins. Wait {seconds} seconds and try again."
)
MSG_REFUSED = QT_TRANSLATE_NOOP("core", "The office server refused the request: {detail}")
MSG_SERVER_TROUBLE = QT_TRANSLATE_NOOP(
    "core",
    "The office server {url} keeps failing (HTTP {status}). Nothing was lost: your changes "
    "stay on this computer and go out at the next sync.",
)


class ServerUnreachable(UserError, TransportError):
    """The office did not answer (or kept failing) after the retries: a
    UserError for people, a TransportError the engine does not retry again."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.transient = False


class HttpTransport:
    """The engine's Transport over HTTP, with sign-in and device registration."""

    def __init__(
        self,
        base_url: str,
        *,
        device_id: str,
        schema_version: str,
        username: str = "",
        password: str | None = None,
        device_key: str | None = None,
        token: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        retries: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        verify: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
        client: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.device_id = device_id
        self.schema_version = schema_version
        self.username = username
        self.password = password
        self.device_key = device_key
        self.token = token
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.verify = verify
        self._sleep = sleep
        # ``client``: an httpx.Client to use instead (tests: FastAPI's TestClient).
        self._client: httpx.Client | None = client
        if client is not None:
            client.headers[SCHEMA_HEADER] = schema_version
        self.account: dict[str, Any] = {}

    # -- the one client ------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                base_url=self.base_url,
                timeout=httpx.Timeout(self.timeout, connect=self.connect_timeout),
                headers={SCHEMA_HEADER: self.schema_version},
                verify=self.verify,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests ------------------------------------------------------------

    def _delay(self, attempt: int) -> float:
        """Exponential backoff with full jitter."""
        return random.uniform(0, min(self.max_backoff, self.backoff * (2**attempt)))

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Any = None,
        content: bytes | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """One logical request: retried on connection errors and 5xx."""
        import httpx

        last_status = 0
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self._delay(attempt - 1))
            headers = {"Authorization": f"Bearer {self.token}"} if auth and self.token else {}
            if content is not None:
                headers["Content-Type"] = "application/json"
            try:
                response = self.client.request(
                    method, path, json=json, params=params, content=content, headers=headers
                )
            except httpx.TransportError as exc:
                log.warning("%s %s: %s (attempt %d)", method, path, exc, attempt + 1)
                last_status = 0
                continue
            if response.status_code >= 500:
                log.warning("%s %s: HTTP %d (attempt %d)", method, path, response.status_code,
                            attempt + 1)  # fmt: skip
                last_status = response.status_code
                continue
            return response
        if last_status:
            raise ServerUnreachable(MSG_SERVER_TROUBLE, url=self.base_url, status=last_status)
        raise ServerUnreachable(MSG_UNREACHABLE, url=self.base_url)

    def _call(
        self, method: str, path: str, *, json: Any = None, params: Any = None
    ) -> dict[str, Any]:
        """An authenticated call: signs in when needed, renews an expired token once."""
        return self._data(self._call_raw(method, path, json=json, params=params))

    def _call_raw(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Any = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        """:meth:`_call`, the successful response as it came (refusals raise)."""
        if not self.token:
            self.authenticate()
        response = self._send(method, path, json=json, params=params, content=content)
        if response.status_code == 401:
            self.token = None
            self.authenticate()
            response = self._send(method, path, json=json, params=params, content=content)
        if not response.is_success:
            self._check(response)
        return response

    @staticmethod
    def _data(response: httpx.Response) -> dict[str, Any]:
        data = response.json()
        return data if isinstance(data, dict) else {"items": data}

    @staticmethod
    def _detail(response: httpx.Response) -> tuple[str, str]:
        try:
            body = response.json()
        except ValueError:
            return "", response.text[:200]
        detail = body.get("detail") if isinstance(body, dict) else None
        if isinstance(detail, dict):
            return str(detail.get("code", "")), str(detail.get("message", ""))
        return "", str(detail if detail is not None else body)[:300]

    def _check(self, response: httpx.Response) -> dict[str, Any]:
        if response.is_success:
            return self._data(response)
        code, message = self._detail(response)
        status = response.status_code
        if status == 413 and code == "too_many_ops":
            raise PushTooLarge(message)
        if code == "account_disabled":
            raise UserError(MSG_REMOTE_DISABLED)
        if code == "device_revoked":
            raise UserError(MSG_DEVICE_REVOKED)
        if code == "device_unknown":
            raise UserError(MSG_DEVICE_UNKNOWN)
        if status == 409 and code == "schema_mismatch":
            raise UserError(MSG_SCHEMA_MISMATCH, detail=message)
        if status == 429:
            raise UserError(MSG_TOO_MANY, seconds=response.headers.get("Retry-After", "60"))
        if status == 401:
            raise UserError(MSG_REMOTE_BAD_LOGIN, detail=message or code)
        raise UserError(MSG_REFUSED, detail=f"HTTP {status} {message or code}".strip())

    # -- sign-in and devices -------------------------------------------------

    def authenticate(self) -> None:
        """Get a token: with the device key when registered, else the password."""
        if self.device_key and self.username:
            response = self._send(
                "POST",
                "/auth/refresh",
                json={
                    "username": self.username,
                    "device_id": self.device_id,
                    "device_key": self.device_key,
                },
                auth=False,
            )
            if response.status_code != 401 or self.password is None:
                self._take_token(self._check(response))
                return
        if self.password is None:
            raise UserError(MSG_NEED_PASSWORD)
        self.login()

    def login(self) -> dict[str, Any]:
        response = self._send(
            "POST",
            "/auth/login",
            json={
                "username": self.username,
                "password": self.password or "",
                "device_id": self.device_id,
            },
            auth=False,
        )
        data = self._check(response)
        self._take_token(data)
        return data

    def _take_token(self, data: dict[str, Any]) -> None:
        self.token = str(data["token"])
        self.account = data

    def register_device(self, device_key: str, name: str = "") -> dict[str, Any]:
        """Register this laptop (its key's hash stays at the office)."""
        data = self._call(
            "POST",
            "/auth/devices",
            json={"device_id": self.device_id, "device_key": device_key, "name": name},
        )
        self.device_key = device_key
        return data

    def health(self) -> dict[str, Any]:
        return self._check(self._send("GET", "/health", auth=False))

    # -- the engine's Transport ----------------------------------------------

    pulls_skip = True
    pushes_pull = True  # a push may ask for the first pull page (PushRequest.pull)

    def push(self, req: PushRequest) -> PushResponse:
        return self.push_raw(req.model_dump_json().encode())

    def push_raw(self, body: bytes) -> PushResponse:
        """POST /sync/push with a body already written (see client.push_body)."""
        response = self._call_raw("POST", "/sync/push", content=body)
        return PushResponse.model_validate_json(response.content)

    def pull(self, cursor: int, limit: int, skip: Sequence[tuple[int, int]] = ()) -> PullPage:
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if skip:
            params["skip"] = ",".join(f"{low}-{high}" for low, high in skip)
        response = self._call_raw("GET", "/sync/pull", params=params)
        return PullPage.model_validate_json(response.content)

    def checksum(self) -> ScopeChecksum:
        return ScopeChecksum.model_validate(self._call("GET", "/sync/checksum"))
