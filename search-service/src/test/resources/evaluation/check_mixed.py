#!/usr/bin/env python3
"""Consistency checks for the "mixed" queries (mixed-queries.jsonl).

A mixed query is written the way users really type: one or two words taken
literally from the relevant document, the rest paraphrased with words that do
not occur in it.

Run from anywhere:  python3 check_mixed.py
Prints, per query, the literal words shared with the answer document and in
how many of the documents each occurs; exits with status 1 if a check fails.
"""
import difflib
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "documents.jsonl")
QUERIES = os.path.join(HERE, "queries.jsonl")
MIXED = os.path.join(HERE, "mixed-queries.jsonl")

EXPECTED = 30
MIN_COMMON = 12        # queries whose literal words all occur in >= COMMON_DF documents
COMMON_DF = 5
MIN_RARE = 8           # queries whose literal words all occur in <= RARE_DF documents
RARE_DF = 2
MIN_ANSWER_DOCS = 20
MIN_PARAPHRASED_CHARS = 4

# Same stoplist as check.py: these bigrams do not count as a shared literal word.
STOP = set("""什么 怎么 怎样 如何 哪些 为什么 是否 可以 能够 我们 他们 一个 一些 这个 那个 有没 没有
不是 就是 还是 以及 或者 因为 所以 应该 需要 时候 现在 已经 如果 能不 不能 有哪 有什 么样""".split())
CJK = re.compile(r"[\u4e00-\u9fff]")

errors = []


def err(msg):
    errors.append(msg)


def is_cjk(ch):
    return bool(CJK.match(ch))


def cjk_bigrams(text):
    """Every 2-character substring made of two Chinese characters (no stoplist)."""
    return {text[i:i + 2] for i in range(len(text) - 1)
            if is_cjk(text[i]) and is_cjk(text[i + 1])}


def ratio(a, b):
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def load_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{os.path.basename(path)}:{n}: empty line")
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{os.path.basename(path)}:{n}: does not parse: {e}")
                rows.append(None)
    return rows


def paragraphs(d):
    return [p for s in d["sections"] for p in s["paragraphs"]]


def full_text(d):
    parts = [d["title"]]
    for s in d["sections"]:
        parts.extend(s["headings"])
        parts.extend(s["paragraphs"])
    return "\n".join(parts)


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


docs = load_jsonl(DOCS)
doc_by_id = {d["id"]: d for d in docs if d}
texts = {did: full_text(d) for did, d in doc_by_id.items()}
doc_bg = {did: cjk_bigrams(t) for did, t in texts.items()}


def df(word):
    return sum(1 for t in texts.values() if word in t)


existing = {q["query"] for q in load_jsonl(QUERIES) if q}
rows = load_jsonl(MIXED)

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
    missing = [r for r in rel if r not in doc_by_id]
    if missing:
        err(f"{qid}: relevant documents do not exist: {missing}")
        continue
    ans = q.get("answer") or {}
    if set(ans) != {"doc", "passage"}:
        err(f"{qid}: answer must have exactly doc and passage")
    adoc, passage = ans.get("doc"), ans.get("passage", "")
    if adoc not in doc_by_id:
        err(f"{qid}: answer.doc {adoc} does not exist")
        continue
    if adoc not in rel:
        err(f"{qid}: answer.doc {adoc} not listed in relevant")
    answer_docs[adoc] += 1

    # passage: verbatim, 15-40 characters, exactly once in the answer document's paragraphs
    if not 15 <= len(passage) <= 40:
        err(f"{qid}: passage length {len(passage)} outside 15-40")
    paras = paragraphs(doc_by_id[adoc])
    occ = sum(p.count(passage) for p in paras)
    if occ != 1:
        err(f"{qid}: passage occurs {occ} times in {adoc}'s paragraphs: {passage}")
    else:
        # the answering paragraph must not be boilerplate shared with a non-relevant document
        apara = next(p for p in paras if passage in p)
        for other, od in doc_by_id.items():
            if other in rel:
                continue
            if passage in full_text(od):
                err(f"{qid}: passage also occurs in non-relevant {other}")
            for p in paragraphs(od):
                if ratio(apara, p) >= 0.6:
                    err(f"{qid}: answering paragraph is shared with non-relevant {other}")

    # literal part and paraphrased part, for every relevant document
    for r in rel:
        shared = sorted(b for b in cjk_bigrams(text) & doc_bg[r] if b not in STOP)
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
if errors:
    print(f"\nFAILED: {len(errors)} problem(s)")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("\nALL CHECKS PASSED")
