"""The meetings list's default order (date descending, undated last, then id descending) within each kind, status and
review, over public meetings: a list filtered by one of them reads its page off the index rather than walking the
whole list's order for its rows.

At 1,000,000 meetings the 20th page of the summits (5 % of the contacts) walked some 20,000 entries of the default
order's index, each row's kind read (30 ms; 11 ms at 10,000); a page of the meetings an editor checked, rarer still,
more. PostgreSQL only, as migration 0016's ``meeting_public_order``: SQLite cannot index NULLS LAST (it walks).
"""

from django.db import migrations

PUBLIC = "NOT (review_status = 'rejected') AND retired_at IS NULL"
# The meeting columns the list filters by with a few values each (MeetingFilterSet: kind, status, review).
FILTERED_COLUMNS = ("kind", "status", "review_status")


def _name(column: str) -> str:
    return f"meeting_public_{column.removesuffix('_status')}_latest"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in FILTERED_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX {_name(column)} ON meetings_meeting ({column}, date DESC NULLS LAST, id DESC) "
            f"WHERE {PUBLIC}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in FILTERED_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_name(column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0040_person_meetings"),
    ]

    operations = [migrations.RunPython(create, drop)]
