"""Template filters and tags for diplo's pages."""

import datetime as dt

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_countries import countries

from meetings.markup import escape
from meetings.models import Kind, OrgKind, ReadOutForm, ReviewStatus, Status

register = template.Library()
_ID = "2147483647"  # any id: a detail URL is reversed once per table and each row's id put in its place
# A day's date as the tables write it: an article's publication, a post's start and end ("1 October 2024").
DAY_DATE = "j F Y"


@register.filter
def at_precision(value: dt.date | None, precision: str) -> str:
    """A date as precisely as it is known: "10 May 2019", "around 21 June 2019", "May 2019", "2018"."""
    if value is None:
        return "date unknown"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    day = f"{value.day} {value.strftime('%B %Y')}"
    return f"around {day}" if precision == "week" else day


@register.inclusion_tag("meetings/_sort_header.html", takes_context=True)
def sort_header(context, name: str, label: str) -> dict:
    """A column heading that sorts the list by it, ascending first, reversed on the next click.

    ``current_sort`` (set by the list view) is the order in force, so that the heading of the
    default order shows its arrow too; aria-sort tells screen readers the same.
    """
    request, current = context["request"], context.get("current_sort", "")
    if current == name:
        direction, next_sort = "ascending", f"-{name}"
    elif current == f"-{name}":
        direction, next_sort = "descending", name
    else:
        direction, next_sort = "", name
    query = request.GET.copy()
    query["sort"] = next_sort
    query.pop("page", None)  # a new order starts on its first page
    return {"label": label, "direction": direction, "href": f"?{query.urlencode()}"}


def _url_pattern(name: str) -> tuple[str, str]:
    start, end = reverse(name, args=[_ID]).split(_ID)
    return start, end


def _slug_url_pattern(name: str) -> tuple[str, str]:
    start, end = reverse(name, args=["slug-placeholder"]).split("slug-placeholder")
    return start, end


# Beside a meeting an editor checked; the others are the importer's reading (its page says which).
_CHECKED = ' <span class="checked" title="Checked by an editor">✓ checked</span>'


def _participants(meeting) -> list[tuple[str, str, str]]:
    """(name, slug, country code) of each participant of a meeting: read as tuples by ``for_rows()``, or from the
    participations a page prefetched for more than its table (``for_list()``)."""
    if hasattr(meeting, "row_participants"):
        return meeting.row_participants
    return [(p.person.name, p.person.slug, p.country.code) for p in meeting.participations.all()]


class _CountryNames(dict):
    """Each country code's name, escaped ("" for no code), looked up once per table: django-countries translates and
    searches its list on every call."""

    def __missing__(self, code: str) -> str:
        name = self[code] = escape(countries.name(code)) if code else ""
        return name


def _table_body(rows: list[str], *, columns: int, empty: str) -> str:
    """A table body of rows its builder escaped, one per line; with none, ``empty`` across the ``columns``."""
    return mark_safe("\n".join(rows) if rows else f'<tr><td colspan="{columns}">{escape(empty)}</td></tr>')


@register.simple_tag
def meeting_rows(meetings) -> str:
    """The body of a meetings table (date, kind, title, participants, place, status), in one pass.

    Fifty rows through the template engine (a reverse() per link, a translated country name per
    participant, an include per row) cost more than everything else on a list page together;
    here each link is the row's id or slug in a URL reversed once, and each country named once.
    """
    meeting_start, meeting_end = _url_pattern("meetings:meeting_detail")
    person_start, person_end = _slug_url_pattern("meetings:person_detail")
    kinds, statuses, country_names = dict(Kind.choices), dict(Status.choices), _CountryNames()
    rows = []
    for m in meetings:
        people = []
        for name, slug, code in _participants(m):
            country = f' <abbr title="{country_names[code]}">{escape(code)}</abbr>' if code else ""
            people.append(f'<a href="{person_start}{escape(slug)}{person_end}">{escape(name)}</a>{country}')
        status = escape(m.status)
        rows.append(
            f'<tr>\n      <td data-label="Date" class="nowrap">{escape(at_precision(m.date, m.date_precision))}</td>\n'
            f'      <td data-label="Kind">{escape(kinds.get(m.kind, m.kind))}</td>\n'
            f'      <td data-label="Meeting"><a href="{meeting_start}{m.pk}{meeting_end}">{escape(m.title)}</a>'
            f"{_CHECKED if m.review_status == ReviewStatus.VERIFIED else ''}</td>\n"
            f'      <td data-label="Participants">{", ".join(people)}</td>\n'
            f'      <td data-label="Place">{escape(m.location) or "—"}</td>\n'
            f'      <td data-label="Status"><span class="status {status}">'
            f"{escape(statuses.get(m.status, m.status))}</span></td>\n    </tr>"
        )
    return _table_body(rows, columns=6, empty="No meetings match.")


@register.simple_tag
def person_rows(people) -> str:
    """The body of the people table (name, country, other spellings, meetings, latest held contact), in one pass, as
    ``meeting_rows`` builds the meetings': through the template engine a row cost half a millisecond (two reverse()
    calls, a translated country name, a filter per cell), the larger part of a full page's time."""
    person_start, person_end = _slug_url_pattern("meetings:person_detail")
    meetings_of = reverse("meetings:meeting_list") + "?person="
    country_names = _CountryNames()
    rows = []
    for person in people:
        code = person.country.code if person.country else ""
        slug = escape(person.slug)
        count = person.meeting_count
        meetings = f'<a href="{meetings_of}{slug}">{count}</a>' if count else "0"
        latest = person.last_contact
        rows.append(
            f'<tr><td data-label="Name"><a href="{person_start}{slug}{person_end}">{escape(person.name)}</a></td>'
            f'<td data-label="Country">{country_names[code] or "—"}</td>'
            f'<td data-label="Spellings">{"; ".join(escape(alias) for alias in person.aliases)}</td>'
            f'<td data-label="Meetings">{meetings}</td>'
            f'<td data-label="Latest held contact" class="nowrap">'
            f"{escape(at_precision(latest, person.last_contact_precision)) if latest else '—'}</td></tr>"
        )
    return _table_body(rows, columns=5, empty="No people match.")


@register.simple_tag
def readout_rows(readouts) -> str:
    """The body of the read-outs table (date, issuer, meeting, form, quotes), in one pass, as ``meeting_rows`` builds
    the meetings': through the template engine each row resolved some fifteen variables and reversed two URLs, which
    made the list's fifty rows cost more than the rest of its page."""
    meeting_start, meeting_end = _url_pattern("meetings:meeting_detail")
    office_start, office_end = _slug_url_pattern("meetings:organization_detail")
    forms = dict(ReadOutForm.choices)
    rows = []
    for readout in readouts:
        meeting, issuer = readout.meeting, readout.issuer
        language = f" ({escape(readout.language)})" if readout.language else ""
        quotes = "".join(f"<q>{escape(quote)}</q> " for quote in readout.quotes)
        office = f'<a href="{office_start}{escape(issuer.slug)}{office_end}">{escape(issuer.name)}</a>'
        title = f'<a href="{meeting_start}{meeting.pk}{meeting_end}">{escape(meeting.title)}</a>'
        rows.append(
            f'<tr><td data-label="Date">{escape(at_precision(meeting.date, meeting.date_precision))}</td>'
            f'<td data-label="Issuer">{office} {escape(issuer.country.code or "")}</td>'
            f'<td data-label="Meeting">{title}</td>'
            f'<td data-label="Form">{escape(forms.get(readout.form, readout.form))}{language}</td>'
            f'<td data-label="Quoted">{quotes}</td></tr>'
        )
    return _table_body(rows, columns=5, empty="No read-outs match.")


@register.simple_tag
def office_rows(offices) -> str:
    """The body of the offices table (name and acronym, country, kind, the office it is part of, its people), in one
    pass, as ``meeting_rows`` builds the meetings': through the template engine each row resolved its variables one
    by one, reversed its URL and translated its country's name."""
    office_start, office_end = _slug_url_pattern("meetings:organization_detail")
    kinds, country_names = dict(OrgKind.choices), _CountryNames()
    rows = []
    for office in offices:
        acronym = f" ({escape(office.acronym)})" if office.acronym else ""
        parent = escape(office.parent.name) if office.parent_id and office.parent.name else "—"
        rows.append(
            f'<tr><td data-label="Name"><a href="{office_start}{escape(office.slug)}{office_end}">'
            f"{escape(office.name)}</a>{acronym}</td>"
            f'<td data-label="Country">{country_names[office.country.code or ""] or "—"}</td>'
            f'<td data-label="Kind">{escape(kinds.get(office.kind, office.kind))}</td>'
            f'<td data-label="Part of">{parent}</td><td data-label="People">{office.people_count}</td></tr>'
        )
    return _table_body(rows, columns=5, empty="No offices match.")


@register.simple_tag
def article_rows(articles) -> str:
    """The body of the articles table (published, title, outlet linked to the original, meetings read from it), in one
    pass, as ``meeting_rows`` builds the meetings'."""
    article_start, article_end = _slug_url_pattern("meetings:article_detail")
    rows = []
    for article in articles:
        slug = escape(article.slug)
        outlet = escape(article.outlet)
        if article.source_url:
            outlet = f'<a href="{escape(article.source_url)}" rel="external noopener">{outlet or "original"}</a>'
        published = escape(date_filter(article.published, DAY_DATE))
        title = f'<a href="{article_start}{slug}{article_end}">{escape(article.title) or slug}</a>'
        rows.append(
            f'<tr><td data-label="Published">{published}</td><td data-label="Title">{title}</td>'
            f'<td data-label="Outlet">{outlet}</td><td data-label="Meetings">{article.meeting_count}</td></tr>'
        )
    return _table_body(rows, columns=4, empty="No articles match.")


def _tenure_text(position) -> str:
    """When ``position`` was held, as far as its dates are known (escaped HTML)."""
    start, end = position.start_date, position.end_date
    if start and end:
        return f"{escape(date_filter(start, DAY_DATE))} – {escape(date_filter(end, DAY_DATE))}"
    if start:
        return f"since {escape(date_filter(start, DAY_DATE))}"
    if end:
        return f"until {escape(date_filter(end, DAY_DATE))}"
    return '<span class="muted">dates not recorded</span>'


@register.simple_tag
def tenure(position) -> str:
    """When a post was held: "1 October 2024 – 21 October 2025", "since 20 January 2025", "dates not recorded"."""
    return mark_safe(_tenure_text(position))  # escaped above


@register.simple_tag
def tenure_rows(people) -> str:
    """The body of an office's people table: a row per post of each person (or one row, "met on its behalf", for a
    person with none there), in one pass: through the template engine, with an include per post, the rows of fifty
    people cost more than the rest of the office's page but its timeline."""
    person_start, person_end = _slug_url_pattern("meetings:person_detail")
    rows = []
    for person in people:
        href = f"{person_start}{escape(person.slug)}{person_end}"
        link = f'<td data-label="Person"><a href="{href}">{escape(person.name)}</a></td>'
        posts = person.positions.all()
        for post in posts:
            rows.append(
                f'<tr>{link}<td data-label="Post">{escape(post.title)}</td>'
                f'<td data-label="In office" class="nowrap">{_tenure_text(post)}</td></tr>'
            )
        if not posts:
            no_post = '<td data-label="Post" class="muted">met on its behalf</td><td data-label="In office">—</td>'
            rows.append(f"<tr>{link}{no_post}</tr>")
    return _table_body(rows, columns=3, empty="None recorded.")


def _n(value: float) -> str:
    """A coordinate as SVG reads it: no trailing zeros, no exponent."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@register.simple_tag
def timeline_bars(chart) -> str:
    """The links of a timeline chart (meetings/timeline.py), each with its tooltip and its bars, in one pass.

    A long history has hundreds of bars, and thousands stacked by kind or country: through the template engine they
    cost more than the rest of the page, as the meetings table's rows did (see meeting_rows). A link's ``<title>`` is
    both its tooltip and its name (as an ``aria-label`` would be, written once), and the numbers its month's bars
    share (their x, the width) are written once. A bar's status and colour are names the chart gives, not text.
    """
    shared: dict[float, str] = {}

    def number(value: float) -> str:
        text = shared.get(value)
        if text is None:
            text = shared[value] = _n(value)
        return text

    html = []
    for link in chart.links:
        html.append(f'<a href="{escape(link.href)}"><title>{escape(link.label)}</title>')
        for b in link.bars:
            group = "" if b.group is None else f" g{b.group}"
            html.append(
                f'<rect class="bar {b.status}{group}" x="{number(b.x)}" y="{_n(b.y)}" width="{number(b.width)}" '
                f'height="{_n(b.height)}"/>'
            )
        html.append("</a>")
    return mark_safe("".join(html))  # every value is escaped or a number


@register.simple_tag
def timeline_rows(rows) -> str:
    """The table beside a timeline: a row per month with contacts, headed by its month (what a screen reader names
    each count by), each count linked to its filtered list. Unlike the other lists' cells, these carry no
    ``data-label``: the table stays a table on a phone (diplo.css), where those labels are never shown, and a long
    history's table wrote some 75 KB of them."""

    def cell(count: int, href: str) -> str:
        return f'<td><a href="{escape(href)}">{count}</a></td>' if count else "<td>0</td>"

    return mark_safe(
        "\n".join(
            f'<tr><th scope="row" class="nowrap">{escape(r["month"].label)}</th>'
            + "".join(cell(count, href) for count, href in r.get("groups", ()))
            + cell(*r["held"])
            + cell(*r["planned"])
            + cell(*r["cancelled"])
            + cell(r["month"].total, r["all"])
            + "</tr>"
            for r in rows
        )
    )


@register.simple_tag
def network_shapes(graph, url_name: str = "meetings:person_detail") -> str:
    """The network's lines, group names, circles (each a link to its page: ``url_name``) and names, in one pass."""
    person_start, person_end = _slug_url_pattern(url_name)
    edges = "".join(
        f'<line x1="{_n(e.x1)}" y1="{_n(e.y1)}" x2="{_n(e.x2)}" y2="{_n(e.y2)}" stroke-width="{_n(e.width)}"></line>'
        for e in graph.edges
    )
    groups = "".join(
        f'<text class="group-label" x="{_n(g.x)}" y="{_n(g.label_y)}" text-anchor="middle">{escape(g.name)}</text>'
        for g in graph.groups
        if g.name
    )
    nodes = []
    for n in graph.nodes:
        country = f" ({escape(n.country)})" if n.country else ""
        plural = "" if n.contacts == 1 else "s"
        country = "" if n.country == n.slug else country  # a country's own circle
        nodes.append(
            f'<a href="{person_start}{escape(n.slug)}{person_end}" aria-label="{escape(n.name)}">'
            f'<circle class="node c-{escape(n.country.lower() or "none")}" cx="{_n(n.x)}" cy="{_n(n.y)}" '
            f'r="{_n(n.radius)}"><title>{escape(n.name)}{country}: {n.contacts} contact{plural}, {n.held} held'
            "</title></circle></a>"
        )
    labels = "".join(
        f'<text class="node-label" x="{_n(n.x)}" y="{_n(n.label_y)}" text-anchor="middle">{escape(n.name)}</text>'
        for n in graph.nodes
        if n.labelled
    )
    return mark_safe(
        f'<g class="edges">{edges}</g><g class="groups">{groups}</g>'
        f'<g class="nodes">{"".join(nodes)}</g><g class="labels">{labels}</g>'
    )
