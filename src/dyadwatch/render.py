"""Output formats for people (a rich table) and machines (JSONL events, JSON documents)."""
from __future__ import annotations

import io
from functools import partial
from typing import Callable, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Actor, DocumentAnalysis, Event


def actor_label(actors: list[Actor]) -> str:
    parts = []
    for a in actors:
        who = a.name or a.text
        code = a.code or a.country or "?"
        parts.append(f"{who} ({code})" if who != code else code)
    return ", ".join(parts) or "—"


def event_table(analysis: DocumentAnalysis) -> Table:
    table = Table(title=f"{analysis.id} · {analysis.lang} · {analysis.date or 'no date'} · {len(analysis.events)} events",
                  caption=analysis.title, show_lines=True)
    for col, kw in (("date", {"no_wrap": True}), ("event", {"no_wrap": True}), ("source", {"max_width": 24}),
                    ("target", {"max_width": 24}), ("modality", {}), ("conf", {"justify": "right"}),
                    ("where", {"max_width": 14}), ("evidence", {"min_width": 40})):
        table.add_column(col, **kw)
    for e in analysis.events:
        table.add_row(_date(e), f"{e.type}{'/' + e.mode if e.mode else ''}\nCAMEO {e.cameo} Q{e.quad_class}",
                      actor_label(e.source), actor_label(e.target), e.modality, f"{e.confidence:.2f}",
                      e.location.text if e.location else "", _evidence(e))
    return table


def _date(e: Event) -> str:
    if not e.date:
        return ""
    return e.date + ("" if e.date_precision == "day" else f" ({e.date_precision})")


def _evidence(e: Event) -> Text:
    """The sentence with the trigger in bold and underlined (rich Text, so brackets stay literal)."""
    s, t = e.evidence.sentence, e.evidence.trigger
    lo = t.start - e.evidence.sentence_start
    hi = t.end - e.evidence.sentence_start
    if len(s) > 200:
        cut = max(0, lo - 80)
        s, lo, hi = ("…" if cut else "") + s[cut:cut + 200] + "…", lo - cut + (1 if cut else 0), hi - cut + (1 if cut else 0)
    text = Text(s)
    text.stylize("bold underline", lo, hi)
    return text


def render_table(analysis: DocumentAnalysis, width: int = 180, color: bool = False) -> str:
    """The event table as text, ``width`` columns wide; ``color`` keeps the styles (for a terminal)."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=color).print(event_table(analysis))
    return buffer.getvalue()


def render_jsonl(analysis: DocumentAnalysis) -> str:
    return "".join(e.model_dump_json() + "\n" for e in analysis.events)


def render_json(analysis: DocumentAnalysis) -> str:
    return analysis.model_dump_json(indent=2) + "\n"


def renderer(fmt: str, out: TextIO) -> Callable[[DocumentAnalysis], str]:
    """The function that turns an analysis into the text of format ``fmt`` for ``out``. It is picklable,
    so that worker processes render what they code and send back text rather than objects."""
    if fmt == "table":
        tty = out.isatty()
        return partial(render_table, width=Console(file=out).width if tty else 180, color=tty)
    return {"jsonl": render_jsonl, "json": render_json}[fmt]
