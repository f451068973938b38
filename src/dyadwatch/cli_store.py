"""`dyadwatch ingest` and `dyadwatch export`: the corpus store from the command line."""
from __future__ import annotations

import json
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .store import DEFAULT_DB

# Defined before importing .cli: under `python -m dyadwatch.cli` this module is imported first, and
# cli_analytics reads DB_HELP from it while .cli is still registering its commands.
DB_HELP = f"Database: a DuckDB file (default {DEFAULT_DB}) or postgresql://user@host:port/dbname"

from .cli import Engine, _day, app, err  # noqa: E402


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"
    gdelt = "gdelt"
    polecat = "polecat"


def _report_table(report) -> Table:
    table = Table(title="ingest", show_header=False)
    for label, value in (("documents seen", report.seen), ("added", report.added),
                         ("duplicates", report.duplicates), ("skipped", len(report.skipped)),
                         ("batches committed", report.batches), ("run id", report.run_id)):
        table.add_row(label, str(value))
    return table


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="Files, folders (.txt .html .jsonl .csv .warc .rss ...) or URLs"),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet name for documents that do not carry one"),
    date: Optional[str] = typer.Option(None, "--date", help="Story date YYYY-MM-DD for documents that carry none"),
    workers: int = typer.Option(0, "--workers", min=0, help="Coding processes or Ray actors, 0 = one per core (default; the parent writes the database)"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local processes, or ray (Ray Data on a cluster)"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster: auto, ray://HOST:10001 (default: start a local one)"),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per transaction"),
    unordered: bool = typer.Option(False, "--unordered", help="Commit batches as workers finish them, not in input order"),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if anything was skipped"),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow URLs on private/loopback addresses"),
    as_json: bool = typer.Option(False, "--json", help="Print the final report as JSON on stdout"),
    cluster: bool = typer.Option(True, "--cluster/--no-cluster", help="Group the new events into event clusters afterwards"),
) -> None:
    """Code a corpus into the store: idempotent, resumable (one transaction per batch); new events are
    then clustered across documents (same as `dyadwatch cluster`)."""
    from .parallel import interrupt_flag
    from .pipeline.fetch import Fetcher
    from .store import open_store
    from .store.clusters import update_clusters
    from .store.ingest import Ingestor

    store = open_store(db)
    live = err.is_terminal
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                        transient=True) if live else nullcontext(None)

    def on_item(report) -> None:
        if live:
            progress.update(task, description=f"seen {report.seen} · added {report.added} · "
                                              f"duplicates {report.duplicates} · skipped {len(report.skipped)}")

    def on_batch(report, added: int) -> None:
        if not live:   # logs for pipes and files: one line per committed batch
            err.print(f"batch {report.batches} committed: {added} added "
                      f"({report.added} added, {report.duplicates} duplicates so far)", soft_wrap=True)
        on_item(report)

    ingestor = Ingestor(store, source=source, date=_day(date).isoformat() if date else None, workers=workers, batch_size=batch_size,
                        fetcher=Fetcher(allow_private=allow_private), on_item=on_item, on_batch=on_batch,
                        engine=engine.value, address=address, ordered=not unordered)
    try:
        # Ctrl-C is a flag the run checks after each committed batch (see parallel.interrupt_flag); a
        # second one, or one during clustering, interrupts at once: every committed batch stays stored
        with progress, interrupt_flag() as stop:
            task = progress.add_task("reading", total=None) if live else None
            report = ingestor.run(inputs, stop=stop)
        if report.interrupted:
            raise KeyboardInterrupt
        if cluster:   # incremental: only events without a cluster, so a resumed run finishes the job too
            stats = update_clusters(store)
            err.print(f"clusters: {stats.events_placed} events placed, {stats.clusters_created} new, "
                      f"{stats.clusters_extended} extended, {stats.clusters_total} in all")
    except KeyboardInterrupt:
        err.print(f"[yellow]interrupted[/]: {ingestor.report.batches} whole batches "
                  f"({ingestor.report.added} documents) are stored; run the same command again to resume",
                  soft_wrap=True)
        raise typer.Exit(130)
    finally:
        store.close()
    for item in report.skipped:
        err.print(f"[yellow]skipped[/] {item.source}: {item.reason}", soft_wrap=True)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        err.print(_report_table(report))
    if strict and report.skipped:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: ExportFormat = typer.Option(..., "--format", help="csv | parquet | jsonl | gdelt (GDELT 2.0 events) | polecat"),
    output: Path = typer.Option(..., "-o", "--output", help="File to write"),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="First event date, YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, "--until", help="Last event date, YYYY-MM-DD"),
    country: Optional[str] = typer.Option(None, "--country", help="Events with this country (ISO alpha-3) on either side"),
) -> None:
    """Export stored events for R, pandas, GIS tools or GDELT scripts."""
    from .store import open_store
    from .store.export import Filters, export as run_export

    store = open_store(db)
    try:
        n = run_export(store, fmt.value, output, Filters(_day(since), _day(until), country))
    finally:
        store.close()
    err.print(f"{n} events written to {output} ({fmt.value})")
