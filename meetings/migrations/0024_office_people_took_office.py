"""The office page's order of its people kept with them (``OfficePerson.took_office``, migration 0022's rows): the page
read all of an office's people and, for each, its latest post there, and sorted them for the 50 it shows (1,235
people for the busiest office at a million meetings: 9 ms of every view against 1 at 10,000); it now reads them off
one index (``office_person_took_office``) and counts the office's rows.

``took_office`` is the latest start of the person's posts at the office (none: no post there, or none dated), as the
page orders them. Kept on every write on PostgreSQL: the statements on posts that 0023's triggers run take it again
from the posts for each (office, person) they touched, through the posts' unique key (person, office, …); a
participation never changes it (a row it adds has no post, else the post would have added it). SQLite leaves the
table empty.
"""

import datetime as dt
import importlib

from django.db import migrations, models
from django.db.models.functions import Coalesce

office_people = importlib.import_module("meetings.migrations.0022_office_people")
order = importlib.import_module("meetings.migrations.0023_office_people_order")
pairs = office_people.pairs
TABLE, KEPT = office_people.TABLE, office_people.KEPT

# Each office's people: how many posts and participations link them to it, and the latest start of their posts.
LINKED = """
    SELECT organization_id, person_id, COUNT(*) AS links, MAX(start_date) AS took_office FROM (
        SELECT organization_id, person_id, NULL::date AS start_date FROM meetings_participation
        UNION ALL
        SELECT organization_id, person_id, start_date FROM meetings_position
    ) AS linked
    WHERE organization_id IS NOT NULL
    GROUP BY organization_id, person_id
"""

# The people and latest start of their posts at each office, the rest as 0023 counts it.
BACKFILL = f"""
INSERT INTO {TABLE} (organization_id, person_id, links, last_held, name, took_office)
SELECT w.organization_id, w.person_id, w.links, c.last_held, COALESCE(p.name, '') AS name, w.took_office
FROM ({LINKED}) AS w
LEFT JOIN meetings_person p ON p.id = w.person_id
LEFT JOIN meetings_personcontacts c ON c.person_id = w.person_id
"""

# The (office, person) pairs whose posts a statement wrote or removed.
_TOUCHED = {
    "insert": "SELECT organization_id, person_id FROM new_rows",
    "delete": "SELECT organization_id, person_id FROM old_rows",
    "update": "SELECT organization_id, person_id FROM new_rows UNION SELECT organization_id, person_id FROM old_rows",
}


def took_office_again(operation: str) -> str:
    """The touched pairs' latest start taken again from their posts, where it changed (in key order, as 0022 adds)."""
    return f"""UPDATE {TABLE} AS kept SET took_office = latest.start_date
    FROM (SELECT DISTINCT organization_id, person_id FROM ({_TOUCHED[operation]}) AS t
          WHERE organization_id IS NOT NULL ORDER BY organization_id, person_id) AS touched
    CROSS JOIN LATERAL (
        SELECT MAX(p.start_date) AS start_date FROM meetings_position p
        WHERE p.person_id = touched.person_id AND p.organization_id = touched.organization_id
    ) AS latest
    WHERE kept.organization_id = touched.organization_id AND kept.person_id = touched.person_id
    AND kept.took_office IS DISTINCT FROM latest.start_date;"""


def _positions_function(operation: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION meetings_{KEPT}_positions_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {order.links_written(operation)}
    {took_office_again(operation)}
    RETURN NULL;
END $$;"""


def _truncate_function(backfill: str) -> str:
    """A TRUNCATE of posts or participations counts every row again (0022's way), with ``backfill``."""
    return f"""CREATE OR REPLACE FUNCTION meetings_{KEPT}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {TABLE};
            {backfill};
            RETURN NULL;
        END $$"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # No write may fall between the rows' figures and the functions: the tables are read-only until this commits.
    schema_editor.execute("LOCK TABLE meetings_participation, meetings_position IN SHARE MODE")
    schema_editor.execute(_truncate_function(BACKFILL))
    for operation in pairs.OPERATIONS:
        schema_editor.execute(_positions_function(operation))
    schema_editor.execute(
        f"""UPDATE {TABLE} AS kept SET took_office = latest.start_date
        FROM (SELECT organization_id, person_id, MAX(start_date) AS start_date FROM meetings_position
              WHERE organization_id IS NOT NULL GROUP BY organization_id, person_id) AS latest
        WHERE kept.organization_id = latest.organization_id AND kept.person_id = latest.person_id
        AND latest.start_date IS NOT NULL"""
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_truncate_function(order.BACKFILL))
    for operation in pairs.OPERATIONS:
        schema_editor.execute(order._function("positions", operation))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0023_office_people_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="officeperson",
            name="took_office",
            field=models.DateField(
                help_text="The latest start of the person's posts at the office (none: no dated post there).",
                null=True,
            ),
        ),
        migrations.AddIndex(
            model_name="officeperson",
            index=models.Index(
                models.F("organization"),
                # No post dated there: last, as the page orders them (SQLite cannot index NULLS LAST).
                models.OrderBy(Coalesce(models.F("took_office"), models.Value(dt.date(1, 1, 1))), descending=True),
                models.F("name"),
                models.F("person"),
                name="office_person_took_office",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
