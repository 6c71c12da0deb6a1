"""The ASGI layer in front of the office's FastAPI app: a body size limit
that refuses before parsing, and the fast path of the two calls every
laptop makes (push and pull) that skips FastAPI's routing, middleware and
validation, with pushes queued for group commit. See docs/SYNC-PROTOCOL.md,
"Speed"."""

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from luzsong_grid.server.accounts import AuthError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# --------------------------------------------------------------------------
# Body size limit (pure ASGI: refuses before the body is parsed)
# --------------------------------------------------------------------------


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                await self._refuse(send)
                return
            chunks.append(body)
            more = bool(message.get("more_body"))
        await self.app(scope, _replaying(b"".join(chunks), receive), send)

    async def _refuse(self, send: Send) -> None:
        limit_mb = self.max_body / (1024 * 1024)
        response = JSONResponse(
            {"detail": {"code": "too_large", "message": f"The body is over {limit_mb:g} MB."}},
            status_code=413,
        )
        await response({"type": "http"}, _nothing, send)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read, then what follows."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


# --------------------------------------------------------------------------
# Fast path of the two calls every laptop makes (pure ASGI)
# --------------------------------------------------------------------------


class FastSync:
    """``POST /sync/push`` and ``GET /sync/pull`` without FastAPI's routing,
    middleware, dependency injection and validation layers (most of an
    office's time per small request when 300 laptops sync at once): token,
    push and pull in one worker thread. Anything unusual (a malformed body
    or query, a body over the limit, a refusal other than the caller's)
    goes on to ``app`` (the full FastAPI stack), which answers it with the
    full checks and messages."""

    def __init__(self, app: ASGIApp, handlers: dict[tuple[str, str], Any], max_body: int) -> None:
        self.app, self.handlers, self.max_body = app, handlers, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = (
            self.handlers.get((scope["method"], scope["path"])) if scope["type"] == "http" else None
        )
        if handler is None:
            await self.app(scope, receive, send)
            return
        body = b""
        if scope["method"] == "POST":
            length = dict(scope.get("headers") or []).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body:
                await self.app(scope, receive, send)  # refused there (BodyLimit)
                return
            chunks: list[bytes] = []
            size = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    await BodyLimit(self.app, self.max_body)._refuse(send)
                    return
                chunks.append(chunk)
                if not message.get("more_body"):
                    break
            body = b"".join(chunks)
        headers = dict(scope.get("headers") or [])
        if isinstance(handler, GroupQueue):
            answer = await handler.submit(headers, scope, body)
        else:
            answer = await anyio.to_thread.run_sync(handler, headers, scope, body)
        if answer is None:  # not for the fast path: the full routes answer
            await self.app(scope, _replaying(body, receive), send)
            return
        status, content, extra = answer
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(content)).encode()),
                    *extra,
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})


FastItem = tuple[dict[bytes, bytes], Scope, bytes]  # a request's headers, scope and body
FastAnswer = tuple[int, bytes, list[tuple[bytes, bytes]]] | None  # None: the full routes answer


class GroupQueue:
    """Requests handled in groups: those that arrive while a group is being
    handled (in a thread of its own) wait, and are handed to ``handler`` all
    together next (at most ``most`` requests or ``most_bytes`` of bodies).
    The office's pushes go through one, so that the pushes of many laptops
    syncing at once share a transaction (group commit)."""

    def __init__(
        self,
        handler: Callable[[list[FastItem]], list[FastAnswer]],
        *,
        most: int = 64,
        most_bytes: int = 4 * 1024 * 1024,
    ) -> None:
        self.handler, self.most, self.most_bytes = handler, most, most_bytes
        self._waiting: list[tuple[FastItem, asyncio.Future[FastAnswer]]] = []
        self._task: asyncio.Task[None] | None = None
        self._limiter: anyio.CapacityLimiter | None = None

    async def submit(self, headers: dict[bytes, bytes], scope: Scope, body: bytes) -> FastAnswer:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[FastAnswer] = loop.create_future()
        self._waiting.append(((headers, scope, body), future))
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(1)
        while self._waiting:
            take, size = 0, 0
            for (_headers, _scope, body), _future in self._waiting[: self.most]:
                if take and size + len(body) > self.most_bytes:
                    break
                take, size = take + 1, size + len(body)
            group, self._waiting = self._waiting[:take], self._waiting[take:]
            try:
                answers = await anyio.to_thread.run_sync(
                    self.handler, [item for item, _future in group], limiter=self._limiter
                )
            except Exception as exc:  # each request fails as it would alone
                for _item, future in group:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_item, future), answer in zip(group, answers, strict=True):
                if not future.done():  # the client may have gone
                    future.set_result(answer)


class OfficeApp(FastAPI):
    """The FastAPI app with :class:`FastSync` in front of its whole stack."""

    fast: FastSync | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fast = self.fast
        if (
            fast is not None
            and scope["type"] == "http"
            and (scope["method"], scope["path"]) in (fast.handlers)
        ):
            await fast(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def bearer(headers: dict[bytes, bytes]) -> str | None:
    scheme, _, value = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def refusal_bytes(exc: AuthError) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    extra = [(b"www-authenticate", b"Bearer")] if exc.status == 401 else []
    content = json.dumps(
        {"detail": {"code": exc.code, "message": exc.message}}, ensure_ascii=False
    ).encode()
    return exc.status, content, extra
