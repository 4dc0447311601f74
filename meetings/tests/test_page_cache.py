"""The page cache: a cached page is never stale. Every committed write to the data (the importer, an editor in
admin, a bulk update) changes the data version the pages are cached under, so the next view shows it."""

import datetime as dt
import gzip
import io
import shutil

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from meetings.models import (
    CountryContacts,
    CountryMeeting,
    CountryTotals,
    DataVersion,
    Meeting,
    MeetingSearchText,
    OfficeMeeting,
    OfficePerson,
    OfficeTimeline,
    PairContacts,
    PairTotals,
    PersonContacts,
    PersonMeeting,
    PersonTimeline,
    PersonWithoutContacts,
)
from meetings.page_cache import data_version
from meetings.tests.factories import EditorFactory, MeetingFactory, OrganizationFactory, ReadOutFactory

# The data version is raised when a writing transaction commits: these tests commit, as the importer and
# admin do (a test in a transaction that is rolled back would never see the version change).
pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/meetings/", "/", "/people/", "/organizations/", "/readouts/", "/articles/", "/countries/"]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600  # far longer than any test: only a change of version renders afresh


def fresh(client, settings, url: str) -> bytes:
    """The page rendered now from the database alone: no page cache, and no figure cached before (a timeline, the
    people's order, the countries of the filter)."""
    seconds, settings.PAGE_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS, 0
    cache.clear()
    try:
        return client.get(url).content
    finally:
        settings.PAGE_CACHE_SECONDS = seconds


def import_articles(*paths):
    call_command("import_articles", *map(str, paths), no_progress=True, stdout=io.StringIO())


def test_a_repeated_view_is_served_from_the_cache_with_one_query(client, page_cache, django_assert_num_queries):
    MeetingFactory(title="Talks in Seoul")
    first = client.get("/meetings/")
    assert b"Talks in Seoul" in first.content
    with django_assert_num_queries(1):  # the data version
        again = client.get("/meetings/")
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in again  # the middleware still answers as for any page


def test_a_reload_of_an_unchanged_page_is_answered_not_modified_until_the_data_changes(
    client, page_cache, django_assert_num_queries
):
    """A browser revalidating a page it has (If-None-Match: the ETag it was given) gets 304 and no body, for the
    data version's query; after a write, the new page in full."""
    MeetingFactory(title="Talks in Seoul")
    first = client.get("/")
    with django_assert_num_queries(1):
        again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert first["Cache-Control"] == again["Cache-Control"] == "no-cache"  # kept, but asked again before it is shown
    MeetingFactory(title="Talks in Tokyo")
    changed = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and b"Talks in Tokyo" in changed.content and changed["ETag"] != first["ETag"]


def test_a_browser_that_accepts_gzip_gets_the_cached_page_compressed(client, page_cache, django_assert_num_queries):
    """The page is compressed once, when it is cached: every browser's view of it then travels compressed (a
    stacked timeline page of 1.3 MB as some 120 KB) for the data version's query, and revalidates to 304 as the
    plain one does."""
    for day in range(1, 29):
        MeetingFactory(title=f"Talks in Seoul, round {day}", date=dt.date(2019, 2, day))
    plain = client.get("/meetings/")
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    with django_assert_num_queries(1):
        compressed = client.get("/meetings/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 5
    assert int(compressed["Content-Length"]) == len(compressed.content)
    revalidated = client.get("/meetings/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])
    assert revalidated.status_code == 304 and revalidated.content == b""


def test_an_import_shows_on_the_next_view_of_every_page(client, settings, page_cache, seed_articles, tmp_path):
    first, second = sorted(seed_articles.glob("*.txt"))[:2]
    shutil.copy(first, tmp_path / first.name)
    import_articles(tmp_path)
    before = {url: client.get(url).content for url in PAGES}
    meetings_before = Meeting.objects.count()

    shutil.copy(second, tmp_path / second.name)
    import_articles(tmp_path)

    assert Meeting.objects.count() > meetings_before
    shown = {url: client.get(url).content for url in PAGES}
    for url in PAGES:
        assert shown[url] == fresh(client, settings, url), url
    assert client.get("/meetings/").content != before["/meetings/"]
    newest = Meeting.objects.exclude(pk__in=Meeting.objects.order_by("pk")[:meetings_before]).first()
    assert newest.title.encode() in client.get(f"/meetings/?q={newest.title.split()[0]}").content


def test_an_editors_meeting_added_in_admin_shows_at_once(client, settings, page_cache):
    MeetingFactory(title="Talks in Seoul")
    assert b"Kang" not in client.get("/meetings/").content
    editor = EditorFactory()
    client.force_login(editor)
    added = client.post(
        "/admin/meetings/meeting/add/",
        {
            "title": "Biegun – Kang meeting",
            "kind": "meeting",
            "status": "held",
            "date": "2030-05-10",
            "date_precision": "day",
            "location": "Seoul",
            "notes": "",
            "source_note": "",
            **{f"{prefix}-{n}": value for prefix in ("participations", "readouts") for n, value in _no_inlines()},
        },
    )
    assert added.status_code == 302
    client.logout()
    page = client.get("/meetings/").content
    assert "Biegun – Kang meeting".encode() in page and page == fresh(client, settings, "/meetings/")


def _no_inlines():
    return [("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000)]


def test_a_rejection_in_admin_hides_the_meeting_on_the_next_view(client, page_cache):
    meeting = MeetingFactory(title="Talks in Seoul")
    assert b"Talks in Seoul" in client.get("/meetings/").content
    client.force_login(EditorFactory())
    response = client.post(
        "/admin/meetings/meeting/", {"action": "reject", "_selected_action": [meeting.pk], "index": 0}
    )
    assert response.status_code == 302
    assert b"Talks in Seoul" not in client.get("/meetings/").content
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404


def test_a_bulk_update_and_a_delete_change_the_version(client, page_cache):
    meeting = MeetingFactory(title="Talks in Seoul")
    client.get("/meetings/")
    version = data_version()
    Meeting.objects.filter(pk=meeting.pk).update(title="Talks in Pyongyang")  # no save(), no signal
    assert data_version() != version
    assert b"Talks in Pyongyang" in client.get("/meetings/").content
    Meeting.objects.filter(pk=meeting.pk).delete()
    assert b"Talks in Pyongyang" not in client.get("/meetings/").content


def test_a_transaction_raises_the_version_once_and_a_rolled_back_one_not_at_all():
    def number() -> int:  # no row yet: the test database is emptied between these tests
        return DataVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    start = number()
    with transaction.atomic():
        for n in range(3):
            MeetingFactory(title=f"Talks {n}")
    raised = number()
    # PostgreSQL raises it once per transaction; SQLite, without transaction-local state, once per row.
    assert raised == start + 1 if connection.vendor == "postgresql" else raised > start
    with pytest.raises(RuntimeError), transaction.atomic():
        MeetingFactory(title="Never")
        raise RuntimeError("rolled back")
    assert number() == raised


def test_a_lists_count_is_kept_for_its_other_pages_and_sorts_until_the_data_changes(client, monkeypatch):
    """Without the page cache too: a list counts its rows once for all of its pages and sorts (the data version they
    were counted at names them), and counts again once the data changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.views import ReadOutListView

    monkeypatch.setattr(ReadOutListView, "paginate_by", 2)
    kcna = OrganizationFactory(name="Korean Central News Agency", slug="kcna", country="KP", kind="media")
    for _ in range(5):
        ReadOutFactory(issuer=kcna)
    ReadOutFactory()  # another issuer's

    def counts(url: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).context["page_obj"]
        counted = sum('COUNT(*) FROM (SELECT "meetings_readout"' in query["sql"] for query in queries.captured_queries)
        return counted, page.paginator.count

    assert counts("/readouts/?issuer=kcna") == (1, 5)
    assert counts("/readouts/?issuer=kcna&page=2") == (0, 5)
    assert counts("/readouts/?issuer=kcna&sort=-date&page=3") == (0, 5)
    assert counts("/readouts/?issuer=kcna&form=statement")[0] == 1  # another list
    ReadOutFactory(issuer=kcna)
    assert counts("/readouts/?issuer=kcna&page=2") == (1, 6)


def test_different_addresses_are_different_pages(client, page_cache):
    MeetingFactory(title="Talks in Seoul", location="Seoul")
    MeetingFactory(title="Talks in Hanoi", location="Hanoi")
    assert b"Talks in Hanoi" not in client.get("/meetings/?q=Seoul").content
    assert b"Talks in Seoul" not in client.get("/meetings/?q=Hanoi").content


def test_exports_are_never_cached(client, page_cache):
    meeting = MeetingFactory(title="Talks in Seoul")
    assert b"Talks in Seoul" in client.get("/meetings/").content
    assert b"Talks in Seoul" in b"".join(client.get("/meetings/export.csv").streaming_content)
    version = DataVersion.objects.values("number", "changed").get(pk=1)
    Meeting.objects.filter(pk=meeting.pk).update(title="Talks in Hanoi")
    DataVersion.objects.filter(pk=1).update(**version)  # as if the data had not changed
    assert b"Talks in Seoul" in client.get("/meetings/").content  # the page, from the cache
    assert b"Talks in Hanoi" in b"".join(client.get("/meetings/export.csv").streaming_content)


def test_every_table_of_the_data_raises_the_version():
    """A model added to the app needs migration 0010's trigger on its table (or a migration of its own)."""
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("meetings").get_models()
        # The kept counts are written only by the triggers of meetings, participations, read-outs, posts and people
        # (and of kept counts), in the transaction that writes them, which raises the version already.
        if model
        not in (
            DataVersion,
            PairContacts,
            PairTotals,
            CountryContacts,
            CountryTotals,
            CountryMeeting,
            PersonMeeting,
            OfficeMeeting,
            MeetingSearchText,
            PersonContacts,
            PersonWithoutContacts,
            PersonTimeline,
            OfficeTimeline,
            OfficePerson,
        )
        and not model.__name__.startswith("Historical")
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'raise_data_version'"
            )
            triggered = {name for (name,) in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'raise_data_version_%'"
            )
            triggered = {name for (name,) in cursor.fetchall()}
    assert tables <= triggered, tables - triggered
