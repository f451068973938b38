"""The output contract: what dyadwatch promises to emit, defined once.

`dyadwatch schema` prints the JSON Schema of these models; every output format (table, JSONL,
JSON, evaluation) is produced from them.
"""
from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Modality = Literal["asserted", "negated", "planned", "hypothetical", "reported", "alleged"]
Precision = Literal["day", "week", "month", "year"]

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Character offsets into the analysed document text (``text[start:end]``)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Actor(_Model):
    text: str = Field(description="The words of the mention as written")
    name: str | None = Field(None, description="Canonical name")
    country: str | None = Field(None, description="ISO 3166 alpha-3, or IGO/NGO/IMG/... for non-state actors")
    sector: str | None = Field(None, description="PLOVER sector code (GOV, MIL, COP, REB, ...)")
    code: str | None = Field(None, description="CAMEO-style actor code, e.g. RUSGOV")
    role: str | None = Field(None, description="Role on the story date, e.g. 'defence minister'")
    kind: str | None = Field(None, description="country | person | organisation | agent | group")
    kb_id: str | None = None
    wikidata: str | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    resolved_by: str | None = Field(None, description="How the mention was resolved (kb name, surname, title, plural, metonym ...)")


class Place(_Model):
    text: str
    name: str | None = None
    country_code: str | None = None
    resolution: Literal["city", "admin1", "country", "region"] | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = Field(None, description="GeoNames admin1 code within the country (e.g. 'AK', '73')")
    feature_code: str | None = Field(None, description="GeoNames feature code (PPLC, PPL, ADM1, PCLI, OCN, SEA, RGN ...)")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Timex(_Model):
    text: str
    value: str | None = Field(None, description="ISO date, week (YYYY-Www), month (YYYY-MM) or year")
    precision: Precision | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Quote(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    speaker: Actor | None = None
    speaker_text: str | None = None
    cue: str | None = None


class Evidence(_Model):
    sentence: str
    sentence_index: int = Field(ge=0)
    sentence_start: int = Field(ge=0)
    trigger: Span
    source_spans: list[Span] = []
    target_spans: list[Span] = []
    modality_cue: Span | None = None
    date_span: Span | None = None
    location_span: Span | None = None


class Event(_Model):
    event_id: str = Field(description="Stable hash of document, sentence, trigger offsets, type and dyad")
    doc_id: str
    type: str = Field(description="PLOVER event type")
    mode: str | None = None
    context: list[str] = []
    cameo: str
    cameo_name: str | None = None
    quad_class: int = Field(ge=1, le=4)
    goldstein: float | None = None
    source: list[Actor] = []
    target: list[Actor] = []
    date: str | None = Field(None, description="ISO value at date_precision")
    date_precision: Precision | None = None
    date_text: str | None = None
    location: Place | None = None
    modality: Modality = "asserted"
    confidence: float = Field(ge=0, le=1)
    evidence: Evidence
    coder: str = Field(description="Which rule / lexicon entry produced the event")
    mutual: bool = Field(False, description="Joint or reciprocal (talks, joint exercises, an accord): the sides act "
                                            "together, so the event holds in both directions; coded once, the "
                                            "first-named party as source")

    @staticmethod
    def make_id(doc_id: str, trigger_start: int, ptype: str, source: list[Actor], target: list[Actor]) -> str:
        key = "|".join([doc_id, str(trigger_start), ptype,
                        ",".join(a.code or a.text for a in source), ",".join(a.code or a.text for a in target)])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class DocumentAnalysis(_Model):
    schema_version: str = SCHEMA_VERSION
    id: str
    lang: str
    date: str | None = None
    title: str | None = None
    model: str | None = Field(None, description="spaCy pipeline used (package name, or 'blank')")
    text: str = Field("", description="The normalised text that every offset refers to")
    events: list[Event] = []
    actors: list[Actor] = []
    quotes: list[Quote] = []
    places: list[Place] = []
    timex: list[Timex] = []
    warnings: list[str] = []
