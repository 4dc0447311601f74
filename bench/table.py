#!/usr/bin/env python
"""Markdown table of bench/run.py --json results (before and after, then others), for docs/performance.md.

.venv/bin/python bench/table.py before.json after.json [after-cached.json]
.venv/bin/python bench/table.py --labels before after "after, cached" "before, cached" b.json a.json ac.json bc.json

The queries and size columns compare the first two.
"""

import json
import sys
from pathlib import Path


def main() -> int:
    args = sys.argv[1:]
    labels = ["before", "after", "after, page cache 5 s"]
    if args and args[0] == "--labels":
        paths = [a for a in args[1:] if a.endswith(".json")]
        labels = [a for a in args[1:] if not a.endswith(".json")]
    else:
        paths = args
    runs = [{r["size"]: r for r in json.loads(Path(path).read_text())} for path in paths]
    labels = labels[: len(runs)]
    sizes = sorted(set.intersection(*(set(r) for r in runs)))
    head = ["page"] + [f"{label} {size // 1000}k" for label in labels for size in sizes]
    print("| " + " | ".join(head) + " | queries before → after | KB before → after (100k) |")
    print("|" + " --- |" * (len(head) + 2))
    names = list(runs[-1][sizes[-1]]["pages"])
    for name in names:
        cells = []
        for run in runs:
            for size in sizes:
                page = run[size]["pages"].get(name)
                base = run[size]["pages"]["healthz"]["rps"]
                cells.append(f"{page['rps']:.1f} ({page['rps'] / base:.1%})" if page else "–")
        before, after = (
            runs[0][sizes[-1]]["pages"].get(name),
            runs[1][sizes[-1]]["pages"].get(name) if len(runs) > 1 else None,
        )
        queries = f"{before['queries']} → {after['queries']}" if before and after else "–"
        size = (
            f"{(before['bytes'] or 0) / 1024:.0f} → {(after['bytes'] or 0) / 1024:.0f}"
            if before and after and before["bytes"]
            else "–"
        )
        print(f"| {name} | " + " | ".join(cells) + f" | {queries} | {size} |")
    for label, run in zip(labels, runs, strict=True):
        for size in sizes:
            r = run[size]
            if r["export_rows"]:
                print(
                    f"\n{label}, {size:,} meetings: export.csv of {r['export_rows']:,} rows "
                    f"in {r['export_seconds']:.2f} s, "
                    f"COPY {r['copy_seconds']:.2f} s (x{r['export_seconds'] / r['copy_seconds']:.2f}); "
                    f"peak worker RSS {r['rss_export_mib']:.0f} MiB"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
