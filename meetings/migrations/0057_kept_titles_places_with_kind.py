"""The kept rows' indexes by title and by place (migrations 0045-0050: each country's, person's and office's meetings in
that column's order) hold each row's kind, status and review too, as their index by date does (0039, 0040, 0043).

A list of a subject sorted by kind or status and then by title or place (``?organization=…&sort=kind,title``) reads
each kind's first rows off the title index, the other kinds' rows passed over in the index alone
(``filters.KeptOrder.grouped``), and a list sorted by title that keeps one kind or status (``&kind=summit``) tests it
there too. Without them in the index each row passed over was a read of the table: at 1,000,000 meetings the busiest
agency's first 251 letters by title read 4,800 of its rows in the table (10 ms; 38 the first time), where the meetings'
own (kind, title) index walked for them, each probed for the agency, took 26-29 ms; off this index, 1.1.

Each new index is built under another name while the old one still serves (a build blocks writes to the table, not
reads); the old ones are then dropped and the new renamed, at the end of the migration's transaction, so that the
tables are locked against reads only for as long as a commit takes. SQLite keeps no rows and has none of these indexes.
"""

from django.db import migrations

# (table, subject column, the column the index orders by, index name): 0045-0050's six.
KEPT_INDEXES = [
    (table, subject, column, f"{prefix}_meetings_by_{name}")
    for table, subject, prefix in (
        ("meetings_countrymeeting", "country", "country"),
        ("meetings_personmeeting", "person_id", "person"),
        ("meetings_officemeeting", "organization_id", "office"),
    )
    for column, name in (("title", "title"), ("location", "place"))
]
# What each holds besides its key: the countries, for the country box's modes (0045); the kind, status and review,
# which a list may be sorted by first or filtered by (KEPT_COLUMNS), as the index by date holds them.
OLD_INCLUDED = "countries"
INCLUDED = "countries, kind, status, review_status"
NEW = "{}_new"


def rebuilt(included: str) -> list[str]:
    statements = [
        f"CREATE INDEX {NEW.format(index)} ON {table} ({subject}, {column}, meeting_id) INCLUDE ({included})"
        for table, subject, column, index in KEPT_INDEXES
    ]
    for _table, _subject, _column, index in KEPT_INDEXES:
        statements += [f"DROP INDEX {index}", f"ALTER INDEX {NEW.format(index)} RENAME TO {index}"]
    return statements


def include_kind(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in rebuilt(INCLUDED):
            schema_editor.execute(statement)


def include_countries_alone(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in rebuilt(OLD_INCLUDED):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0056_readout_issuer_order"),
    ]

    operations = [
        migrations.RunPython(include_kind, include_countries_alone),
    ]
