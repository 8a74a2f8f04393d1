"""Code shared by the evaluation-set checkers (check.py and check_mixed.py).

Not a script of its own: the checkers import it. Problems are collected with
err() and reported, with the exit status, by finish().
"""
import difflib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "documents.jsonl")
QUERIES = os.path.join(HERE, "queries.jsonl")

# Bigrams that do not count as content shared between a query and a document.
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


def bigrams(text):
    """All 2-character substrings made of two Chinese characters, minus the stoplist."""
    return cjk_bigrams(text) - STOP


def ratio(a, b):
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def load_jsonl(path, placeholders=False):
    """The rows of a JSON-lines file; an empty or unparsable line is reported with err().
    With placeholders, a line that does not parse leaves None in its place."""
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
                if placeholders:
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


def check_answer(qid, q, rel, doc_by_id, exact_fields=False, unique_passage=False, occ_where=""):
    """Checks a query's relevant documents and its answer, reporting problems with err().

    The relevant documents must exist; answer.doc must exist and be one of them; the
    passage must be 15-40 characters and occur exactly once in answer.doc's paragraphs;
    the paragraph holding it must not be shared (ratio >= 0.6) with a non-relevant document.
    exact_fields: the answer must have exactly the fields doc and passage.
    unique_passage: the passage must not occur in any non-relevant document either.
    occ_where: appended to the answer document's id in the "passage occurs" message.

    Returns answer.doc, or None when the relevant documents or answer.doc do not exist
    (the rest of the query's checks are then skipped).
    """
    missing = [r for r in rel if r not in doc_by_id]
    if missing:
        err(f"{qid}: relevant documents do not exist: {missing}")
        return None
    ans = q.get("answer") or {}
    if exact_fields and set(ans) != {"doc", "passage"}:
        err(f"{qid}: answer must have exactly doc and passage")
    adoc, passage = ans.get("doc"), ans.get("passage", "")
    if adoc not in doc_by_id:
        err(f"{qid}: answer.doc {adoc} does not exist")
        return None
    if adoc not in rel:
        err(f"{qid}: answer.doc {adoc} not listed in relevant")

    # passage: verbatim, 15-40 characters, exactly once in the answer document's paragraphs
    if not 15 <= len(passage) <= 40:
        err(f"{qid}: passage length {len(passage)} outside 15-40")
    paras = paragraphs(doc_by_id[adoc])
    occ = sum(p.count(passage) for p in paras)
    if occ != 1:
        err(f"{qid}: passage occurs {occ} times in {adoc}{occ_where}: {passage}")
    else:
        # the answering paragraph must not be boilerplate shared with a non-relevant document
        apara = next(p for p in paras if passage in p)
        for other, od in doc_by_id.items():
            if other in rel:
                continue
            if unique_passage and passage in full_text(od):
                err(f"{qid}: passage also occurs in non-relevant {other}")
            for p in paragraphs(od):
                if ratio(apara, p) >= 0.6:
                    err(f"{qid}: answering paragraph is shared with non-relevant {other}")
    return adoc


def finish():
    """Prints every problem collected and exits with status 1, or prints the success line."""
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")
