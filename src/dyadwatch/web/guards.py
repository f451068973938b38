"""What protects the server from its clients: a request-size cap, a per-client rate limit, and errors that
never show a stack trace. Plain ASGI middleware, so they run before any body is parsed."""
from __future__ import annotations

import json
import logging
import threading
import time
from collections import defaultdict

log = logging.getLogger("dyadwatch.web")


async def _send_json(send, status: int, payload: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse (413) a request whose body is over ``max_bytes``: by its Content-Length when it declares one,
    else while the body streams in — the application then sees the stream end there, and whatever it
    answers is replaced by the 413."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_large = {"detail": f"request body over the limit of {self.max_bytes} bytes"}
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await _send_json(send, 413, too_large)
        seen, over = 0, False

        async def counted_receive():
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                over = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message):
            if not over:
                await send(message)
            elif message["type"] == "http.response.start":
                await _send_json(send, 413, too_large)

        await self.app(scope, counted_receive, guarded_send)


class RateLimit:
    """A token bucket per client address: ``per_minute`` requests a minute, bursts up to the same number.
    Static files are not counted (a page load fetches several)."""

    def __init__(self, app, per_minute: int):
        self.app, self.per_minute = app, per_minute
        self._buckets: dict[str, tuple[float, float]] = defaultdict(lambda: (float(per_minute), time.monotonic()))
        self._lock = threading.Lock()

    def _take(self, client: str) -> bool:
        with self._lock:
            tokens, last = self._buckets[client]
            now = time.monotonic()
            tokens = min(float(self.per_minute), tokens + (now - last) * self.per_minute / 60.0)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            return allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/api/") or self.per_minute <= 0:
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("?", 0))[0]
        if not self._take(client):
            return await _send_json(send, 429, {"detail": f"rate limit of {self.per_minute} requests a minute"},
                                    [(b"retry-after", b"1")])
        return await self.app(scope, receive, send)


class HideErrors:
    """Any exception that escapes the application becomes a generic 500 JSON answer; the trace goes to the
    server log only."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _send_json(send, 500, {"detail": "internal server error"})
