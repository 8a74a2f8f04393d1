#!/usr/bin/env python3
"""Consistency checks for the "mixed" queries (mixed-queries.jsonl).

A mixed query is written the way users really type: one or two words taken
literally from the relevant document, the rest paraphrased with words that do
not occur in it.

Run from anywhere:  python3 check_mixed.py
Prints, per query, the literal words shared with the answer document and in
how many of the documents each occurs; exits with status 1 if a check fails.
"""
import os
import sys
from collections import Counter

sys.dont_write_bytecode = True  # no __pycache__ in the resources folder
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcheck import (DOCS, HERE, QUERIES, bigrams, check_answer, cjk_bigrams, err,  # noqa: E402
                       finish, full_text, is_cjk, load_jsonl)

MIXED = os.path.join(HERE, "mixed-queries.jsonl")

EXPECTED = 30
MIN_COMMON = 12        # queries whose literal words all occur in >= COMMON_DF documents
COMMON_DF = 5
MIN_RARE = 8           # queries whose literal words all occur in <= RARE_DF documents
RARE_DF = 2
MIN_ANSWER_DOCS = 20
MIN_PARAPHRASED_CHARS = 4


def literal_words(query, text):
    """Greedy left-to-right longest substrings (>= 2 Chinese characters) of the
    query that occur literally in text."""
    words = []
    i = 0
    while i < len(query) - 1:
        best = 0
        j = i + 2
        while j <= len(query) and all(is_cjk(c) for c in query[i:j]) and query[i:j] in text:
            best = j
            j += 1
        if best:
            words.append(query[i:best])
            i = best
        else:
            i += 1
    return words


def uncovered_chars(query, doc_bg):
    """Chinese characters of the query that are not part of any bigram shared with the document."""
    out = []
    for i, ch in enumerate(query):
        if not is_cjk(ch):
            continue
        left = i > 0 and query[i - 1:i + 1] in doc_bg
        right = i + 1 < len(query) and query[i:i + 2] in doc_bg
        if not (left or right):
            out.append(ch)
    return out


docs = load_jsonl(DOCS, placeholders=True)
doc_by_id = {d["id"]: d for d in docs if d}
texts = {did: full_text(d) for did, d in doc_by_id.items()}
doc_bg = {did: cjk_bigrams(t) for did, t in texts.items()}


def df(word):
    return sum(1 for t in texts.values() if word in t)


existing = {q["query"] for q in load_jsonl(QUERIES, placeholders=True) if q}
rows = load_jsonl(MIXED, placeholders=True)

if len(rows) != EXPECTED:
    err(f"expected {EXPECTED} queries, found {len(rows)}")

seen_ids, seen_text = set(), set()
classes = Counter()
answer_docs = Counter()
report = []
for n, q in enumerate(rows, 1):
    if q is None:
        continue
    qid = q.get("id")
    want = f"m{n:02d}"
    if qid != want:
        err(f"line {n}: id {qid!r}, expected {want}")
    if qid in seen_ids:
        err(f"duplicate id {qid}")
    seen_ids.add(qid)
    if set(q) != {"id", "kind", "query", "relevant", "answer"}:
        err(f"{qid}: unexpected fields {sorted(q)}")
    if q.get("kind") != "mixed":
        err(f"{qid}: kind must be 'mixed', is {q.get('kind')!r}")
    text = q.get("query", "")
    if not isinstance(text, str) or not text:
        err(f"{qid}: empty query")
        continue
    if text in existing:
        err(f"{qid}: repeats a query from queries.jsonl: {text}")
    if text in seen_text:
        err(f"{qid}: duplicate query text: {text}")
    seen_text.add(text)

    rel = q.get("relevant") or []
    if not rel or len(set(rel)) != len(rel):
        err(f"{qid}: relevant must be a non-empty list without repeats")
    adoc = check_answer(qid, q, rel, doc_by_id, exact_fields=True, unique_passage=True,
                        occ_where="'s paragraphs")
    if adoc is None:
        continue
    answer_docs[adoc] += 1

    # literal part and paraphrased part, for every relevant document
    for r in rel:
        shared = sorted(bigrams(text) & doc_bg[r])
        if not shared:
            err(f"{qid}: shares no 2-character Chinese substring with {r}: {text}")
        free = uncovered_chars(text, doc_bg[r])
        if len(free) < MIN_PARAPHRASED_CHARS:
            err(f"{qid}: only {len(free)} paraphrased characters w.r.t. {r} "
                f"({''.join(free)}): {text}")

    words = literal_words(text, texts[adoc])
    if not 1 <= len(words) <= 2:
        err(f"{qid}: needs one or two literal words from {adoc}, found {len(words)}: {words} | {text}")
    dfs = [df(w) for w in words]
    if dfs and min(dfs) >= COMMON_DF:
        cls = "common"
    elif dfs and max(dfs) <= RARE_DF:
        cls = "rare"
    else:
        cls = "free"
    classes[cls] += 1
    free = "".join(uncovered_chars(text, doc_bg[adoc]))
    report.append((qid, cls, adoc, text, list(zip(words, dfs)), free))

if classes["common"] < MIN_COMMON:
    err(f"only {classes['common']} queries with common literal words (df >= {COMMON_DF}); need >= {MIN_COMMON}")
if classes["rare"] < MIN_RARE:
    err(f"only {classes['rare']} queries with rare literal words (df <= {RARE_DF}); need >= {MIN_RARE}")
if len(answer_docs) < MIN_ANSWER_DOCS:
    err(f"answers spread over only {len(answer_docs)} documents (need >= {MIN_ANSWER_DOCS})")

# ------------------------------------------------------------------- report
print(f"documents: {len(doc_by_id)}")
for qid, cls, adoc, text, wd, free in report:
    shown = ", ".join(f"{w}({d}/{len(doc_by_id)})" for w, d in wd)
    print(f"{qid} [{cls:6}] {adoc}  literal: {shown:34}  paraphrased: {len(free):2}  | {text}")
print(f"\nmixed queries: {len(rows)} (common {classes['common']}, rare {classes['rare']}, free {classes['free']})")
print(f"distinct answer documents: {len(answer_docs)}")
finish()
