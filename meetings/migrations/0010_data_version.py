"""The data version (``DataVersion``) and the triggers that raise it on every write to the meetings data."""

from django.db import migrations, models

# Every table of the data the public pages show. A table added later needs the trigger too
# (meetings/tests/test_page_cache.py checks every model's table); history tables are written with these.
DATA_TABLES = [
    "meetings_article",
    "meetings_countryalias",
    "meetings_evidence",
    "meetings_meeting",
    "meetings_organization",
    "meetings_participation",
    "meetings_person",
    "meetings_personredirect",
    "meetings_place",
    "meetings_position",
    "meetings_readout",
]

# PostgreSQL: a deferred row trigger runs at commit, and raises the number once per transaction (a
# transaction-local setting remembers it did). At commit, so the version row is locked only for the commit's
# last moment: taken at the first write, the lock would make an admin save wait for a whole import batch and
# could deadlock with it. In the transaction, so a reader sees the new number exactly with the new data.
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION meetings_raise_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('diplo.data_version_raised', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO meetings_dataversion (id, number, changed) VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET number = meetings_dataversion.number + 1, changed = clock_timestamp();
        PERFORM set_config('diplo.data_version_raised', 'on', true);
    END IF;
    RETURN NULL;
END
$$;
"""
POSTGRESQL_TRIGGER = """
CREATE CONSTRAINT TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE ON {table}
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION meetings_raise_data_version();
"""

# SQLite has row triggers only, and no transaction-local state: each written row raises the number
# (SQLite writes one transaction at a time anyway).
SQLITE_RAISE = (
    "INSERT INTO meetings_dataversion (id, number, changed) VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET number = number + 1, changed = strftime('%Y-%m-%d %H:%M:%f', 'now');"
)
SQLITE_TRIGGER = "CREATE TRIGGER raise_data_version_{event}_{table} AFTER {event} ON {table} BEGIN {raise_} END;"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
        for table in DATA_TABLES:
            schema_editor.execute(POSTGRESQL_TRIGGER.format(table=table))
    elif vendor == "sqlite":
        for table in DATA_TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(SQLITE_TRIGGER.format(event=event, table=table, raise_=SQLITE_RAISE))
    else:
        raise NotImplementedError(f"no data version triggers for {vendor}")
    apps.get_model("meetings", "DataVersion").objects.update_or_create(pk=1, defaults={"number": 0})


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in DATA_TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS raise_data_version ON {table}")
        else:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS raise_data_version_{event}_{table}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS meetings_raise_data_version()")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_meeting_fulfilled_by"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
                ("changed", models.DateTimeField(null=True)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
