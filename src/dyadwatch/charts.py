"""Charts of a dyad report: stacked bars by quad class per period, with the mean Goldstein line.

``.html`` and ``.svg`` are written by hand as one self-contained SVG (no script, no CDN: they open
offline); ``.png`` needs matplotlib, the optional ``plot`` extra.
"""
from __future__ import annotations

import importlib.util
from html import escape
from pathlib import Path

from .store.analytics import QUADS, DyadReport

QUAD_COLOURS = {1: "#4c9f70", 2: "#1f6f43", 3: "#e0a030", 4: "#c0392b"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
GOLDSTEIN_COLOUR = "#2c3e80"


class ChartError(RuntimeError):
    """The chart cannot be written as asked (unknown format, matplotlib missing)."""


def title_of(report: DyadReport) -> str:
    arrow = "→" if report.directed else "–"
    return f"{report.a.label} {arrow} {report.b.label}: events per {report.by}"


def check_chart_path(path: Path) -> None:
    """Fail before any query when the chart cannot be written."""
    suffix = path.suffix.lower()
    if suffix not in (".png", ".html", ".htm", ".svg"):
        raise ChartError(f"--plot writes .png, .html or .svg, not {path.suffix or 'a file without extension'}")
    if suffix == ".png" and importlib.util.find_spec("matplotlib") is None:
        raise ChartError("--plot FILE.png needs matplotlib: pip install 'dyadwatch[plot]' "
                         "(or write FILE.html / FILE.svg, which need nothing)")


def write_chart(report: DyadReport, path: Path) -> None:
    check_chart_path(path)
    if path.suffix.lower() == ".png":
        _png(report, path)
    else:
        svg = svg_chart(report)
        text = svg if path.suffix.lower() == ".svg" else (
            f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{escape(title_of(report))}</title></head>"
            f"<body style=\"font-family:sans-serif\">\n{svg}\n</body></html>\n")
        path.write_text(text, encoding="utf-8")


def svg_chart(report: DyadReport, width: int = 900, height: int = 360) -> str:
    left, right, top, bottom = 50, 50, 40, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    rows = report.rows
    high = max((r.events for r in rows), default=0) or 1
    slot = plot_w / max(len(rows), 1)
    bar = max(slot * 0.8, 1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="20" font-size="14">{escape(title_of(report))}</text>',
           f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#888"/>',
           f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{high}</text>',
           f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
           f'<text x="{left + plot_w + 6}" y="{top + 4}" fill="{GOLDSTEIN_COLOUR}">+10</text>',
           f'<text x="{left + plot_w + 6}" y="{top + plot_h}" fill="{GOLDSTEIN_COLOUR}">−10</text>']
    label_every = max(1, len(rows) // 12)
    line = []
    for i, r in enumerate(rows):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for q in QUADS:
            h = r.quads[q] / high * plot_h
            if h:
                y -= h
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                           f'fill="{QUAD_COLOURS[q]}"><title>{r.period} {QUAD_NAMES[q]}: {r.quads[q]}</title></rect>')
        if r.goldstein_mean is not None:
            line.append(f"{x + bar / 2:.1f},{top + plot_h * (10 - r.goldstein_mean) / 20:.1f}")
        if i % label_every == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="end" '
                       f'transform="rotate(-45 {x + bar / 2:.1f} {top + plot_h + 14})">{r.period}</text>')
    if len(line) > 1:
        out.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{GOLDSTEIN_COLOUR}" stroke-width="1.5"/>')
    for k, q in enumerate(QUADS):
        lx = left + k * 170
        out.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{QUAD_COLOURS[q]}"/>'
                   f'<text x="{lx + 14}" y="{height - 5}">{QUAD_NAMES[q]}</text>')
    out.append(f'<text x="{left + 4 * 170}" y="{height - 5}" fill="{GOLDSTEIN_COLOUR}">— mean Goldstein</text>')
    out.append("</svg>")
    return "\n".join(out)


def _png(report: DyadReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    periods = [r.period for r in report.rows]
    fig, ax = plt.subplots(figsize=(10, 4))
    bottom = [0] * len(periods)
    for q in QUADS:
        counts = [r.quads[q] for r in report.rows]
        ax.bar(periods, counts, bottom=bottom, color=QUAD_COLOURS[q], label=QUAD_NAMES[q],
               width={"day": 0.8, "week": 5.6, "month": 24}[report.by])
        bottom = [b + c for b, c in zip(bottom, counts)]
    ax.set_ylabel("events")
    ax.set_title(title_of(report))
    twin = ax.twinx()
    twin.plot([r.period for r in report.rows if r.goldstein_mean is not None],
              [r.goldstein_mean for r in report.rows if r.goldstein_mean is not None],
              color=GOLDSTEIN_COLOUR, label="mean Goldstein")
    twin.set_ylim(-10, 10)
    twin.set_ylabel("mean Goldstein")
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
