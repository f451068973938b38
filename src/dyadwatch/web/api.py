"""The JSON API under ``/api``: thin handlers that validate, take the store lock and call the store's
analytics or :mod:`.queries`."""
from __future__ import annotations

import dataclasses
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request

from ..store import Store
from ..store.analytics import alerts, biggest_changes, dyad, resolve_actor, top
from . import queries
from .schemas import (
    ActorQuery,
    AlertQuery,
    CodeRequest,
    DocumentQuery,
    DyadEventsQuery,
    EventQuery,
    IngestRequest,
    SeriesQuery,
    TopQuery,
)

router = APIRouter(prefix="/api")


class AppState:
    """One store connection shared by all requests, used by one request at a time (neither a DuckDB nor a
    psycopg connection may run two statements at once), and the coder, loaded on first use."""

    def __init__(self, store: Store, token: str | None, coder=None):
        self.store, self.token = store, token
        self.lock = threading.Lock()
        self._coder = coder
        self._coder_lock = threading.Lock()

    def coder(self):
        with self._coder_lock:
            if self._coder is None:
                from ..coder import Coder

                self._coder = Coder()
            return self._coder


def _state(request: Request) -> AppState:
    return request.app.state.dyadwatch


@contextmanager
def _db(request: Request) -> Iterator[Store]:
    state = _state(request)
    with state.lock:
        yield state.store


def _page(total: int, items: list, page) -> dict:
    following = page.offset + len(items)
    return {"total": total, "limit": page.limit, "offset": page.offset,
            "next_offset": following if following < total else None, "items": items}


@router.get("/documents", summary="Stored documents, newest first")
def documents(request: Request, query: Annotated[DocumentQuery, Query()]) -> dict:
    with _db(request) as store:
        total, items = queries.list_documents(store, query.limit, query.offset, query.lang, query.source)
    return _page(total, items, query)


def _one(request: Request, fetch, key: str, what: str) -> dict:
    with _db(request) as store:
        found = fetch(store, key)
    if found is None:
        raise HTTPException(404, f"no {what} {key!r}")
    return found


@router.get("/documents/{doc_id}", summary="A document with its text, events, quotes, places and actors")
def document(request: Request, doc_id: str) -> dict:
    return _one(request, queries.get_document, doc_id, "document")


@router.get("/events", summary="Events matching every filter given, newest first")
def events(request: Request, query: Annotated[EventQuery, Query()]) -> dict:
    with _db(request) as store:
        total, items = queries.list_events(store, query.to_filter(), query.limit, query.offset)
    return _page(total, items, query)


@router.get("/events/{event_id}", summary="An event with its evidence, document and cluster")
def event(request: Request, event_id: str) -> dict:
    return _one(request, queries.get_event, event_id, "event")


@router.get("/clusters/{cluster_id}", summary="An event cluster with every mention and its article")
def cluster(request: Request, cluster_id: str) -> dict:
    return _one(request, queries.get_cluster, cluster_id, "cluster")


@router.get("/dyads/{a}/{b}/series", summary="A dyad's volume by quad class, Goldstein and type mix per period")
def dyad_series(request: Request, a: str, b: str, query: Annotated[SeriesQuery, Query()]) -> dict:
    side_a, side_b = resolve_actor(a), resolve_actor(b)      # AnalyticsError → 400
    with _db(request) as store:
        report = dyad(store, side_a, side_b, by=query.by, since=query.since, until=query.until,
                      directed=query.directed)
    return {"a": dataclasses.asdict(side_a), "b": dataclasses.asdict(side_b), "by": query.by,
            "directed": query.directed, "total": report.total, "type_mix": report.type_mix(),
            "rows": [dataclasses.asdict(r) for r in report.rows]}


@router.get("/dyads/{a}/{b}/events", summary="The events a dyad series counts in a span (the evidence of a bar)")
def dyad_events(request: Request, a: str, b: str, query: Annotated[DyadEventsQuery, Query()]) -> dict:
    side_a, side_b = resolve_actor(a), resolve_actor(b)
    with _db(request) as store:
        total, items = queries.dyad_units(store, side_a, side_b, query.since, query.until, query.directed, query.limit)
    return {"total": total, "items": items}


@router.get("/volume", summary="All units per period and quad class (the overview chart)")
def volume(request: Request, query: Annotated[SeriesQuery, Query()]) -> dict:
    with _db(request) as store:
        return {"by": query.by, "rows": queries.volume(store, query.by, query.since, query.until)}


@router.get("/top", summary="Most active country dyads, and the biggest changes between the last two periods")
def top_dyads(request: Request, query: Annotated[TopQuery, Query()]) -> dict:
    with _db(request) as store:
        active = top(store, since=query.since, until=query.until, limit=query.limit)
        period, changes = biggest_changes(store, by=query.by, until=query.until, limit=query.limit)
    return {"top": [dataclasses.asdict(d) for d in active], "changes_period": period,
            "changes": [dataclasses.asdict(c) | {"change": c.change} for c in changes]}


@router.get("/alerts", summary="Dyads whose volume jumps above their rolling baseline")
def spike_alerts(request: Request, query: Annotated[AlertQuery, Query()]) -> dict:
    with _db(request) as store:
        found = alerts(store, **query.model_dump())
    return {"alerts": [dataclasses.asdict(a) for a in found]}


@router.get("/actors", summary="Knowledge-base actors answering to a name, with the events naming them")
def actors(request: Request, query: Annotated[ActorQuery, Query()]) -> dict:
    from ..kb_query import lookup

    found = lookup(query.q, query.day)
    with _db(request) as store:
        activity = queries.actor_activity(store, [c.entity.kb_id for c in found])
    return {"items": [{"kb_id": c.entity.kb_id, "name": c.entity.name, "kind": c.entity.kind,
                       "country": c.coding.country, "code": c.coding.code, "sector": c.coding.sector,
                       "matched": c.matched, "form": c.form, "exact": c.exact,
                       "events": activity.get(c.entity.kb_id, 0)} for c in found]}


def _raw(doc, doc_id: str):
    from ..pipeline.ingest import RawDocument

    return RawDocument(doc_id, doc.text, "<api>", lang=doc.lang, date=doc.date.isoformat() if doc.date else None,
                       title=doc.title)


@router.post("/code", summary="Code a posted text and return its events (nothing is stored)")
def code(request: Request, body: CodeRequest) -> dict:
    analysis = _state(request).coder().analyze(_raw(body, "posted"))
    return analysis.model_dump(mode="json")


@router.post("/ingest", summary="Code and store documents (needs the server's bearer token)")
def ingest(request: Request, body: IngestRequest, authorization: Annotated[str | None, Header()] = None) -> dict:
    state = _state(request)
    if state.token is None:
        raise HTTPException(403, "this server is read-only: start it with a token to allow writes")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), state.token.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                            headers={"WWW-Authenticate": "Bearer"})
    coder = state.coder()
    analyses = [(coder.analyze(_raw(doc, f"api-{i}")), doc) for i, doc in enumerate(body.documents)]
    with _db(request) as store:
        added = [store.add_analysis(analysis, doc.source, doc.url) for analysis, doc in analyses]
        clustered = None
        if body.cluster and any(added):
            from ..store.clusters import update_clusters

            clustered = dataclasses.asdict(update_clusters(store))
    return {"received": len(body.documents), "added": sum(added), "duplicates": added.count(False),
            "events": sum(len(a.events) for (a, _), new in zip(analyses, added) if new), "clusters": clustered}

