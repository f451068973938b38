"""Coding over several processes with bounded memory and input-order output.

`map_chunks` is the one place where work fans out to worker processes; `dyadwatch code` and the
store's ingestion both go through it. The rules it keeps:

* chunks are read lazily and at most ``2 × workers`` are in flight, so memory does not grow with the corpus;
* results come back in input order, or as soon as each is ready when asked (``ordered=False``);
* the first non-empty chunk is processed in the parent, so the models it loads are inherited by the
  forked workers instead of being loaded again in each of them;
* workers ignore Ctrl-C: the parent alone handles it (as a flag, :func:`interrupt_flag`), and on it
  cancels what has not started and ends the workers.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sized, TypeVar

from .pipeline.ingest import RawDocument, Skipped

if TYPE_CHECKING:
    from .coder import Coder
    from .model import DocumentAnalysis

T = TypeVar("T")
R = TypeVar("R")

_coder: "Coder | None" = None


def resolve_workers(workers: int) -> int:
    """``0`` means one worker per core."""
    return workers if workers > 0 else (os.cpu_count() or 1)


def use_coder(coder: "Coder") -> None:
    """Make ``coder`` the one this process (and the workers it forks) codes with."""
    global _coder
    _coder = coder


def current_coder() -> "Coder":
    """The coder installed by :func:`use_coder`, or a default one created on first use."""
    global _coder
    if _coder is None:
        from .coder import Coder

        _coder = Coder()
    return _coder


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass(frozen=True)
class Rendered:
    """A coded document as the text it is written out as: what a worker sends back when the parent
    only writes the output. Text costs almost nothing to pass between processes; the parent would
    otherwise spend about a millisecond per document unpickling an analysis it only serialises."""
    id: str
    text: str
    events: int
    warnings: list[str]


def code_chunk(raws: list[RawDocument], render: Callable[["DocumentAnalysis"], str] | None = None) -> list:
    """Code one chunk with the process's coder (runs in the parent or in a worker): the analyses,
    or with ``render`` each one's output text."""
    analyses = current_coder().pipe(raws, batch_size=max(1, len(raws)))
    if render is None:
        return list(analyses)
    return [Rendered(a.id, render(a), len(a.events), a.warnings) for a in analyses]


def code_or_skip(coder: "Coder", raws: list[RawDocument]) -> list["DocumentAnalysis | Skipped"]:
    """Code a batch; a document the coder fails on becomes a :class:`Skipped` (found by retrying alone)."""
    try:
        return list(coder.pipe(raws, batch_size=max(1, len(raws))))
    except Exception:
        return [_analyze_or_skip(coder, raw) for raw in raws]


def _analyze_or_skip(coder: "Coder", raw: RawDocument) -> "DocumentAnalysis | Skipped":
    try:
        return coder.analyze(raw)
    except Exception as exc:
        return Skipped(raw.source, f"coding failed ({type(exc).__name__}: {exc})")


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops cleanly and reports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def interrupt_flag() -> Iterator[threading.Event]:
    """Ctrl-C as a flag, for a loop to check between documents. Raised as KeyboardInterrupt wherever
    the signal lands, it can be lost: inside a fork handler or a weakref callback Python ignores the
    exception, and the run goes on to the end. A second Ctrl-C raises at once (a blocked read)."""
    pressed = threading.Event()

    def on_sigint(signum, frame) -> None:
        if pressed.is_set():
            raise KeyboardInterrupt
        pressed.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


class _Stopped(Exception):
    """The stop flag was set while waiting for a worker."""


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now, rather than let them finish chunks whose
    results nobody will read (half a minute when fresh workers are still loading the other languages'
    models). The executor has no public call for the second part before Python 3.14."""
    workers = list((getattr(pool, "_processes", None) or {}).values())   # shutdown forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()


def _next_result(pending: deque[Future], stop: threading.Event | None, ordered: bool):
    """The oldest chunk's result, or (``ordered=False``) the first one ready; removed from ``pending``.
    With ``stop``, checked while waiting: :class:`_Stopped` once it is set."""
    watched = [pending[0]] if ordered else list(pending)
    while True:
        done, _ = wait(watched, timeout=None if stop is None else 0.1, return_when=FIRST_COMPLETED)
        if done:
            future = next(f for f in pending if f in done)
            pending.remove(future)
            return future.result()
        if stop.is_set():
            raise _Stopped


def map_chunks(fn: Callable[[T], R], chunks: Iterable[T], workers: int, stop: threading.Event | None = None,
               ordered: bool = True) -> Iterator[R]:
    """``map(fn, chunks)`` over ``workers`` processes; see the module docstring for its rules. With
    ``ordered=False`` each result comes as soon as it is ready, so a long document does not hold back
    the chunks after it. Once ``stop`` is set (see :func:`interrupt_flag`) the results end, even
    while waiting for a worker.

    ``fn`` must be a module-level function, or a partial of one (it is pickled by name); whatever
    state it needs is set in the parent before the call, e.g. with :func:`use_coder`, and inherited
    by the forked workers.
    """
    chunks = iter(chunks)
    stopped = stop.is_set if stop is not None else lambda: False
    if workers <= 1:
        for chunk in chunks:
            if stopped():
                return
            yield fn(chunk)
        return
    for chunk in chunks:
        yield fn(chunk)
        if not isinstance(chunk, Sized) or len(chunk):
            break
    pending: deque[Future] = deque()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_sigint) as pool:
        try:
            for chunk in chunks:
                if stopped():
                    raise _Stopped
                pending.append(pool.submit(fn, chunk))
                if len(pending) >= 2 * workers:   # every worker busy, one chunk queued behind each
                    yield _next_result(pending, stop, ordered)
            while pending:
                yield _next_result(pending, stop, ordered)
        except _Stopped:
            _abandon(pool)
        except BaseException:   # an error, a second Ctrl-C, or the consumer stopped early
            _abandon(pool)
            raise


def code_documents(coder: "Coder", raws: Iterable[RawDocument], workers: int = 1, chunk_size: int = 16,
                   render: Callable[["DocumentAnalysis"], str] | None = None,
                   stop: threading.Event | None = None, ordered: bool = True) -> Iterator:
    """Analyses of ``raws`` in input order (``ordered=False``: chunk by chunk as they are ready), coded
    by ``coder`` over ``workers`` processes; with ``render`` (a picklable function), a :class:`Rendered`
    text of each instead, made where it was coded. Setting ``stop`` ends them early (:func:`map_chunks`).

    The first chunk, which the parent codes alone before it forks, is a single document: enough to load
    the models the workers inherit, without leaving the other cores idle for a whole chunk."""
    use_coder(coder)
    raws = iter(raws)
    chunks = chain(chunked(islice(raws, 1), 1), chunked(raws, chunk_size))
    for coded in map_chunks(partial(code_chunk, render=render), chunks, resolve_workers(workers), stop, ordered):
        yield from coded
