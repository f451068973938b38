"""Speed and memory benchmark: dyadwatch coding vs a bare spaCy parse of the same texts.

    python bench/speed.py --docs 500 --lang fr --out bench/results/speed-fr.json

It also times the actor knowledge base: loading it, compiling one language's names (cold) and reading
them back from the cache, and matching every name against the corpus (tokens/s of the name matcher).

The corpus is generated from the lexicons' own example sentences (written by us, news style),
shuffled into news-length documents of about 25 sentences. The bare baseline is `nlp.pipe` of the
same texts with the same loaded pipeline, so the ratio measures exactly what dyadwatch adds.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import time
from pathlib import Path


def corpus(lang: str, n_docs: int, sentences_per_doc: int, seed: int = 7) -> list[str]:
    from dyadwatch.lexicon import load_lexicon

    examples = [s.example for s in load_lexicon(lang).entries.values()]
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        picked = rng.sample(examples, min(sentences_per_doc, len(examples)))
        paragraphs = [" ".join(picked[i:i + 4]) for i in range(0, len(picked), 4)]
        docs.append("\n\n".join(paragraphs))
    return docs


def time_knowledge_base(lang: str) -> dict:
    """Load time of the whole knowledge base, and of one language's compiled names, cold and cached."""
    from dyadwatch.kb import _bulk_allocation, _compile, language_kb, load_kb
    from dyadwatch.pipeline.nlp import get_pipeline

    tokenizer = get_pipeline(lang).nlp.tokenizer
    t0 = time.perf_counter()
    kb = load_kb()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with _bulk_allocation():
        compiled = _compile(kb, lang, tokenizer)
    compile_s = time.perf_counter() - t0
    language_kb(lang)                      # writes the cache if it is missing
    language_kb.cache_clear()
    t0 = time.perf_counter()
    language_kb(lang)
    cached_s = time.perf_counter() - t0
    return {"entities": len(kb.entities), "names": compiled.names.size, "load_s": round(load_s, 2),
            "compile_names_cold_s": round(compile_s, 2), "names_from_cache_s": round(cached_s, 2)}


def time_name_matching(lang: str, docs) -> dict:
    """Throughput of matching every knowledge-base name against parsed documents."""
    from dyadwatch.kb import language_kb
    from dyadwatch.patterns import TokenView

    names = language_kb(lang).names
    views = [TokenView.from_doc(doc) for doc in docs]
    t0 = time.perf_counter()
    matches = sum(len(names.find(view)) for view in views)
    match_s = time.perf_counter() - t0
    return {"name_matches": matches, "name_matching_tokens_per_s": round(sum(map(len, views)) / match_s)}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--sentences", type=int, default=25)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from dyadwatch.coder import Coder
    from dyadwatch.pipeline.ingest import RawDocument
    from dyadwatch.pipeline.nlp import get_pipeline

    texts = corpus(args.lang, args.docs, args.sentences)
    kb_timings = time_knowledge_base(args.lang)
    t0 = time.perf_counter()
    coder = Coder(lang=args.lang, date="2024-10-15")
    coder.analyze(RawDocument("warmup", texts[0], "warmup"))   # loads model, lexicons, knowledge base
    load_s = time.perf_counter() - t0
    nlp = get_pipeline(args.lang).nlp

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    bare_s = time.perf_counter() - t0
    n_tokens = sum(len(doc) for doc in docs)
    kb_timings.update(time_name_matching(args.lang, docs))
    del docs

    t0 = time.perf_counter()
    n_events = 0
    raws = (RawDocument(f"d{i}", t, "bench") for i, t in enumerate(texts))
    for analysis in coder.pipe(raws, batch_size=args.batch_size):
        n_events += len(analysis.events)
    full_s = time.perf_counter() - t0

    result = {
        "lang": args.lang, "model": get_pipeline(args.lang).model, "docs": len(texts), "tokens": n_tokens,
        "chars_per_doc": round(sum(map(len, texts)) / len(texts)), "events": n_events,
        "startup_s": round(load_s, 2), "bare_spacy_s": round(bare_s, 2), "dyadwatch_s": round(full_s, 2),
        "docs_per_s": round(len(texts) / full_s, 1), "tokens_per_s": round(n_tokens / full_s),
        "ratio_to_bare_spacy": round(full_s / bare_s, 3), "peak_rss_mb": round(peak_rss_mb()),
        "knowledge_base": kb_timings,
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}",
    }
    emit(result, args.out)


def emit(result: dict, out: Path | None) -> None:
    """Print the result as JSON, and write it to ``out`` when given (bench/results/ by convention)."""
    text = json.dumps(result, indent=2)
    print(text)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
