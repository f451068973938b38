"""`dyadwatch cluster | dyad | top | alerts`: event clusters and dyad analytics over the store."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .cli import _day, app, err
from .cli_store import DB_HELP
from .store import open_store
from .store.analytics import AnalyticsError


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


class AlertPeriod(str, Enum):
    day = "day"
    week = "week"


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


@app.command()
def cluster(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    window: int = typer.Option(2, "--window", help="Days two reports of one event may differ by"),
) -> None:
    """Group event mentions into event clusters (one real-world event, many reports); incremental."""
    from .store.clusters import update_clusters

    with open_store(db) as store:
        stats = update_clusters(store, window_days=window)
        rows = store.fetchall("SELECT COUNT(*), SUM(num_mentions), SUM(CASE WHEN num_articles > 1 THEN 1 ELSE 0 END), "
                              "MAX(num_articles) FROM event_clusters")[0]
    table = Table(title="event clusters", show_header=False)
    for label, value in (("documents signed (MinHash)", stats.documents_signed),
                         ("near-duplicate document pairs found", stats.near_dup_pairs),
                         ("events placed", stats.events_placed), ("clusters created", stats.clusters_created),
                         ("clusters extended", stats.clusters_extended), ("clusters merged", stats.clusters_merged),
                         ("clusters in the store", rows[0]), ("event mentions in clusters", rows[1] or 0),
                         ("clusters reported by 2+ articles", rows[2] or 0), ("most articles for one event", rows[3] or 0)):
        table.add_row(label, str(value))
    Console().print(table)


@app.command()
def dyad(
    actor_a: str = typer.Argument(..., help="Country code (RUS), CAMEO code (RUSMIL), or knowledge-base id/name"),
    actor_b: str = typer.Argument(..., help="The other side, same forms"),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="First day YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, "--until", help="Last day YYYY-MM-DD"),
    by: Period = typer.Option(Period.week, "--by", help="Period of each row"),
    directed: bool = typer.Option(False, "--directed", help="A→B only (symmetric types such as CONSULT count both ways)"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also write a chart: FILE.png (matplotlib), FILE.html or FILE.svg"),
) -> None:
    """How a dyad's relations evolve: events per period by quad class, Goldstein, PLOVER types."""
    from .charts import ChartError, check_chart_path, write_chart
    from .store.analytics import dyad as dyad_report
    from .store.analytics import resolve_actor, sparkline

    first, last = _day(since), _day(until)
    try:
        if plot:
            check_chart_path(plot)
        a, b = resolve_actor(actor_a, last), resolve_actor(actor_b, last)
        with open_store(db) as store:
            report = dyad_report(store, a, b, by.value, first, last, directed)
    except (AnalyticsError, ChartError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2)
    for spec in (a, b):
        err.print(f"[dim]{escape(spec.label)} = {escape(spec.why)}[/]")
    table = Table(title=f"{a.label} {'→' if directed else '–'} {b.label} by {by.value} ({report.total} events)")
    for col in ("period", "events", "verb. coop", "mat. coop", "verb. confl", "mat. confl", "mean G", "total G", "types"):
        table.add_column(col, justify="left" if col in ("period", "types") else "right")
    for r in report.rows:
        mix = ", ".join(f"{t} {n}" for t, n in sorted(r.types.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        table.add_row(str(r.period), str(r.events), *(str(r.quads[q]) for q in (1, 2, 3, 4)),
                      _fmt(r.goldstein_mean), f"{r.goldstein_total:+.1f}", mix)
    console = Console()
    console.print(table)
    if report.rows:
        console.print(f"events  {sparkline([r.events for r in report.rows])}  "
                      f"({report.rows[0].period} … {report.rows[-1].period})")
        console.print(f"conflict {sparkline([r.quads[3] + r.quads[4] for r in report.rows])}")
        console.print("type mix: " + ", ".join(f"{t} {n}" for t, n in report.type_mix().items()))
    if plot:
        write_chart(report, plot)
        err.print(f"chart written to {plot}")


@app.command()
def top(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="First day YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, "--until", help="Last day YYYY-MM-DD"),
    limit: int = typer.Option(20, "--limit", help="Rows in each table"),
    by: Period = typer.Option(Period.week, "--by", help="Period compared for the biggest changes"),
) -> None:
    """The most active country dyads, and those that changed most since the previous period."""
    from .store.analytics import biggest_changes
    from .store.analytics import top as top_dyads

    first, last = _day(since), _day(until)
    with open_store(db) as store:
        active = top_dyads(store, first, last, limit)
        latest, changes = biggest_changes(store, by.value, last, limit)
    console = Console()
    table = Table(title="most active dyads" + (f" since {first}" if first else ""))
    for col in ("dyad", "events", "conflict", "mean G"):
        table.add_column(col, justify="left" if col == "dyad" else "right")
    for t in active:
        table.add_row(f"{t.a}–{t.b}", str(t.events), str(t.conflict), _fmt(t.goldstein_mean))
    console.print(table)
    if latest:
        table = Table(title=f"biggest changes: {by.value} of {latest} against the one before")
        for col in ("dyad", "before", "last", "change"):
            table.add_column(col, justify="left" if col == "dyad" else "right")
        for c in changes:
            table.add_row(f"{c.a}–{c.b}", str(c.previous), str(c.last), f"{c.change:+d}")
        console.print(table)


@app.command()
def alerts(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    window: int = typer.Option(28, "--window", help="Periods in the rolling baseline"),
    threshold: float = typer.Option(3.0, "--threshold", help="z-score that makes a spike"),
    by: AlertPeriod = typer.Option(AlertPeriod.day, "--by", help="Period counted"),
    conflict: bool = typer.Option(False, "--conflict", help="Count conflict events only (quad classes 3 and 4)"),
    min_count: int = typer.Option(3, "--min-count", help="Fewest events a spike may have"),
    since: Optional[str] = typer.Option(None, "--since", help="Report spikes from this day YYYY-MM-DD "
                                        "(default: the last --window periods)"),
    limit: int = typer.Option(20, "--limit", help="Most alerts shown"),
) -> None:
    """Spikes of a dyad's volume against its rolling baseline, with the events behind each."""
    from .store.analytics import alerts as find_alerts

    with open_store(db) as store:
        found = find_alerts(store, window, threshold, by.value, conflict, min_count, _day(since), None, limit)
    console = Console()
    if not found:
        console.print(f"no spike with z ≥ {threshold} against a {window}-{by.value} baseline")
        return
    for alert in found:
        console.print(f"[bold]{alert.a}–{alert.b}[/] {by.value} of {alert.period}: {alert.count} events "
                      f"(baseline {alert.baseline_mean:.2f} ± {alert.baseline_sd:.2f}, z = {alert.z:.1f})")
        for e in alert.events:
            console.print(f"  {e.event_id}  {e.day}  {e.type or '?'}  {e.num_articles} article(s)  doc {e.doc_id}",
                          markup=False, highlight=False)
            console.print(f"      {(e.sentence or '').strip()[:200]}", markup=False, highlight=False)
