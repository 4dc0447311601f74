"""The read-outs by form, then id (the meeting each is of carried in the index): the read-outs list sorted by form,
either way (its ties follow the sort's direction, filters.ReadOutFilterSet), reads a page's rows in order off this
index, each row's meeting tested for being public by its key.

At 1,000,000 meetings the list sorted every one of its 500,000 read-outs for each page (0.6-0.8 s, on disk); read off
the index, its first page takes under a millisecond and page 100 some 20-40 ms. (SQLite has the index without the
included column.)
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0054_pair_totals"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="readout",
            index=models.Index(fields=["form", "id"], include=("meeting",), name="readout_form"),
        ),
    ]
