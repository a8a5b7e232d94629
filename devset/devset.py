#!/usr/bin/env python3
"""Build, label and check the real-page dev set (labels in git, page text in .devset/raw/).

    devset.py save ID --url URL --query Q --rank N [--site S] < excerpt
        a newly harvested page: writes .devset/raw/ID.json and a label stub labels/ID.json
        holding its manifest facts (url, query, rank, sha256, chars, site)
    devset.py restore ID < excerpt
        rebuild the text of a labelled page; refused unless its sha256 matches the label file
    devset.py show ID            the page's lines, numbered, beside their labels if any
    devset.py label ID --roles "0-2:nav 3:title 4:byline 5-40:body 41-:footer" --kind article
            [--lang en] [--page-date D] [--article JSON] [--tags JSON] [--quotes JSON]
        fill in a label file: roles by line ranges (blank lines are always `blank`; a range
        `N-` runs to the last line; later ranges override earlier ones)
    devset.py check [ID...]      validate label files (all when no id is given)
    devset.py missing            labelled pages whose text is not rebuilt yet, by query
    devset.py stats              pages per site, kind and language
    devset.py manifest           write manifest.json (url, query, rank, sha256, chars per page)

The excerpt on stdin is the search tool's excerpt exactly as its JSON answer gives it (a JSON
string literal, quotes and escapes included) or the raw text. Page text never goes into git.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels"
RAW = HERE.parent / ".devset" / "raw"

ROLES = frozenset({
    "blank", "title", "byline", "date", "section", "subtitle", "body", "subheading", "caption",
    "related", "teaser", "listing", "nav", "footer", "widget", "other", "tags", "ticker", "index",
    "dateline",
})
KINDS = frozenset({"article", "listing", "gallery", "video", "live", "stub", "other"})
ARTICLE_KEYS = frozenset({"title_line", "title", "byline", "published", "dateline", "section"})
# second-level suffixes under which the brand is the third label from the right
SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "news"})
SITE_ALIASES = {"bbci": "bbc"}


def site_of(url: str) -> str:
    """A short site name: the brand label of the url's registrable domain (thehindu, dawn)."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        brand = labels[-3]
    else:
        brand = labels[-2] if len(labels) >= 2 else host
    return SITE_ALIASES.get(brand, brand)


def read_excerpt(raw: str) -> list[str]:
    """The candidate texts an excerpt on stdin may stand for, the JSON literal first."""
    candidates = []
    try:
        value = json.loads(raw.strip())
        if isinstance(value, str):
            candidates.append(value)
    except ValueError:
        pass
    return [*candidates, raw, raw.rstrip("\n"), raw.strip()]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def label_path(pid: str) -> Path:
    return LABELS / f"{pid}.json"


def load_label(pid: str) -> dict:
    return json.loads(label_path(pid).read_text(encoding="utf-8"))


def write_json(path: Path, value: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_raw(pid: str, url: str, text: str) -> None:
    RAW.mkdir(parents=True, exist_ok=True)
    (RAW / f"{pid}.json").write_text(
        json.dumps({"id": pid, "url": url, "text": text}, ensure_ascii=False), encoding="utf-8"
    )


def page_text(pid: str) -> str | None:
    path = RAW / f"{pid}.json"
    return json.loads(path.read_text(encoding="utf-8"))["text"] if path.exists() else None


def cmd_save(args: argparse.Namespace) -> int:
    text = read_excerpt(sys.stdin.read())[0]
    if label_path(args.id).exists():
        print(f"{args.id}: a label file exists already; pick another id", file=sys.stderr)
        return 1
    for other in LABELS.glob("*.json"):
        if json.loads(other.read_text(encoding="utf-8"))["url"] == args.url:
            print(f"{args.id}: {args.url} is already in the set as {other.stem}", file=sys.stderr)
            return 1
    write_raw(args.id, args.url, text)
    stub = {
        "id": args.id, "url": args.url, "query": args.query, "rank": args.rank,
        "sha256": sha256(text), "chars": len(text), "origin": "harvest",
        "site": args.site or site_of(args.url),
    }
    write_json(label_path(args.id), stub)
    print(f"{args.id}: saved ({len(text)} chars, {text.count(chr(10)) + 1} lines, "
          f"site {stub['site']})")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    label = load_label(args.id)
    for text in read_excerpt(sys.stdin.read()):
        if sha256(text) == label["sha256"]:
            write_raw(args.id, label["url"], text)
            print(f"{args.id}: restored ({len(text)} chars)")
            return 0
    print(f"{args.id}: sha256 mismatch (the label says {label['chars']} chars): "
          "copy the excerpt again, exactly", file=sys.stderr)
    return 1


def cmd_show(args: argparse.Namespace) -> int:
    text = page_text(args.id)
    if text is None:
        print(f"{args.id}: no text in {RAW}; restore it first", file=sys.stderr)
        return 1
    labels = load_label(args.id).get("labels", []) if label_path(args.id).exists() else []
    for number, line in enumerate(text.split("\n")):
        role = labels[number] if number < len(labels) else ""
        print(f"{number:4d} {role:<10} {line!r}")
    return 0


def parse_roles(spec: str, count: int) -> list[str]:
    """Roles per line from ``"0-2:nav 3:title 5-:body"``; blank lines are always ``blank``."""
    roles = ["other"] * count
    for item in spec.split():
        span, _, role = item.rpartition(":")
        if role not in ROLES:
            raise SystemExit(f"unknown role {role!r} in {item!r}")
        first, dash, last = span.partition("-")
        start = int(first)
        end = (int(last) if last else count - 1) if dash else start
        if not 0 <= start <= end < count:
            raise SystemExit(f"range {span!r} is outside lines 0-{count - 1}")
        roles[start : end + 1] = [role] * (end - start + 1)
    return roles


def cmd_label(args: argparse.Namespace) -> int:
    text = page_text(args.id)
    if text is None:
        print(f"{args.id}: no text in {RAW}; restore it first", file=sys.stderr)
        return 1
    lines = text.split("\n")
    roles = parse_roles(args.roles, len(lines))
    roles = ["blank" if not line.strip() else role for line, role in zip(lines, roles, strict=True)]
    label = load_label(args.id)
    label.update(kind=args.kind, lang=args.lang, page_date=args.page_date, labels=roles)
    label["quotes"] = json.loads(args.quotes)
    label["indices"] = json.loads(args.indices)
    label["article"] = json.loads(args.article)
    if args.tags is not None:
        label["tags"] = json.loads(args.tags)
    write_json(label_path(args.id), label)
    found = problems(label)
    print(f"{args.id}: labelled; " + ("; ".join(found) if found else "check ok"))
    return 1 if found else 0


def problems(label: dict) -> list[str]:
    """What is wrong with one label file (an empty list when nothing is)."""
    found = []
    text = page_text(label["id"])
    labels = label.get("labels")
    if labels is None:
        return ["not labelled yet"]
    bad = sorted({role for role in labels if role not in ROLES})
    if bad:
        found.append(f"unknown roles {bad}")
    if text is not None:
        lines = text.split("\n")
        if len(lines) != len(labels):
            found.append(f"{len(labels)} labels for {len(lines)} lines")
        for number, (line, role) in enumerate(zip(lines, labels, strict=False)):
            if (role == "blank") != (not line.strip()):
                which = "a blank" if not line.strip() else "a non-blank"
                found.append(f"line {number}: {role!r} on {which} line")
        if sha256(text) != label["sha256"]:
            found.append("text does not match sha256")
    kind = label.get("kind")
    if label.get("origin") == "harvest" and kind not in KINDS:
        found.append(f"kind {kind!r} is not one of {sorted(KINDS)}")
    article = label.get("article", {})
    extra = set(article) - ARTICLE_KEYS
    if extra:
        found.append(f"unknown article keys {sorted(extra)}")
    title_line = article.get("title_line")
    if title_line is not None and (title_line >= len(labels) or labels[title_line] != "title"):
        found.append(f"title_line {title_line} is not a line labelled title")
    return found


def cmd_check(args: argparse.Namespace) -> int:
    ids = args.ids or sorted(p.stem for p in LABELS.glob("*.json"))
    failing = 0
    for pid in ids:
        found = problems(load_label(pid))
        if found:
            failing += 1
            print(f"{pid}: " + "; ".join(found[:6]))
    print(f"{len(ids) - failing} of {len(ids)} label files ok")
    return 1 if failing else 0


def cmd_missing(args: argparse.Namespace) -> int:
    by_query: dict[str, list[str]] = defaultdict(list)
    for path in sorted(LABELS.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        if page_text(label["id"]) is None:
            by_query[label["query"]].append(f"{label['id']} (rank {label['rank']})")
    for query, ids in sorted(by_query.items()):
        print(f"{query!r}: {', '.join(ids)}")
    print(f"{sum(map(len, by_query.values()))} pages missing, {len(by_query)} queries")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    labels = [json.loads(p.read_text(encoding="utf-8")) for p in LABELS.glob("*.json")]
    for field in ("site", "kind", "lang", "origin"):
        counts = Counter(str(label.get(field)) for label in labels)
        values = ", ".join(f"{key} {count}" for key, count in counts.most_common())
        print(f"{field}: {len(counts)} values: {values}")
    print(f"{len(labels)} pages, {sum('labels' in label for label in labels)} labelled")
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    keys = ("id", "url", "query", "rank", "sha256", "chars", "site")
    labels = (json.loads(p.read_text(encoding="utf-8")) for p in sorted(LABELS.glob("*.json")))
    rows = [{key: label.get(key) for key in keys} for label in labels]
    (HERE / "manifest.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    print(f"manifest.json: {len(rows)} pages")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    save = commands.add_parser("save")
    save.add_argument("id")
    save.add_argument("--url", required=True)
    save.add_argument("--query", required=True)
    save.add_argument("--rank", type=int, required=True)
    save.add_argument("--site")
    for name in ("restore", "show"):
        commands.add_parser(name).add_argument("id")
    label = commands.add_parser("label")
    label.add_argument("id")
    label.add_argument("--roles", required=True)
    label.add_argument("--kind", required=True, choices=sorted(KINDS))
    label.add_argument("--lang", default="en")
    label.add_argument("--page-date")
    label.add_argument("--article", default="{}")
    label.add_argument("--tags")
    label.add_argument("--quotes", default="[]")
    label.add_argument("--indices", default="[]")
    commands.add_parser("check").add_argument("ids", nargs="*")
    for name in ("missing", "stats", "manifest"):
        commands.add_parser(name)
    args = parser.parse_args()
    return globals()[f"cmd_{args.command}"](args)


if __name__ == "__main__":
    sys.exit(main())
