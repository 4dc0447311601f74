"""The posts indexed by (office, person) in place of the office alone: the offices list counts the people with a post
at each of its 50 offices, which read every post of those offices and joined each to its person (2,000 posts at a
million meetings: 8 ms of every view, against a few dozen at 10,000); the count now reads the index alone. The new
index is built before the office's own is dropped, so that no lookup by office goes without one meanwhile.

The office's own index is dropped in place (by its columns: its name is a hash): as an AlterField of the foreign key,
SQLite copies the whole table into a new one, and the triggers on the old one (0010's data version) are lost."""

import django.db.models.deletion
from django.db import migrations, models

TABLE, COLUMN = "meetings_position", "organization_id"


def drop_office_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, constraint in constraints.items():
        if constraint["index"] and constraint["columns"] == [COLUMN] and not constraint["unique"]:
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def restore_office_index(apps, schema_editor):
    # The name Django gives a foreign key's index (``db_index``).
    name = schema_editor._create_index_name(TABLE, [COLUMN], suffix="")
    schema_editor.execute(f"CREATE INDEX {schema_editor.quote_name(name)} ON {TABLE} ({COLUMN})")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0025_office_people_sorts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["organization", "person"], name="position_office_person"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="position",
                    name="organization",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="positions",
                        to="meetings.organization",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_office_index, restore_office_index)],
        ),
    ]
