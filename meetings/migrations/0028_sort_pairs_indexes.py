"""An index per pair of sortable columns whose first makes large groups (kind, status, place), over public meetings.

A list sorted by two columns (``?sort=kind,-title``) had no index in that order: PostgreSQL walked the first
column's index and sorted each of its groups by the second, and a kind is up to half of the archive (500,000
meetings at 1,000,000), sorted to show page 100. With (first, second, id), a group is read in the second column's
order, either way, as far as the page (``ordering.first_by_leading_groups``), and the pair both ways as the index
runs (``kind, title`` forward, ``-kind, -title`` backward) is read off it whole. Built in this migration's
transaction, which holds writes to the meetings until it ends.
"""

from django.db import migrations, models

PUBLIC_MEETING = ~models.Q(review_status="rejected") & models.Q(retired_at__isnull=True)
GROUPED_COLUMNS = ("kind", "status", "location")
SORTABLE_COLUMNS = ("date", "title", "location", "kind", "status")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0027_pair_contacts_key_with_count"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                models.F(first),
                models.F(second),
                models.F("id"),
                condition=PUBLIC_MEETING,
                name=f"meeting_public_{first}_{second}",
            ),
        )
        for first in GROUPED_COLUMNS
        for second in SORTABLE_COLUMNS
        if second != first
    ]
