"""``meetings_counterparts`` (migration 0012) made again as 0012 now declares it: STABLE, so that PostgreSQL inlines
it into the statements that call it. Declared IMMUTABLE over a STABLE body (``array_to_string``), it was never
inlined, and inside the timelines' ``LATERAL (VALUES ...)`` it was planned again for every row: the backfills of the
person and office timelines at 100,000 meetings spent most of their 15–21 s there (7 and 6 s inlined), and the
triggers of every import paid the same per meeting. What it returns is unchanged.

Going back declares it IMMUTABLE again.
"""

import importlib

from django.db import migrations

country_contacts = importlib.import_module("meetings.migrations.0012_country_contacts")


def _made(volatility: str) -> str:
    return country_contacts.COUNTERPARTS_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1).replace(
        " STABLE ", f" {volatility} ", 1
    )


def inlined(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_made("STABLE"))


def as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_made("IMMUTABLE"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0019_drop_expression_full_text_indexes"),
    ]

    operations = [migrations.RunPython(inlined, as_before)]
