"""A country pair's kept counts read off their key's index alone: the key (0011) now carries the count, as the
person's and office's timelines' keys do (0015, 0017).

A pair's page sums its kept rows by month and status: 15,571 rows for Korea–United States at a million meetings,
scattered over 2,768 pages of the table as the triggers wrote them, read through the index and then the table
(11 ms of a 40 ms page, against about 1 at 10,000 meetings). With the count in the index the rows are read from it
alone: 4.8 ms. The index is replaced in one transaction: the triggers' ``ON CONFLICT`` on the key's columns finds
the new one, and no write falls between (the table is locked until this commits). PostgreSQL only: SQLite keeps no
pair counts (``timeline.pair_history``)."""

from django.db import migrations

TABLE = "meetings_paircontacts"
KEY = "country_a, country_b, month, status, date_precision, kind"


def _key(schema_editor, include: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX pair_contacts_key")
    schema_editor.execute(f"CREATE UNIQUE INDEX pair_contacts_key ON {TABLE} ({KEY}){include} NULLS NOT DISTINCT")


def with_count(apps, schema_editor):
    _key(schema_editor, " INCLUDE (contacts)")


def without_count(apps, schema_editor):
    _key(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0026_position_office_person"),
    ]

    operations = [migrations.RunPython(with_count, without_count)]
