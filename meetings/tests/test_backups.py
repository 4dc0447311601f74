"""Backups: the round trips the README documents restore every record, editors' history included.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` into an empty database; any database (SQLite's
way): ``dumpdata`` and ``loaddata`` into a freshly migrated one. Both run as an operator would, as commands.
"""

import gzip
import json
import os
import re
import subprocess
import sys

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from meetings.models import Meeting, Person, ReviewStatus
from meetings.services import editorial
from meetings.services.articles import import_paths
from meetings.tests.test_import_faults import REPO, _test_database_url

pytestmark = pytest.mark.django_db(transaction=True)

# What an operator leaves out of a dumpdata backup (the README's OPTS): rows every migrated database makes for
# itself (content types, permissions), sessions, which are not records, and the counts PostgreSQL keeps on write,
# which the target counts itself as the records are loaded.
DUMP_OPTIONS = [
    "--natural-foreign",
    "--natural-primary",
    "-e",
    "contenttypes",
    "-e",
    "auth.permission",
    "-e",
    "sessions",
    "-e",
    "meetings.paircontacts",
    "-e",
    "meetings.countrycontacts",
    "-e",
    "meetings.personcontacts",
    "-e",
    "meetings.persontimeline",
    "-e",
    "meetings.officetimeline",
]


@pytest.fixture
def edited(seed_articles):
    """The seeds imported, then edited in admin's ways: meetings verified, people merged, so history has rows."""
    assert import_paths(paths=[seed_articles]).failed == 0
    editor = User.objects.create_user("editor", password="a long password for the editor")
    editorial.review_meetings(meetings=Meeting.objects.all()[:3], status=ReviewStatus.VERIFIED, user=editor)
    survivor, other = Person.objects.filter(participations__isnull=False).distinct()[:2]
    editorial.merge_people(survivor=survivor, others=[other])
    assert Meeting.history.filter(review_status=ReviewStatus.VERIFIED, reviewed_by=editor).count() == 3


def manage(*args: str, database_url: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "diplo.settings_test", "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def table_digests(conninfo: str) -> dict[str, tuple[int, str]]:
    """Each table of the database: its number of rows and a digest of all of them (every column)."""
    with psycopg.connect(conninfo) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            for table in tables
        }


def test_pg_dump_and_pg_restore_restore_every_row_of_every_table(edited, tmp_path):
    if connection.vendor != "postgresql":  # SQLite: its file is the backup; the dumpdata test below covers it
        test_dumpdata_and_loaddata_restore_every_record_history_included(edited, tmp_path)
        return
    source = _test_database_url()
    restored_name = f"{connection.settings_dict['NAME']}_restored"
    restored = source.rsplit("/", 1)[0] + "/" + restored_name
    dump = tmp_path / "diplo.dump"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        cursor.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source}"], check=True)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)], check=True)

        before, after = table_digests(source), table_digests(restored)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
    assert after == before
    assert before["meetings_historicalmeeting"][0] > 0 and before["meetings_meeting"][0] > 0


# Django's serializer writes times to the millisecond: a time less than a millisecond past the second is written
# "08.000Z", read back as the whole second and written again "08Z". The same instant: compared as one.
_WHOLE_SECOND = re.compile(r"(\d\d:\d\d:\d\d)\.000(?=Z|[+-]\d\d:\d\d)")


def dumped(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        records = json.loads(_WHOLE_SECOND.sub(r"\1", file.read()))
    return sorted(records, key=lambda o: (o["model"], json.dumps(o.get("pk")), json.dumps(o["fields"])))


def test_dumpdata_and_loaddata_restore_every_record_history_included(edited, tmp_path):
    backup, again = tmp_path / "backup.json.gz", tmp_path / "again.json.gz"
    call_command("dumpdata", *DUMP_OPTIONS, "--output", str(backup), verbosity=0)
    restored = f"sqlite:///{tmp_path / 'restored.sqlite3'}"

    manage("migrate", "--noinput", database_url=restored)
    manage("loaddata", str(backup), database_url=restored)
    manage("dumpdata", *DUMP_OPTIONS, "--output", str(again), database_url=restored)

    records, restored_records = dumped(backup), dumped(again)
    assert restored_records == records
    models = {record["model"] for record in records}
    assert {"meetings.meeting", "meetings.historicalmeeting", "meetings.article", "auth.user"} <= models
