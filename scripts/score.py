#!/usr/bin/env python
"""Import a folder of articles into a fresh database and score GET /meetings/export.csv against gold.

    python scripts/score.py --articles ../shared/seeds --gold ../shared/gold

Uses a throwaway SQLite file unless --database-url is given, runs the real importer,
fetches the CSV through the real view, and prints the scorer's summary.
"""
import argparse
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--scorer", type=Path, default=REPO.parent / "shared" / "tools" / "score_contacts.py")
    parser.add_argument("--database-url", help="a fresh database to use instead of a temporary SQLite file")
    parser.add_argument("--csv", type=Path, help="keep the exported CSV here")
    parser.add_argument("--verbose", action="store_true", help="print the scorer's misses and extras too")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/score.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
        os.environ["HTTPS"] = "false"  # the test client speaks plain HTTP
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        call_command("import_articles", str(args.articles), no_progress=True, stdout=io.StringIO())
        response = Client(HTTP_HOST="localhost").get("/meetings/export.csv")
        if response.status_code != 200:
            print(f"export failed: HTTP {response.status_code}", file=sys.stderr)
            return 1
        csv_path = args.csv or Path(tmp) / "meetings.csv"
        csv_path.write_bytes(b"".join(response.streaming_content))
        result = subprocess.run(
            [sys.executable, str(args.scorer), str(csv_path), str(args.gold)], capture_output=True, text=True
        )
        lines = result.stdout.splitlines()
        print(f"{args.articles}:")
        print("\n".join(lines if args.verbose else lines[-1:]))
        return result.returncode


if __name__ == "__main__":
    sys.exit(main())
