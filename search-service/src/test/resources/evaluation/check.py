#!/usr/bin/env python3
"""Consistency checks for the search evaluation data set.

Run from anywhere:  python3 check.py
Exits with status 1 and prints every problem found if a check fails.
"""
import json
import os
import sys
from collections import Counter

sys.dont_write_bytecode = True  # no __pycache__ in the resources folder
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcheck import (DOCS, HERE, QUERIES, bigrams, check_answer, err, finish,  # noqa: E402
                       full_text, load_jsonl, paragraphs, ratio)

SIMILAR = os.path.join(HERE, "similar-passages.json")


# ---------------------------------------------------------------- documents
docs = load_jsonl(DOCS)
doc_by_id = {}
for d in docs:
    did = d.get("id")
    if did in doc_by_id:
        err(f"duplicate document id {did}")
    doc_by_id[did] = d

for d in docs:
    did = d.get("id")
    if not isinstance(d.get("title"), str) or not d["title"]:
        err(f"{did}: missing title")
    secs = d.get("sections")
    if not isinstance(secs, list) or not 3 <= len(secs) <= 6:
        err(f"{did}: needs 3-6 sections, has {len(secs) if isinstance(secs, list) else secs}")
        continue
    for i, s in enumerate(secs):
        if not isinstance(s.get("headings"), list) or not all(isinstance(h, str) and h for h in s["headings"]):
            err(f"{did}: section {i} headings must be a list of non-empty strings")
        if i > 0 and not s["headings"]:
            err(f"{did}: only the first section may have empty headings")
        if not s.get("paragraphs"):
            err(f"{did}: section {i} has no paragraphs")
        for p in s.get("paragraphs", []):
            if not 60 <= len(p) <= 300:
                err(f"{did}: paragraph length {len(p)} outside 60-300: {p[:20]}...")
            if not p.endswith("。"):
                err(f"{did}: paragraph does not end with 。: ...{p[-20:]}")
    body = sum(len(p) for p in paragraphs(d))
    total = body + len(d["title"]) + sum(len(h) for s in secs for h in s["headings"])
    if body < 600 or total > 1800:
        err(f"{did}: size out of range (paragraphs {body} chars, total {total} chars; need >=600 and <=1800)")

# 九个必须 conditions
PHRASE = "九个必须"
with_phrase = [d["id"] for d in docs if PHRASE in full_text(d)]
split_only = [d["id"] for d in docs
              if PHRASE not in full_text(d) and "九" in full_text(d) and "必须" in full_text(d)]
if not with_phrase:
    err("no document contains the phrase 九个必须")
if len(split_only) < 2:
    err(f"need >=2 documents with 九 and 必须 but not 九个必须, found {split_only}")

# ------------------------------------------------------------------ queries
queries = load_jsonl(QUERIES)
seen = set()
kinds = Counter()
answer_docs = Counter()
doc_bigrams = {did: bigrams(full_text(d)) for did, d in doc_by_id.items()}
for q in queries:
    qid = q.get("id")
    if qid in seen:
        err(f"duplicate query id {qid}")
    seen.add(qid)
    kind = q.get("kind")
    kinds[kind] += 1
    if kind not in ("keyword", "paraphrase"):
        err(f"{qid}: unknown kind {kind}")
    text = q.get("query", "")
    rel = q.get("relevant") or []
    if not rel:
        err(f"{qid}: empty relevant")
    adoc = check_answer(qid, q, rel, doc_by_id)
    if adoc is None:
        continue
    answer_docs[adoc] += 1
    qb = bigrams(text)
    if kind == "paraphrase":
        for r in rel:
            bad = sorted(qb & doc_bigrams[r])
            if bad:
                err(f"{qid}: paraphrase shares bigrams with {r}: {' '.join(bad)}  | {text}")
    elif kind == "keyword":
        for r in rel:
            if not qb & doc_bigrams[r]:
                err(f"{qid}: keyword query shares no bigram with {r}: {text}")

if kinds["keyword"] < 32:
    err(f"only {kinds['keyword']} keyword queries (need >=32)")
if kinds["paraphrase"] < 32:
    err(f"only {kinds['paraphrase']} paraphrase queries (need >=32)")
if len(answer_docs) < 28:
    err(f"answers spread over only {len(answer_docs)} documents (need >=28)")
for did, n in answer_docs.items():
    if n > 3:
        err(f"{did} answers {n} queries (max 3)")

# --------------------------------------------------------- similar passages
with open(SIMILAR, encoding="utf-8") as f:
    cases = json.load(f)
all_text = [full_text(d) for d in docs]
if len(cases) < 6:
    err(f"only {len(cases)} similar-passage cases (need >=6)")
for i, c in enumerate(cases):
    tag = f"similar[{i}] ({c.get('doc')})"
    d = doc_by_id.get(c.get("doc"))
    orig = c.get("original", "")
    if d is None:
        err(f"{tag}: unknown doc")
    elif orig not in paragraphs(d):
        err(f"{tag}: original is not a paragraph of the document")
    if not 100 <= len(orig) <= 300:
        err(f"{tag}: original length {len(orig)} outside 100-300")
    copies = c.get("copies", [])
    if len(copies) != 3:
        err(f"{tag}: needs exactly 3 copies")
    for j, cp in enumerate(copies):
        r = ratio(orig, cp)
        if r < 0.8:
            err(f"{tag}: copy {j} ratio {r:.3f} < 0.8")
        if cp == orig:
            err(f"{tag}: copy {j} is identical to the original")
    if len(copies) == 3 and "**" not in copies[2]:
        err(f"{tag}: third copy should mask names with **")
    unrel = c.get("unrelated", [])
    if len(unrel) != 2:
        err(f"{tag}: needs exactly 2 unrelated paragraphs")
    for j, u in enumerate(unrel):
        if not 100 <= len(u) <= 250:
            err(f"{tag}: unrelated {j} length {len(u)} outside 100-250")
        if any(u in t for t in all_text):
            err(f"{tag}: unrelated {j} occurs in a document")
        best = max(ratio(u, p) for dd in docs for p in paragraphs(dd))
        if best >= 0.6:
            err(f"{tag}: unrelated {j} is too close to an existing paragraph ({best:.2f})")

# ------------------------------------------------------------------- report
print(f"documents: {len(docs)}")
print(f"queries: {len(queries)} (keyword {kinds['keyword']}, paraphrase {kinds['paraphrase']})")
print(f"distinct answer documents: {len(answer_docs)}")
print(f"similar-passage cases: {len(cases)}")
print(f"documents with 九个必须: {with_phrase}; with 九 and 必须 apart: {split_only}")
finish()
