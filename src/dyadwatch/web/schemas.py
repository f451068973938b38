"""Strict request models: an unknown or malformed parameter is a 422 naming it, never a silent default."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .queries import EventFilter

MAX_LIMIT = 500
COUNTRY = r"^[A-Z]{3}$"
ACTOR_CODE = r"^[A-Z]{3,12}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(_Strict):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT})")
    offset: int = Field(0, ge=0, le=1_000_000, description="Rows to skip (use `next_offset` of the last page)")


class EventQuery(Page):
    actor: str | None = Field(None, pattern=ACTOR_CODE, description="CAMEO actor code prefix on either side (RUSMIL)")
    country: str | None = Field(None, pattern=COUNTRY, description="ISO alpha-3 country on either side")
    dyad: str | None = Field(None, pattern=r"^[A-Z]{3,12}-[A-Z]{3,12}$",
                             description="Two sides, either direction: RUS-CHN (countries) or RUSMIL-CHN (codes)")
    type: str | None = Field(None, pattern=r"^[A-Z_]{2,30}$", description="PLOVER event type (CONSULT)")
    quad_class: int | None = Field(None, ge=1, le=4)
    since: dt.date | None = None
    until: dt.date | None = None
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$")
    place: str | None = Field(None, min_length=2, max_length=100, description="Place name (substring) or country code")
    q: str | None = Field(None, min_length=2, max_length=200, description="Text in the evidence sentence")
    min_confidence: float | None = Field(None, ge=0, le=1)
    located: bool | None = Field(None, description="Only events with coordinates")
    cluster: str | None = Field(None, max_length=64, description="Only the mentions of this event cluster")
    named: str | None = Field(None, max_length=200, description="Knowledge-base id of an actor the event names "
                                                               "(person/andrey-belousov)")

    @model_validator(mode="after")
    def _ordered(self) -> EventQuery:
        if self.since and self.until and self.since > self.until:
            raise ValueError("since must not be after until")
        return self

    def to_filter(self) -> EventFilter:
        return EventFilter(actor=self.actor, country=self.country,
                           dyad=tuple(self.dyad.split("-")) if self.dyad else None, type=self.type,
                           quad_class=self.quad_class, since=self.since, until=self.until, lang=self.lang,
                           place=self.place, q=self.q, min_confidence=self.min_confidence, located=self.located,
                           cluster_id=self.cluster, named=self.named)


class DocumentQuery(Page):
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$")
    source: str | None = Field(None, max_length=200)


class SpanQuery(_Strict):
    since: dt.date | None = None
    until: dt.date | None = None


class SeriesQuery(SpanQuery):
    by: Literal["day", "week", "month"] = "week"
    directed: bool = False


class DyadEventsQuery(SpanQuery):
    directed: bool = False
    limit: int = Field(100, ge=1, le=MAX_LIMIT)


class TopQuery(SpanQuery):
    limit: int = Field(20, ge=1, le=200)
    by: Literal["day", "week", "month"] = "week"


class AlertQuery(_Strict):
    window: int = Field(28, ge=2, le=365)
    threshold: float = Field(3.0, gt=0, le=100)
    by: Literal["day", "week"] = "day"
    conflict: bool = False
    min_count: int = Field(3, ge=1)
    since: dt.date | None = None
    limit: int = Field(20, ge=1, le=200)


class ActorQuery(_Strict):
    q: str = Field(min_length=2, max_length=100, description="A name in any language of the knowledge base")
    day: dt.date | None = Field(None, description="Code the actor as on this day (roles change)")


class CodeRequest(_Strict):
    text: str = Field(min_length=1, description="The article to code (not stored)")
    title: str | None = Field(None, max_length=500)
    date: dt.date | None = Field(None, description="Publication date, anchors relative dates")
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$", description="Language; detected when absent")


class IngestDocument(CodeRequest):
    source: str | None = Field(None, max_length=200, description="Outlet (part of the duplicate key)")
    url: str | None = Field(None, max_length=2000)


class IngestRequest(_Strict):
    documents: list[IngestDocument] = Field(min_length=1, max_length=100)
    cluster: bool = Field(True, description="Update event clusters after storing")
