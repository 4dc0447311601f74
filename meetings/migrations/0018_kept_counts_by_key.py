"""The kept counts' trigger functions (migrations 0011, 0012, 0014, 0015, 0017) made again as their builders now make
them: each reads the stored meetings of a statement's rows by key (0011's ``by_key``), where a join scanned every
meeting for a few hundred rows. What they count is unchanged; a database migrated before this gets the same
functions as one migrated from scratch.

Going back leaves the functions as they are: the earlier migrations' state counts the same with them.
"""

import importlib

from django.db import migrations

KEPT = (
    "0011_pair_contacts",
    "0012_country_contacts",
    "0014_person_contacts",
    "0015_person_timeline",
    "0017_office_timeline",
)


def functions_made_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in KEPT:
        for statement in importlib.import_module(f"meetings.migrations.{name}")._triggers():
            if statement.lstrip().startswith("CREATE FUNCTION"):
                schema_editor.execute(statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0017_office_timeline"),
    ]

    operations = [migrations.RunPython(functions_made_again, migrations.RunPython.noop)]
