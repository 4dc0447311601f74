"""The figures of a country pair's page against a direct count of the pair's public contacts: shared by the tests
of the page's history (test_timeline) and of the counts kept on write (test_pair_counts)."""

from meetings.models import Meeting, Participation
from meetings.timeline import count_by_month


def country_pair(code: str, other: str):
    """The public contacts with a participant of each of the two states."""
    return (
        Meeting.objects.public()
        .filter(pk__in=Participation.objects.filter(country=code).values("meeting"))
        .filter(pk__in=Participation.objects.filter(country=other).values("meeting"))
    )


def assert_page_counts_directly(client, code="KR", other="US"):
    """The pair page's figures, each against a direct count of the pair's public contacts; the count."""
    pair = country_pair(code, other)
    years = sorted({d.year for d in pair.exclude(date=None).values_list("date", flat=True)}, reverse=True)
    for query, stack in [("", "status"), ("?stack=kind", "kind")]:
        context = client.get(f"/countries/{code}/{other}/{query}").context
        assert context["per_year"] == [{"year": y, "n": pair.filter(date__year=y).count()} for y in years]
        assert (context["total"], context["held"], context["planned"], context["cancelled"]) == (
            pair.count(),
            pair.filter(status="held").count(),
            pair.filter(status="planned").count(),
            pair.filter(status="cancelled").count(),
        )
        assert context["timeline"] == count_by_month(pair, stack=stack)
    return pair.count()
