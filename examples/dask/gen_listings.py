#!/usr/bin/python3
"""Write N listings as JSONL shards, deterministically (seeded), from the real texts in tests/corpus/*.jsonl.

    examples/dask/gen_listings.py --count 1000000 --shards 40 OUT_DIR

A listing is one to three corpus texts (a title, or a title and description lines), so the clean and the
violating texts of the corpus mix as they do on a real platform; a quarter carry a "category". Bad lines are
added on top of the N listings, in a few shards, and every one of them must still give exactly one output line:
invalid JSON, a JSON array, a missing or non-string "text", an unknown category, a text of 5 MB (over zicha's 4 MB line limit), invalid
UTF-8, no "id", a CRLF line end, and a last line without its newline. OUT_DIR/manifest.json lists the shards and
where each bad line is; listings are numbered L0000000, L0000001, ... in file order, bad lines B<n>.
"""
import argparse
import glob
import json
import os
import random

BIG_TEXT_BYTES = 5 * 1024 * 1024


def corpus_fragments(root):
    """Each corpus text as a JSON string literal, ready to paste (serialised once, not per listing)."""
    clean, violating = [], []
    for path in sorted(glob.glob(os.path.join(root, "tests", "corpus", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    (violating if rec.get("expected") else clean).append(rec["text"])
    return clean, violating


def bad_lines(first):
    """The bad lines, numbered from first, as (kind, bytes, expected output id, expected error substring or None)."""
    kinds = [
        ("invalid_json", b'{"id":"%s","text":"\xe6\x9c\x80\xe5\xa5\xbd\xe7\x9a\x84', False, "invalid JSON"),
        ("array", b'["%s","\xe6\x9c\x80\xe5\xa5\xbd"]', False, "must be a JSON object"),
        ("missing_text", b'{"id":"%s","category":"food"}', True, 'missing \\"text\\"'),
        ("text_not_string", b'{"id":"%s","text":42}', True, 'missing \\"text\\"'),
        ("unknown_category", b'{"id":"%s","text":"x","category":"spaceships"}', True, "unknown"),
        ("invalid_utf8", b'{"id":"%s","text":"\xe6\x9c\x80\xe5\xa5\xbd\xff\xfe\xe7\x9a\x84"}', True, None),
        ("no_id", b'{"text":"%s \xe6\x9c\x80\xe5\xa5\xbd\xe7\x9a\x84"}', False, None),
        ("crlf", b'{"id":"%s","text":"\xe5\x9b\xbd\xe5\xae\xb6\xe7\xba\xa7"}\r', True, None),
    ]
    out = []
    for k, (kind, tmpl, has_id, err) in enumerate(kinds):
        bid = f"B{first + k:04d}"
        out.append((kind, tmpl % bid.encode(), bid if has_id else None, err))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--shards", type=int, default=40)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    a = ap.parse_args()

    rng = random.Random(a.seed)
    clean, violating = corpus_fragments(a.root)
    cats = ["food", "cosmetics", "apparel", "drug", "health_food", "home"]
    os.makedirs(a.out_dir, exist_ok=True)
    for old in glob.glob(os.path.join(a.out_dir, "*.jsonl")):
        os.unlink(old)

    # Bad lines go into every seventh shard, at seeded positions; the 5 MB one once, in the middle shard.
    bad_shards = set(range(0, a.shards, 7))
    per_shard = [a.count // a.shards + (1 if i < a.count % a.shards else 0) for i in range(a.shards)]
    manifest = {"count": a.count, "seed": a.seed, "shards": [], "bad": []}
    n = nbad = 0
    for s in range(a.shards):
        name = f"shard-{s:05d}.jsonl"
        lines = []
        for _ in range(per_shard[s]):
            # About 30 % of the texts drawn are violating ones, as drawn from the corpus (33 % violating).
            parts = [rng.choice(violating if rng.random() < 0.3 else clean) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
            rec = {"id": f"L{n:07d}", "text": " ".join(parts)}
            if rng.random() < 0.25:
                rec["category"] = rng.choice(cats)
            lines.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            n += 1
        extra = []
        if s in bad_shards:
            extra = bad_lines(nbad)
            nbad += len(extra)
        if s == a.shards // 2:
            bid = f"B{nbad:04d}"
            nbad += 1
            big = b'{"id":"%s","text":"%s"}' % (bid.encode(), "最好".encode() * (BIG_TEXT_BYTES // 6 + 1))
            extra.append(("text_5mb", big, bid, "line longer than"))
        for kind, data, out_id, err in extra:
            lines.insert(rng.randrange(len(lines) + 1), data)
        # Where each bad line ended up (later inserts move earlier ones): found by identity, one pass.
        where = {id(data): i for i, data in enumerate(lines)}
        for kind, data, out_id, err in extra:
            manifest["bad"].append({"shard": name, "line": where[id(data)], "kind": kind, "id": out_id, "error": err})
        body = b"\n".join(lines)
        # The last shard ends without a newline: zicha must still answer its last line.
        body += b"" if s == a.shards - 1 else b"\n"
        with open(os.path.join(a.out_dir, name), "wb") as f:
            f.write(body)
        manifest["shards"].append({"name": name, "lines": len(lines), "bytes": len(body)})
    manifest["bytes"] = sum(sh["bytes"] for sh in manifest["shards"])
    with open(os.path.join(a.out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
