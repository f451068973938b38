"""The FastAPI application: JSON API under ``/api``, OpenAPI docs at ``/docs``, dashboard at ``/``."""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ..store import Store, open_store
from ..store.analytics import AnalyticsError
from .api import AppState, router
from .guards import BodyLimit, HideErrors, RateLimit

STATIC = Path(__file__).with_name("static")
MAX_BODY_BYTES = 200_000
RATE_PER_MINUTE = 600


def _where(loc: tuple) -> str:
    return ".".join(str(part) for part in loc if part not in ("query", "body", "path"))


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with one readable line per problem ("limit: Input should be less than or equal to 500")."""
    errors = [{"field": _where(e["loc"]), "message": e["msg"]} for e in exc.errors()]
    text = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return JSONResponse({"detail": text, "errors": errors}, status_code=422)


def _analytics_error(request: Request, exc: AnalyticsError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


def create_app(db: str | Store | None = None, token: str | None = None, max_body_bytes: int = MAX_BODY_BYTES,
               rate_per_minute: int = RATE_PER_MINUTE, coder=None) -> FastAPI:
    """An application over the store at ``db`` (a URL, or an open :class:`Store`). Writes (``POST
    /api/ingest``) need ``token``; without one the server is read-only. ``rate_per_minute`` ≤ 0 disables
    the per-client limit. ``coder`` (a :class:`dyadwatch.coder.Coder`) is created on first use when not given."""
    store = db if isinstance(db, Store) else open_store(db)
    app = FastAPI(title="dyadwatch", version=version("dyadwatch"), docs_url="/docs", redoc_url=None,
                  description="Political events coded from news text (PLOVER/CAMEO), with their evidence.")
    app.state.dyadwatch = AppState(store, token, coder)
    app.include_router(router)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(AnalyticsError, _analytics_error)
    app.add_middleware(RateLimit, per_minute=rate_per_minute)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(HideErrors)

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
