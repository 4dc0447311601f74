#!/usr/bin/env python
"""Import a folder of articles into a fresh database and score GET /meetings/export.csv against gold.

    python scripts/score.py --articles ../shared/seeds --gold ../shared/gold

Uses a throwaway SQLite file unless --database-url is given, runs the real importer,
fetches the CSV through the real view, and prints the scorer's summary.

With --blind the knowledge base loses every person the gold files name (by name or alias, in every
spelling the lexicon would match), so the score shows what the extractor finds on its own: the
measure for articles about people the knowledge base has never heard of.
"""

import argparse
import io
import json
import os
import secrets
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
    parser.add_argument(
        "--blind", action="store_true", help="remove every person the gold names from the knowledge base first"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/score.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throwaway database needs no lasting key
        os.environ["HTTPS"] = "false"  # the test client speaks plain HTTP
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        if args.blind:
            blind_path = Path(tmp) / "knowledge_base_blind.json"
            kept, removed = knowledge_base_without_gold_people(Path(settings.DIPLO_KNOWLEDGE_BASE), args.gold)
            blind_path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
            settings.DIPLO_KNOWLEDGE_BASE = blind_path
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
        print(f"{args.articles}" + (f", knowledge-base-blind ({removed} people removed)" if args.blind else "") + ":")
        print("\n".join(lines if args.verbose else lines[-1:]))
        print(discovery_share())
        return result.returncode


def discovery_share() -> str:
    """How many extracted contacts and participants rest on people found in the text, not in the knowledge base."""
    from meetings.models import Meeting, Participation, PersonOrigin

    participations = Participation.objects.all()
    discovered = participations.filter(person__origin=PersonOrigin.DISCOVERED)
    meetings = Meeting.objects.count()
    with_discovered = Meeting.objects.filter(participations__in=discovered).distinct().count()
    return (
        f"discovery: {discovered.count()} of {participations.count()} participants and {with_discovered} of "
        f"{meetings} contacts rest on people not in the knowledge base"
    )


def gold_names(gold_dir: Path) -> set[str]:
    """Every participant name and alias in a gold folder, folded the way the lexicon folds names."""
    from meetings.models import name_key

    names = set()
    for path in sorted(gold_dir.glob("*.json")):
        for contact in json.loads(path.read_text(encoding="utf-8")).get("contacts", []):
            for participant in contact.get("participants", []):
                for name in (participant.get("name"), *participant.get("aliases", [])):
                    if name:
                        names.add(name_key(name))
    return names


def knowledge_base_without_gold_people(kb_path: Path, gold_dir: Path) -> tuple[dict, int]:
    """The knowledge base less every person one of whose spellings the gold names."""
    from meetings.extraction.lexicon import korean_name_variants
    from meetings.models import name_key

    data = json.loads(kb_path.read_text(encoding="utf-8"))
    named = gold_names(gold_dir)

    def spellings(person: dict) -> set[str]:
        written = {person["name"], *person.get("aliases", [])}
        if person.get("country") in ("KR", "KP"):
            written = {variant for name in written for variant in korean_name_variants(name)}
        return {name_key(name) for name in written}

    people = [p for p in data.get("people", []) if not spellings(p) & named]
    removed = len(data.get("people", [])) - len(people)
    return {**data, "people": people}, removed


if __name__ == "__main__":
    sys.exit(main())
