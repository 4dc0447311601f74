#!/usr/bin/env python
"""Score the extractor alone (no Django, no database) on a folder of articles: quick tuning loop.

    python scripts/score_offline.py ../shared/dev/articles /tmp/dev.csv
    python ../shared/tools/score_contacts.py /tmp/dev.csv ../shared/dev/gold

`make score` is the real measure: it imports into a database and scores the CSV export.
"""

import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from meetings.extraction import extract_article  # noqa: E402
from meetings.extraction.lexicon import Lexicon  # noqa: E402
from meetings.extraction.parsing import parse_article  # noqa: E402


def main(folder: str, out: str) -> None:
    lexicon = Lexicon.from_knowledge_base(json.loads((REPO / "fixtures" / "knowledge_base.json").read_text()))
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["date", "date_precision", "kind", "status", "location", "participants", "readout_issuers", "sources"]
        )
        for path in sorted(Path(folder).glob("*.txt")):
            article = parse_article(path.read_bytes())
            for c in extract_article(body=article.body, published=article.published, lexicon=lexicon).contacts:
                writer.writerow(
                    [
                        c.date.value.isoformat() if c.date else "",
                        c.date.precision if c.date else "",
                        c.kind,
                        c.status,
                        c.location or "",
                        ";".join(p.person.name for p in c.participants),
                        ";".join(r.issuer.name for r in c.readouts),
                        path.stem,
                    ]
                )


if __name__ == "__main__":
    main(*sys.argv[1:3])
