"""The `dyadwatch` command line."""
from __future__ import annotations

import json
import sys
from contextlib import closing, nullcontext
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .coder import Coder
from .parallel import code_documents, interrupt_flag
from .pipeline.ingest import DEFAULT_MAX_BYTES, RawDocument, Skipped
from .pipeline.sources import read_sources
from .render import render_jsonl, renderer

app = typer.Typer(help="Code political events (PLOVER/CAMEO) from news text, with evidence.", no_args_is_help=True)
lexicon_app = typer.Typer(help="Inspect and check the lexicons and knowledge base.", no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")
kb_app = typer.Typer(help="The actor knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
err = Console(stderr=True)


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"


def _models(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        lang, sep, name = spec.partition("=")
        if not sep:
            raise typer.BadParameter(f"--model takes LANG=NAME, got {spec!r}")
        out[lang] = name
    return out


def _progress(total: int | None):
    if (total is not None and total <= 1) or not err.is_terminal:
        return nullcontext(None)   # a progress bar is for people watching a terminal
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True)


def _documents(paths: list[str], max_bytes: int, skipped: list[Skipped]) -> Iterator[RawDocument]:
    for item in read_sources(paths, max_bytes=max_bytes):
        if isinstance(item, Skipped):
            skipped.append(item)
            err.print(f"[yellow]skipped[/] {item.source}: {item.reason}")
        else:
            yield item


@app.command()
def code(
    paths: list[str] = typer.Argument(..., help="Files (.txt .html .jsonl .csv .parquet .warc .rss ...), folders, URLs, or - for stdin"),
    lang: str = typer.Option("auto", "--lang", help="Language code, or auto to identify it"),
    date: Optional[str] = typer.Option(None, "--date", help="Story date YYYY-MM-DD (relative dates resolve against it)"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, jsonl (events), json (documents)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout"),
    model: list[str] = typer.Option([], "--model", help="Use this spaCy pipeline for a language: LANG=NAME|PATH|blank"),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 when any input was skipped"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip documents larger than this"),
    batch_size: int = typer.Option(16, "--batch-size", help="Documents per nlp.pipe batch"),
    workers: int = typer.Option(0, "--workers", min=0, help="Worker processes, 0 = one per core (default); output keeps input order unless --unordered"),
    unordered: bool = typer.Option(False, "--unordered", help="Write documents as workers finish them, not in input order"),
    fast: bool = typer.Option(False, "--fast", help="Triage: no neural model (tokens, sentences, lookup lemmas); roles from word order"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local processes, or ray (Ray Data; writes Parquet shards to -o DIR)"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster: auto, ray://HOST:10001 (default: start a local one)"),
) -> None:
    """Code events in documents and print them."""
    coder = Coder(lang=lang, date=date, models=_models(model), fast=fast)
    if engine is Engine.ray:
        _code_on_ray(paths, coder, output, workers, batch_size, max_bytes, address, strict)
        return
    skipped: list[Skipped] = []
    n_docs = n_events = 0
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with _progress(None if len(paths) > 1 or Path(paths[0]).is_dir() or paths[0].endswith(".jsonl") else 1) as progress:
            task = progress.add_task("coding", total=None) if progress else None
            with interrupt_flag() as interrupted:
                coded = code_documents(coder, _documents(paths, max_bytes, skipped), workers, batch_size,
                                       render=renderer(fmt.value, out), stop=interrupted, ordered=not unordered)
                with closing(coded):
                    for doc in coded:
                        for w in doc.warnings:
                            err.print(f"[yellow]warning[/] {doc.id}: {w}", soft_wrap=True)
                        out.write(doc.text)
                        n_docs += 1
                        n_events += doc.events
                        if progress:
                            progress.advance(task)
                        if interrupted.is_set():
                            break
                if interrupted.is_set():   # between documents, or while waiting for a worker
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        err.print(f"[yellow]interrupted[/]: {n_docs} documents written")
        raise typer.Exit(130)
    finally:
        if output:
            out.close()
    err.print(f"{n_docs} documents, {n_events} events, {len(skipped)} skipped")
    if strict and skipped:
        raise typer.Exit(1)


def _code_on_ray(paths: list[str], coder: Coder, output: Optional[Path], workers: int, batch_size: int,
                 max_bytes: int, address: Optional[str], strict: bool) -> None:
    from .ray_engine import RayUnavailable, code_to_parquet, connect

    if output is None:
        raise typer.BadParameter("--engine ray writes Parquet shards: give the output folder with -o DIR")
    if "-" in paths:
        raise typer.BadParameter("--engine ray reads files, folders and URLs, not standard input")
    try:
        actors = connect(address, workers)
    except RayUnavailable as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(2)
    with err.status(f"coding on Ray with {actors} actors"):
        summary = code_to_parquet(paths, output, coder.options(), actors, batch_size, max_bytes)
    for item in summary["skipped"]:
        err.print(f"[yellow]skipped[/] {item.source}: {item.reason}")
    err.print(f"{summary['documents']} documents, {summary['events']} events, {len(summary['skipped'])} skipped "
              f"→ {output}/*.parquet")
    if strict and summary["skipped"]:
        raise typer.Exit(1)


@app.command()
def schema(which: str = typer.Argument("document", help="document | event | actor")) -> None:
    """Print the JSON Schema of the output contract."""
    from . import model

    models = {"document": model.DocumentAnalysis, "event": model.Event, "actor": model.Actor}
    if which not in models:
        raise typer.BadParameter(f"choose one of {', '.join(models)}")
    print(json.dumps(models[which].model_json_schema(), indent=2))


@app.command("eval")
def eval_cmd(
    benchmark: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold JSONL (FORMAT.md)"),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON"),
    model: list[str] = typer.Option([], "--model", help="LANG=NAME|PATH|blank"),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="Also write predicted events (JSONL) here"),
    fast: bool = typer.Option(False, "--fast", help="Score the --fast profile (no neural model)"),
) -> None:
    """Score the coder on a gold set, exactly as ../shared/benchmarks/FORMAT.md defines."""
    from .evaluate import evaluate, load_gold

    records = load_gold(benchmark)
    gold = {str(r["id"]): r.get("events") or [] for r in records}
    raws = [RawDocument(str(r["id"]), r["text"], f"{benchmark}:{r['id']}", lang=r.get("lang"), date=r.get("date"))
            for r in records]
    coder = Coder(models=_models(model), fast=fast)
    analyses = []
    with _progress(len(raws)) as progress:
        task = progress.add_task("evaluating", total=len(raws)) if progress else None
        for analysis in coder.pipe(raws, batch_size=32):
            analyses.append(analysis)
            if progress:
                progress.advance(task)
    if predictions:
        with predictions.open("w", encoding="utf-8") as fh:
            for a in analyses:
                fh.write(render_jsonl(a))
    report = evaluate(analyses, gold).as_dict()
    report["benchmark"] = benchmark.name
    report["models"] = sorted({a.model for a in analyses if a.model})
    if as_json:
        print(json.dumps(report, indent=2))
        return
    table = Table(title=f"{benchmark.name} · {report['records']} records · models {', '.join(report['models'])}")
    for col in ("metric", "precision", "recall", "F1", "tp / pred / gold"):
        table.add_column(col)
    for name, key in (("type", "type"), ("type+dyad", "type_dyad")):
        m = report[key]
        table.add_row(name, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                      f"{m['tp']} / {m['predicted']} / {m['gold']}")
    for t, m in report["per_type"].items():
        table.add_row(f"  {t}", f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                      f"{m['tp']} / {m['predicted']} / {m['gold']}")
    Console().print(table)
    if report["quad_accuracy"] is not None:
        print(f"quad accuracy: {report['quad_accuracy']:.3f} on {report['quad_records']} records")
    if report["false_positive_rate"] is not None:
        print(f"false-positive rate on negatives: {report['false_positive_rate']:.3f} ({report['negatives']} records)")
    if report["actor_country_accuracy"] is not None:
        print(f"actor-country accuracy on matched events: {report['actor_country_accuracy']:.3f} "
              f"(precision where a country was given: {report['actor_country_precision']:.3f}; "
              f"{report['actor_country_sides']} sides)")


@lexicon_app.command("validate")
def lexicon_validate(langs: list[str] = typer.Argument(None, help="Languages (default: all with lexicons)")) -> None:
    """Load and check every data file; fail with a clear message on the first problem."""
    from .checks import validate_all

    problems = validate_all(langs or None)
    for p in problems:
        err.print(f"[red]✗[/] {p}")
    if problems:
        raise typer.Exit(1)
    err.print("[green]all data files valid[/]")


@lexicon_app.command("coverage")
def lexicon_coverage(lang: str = typer.Argument(...)) -> None:
    """How many PLOVER types and modes the trigger lexicon of LANG covers."""
    from .checks import coverage

    cov = coverage(lang)
    table = Table(title=f"{lang}: {cov['types_covered']}/{cov['types_total']} PLOVER types, "
                        f"{cov['modes_covered']}/{cov['modes_total']} modes, {cov['entries']} entries")
    for col in ("type", "entries", "modes covered", "modes missing"):
        table.add_column(col)
    for t, row in cov["by_type"].items():
        table.add_row(t, str(row["entries"]), ", ".join(row["modes"]) or "—", ", ".join(row["missing"]) or "—")
    Console().print(table)


def _day(value: Optional[str]):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from exc


@kb_app.command("lookup")
def kb_lookup(
    name: str = typer.Argument(..., help="A name as it appears in text: Belooussov, Pékin, OTAN, Tass"),
    date: Optional[str] = typer.Option(None, "--date", help="Story date YYYY-MM-DD: roles are chosen for it"),
    lang: list[str] = typer.Option([], "--lang", help="Only names of this language (repeatable; default all)"),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output"),
) -> None:
    """Who a name denotes on a date: candidates with role, country, code, and why."""
    from .kb_query import lookup

    found = lookup(name, _day(date), lang or None)
    rows = [{"kb_id": c.entity.kb_id, "name": c.entity.name, "kind": c.entity.kind, "role": c.coding.role,
             "country": c.coding.country, "sector": c.coding.sector, "code": c.coding.code,
             "wikidata": c.entity.wikidata, "matched": c.matched, "form": c.form, "langs": list(c.langs),
             "exact": c.exact, "why": c.coding.why} for c in found]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"{name!r}" + (f" on {date}" if date else " (no date: latest roles)"))
        for col in ("kb_id", "kind", "role", "code", "matched as", "why"):
            table.add_column(col)
        for r in rows:
            matched = f"{r['form']} {r['matched']!r} ({', '.join(r['langs'])})" + ("" if r["exact"] else ", one letter off")
            table.add_row(r["kb_id"], r["kind"], r["role"] or "—", r["code"] or "—", matched, r["why"])
        Console().print(table)
    if not rows:
        err.print(f"[yellow]no entity answers to {name!r}[/]")
        raise typer.Exit(1)


@kb_app.command("stats")
def kb_stats(as_json: bool = typer.Option(False, "--json", help="Machine-readable output")) -> None:
    """Counts by kind and by language."""
    from .kb_query import stats

    report = stats()
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"{report['entities']} entities: own {report['own_by_kind']}, imported layers "
                  f"{report['imported_layers']}; {report['former_states']} former states")
    console.print(f"{report['own_persons']} persons with {report['own_roles']} dated roles in "
                  f"{report['countries_with_persons']} countries; organisations {report['organisations_by_kind']}")
    forms = sorted({k for row in report["languages"].values() for k in row})
    table = Table(title="names per language")
    table.add_column("lang")
    for f in forms:
        table.add_column(f, justify="right")
    for lang, row in report["languages"].items():
        table.add_row(lang, *(str(row.get(f, 0)) for f in forms))
    console.print(table)


@kb_app.command("validate")
def kb_validate(strict: bool = typer.Option(False, "--strict", help="Exit non-zero on consistency warnings too")) -> None:
    """Load every knowledge-base file (errors) and check roles and names for consistency (warnings)."""
    from .kb import _all_names, language_kb, load_kb
    from .kb_query import cldr_languages, consistency_warnings, kb_languages
    from .resources import DataFileError

    try:
        kb = load_kb()
        for lang in kb_languages():
            language_kb(lang)
        for lang in cldr_languages():    # names-only languages: checked, compiled when first used
            for _ in _all_names(kb, lang):
                pass
    except DataFileError as exc:
        err.print(f"[red]✗[/] {exc}")
        raise typer.Exit(1)
    warnings = consistency_warnings()
    for w in warnings:
        err.print(f"[yellow]![/] {w}")
    err.print(f"[green]knowledge base loads[/] ({', '.join(kb_languages())}, and CLDR names for "
              f"{len(cldr_languages())} more languages); {len(warnings)} consistency warnings")
    if strict and warnings:
        raise typer.Exit(1)


@kb_app.command("import-phoenix")
def kb_import_phoenix(
    directory: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder with Phoenix.*.actors.txt"),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Layer file to write (default: the package's kb/layers/phoenix.jsonl)"),
) -> None:
    """Convert PETRARCH/Phoenix actor dictionaries into a knowledge-base layer (dated CAMEO codes kept)."""
    from .kb_import import import_phoenix, write_layer
    from .resources import DATA_ROOT

    layer = import_phoenix(directory)
    target = output or DATA_ROOT / "kb" / "layers" / "phoenix.jsonl"
    write_layer(layer, target)
    err.print(f"{len(layer['actors'])} actors written to {target} (keep the Phoenix MIT licence notice with it)")


from . import cli_store  # noqa: E402,F401  (registers ingest/export)
from . import cli_analytics  # noqa: E402,F401  (registers cluster/dyad/top/alerts)
from . import cli_web  # noqa: E402,F401  (registers serve)


def main() -> None:
    """Entry point: data-file and model problems end the run with one clear line, not a traceback."""
    from .pipeline.nlp import ModelIntegrityError
    from .resources import DataFileError

    try:
        app()
    except (DataFileError, ModelIntegrityError) as exc:
        err.print(f"[red]error:[/] {exc}")
        sys.exit(2)


if __name__ == "__main__":   # `python -m dyadwatch.cli`: the commands are registered on the imported module's app
    from dyadwatch.cli import main as registered_main

    registered_main()
