"""The office's HTTP API (FastAPI): sign-in, devices, push, pull, checksum,
the review queue. See docs/SYNC-PROTOCOL.md, "HTTP API".

``create_app(db_url)`` opens (and migrates) the office database, SQLite or
PostgreSQL, and serves the sync engine (:class:`~luzsong_grid.sync.server.SyncServer`)
over it. Every authenticated request is checked afresh (token, account
enabled, device registered and not revoked). Bodies over ``max_body``
bytes get 413, invalid payloads 422 with a one-line message, a laptop on
another schema 409, too many failed sign-ins 429.

Run it with ``luzsong-grid serve`` (uvicorn).
"""

import collections
import contextlib
import functools
import re
import threading
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from luzsong_grid import __version__
from luzsong_grid.i18n import UserError
from luzsong_grid.server import accounts
from luzsong_grid.server.accounts import AuthError, Caller
from luzsong_grid.server.fastpath import (
    BodyLimit,
    FastAnswer,
    FastItem,
    FastSync,
    GroupQueue,
    OfficeApp,
    Scope,
    bearer,
    refusal_bytes,
)
from luzsong_grid.store.db import SCHEMA_HEAD
from luzsong_grid.sync import protocol as p
from luzsong_grid.sync.http import SCHEMA_HEADER
from luzsong_grid.sync.server import auth_epoch

MAX_BODY = 12 * 1024 * 1024
LOGIN_FAILURES = 5  # per user name and address …
LOGIN_WINDOW = 60.0  # … per this many seconds
# Requests served at once (the rest wait their turn): Python runs one thread
# at a time, and on SQLite one writer, so more threads only pass the
# interpreter lock around (300 laptops at once: p95 3.2 s with 8, 2.0 s with
# 2); PostgreSQL waits on the network and row locks, where a few more help.
THREADS_SQLITE = 2
THREADS_POSTGRESQL = 4


# --------------------------------------------------------------------------
# Payloads of the auth endpoints (sync payloads are in sync/protocol.py)
# --------------------------------------------------------------------------


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: str = Field(min_length=1, max_length=36)


class RefreshRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=36)
    device_key: str = Field(min_length=64, max_length=64, pattern="^[0-9a-fA-F]{64}$")


class TokenResponse(BaseModel):
    token: str
    expires_at: str
    account_id: str
    username: str
    role: str
    device_id: str
    device_registered: bool


class DeviceRequest(BaseModel):
    device_id: str = Field(min_length=1, max_length=36)
    device_key: str = Field(min_length=64, max_length=64, pattern="^[0-9a-fA-F]{64}$")
    name: str = Field(default="", max_length=80)


class ResolveRequest(BaseModel):
    resolution: str = Field(pattern="^(keep_server|apply_op|edit)$")
    fields: dict[str, Any] | None = None


class Refusal(BaseModel):
    code: str
    message: str


# --------------------------------------------------------------------------
# Failed sign-ins: at most LOGIN_FAILURES per user name and address per window
# --------------------------------------------------------------------------


class LoginLimiter:
    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[tuple[str, str], collections.deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> collections.deque[float]:
        now = self.clock()
        times = self._failures.setdefault(key, collections.deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def check(self, username: str, address: str) -> None:
        key = (username.strip().lower(), address)
        with self._lock:
            times = self._recent(key)
            if len(times) >= self.limit:
                wait = max(1, int(times[0] + self.window - self.clock()) + 1)
                raise AuthError(
                    429, "too_many_attempts", f"Too many failed sign-ins; retry in {wait} s."
                )

    def failed(self, username: str, address: str) -> None:
        key = (username.strip().lower(), address)
        with self._lock:
            self._recent(key).append(self.clock())
            if len(self._failures) > 100_000:  # a flood of user names: forget the oldest
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop((username.strip().lower(), address), None)

    def retry_after(self, username: str, address: str) -> int:
        key = (username.strip().lower(), address)
        with self._lock:
            times = self._recent(key)
            return max(1, int(times[0] + self.window - self.clock()) + 1) if times else 1


_SKIP = re.compile(r"^([0-9]{1,19}-[0-9]{1,19}(,[0-9]{1,19}-[0-9]{1,19})*)?$")
_PULL_PARAMS = ("cursor", "limit", "skip")
_DIGITS = re.compile(r"^[0-9]{1,19}$")


# --------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------


def _refusal(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"detail": {"code": code, "message": message}}, status_code=status, headers=headers or None
    )


def _json(model: BaseModel) -> Response:
    return Response(content=model.model_dump_json(), media_type="application/json")


def create_app(
    db_url: str,
    *,
    token_ttl: timedelta = accounts.DEFAULT_TOKEN_TTL,
    max_body: int = MAX_BODY,
    login_failures: int = LOGIN_FAILURES,
    login_window: float = LOGIN_WINDOW,
    now: Callable[[], datetime] | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    threads: int | None = None,
) -> OfficeApp:
    """The office's HTTP API over the database at ``db_url`` (a SQLite file
    path or URL, or ``postgresql+psycopg://…``), migrated on open.
    ``now``/``monotonic`` are for tests (token expiry, rate limits)."""
    from luzsong_grid.store.db import WalCheckpointer, open_database
    from luzsong_grid.sync.server import SyncServer

    engine = open_database(db_url)
    # A SQLite office's search index follows pushes from a thread, when quiet.
    server = SyncServer(engine, search="background")
    limiter = LoginLimiter(login_failures, login_window, monotonic)
    # A SQLite office copies its write-ahead log back from a thread (pushes'
    # commits do not wait for it).
    checkpointer = WalCheckpointer(engine)
    clock = now or (lambda: datetime.now().replace(microsecond=0))

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Sync endpoints run in threads; a few are enough (Python runs one
        # at a time), and many only fight over the interpreter lock.

        limit = threads or (
            THREADS_SQLITE if engine.dialect.name == "sqlite" else THREADS_POSTGRESQL
        )
        anyio.to_thread.current_default_thread_limiter().total_tokens = limit
        checkpointer.start()
        yield
        server.stop_indexer()
        server.flush_seen()
        checkpointer.stop()

    app = OfficeApp(
        title="luzsong-grid office server",
        version=__version__,
        description="Sync between the grid workers' laptops and the community office "
        "(docs/SYNC-PROTOCOL.md).",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.sync_server = server
    app.state.limiter = limiter

    @app.exception_handler(AuthError)
    async def _auth_error(_request: Request, exc: AuthError) -> JSONResponse:
        headers: dict[str, str] = {}
        if exc.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        if exc.status == 429:
            headers["Retry-After"] = str(int(login_window))
        return _refusal(exc.status, exc.code, exc.message, **headers)

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        text = str(exc.orig or exc).lower()
        if "locked" in text or "busy" in text or "could not serialize" in text:
            # The database is busy with other writers: the client retries.
            return _refusal(
                503, "busy", "The office database is busy; retry.", **{"Retry-After": "1"}
            )
        raise exc

    @app.exception_handler(UserError)
    async def _user_error(_request: Request, exc: UserError) -> JSONResponse:
        return _refusal(400, "refused", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        message = f"Invalid request: {where or 'body'}: {first.get('msg', 'invalid')}"
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more)"
        detail = {
            "code": "invalid",
            "message": message,
            "errors": [
                {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in errors[:20]
            ],
        }
        return JSONResponse({"detail": detail}, status_code=422)

    # -- dependencies ---------------------------------------------------------

    def _token(request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def schema_check(
        schema: Annotated[str | None, Header(alias=SCHEMA_HEADER)] = None,
    ) -> None:
        if schema is not None and schema != SCHEMA_HEAD:
            raise AuthError(
                409,
                "schema_mismatch",
                f"this computer has schema {schema}, the office {SCHEMA_HEAD}: "
                "install the same version of luzsong-grid on both",
            )

    def signed_in(request: Request) -> Caller:
        return accounts.authenticate(engine, _token(request), require_device=False, now=clock())

    def device_caller(request: Request, _schema: Annotated[None, Depends(schema_check)]) -> Caller:
        return accounts.authenticate(engine, _token(request), require_device=True, now=clock())

    def reviewer(caller: Annotated[Caller, Depends(device_caller)]) -> Caller:
        if caller.role not in ("staff", "admin"):
            raise AuthError(403, "forbidden", "Only community staff and admins review conflicts.")
        return caller

    def _address(request: Request) -> str:
        return request.client.host if request.client else ""

    # -- endpoints ------------------------------------------------------------

    @app.get("/health", tags=["office"])
    def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "schema": SCHEMA_HEAD,
            "protocol": p.PROTOCOL_VERSION,
            "office_id": server.office_id,
            "version": __version__,
            "max_push_ops": p.MAX_PUSH_OPS,
            # Persons and households pushed but not yet in the office's search index.
            "search_backlog": server.indexer.pending() if server.indexer is not None else 0,
        }

    refusals: dict[int | str, dict[str, Any]] = {
        401: {"model": Refusal},
        403: {"model": Refusal},
        409: {"model": Refusal},
        413: {"model": Refusal},
        429: {"model": Refusal},
    }

    @app.post("/auth/login", tags=["auth"], response_model=TokenResponse, responses=refusals)
    def login(body: LoginRequest, request: Request) -> dict[str, Any]:
        address = _address(request)
        limiter.check(body.username, address)
        try:
            issued = accounts.login(
                server, body.username, body.password, body.device_id, ttl=token_ttl, now=clock()
            )
        except AuthError as exc:
            if exc.code == "bad_login":
                limiter.failed(body.username, address)
            raise
        limiter.succeeded(body.username, address)
        return issued.as_json()

    @app.post("/auth/refresh", tags=["auth"], response_model=TokenResponse, responses=refusals)
    def refresh(body: RefreshRequest, request: Request) -> dict[str, Any]:
        address = _address(request)
        limiter.check(body.username, address)
        try:
            issued = accounts.refresh(
                server, body.username, body.device_id, body.device_key, ttl=token_ttl, now=clock()
            )
        except AuthError as exc:
            if exc.code == "bad_login":
                limiter.failed(body.username, address)
            raise
        return issued.as_json()

    @app.post("/auth/devices", tags=["auth"], responses=refusals)
    def register_device(
        body: DeviceRequest, caller: Annotated[Caller, Depends(signed_in)]
    ) -> dict[str, Any]:
        return accounts.register_device(server, caller, body.device_id, body.device_key, body.name)

    @app.get("/auth/devices", tags=["auth"], responses=refusals)
    def list_devices(caller: Annotated[Caller, Depends(signed_in)]) -> list[dict[str, Any]]:
        server.flush_seen()
        return accounts.list_devices(engine, caller)

    @app.delete("/auth/devices/{device_id}", tags=["auth"], responses=refusals)
    def revoke_device(
        device_id: str, caller: Annotated[Caller, Depends(signed_in)]
    ) -> dict[str, Any]:
        accounts.revoke_device(server, caller, device_id)
        return {"device_id": device_id, "revoked": True}

    push_body = {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": p.PushRequest.model_json_schema()}},
        }
    }

    @app.post(
        "/sync/push",
        tags=["sync"],
        response_model=p.PushResponse,
        responses=refusals,
        openapi_extra=push_body,
    )
    async def push(request: Request, caller: Annotated[Caller, Depends(device_caller)]) -> Response:
        # Parsed by pydantic straight from the bytes (several times faster
        # than json.loads and validation of the dicts, for 2000 ops).
        try:
            body = p.PushRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            errors = [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
            raise RequestValidationError(errors) from exc
        content = await run_in_threadpool(_push, body, caller)
        return Response(content=content, media_type="application/json")

    def _push(body: p.PushRequest, caller: Caller) -> bytes:
        _push_checks(body, caller)
        return _push_answer(body, caller, server.handle_push(caller.principal, body))

    def _push_checks(body: p.PushRequest, caller: Caller) -> None:
        schema_check(body.schema_version)
        if body.protocol != p.PROTOCOL_VERSION:
            raise AuthError(
                409,
                "schema_mismatch",
                f"protocol {body.protocol} is not the office's {p.PROTOCOL_VERSION}",
            )
        if caller.role == "supervisor":
            raise AuthError(403, "forbidden", "Supervisors read; they do not send changes.")
        if body.device_id != caller.device_id:
            raise AuthError(403, "forbidden", "The push names another device than the token.")
        if len(body.ops) > p.MAX_PUSH_OPS:
            raise AuthError(
                413, "too_many_ops", f"At most {p.MAX_PUSH_OPS} ops per push ({len(body.ops)})."
            )

    def _push_answer(
        body: p.PushRequest,
        caller: Caller,
        response: p.PushResponse,
        conn: Connection | None = None,
    ) -> bytes:
        """The push's answer, with the first pull page when it asked for it."""
        # Defaults left out: most answers are {"op_id":…,"status":"applied","seq":…}.
        content = response.model_dump_json(exclude={"pull"}, exclude_defaults=True).encode()
        if body.pull is None:
            return content
        # After the push's commit; its own inserts logged as sent are left out.
        echoes = [
            int(r.seq or 0)
            for op, r in zip(body.ops, response.results, strict=True)
            if p.is_echo(op.kind, r)
        ]
        room = p.MAX_SKIP_RANGES - len(body.pull.skip)
        skip = [*body.pull.skip, *(p.seq_ranges(echoes, room) if echoes and room > 0 else [])]
        page = server.pull_json(
            caller.principal,
            body.pull.cursor,
            body.pull.limit,
            device_id=caller.device_id,
            skip=skip,
            conn=conn,
        )
        return content[:-1] + b',"pull":' + page + b"}"

    @app.get("/sync/pull", tags=["sync"], response_model=p.PullPage, responses=refusals)
    def pull(
        caller: Annotated[Caller, Depends(device_caller)],
        cursor: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=p.MAX_PULL_LIMIT)] = p.DEFAULT_PULL_LIMIT,
        skip: Annotated[
            str,
            Query(
                max_length=p.MAX_SKIP_RANGES * 42,
                pattern=r"^([0-9]{1,19}-[0-9]{1,19}(,[0-9]{1,19}-[0-9]{1,19})*)?$",
                description="seq ranges to leave out (LOW-HIGH,…): the echoes of the "
                "caller's own inserts, which it holds already",
            ),
        ] = "",
    ) -> Response:
        ranges = [
            (int(low), int(high))
            for low, _, high in (part.partition("-") for part in skip.split(",") if part)
        ]
        content = server.pull_json(
            caller.principal, cursor, limit, device_id=caller.device_id, skip=ranges
        )
        return Response(content=content, media_type="application/json")

    # -- the fast path of push and pull (FastSync) -----------------------------

    def _guarded(work: Callable[[], FastAnswer]) -> FastAnswer:
        """``work()``, with a refusal, a user error or a busy database as its answer."""
        try:
            return work()
        except AuthError as exc:
            return refusal_bytes(exc)
        except UserError as exc:
            return refusal_bytes(AuthError(400, "refused", str(exc)))
        except OperationalError as exc:
            text = str(exc.orig or exc).lower()
            if "locked" in text or "busy" in text or "could not serialize" in text:
                busy = AuthError(503, "busy", "The office database is busy; retry.")
                status, content, _extra = refusal_bytes(busy)
                return status, content, [(b"retry-after", b"1")]
            raise

    def _fast(
        headers: dict[bytes, bytes],
        work: Callable[[Caller], FastAnswer],
        epoch: str | None = None,
        conn: Connection | None = None,
    ) -> FastAnswer:
        def checked() -> FastAnswer:
            schema = headers.get(SCHEMA_HEADER.lower().encode())
            if schema is not None:
                schema_check(schema.decode("latin-1"))
            caller = accounts.authenticate(
                engine,
                bearer(headers),
                require_device=True,
                now=clock(),
                known_epoch=epoch,
                conn=conn,
            )
            return work(caller)

        return _guarded(checked)

    _READY: FastAnswer = (0, b"", [])  # checked, in the group

    def _answered(
        req: p.PushRequest, caller: Caller, response: p.PushResponse, conn: Connection
    ) -> FastAnswer:
        return 200, _push_answer(req, caller, response, conn), []

    def fast_pushes(items: list[FastItem]) -> list[FastAnswer]:
        """Pushes that arrived together: each checked alone, then all applied
        in one transaction (SyncServer.push_many), then each answered."""
        answers: list[FastAnswer] = []
        ready: list[tuple[int, Caller, p.PushRequest]] = []

        def check(caller: Caller, n: int, body: bytes) -> FastAnswer:
            try:
                req = p.PushRequest.model_validate_json(body)
            except ValidationError:
                return None  # the route answers 422 with its message
            _push_checks(req, caller)
            ready.append((n, caller, req))
            return _READY

        # The callers, through one connection and one look at the auth epoch.
        with engine.connect() as conn:
            epoch = auth_epoch(conn)
            tokens = [bearer(headers) or "" for headers, _scope, _body in items]
            if len(tokens) > 1:
                accounts.look_up_callers(engine, conn, tokens, epoch)
            for n, (headers, _scope, body) in enumerate(items):
                work = functools.partial(check, n=n, body=body)
                answers.append(_fast(headers, work, epoch, conn))
        if not ready:
            return answers

        def apply() -> FastAnswer:
            done = server.push_many(
                [(c.principal, req.device_id, req.ops, req.schema_version) for _n, c, req in ready]
            )
            with engine.connect() as conn:  # the pull pages asked for, read in a row
                for (n, caller, req), results in zip(ready, done, strict=True):
                    response = p.PushResponse(results=results, server_hlc=server.clock.now())
                    answered = functools.partial(_answered, req, caller, response, conn)
                    answers[n] = _guarded(answered)
            return _READY

        failed = _guarded(apply)
        if failed is not _READY:  # the database was busy: every push of the group
            for n, _caller, _req in ready:
                answers[n] = failed
        return answers

    def fast_pull(headers: dict[bytes, bytes], scope: Scope, _body: bytes) -> FastAnswer:
        query = urllib.parse.parse_qs(
            scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
        )
        if any(len(query.get(name, ())) > 1 for name in _PULL_PARAMS):
            return None
        cursor_text = query.get("cursor", ["0"])[0]
        limit_text = query.get("limit", [str(p.DEFAULT_PULL_LIMIT)])[0]
        skip = query.get("skip", [""])[0]
        if not (_DIGITS.match(cursor_text) and _DIGITS.match(limit_text)):
            return None
        cursor, limit = int(cursor_text), int(limit_text)
        if not 1 <= limit <= p.MAX_PULL_LIMIT:
            return None
        if len(skip) > p.MAX_SKIP_RANGES * 42 or not _SKIP.match(skip):
            return None
        ranges = [
            (int(low), int(high))
            for low, _, high in (part.partition("-") for part in skip.split(",") if part)
        ]

        def work(caller: Caller) -> FastAnswer:
            content = server.pull_json(
                caller.principal, cursor, limit, device_id=caller.device_id, skip=ranges
            )
            return 200, content, []

        return _fast(headers, work)

    app.add_middleware(BodyLimit, max_body=max_body)
    app.fast = FastSync(
        functools.partial(FastAPI.__call__, app),
        {("POST", "/sync/push"): GroupQueue(fast_pushes), ("GET", "/sync/pull"): fast_pull},
        max_body,
    )

    @app.get("/sync/checksum", tags=["sync"], response_model=p.ScopeChecksum, responses=refusals)
    def checksum(caller: Annotated[Caller, Depends(device_caller)]) -> Response:
        return _json(server.checksum(caller.principal))

    def _in_scope(caller: Caller, entry: dict[str, Any]) -> bool:
        grids = caller.principal.grids
        if grids is None:
            return True
        grid = entry.get("grid_code")
        return grid is not None and grid in grids

    @app.get("/sync/conflicts", tags=["review"], responses=refusals)
    def conflicts(
        caller: Annotated[Caller, Depends(reviewer)],
        status: Annotated[str, Query(pattern="^(open|resolved|all)$")] = "open",
    ) -> list[dict[str, Any]]:
        entries = server.conflicts(status=None if status == "all" else status)
        return [
            {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in e.items()}
            for e in entries
            if _in_scope(caller, e)
        ]

    @app.post("/sync/conflicts/{conflict_id}/resolve", tags=["review"], responses=refusals)
    def resolve(
        conflict_id: str, body: ResolveRequest, caller: Annotated[Caller, Depends(reviewer)]
    ) -> dict[str, Any]:
        entry = next((e for e in server.conflicts(status="open") if e["id"] == conflict_id), None)
        if entry is None or not _in_scope(caller, entry):
            raise AuthError(404, "not_found", "There is no open conflict with this number.")
        try:
            row = server.resolve_conflict(
                conflict_id,
                body.resolution,  # type: ignore[arg-type]
                account_id=caller.account_id,
                fields=body.fields,
            )
        except ValueError as exc:
            raise AuthError(422, "invalid", f"Invalid fields: {exc}") from exc
        return {"id": conflict_id, "status": "resolved", "row": row}

    return app
