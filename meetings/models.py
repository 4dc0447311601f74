"""diplo's data: who met whom, when, on whose behalf, and what each side said about it.

Reference data (organizations, people, places, country aliases) is the knowledge
base the extractor reads; articles are the sources; meetings, participations and
read-outs are what was extracted from them or entered by editors, each keeping
the sentences it came from as ``Evidence``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.conf import settings
from django.db import connections, models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.db.models.query import ModelIterable
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from meetings.extraction.records import KINDS, PRECISIONS, READOUT_FORMS, STATUSES


def period_start(value: dt.date, precision: str) -> dt.date:
    """The first day of the period a date stands for: month and year dates are stored so."""
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


# Days a "week" date stands for after its day: the extractor's week dates are "about" a day, within three days.
_WEEK_SPAN_DAYS = 3


def period_end(value: dt.date, precision: str) -> dt.date:
    """The last day of the period a date stands for."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        following = (value.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    if precision == DatePrecision.WEEK:
        return value + dt.timedelta(days=_WEEK_SPAN_DAYS)
    return value


class Kind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    WORKING_GROUP = "working_group", "Working group"
    SUMMIT = "summit", "Summit"
    PHONE_CALL = "phone_call", "Phone call"
    VIDEO_CALL = "video_call", "Video call"
    VISIT = "visit", "Visit"
    LETTER = "letter", "Letter"


class Status(models.TextChoices):
    HELD = "held", "Held"
    PLANNED = "planned", "Planned"
    CANCELLED = "cancelled", "Cancelled"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Around (week)"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class ReviewStatus(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class ReadOutForm(models.TextChoices):
    READ_OUT = "read-out", "Read-out"
    STATEMENT = "statement", "Statement"
    BRIEFING = "briefing", "Briefing"


# The extraction records and the database agree on the vocabulary: fail loudly if they drift.
assert set(Kind.values) == set(KINDS) and set(Status.values) == set(STATUSES)
assert set(DatePrecision.values) == set(PRECISIONS) and set(ReadOutForm.values) == set(READOUT_FORMS)


class AliasKind(models.TextChoices):
    NAME = "name", "Name"
    METONYM = "metonym", "Metonym (capital, 'the North')"


class OrgKind(models.TextChoices):
    MINISTRY = "ministry", "Ministry or department"
    PRESIDENTIAL_OFFICE = "presidential_office", "Presidential or leader's office"
    AGENCY = "agency", "Agency or office"
    PARTY = "party", "Party"
    MEDIA = "media", "State media"
    INTERNATIONAL = "international", "International body"
    MILITARY = "military", "Military"
    LEGISLATURE = "legislature", "Legislature"
    OTHER = "other", "Other"


class PersonOrigin(models.TextChoices):
    KNOWLEDGE_BASE = "knowledge_base", "Knowledge base"
    DISCOVERED = "discovered", "Discovered in an article"
    EDITOR = "editor", "Added by an editor"


def _in_choices(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


# --- Reference data: the knowledge base -------------------------------------------------


class CountryAlias(models.Model):
    """A name by which articles refer to a country: "ROK", "the North", "Seoul", "South Korean"."""

    country = CountryField()
    alias = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=AliasKind.choices, default=AliasKind.NAME)

    class Meta:
        ordering = ["country", "alias"]
        verbose_name_plural = "country aliases"
        constraints = [
            models.UniqueConstraint(Lower("alias"), name="countryalias_unique_alias_ci"),
            models.CheckConstraint(condition=_in_choices("kind", AliasKind), name="countryalias_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.country.code}"


class Place(models.Model):
    """A city used as a meeting location, with the spellings articles use."""

    name = models.CharField(max_length=100, unique=True)
    country = CountryField(blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings, e.g. “Washington DC”.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def for_list(self):
        """Each office with its parent and ``people_count`` (count_people), aggregated over every office's posts before
        any is taken: for one office. A page counts its own rows' instead (count_people)."""
        return self.select_related("parent").annotate(
            people_count=models.Count("positions__person", distinct=True),
        )


def count_people(offices: list[Organization]) -> None:
    """Set each of ``offices`` (a page's rows) its ``people_count``, the people who held a post there (for_list's
    figure), in one query by the posts' ids alone, off their (office, person) index: no join to the people (the posts'
    default order by person would join them), whose rows a count does not need. for_list before a page is taken
    grouped every office's posts (100,000 at 1,000,000 meetings: 69 ms for the API's first page of offices)."""
    counts = dict(
        Position.objects.filter(organization__in=offices)
        .order_by()
        .values_list("organization")
        .annotate(n=models.Count("person_id", distinct=True))
        .values_list("organization", "n")
    )
    for office in offices:
        office.people_count = counts.get(office.pk, 0)


class Organization(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    acronym = models.CharField(max_length=20, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names articles use, e.g. “foreign ministry”.")
    country = CountryField(blank=True)
    kind = models.CharField(max_length=30, choices=OrgKind.choices, default=OrgKind.OTHER)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organization_unique_name_country"),
            models.CheckConstraint(condition=_in_choices("kind", OrgKind), name="organization_kind_valid"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"),
        ]

    def __str__(self) -> str:
        country = f" ({self.country.code})" if self.country else ""
        return f"{self.name}{country}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:organization_detail", args=[self.slug])


def name_key(name: str) -> str:
    """A name with case, spaces, hyphens and accents folded: "Kim Jong-un" and "Kim Jong Un" share one key."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text.casefold() if c.isalnum() and not unicodedata.combining(c))


# "No held contact" as a date, so that the latest contact orders and pages (the API's keyset cursor) like
# any other value: it sorts before every real date and is shown as "—".
NO_CONTACT = dt.date(1, 1, 1)


class PersonQuerySet(models.QuerySet):
    def with_contacts(self):
        """``meeting_count``: the public meetings the person took part in (neither rejected nor retired);
        ``last_contact``: the date of the latest one held (NO_CONTACT when none was). On PostgreSQL also
        ``last_contact_kept_precision``, that contact's date precision."""
        if connections[self.db].vendor == "postgresql":
            # The counts the triggers keep (PersonContacts), with the same values as the aggregate below.
            return self.annotate(
                meeting_count=Coalesce(F("kept_contacts__contacts"), models.Value(0)),
                last_contact=Coalesce(F("kept_contacts__last_held"), models.Value(NO_CONTACT)),
                last_contact_kept_precision=F("kept_contacts__last_held_precision"),
            )
        public = ~Q(participations__meeting__review_status=ReviewStatus.REJECTED) & Q(
            participations__meeting__retired_at__isnull=True
        )
        return self.annotate(
            meeting_count=models.Count("participations", filter=public),
            last_contact=Coalesce(
                models.Max(
                    "participations__meeting__date",
                    filter=public & Q(participations__meeting__status=Status.HELD),
                ),
                models.Value(NO_CONTACT),
            ),
        )

    def for_list(self):
        return self.annotate(meeting_count=models.Count("participations", distinct=True))

    def ranked_for(self, term: str):
        """Best matches of a typed name first: the name itself (in any spelling ``name_key`` folds together),
        then names that begin with it, then names whose words begin with its words, then the rest by name."""
        key = name_key(term)
        words = term.split()
        if not key:
            return self
        word_prefixes = Q()
        for word in words:
            word_prefixes &= Q(name__istartswith=word) | Q(name__icontains=f" {word}") | Q(name__icontains=f"-{word}")
        return self.annotate(
            match_rank=models.Case(
                models.When(name_key=key, then=models.Value(0)),
                models.When(name_key__startswith=key, then=models.Value(1)),
                models.When(word_prefixes, then=models.Value(2)),
                default=models.Value(3),
                output_field=models.IntegerField(),
            )
        ).order_by("match_rank", "name", "pk")

    def of_office(self, office: Organization):
        """The people with a post at ``office`` or who took part in a meeting on its behalf, each once.

        On PostgreSQL the office's own rows of the kept ``OfficePerson``, joined (``office_links``: one per person),
        so that a caller can order by their kept columns (``OfficePerson.latest_first``, ``took_office_first``) and
        read a page off their index; SQLite reads its posts and participations."""
        if connections[self.db].vendor == "postgresql":
            return self.filter(office_links__organization=office)
        posts = Position.objects.filter(organization=office).order_by().values("person")
        # Unordered parts: a part of a UNION keeps its model's order (a participation's: its meeting's date).
        return self.filter(
            pk__in=posts.union(Participation.objects.filter(organization=office).order_by().values("person"))
        )

    def with_public_meeting_count(self):
        """``meeting_count``: the meetings readers can see that the person took part in (rejections are hidden)."""
        return self.annotate(
            meeting_count=models.Count(
                "participations__meeting",
                filter=~Q(participations__meeting__review_status=ReviewStatus.REJECTED),
                distinct=True,
            )
        )


class Person(models.Model):
    name = models.CharField(max_length=200, help_text="Full canonical name, e.g. “Kang Kyung-wha”.")
    name_key = models.CharField(
        max_length=200,
        db_index=True,
        editable=False,
        default="",
        help_text="The name folded for matching spellings; set from the name.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Spelling variants, e.g. “Kim Jong-un”.")
    country = CountryField(blank=True)
    origin = models.CharField(max_length=20, choices=PersonOrigin.choices, default=PersonOrigin.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [  # the people list's orders (ties by id in the sort's direction: each index read either way)
            models.Index(fields=["name", "id"], name="person_name_id"),
            models.Index(fields=["country", "id"], name="person_country_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=_in_choices("origin", PersonOrigin), name="person_origin_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:person_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


class PersonRedirect(models.Model):
    """The slug of a person merged into another: its page redirects there, and no one else ever gets the slug."""

    slug = models.SlugField(max_length=120, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="redirects")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.slug} → {self.person.slug}"


class PositionQuerySet(models.QuerySet):
    def held_on(self, day: dt.date | None):
        """The positions held on ``day`` (an open start or end holds), the latest begun first; all of them, latest
        first, when the day is unknown."""
        if day is not None:
            self = self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=day)
            )
        return self.order_by(models.F("start_date").desc(nulls_last=True), "-pk")


class Position(models.Model):
    """An office held over time: who was Minister of Foreign Affairs when."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
        db_index=False,  # position_office_person begins with it
    )
    title = models.CharField(max_length=200)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["person", "start_date"]
        # The offices list counts each page's offices' people off it alone (OrganizationListView.decorate).
        indexes = [models.Index(fields=["organization", "person"], name="position_office_person")]
        constraints = [
            models.UniqueConstraint(fields=["person", "organization", "title", "start_date"], name="position_unique"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="position_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        where = f", {self.organization.name}" if self.organization_id else ""
        return f"{self.person}: {self.title}{where}"


# --- Sources --------------------------------------------------------------------------------


class ArticleQuerySet(models.QuerySet):
    def for_list(self):
        """Each article with ``meeting_count`` (count_meetings), aggregated over every article's sources before any
        is taken: for an export of them all, or one article. A page counts its own rows' instead (count_meetings)."""
        # Rejected meetings appear nowhere public, so they are not counted as an article's meetings either.
        return self.annotate(
            meeting_count=models.Count(
                "evidence__meeting",
                filter=~models.Q(evidence__meeting__review_status=ReviewStatus.REJECTED),
                distinct=True,
            )
        )


def count_meetings(articles: list[Article]) -> None:
    """Set each of ``articles`` (a page's rows) its ``meeting_count``, the meetings read from it that are not
    rejected (ArticleQuerySet.for_list's figure), in one query over these articles' sources alone: for_list before
    a page is taken groups every article's sources (333,334 articles and 1,000,000 sources at 1,000,000 meetings:
    2.2 s for the API's first page)."""
    counts = dict(
        Evidence.objects.filter(article__in=articles, meeting__isnull=False)
        .exclude(meeting__review_status=ReviewStatus.REJECTED)
        .values_list("article")
        .annotate(n=models.Count("meeting", distinct=True))
        .values_list("article", "n")
    )
    for article in articles:
        article.meeting_count = counts.get(article.pk, 0)


class Article(models.Model):
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The file name without extension; with a hash of the name if the name is not already a slug.",
    )
    source_path = models.CharField(
        max_length=1000,
        blank=True,
        help_text="The file it was imported from, so another file of its name is told apart.",
    )
    published = models.DateField(db_index=True)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    source_url = models.URLField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the file; an unchanged file is not re-imported."
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["body"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "slug"]
        indexes = [  # the articles list's orders
            models.Index(models.F("published").desc(), models.F("slug"), name="article_published_desc_slug"),
            models.Index(fields=["published", "id"], name="article_published_id"),
            models.Index(models.F("published").desc(), models.F("id"), name="article_published_desc_id"),
            models.Index(fields=["title", "id"], name="article_title_id"),
            models.Index(models.F("title").desc(), models.F("id"), name="article_title_desc_id"),
        ]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("meetings:article_detail", args=[self.slug])


# --- What happened ---------------------------------------------------------------------------


class MeetingRowIterable(ModelIterable):
    """Meetings, each with ``row_participants``: two queries of tuples for all of them (the participations, then
    their people by id: joined, the planner would rather hash the whole people table than look fifty up).

    A meetings table shows nothing else of the participations; as model instances through prefetch_related
    they cost more than the rest of a list page's work together.
    """

    def __iter__(self):
        meetings = list(super().__iter__())
        participants = (
            Participation.objects.filter(meeting__in=[m.pk for m in meetings])
            .order_by("id")
            .values_list("meeting_id", "person_id", "country")
        )
        by_meeting: dict[int, list[tuple[int, str]]] = {}
        for meeting_id, person_id, country in participants:
            by_meeting.setdefault(meeting_id, []).append((person_id, country))
        person_ids = {person_id for rows in by_meeting.values() for person_id, _ in rows}
        people = Person.objects.filter(pk__in=person_ids).values_list("pk", "name", "slug") if person_ids else ()
        name_and_slug = {pk: (name, slug) for pk, name, slug in people}
        for meeting in meetings:
            meeting.row_participants = [
                (*name_and_slug[person_id], country) for person_id, country in by_meeting.get(meeting.pk, ())
            ]
            yield meeting


# A public meeting as a row's condition (MeetingQuerySet.public): what the list indexes hold.
PUBLIC_MEETING = ~Q(review_status="rejected") & Q(retired_at__isnull=True)
# The columns the meetings list sorts by (MeetingFilterSet's sort).
SORTABLE_COLUMNS = ("date", "title", "location", "kind", "status")
# Of those, the ones whose values make large groups: seven kinds, three statuses (most meetings are held), places
# (those with none, one capital's). A sort by one of them and then by another column orders each group by the
# second: each such pair has its index (ordering.first_by_leading_groups), where a first column with many values
# (dates, titles) leaves groups small enough to sort.
GROUPED_COLUMNS = ("kind", "status", "location")
# A dated plan the importer may still link to the meeting that fulfils it (services/lifecycle.py): not linked yet,
# not retired, not settled by an editor. Its own index by date: plans are a tenth of an archive's meetings, and
# each import looks for the open ones of its people within a year of the meetings it stored.
OPEN_PLAN = Q(status="planned", fulfilled_by__isnull=True, retired_at__isnull=True, date__isnull=False) & ~Q(
    review_status__in=["verified", "rejected"]
)


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """What readers see: editors' rejections are kept (so re-imports respect them) but hidden, and so are
        retired meetings (no source reports them any more, or an editor merged them into another): their
        pages answer 410 Gone or redirect to the meeting they were merged into."""
        return self.filter(PUBLIC_MEETING)  # the list indexes' condition too (migration 0016)

    def open_plans(self):
        """Dated plans not linked to a meeting held yet, neither retired nor settled by an editor (verified or
        rejected): those an import may link. Read by date off their own index (migration 0021)."""
        return self.filter(OPEN_PLAN)

    def for_rows(self):
        """What a row of a meetings table shows: each meeting's participants as ``row_participants``, (name, slug,
        country code) tuples in the order they were recorded (MeetingRowIterable)."""
        rows = self._chain()
        rows._iterable_class = MeetingRowIterable
        return rows

    def for_list(self):
        return self.prefetch_related(
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person", "organization").order_by("id"),
            ),
            models.Prefetch("readouts", queryset=ReadOut.objects.select_related("issuer").order_by("id")),
            models.Prefetch(
                # Article bodies are long and no list shows them.
                "evidence",
                queryset=Evidence.objects.select_related("article")
                .defer("article__body")
                .order_by("article__published", "start"),
            ),
        )


class Meeting(models.Model):
    """Any diplomatic contact: a meeting, working group, summit, call, visit or letter."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HELD, db_index=True)
    date = models.DateField(
        null=True, blank=True, db_index=True, help_text="First day of the period for month/year dates."
    )
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    location = models.CharField(max_length=120, blank=True)
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.EXTRACTED, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    source_note = models.TextField(
        blank=True, help_text="Free-text source for a meeting that no imported article reports."
    )
    notes = models.TextField(blank=True, help_text="Editors' notes; not shown to readers.")
    confidence = models.FloatField(
        null=True,
        blank=True,
        help_text="How sure the extractor was, 0 to 1 (the best of its reports); empty for meetings added by hand.",
    )
    extraction_cues = models.JSONField(
        default=list, blank=True, help_text="What the extractor relied on, and what made it less sure."
    )
    # A meeting is never deleted once its page is public: its id stays its own. One that no source reports any
    # more is retired (its page answers 410 Gone with this last known record); one merged into another redirects.
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    retired_reason = models.CharField(max_length=300, blank=True, editable=False)
    retired_source = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The article whose re-import no longer reported it: its next import may find it again.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", editable=False
    )
    # A plan and the meeting that fulfils it are two records (each as of its own report), linked: by the importer
    # when the same people meet within the planned period, or by an editor.
    fulfilled_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fulfils",
        limit_choices_to={"status": "held"},
        help_text="For a planned meeting: the meeting held that fulfilled the plan.",
    )
    last_record = models.JSONField(
        default=dict, blank=True, editable=False, help_text="Participants, read-outs and sources when retired."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        indexes = [
            # Each sortable column both ways with the id that breaks ties (ascending either way, see
            # SortFilter), over public rows only (MeetingQuerySet.public: neither rejected nor retired): a page
            # at any depth is read off an index instead of sorting every meeting, and its ids come from the
            # index alone (with "not rejected" alone, each entry's row was read for "not retired": page 1,000 of
            # 1,000,000 meetings took 93 ms instead of 3). The default order (date descending, nulls last) has
            # its index in migrations 0005 and 0016: SQLite cannot index NULLS LAST.
            *[
                index
                for column in SORTABLE_COLUMNS
                for index in (
                    models.Index(
                        models.F(column),
                        models.F("id"),
                        name=f"meeting_public_{column}",
                        condition=PUBLIC_MEETING,
                    ),
                    models.Index(
                        models.F(column).desc(),
                        models.F("id"),
                        name=f"meeting_public_{column}_desc",
                        condition=PUBLIC_MEETING,
                    ),
                )
            ],
            # A sort by two columns whose first makes large groups: each group (``kind = 'visit'``) read off the
            # index in the second column's order, either way, at any depth, instead of sorted whole (a kind is up
            # to half of the archive). Only the pairs, not every sequence of columns: with a third column, the
            # first two make groups small enough to sort.
            *[
                models.Index(
                    models.F(first),
                    models.F(second),
                    models.F("id"),
                    name=f"meeting_public_{first}_{second}",
                    condition=PUBLIC_MEETING,
                )
                for first in GROUPED_COLUMNS
                for second in SORTABLE_COLUMNS
                if second != first
            ],
            models.Index(fields=["date", "id"], name="meeting_open_plan_date", condition=OPEN_PLAN),
            # The feeds' order, the latest recorded or changed first (feeds.filtered_meetings), read off an index as
            # the lists' orders are: sorted whole, every feed read all public meetings for its 50 entries (0.57 s at
            # 1,000,000 meetings, 37 ms at 10,000).
            models.Index(
                models.F("updated_at").desc(),
                models.F("id").desc(),
                name="meeting_public_updated",
                condition=PUBLIC_MEETING,
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=_in_choices("kind", Kind), name="meeting_kind_valid"),
            models.CheckConstraint(condition=_in_choices("status", Status), name="meeting_status_valid"),
            models.CheckConstraint(
                condition=_in_choices("date_precision", DatePrecision), name="meeting_precision_valid"
            ),
            models.CheckConstraint(condition=_in_choices("review_status", ReviewStatus), name="meeting_review_valid"),
            # A month or a year is stored as the first day of its period.
            models.CheckConstraint(
                condition=Q(date__isnull=True)
                | Q(date_precision__in=[DatePrecision.DAY, DatePrecision.WEEK])
                | Q(date_precision=DatePrecision.MONTH, date__day=1)
                | Q(date_precision=DatePrecision.YEAR, date__day=1, date__month=1),
                name="meeting_date_is_period_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self):
        if self.date and self.date_precision:
            self.date = period_start(self.date, self.date_precision)

    def plan_outcome_unknown_since(self, today: dt.date | None = None) -> dt.date | None:
        """For a plan whose period has passed with no meeting held linked to it: the day after the period.
        Pages say "status unknown since" then, rather than "planned" for a date long gone."""
        if self.status != Status.PLANNED or self.fulfilled_by_id or self.date is None:
            return None
        end = period_end(self.date, self.date_precision)
        return end + dt.timedelta(days=1) if end < (today or dt.date.today()) else None

    def survivor(self) -> Meeting | None:
        """The meeting this one was merged into, at the end of any chain of merges; None if it was not merged."""
        seen, meeting = {self.pk}, self
        while meeting.merged_into_id and meeting.merged_into_id not in seen:
            seen.add(meeting.merged_into_id)
            meeting = meeting.merged_into
        return meeting if meeting.pk != self.pk else None


class Participation(models.Model):
    """A person in a meeting, with the title, office and country as reported for that meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    title = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="participations"
    )
    country = CountryField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participation_one_per_person"),
        ]
        indexes = [
            # The person, country and office filters and pages: their meetings' ids from the index alone.
            models.Index(fields=["person", "meeting"], name="participation_person_meeting"),
            models.Index(fields=["country", "meeting"], name="participation_country_meeting"),
            models.Index(fields=["organization", "meeting"], name="participation_office_meeting"),
            # An office's people (its page's list and count) from the index alone: the busiest office at
            # 1,000,000 meetings has 87,000 participants (1,235 people), read from the heap in 0.2-2.8 s.
            models.Index(fields=["organization", "person"], name="participation_office_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.meeting}"


class PairContacts(models.Model):
    """How many public contacts two countries had, by month, status, date precision and kind: what a country
    pair's page shows (its years, totals and timeline), read as at most months × statuses × precisions × kinds
    rows however many meetings there are.

    PostgreSQL keeps it exact on every write: triggers on meetings and participations (migration 0011) apply
    each statement's change, whatever wrote it (imports, admin, the API, bulk updates, COPY). SQLite leaves it
    empty: its pages count a pair's meetings directly (``timeline.pair_history``).
    """

    # The pair in alphabetical order (country_a < country_b): one row for Korea–United States, whichever page.
    country_a = models.CharField(max_length=2)
    country_b = models.CharField(max_length=2)
    month = models.DateField(null=True, help_text="The first day of the contacts' month; empty for undated ones.")
    status = models.CharField(max_length=20)
    date_precision = models.CharField(max_length=10)
    kind = models.CharField(max_length=20)
    contacts = models.BigIntegerField()

    class Meta:
        verbose_name_plural = "pair contacts"
        # The key's unique index (NULLS NOT DISTINCT, for undated contacts) is the triggers' and PostgreSQL's
        # only: migration 0011.

    def __str__(self) -> str:
        return f"{self.country_a}–{self.country_b} {self.month or 'undated'} {self.status} {self.kind}: {self.contacts}"


class CountryContacts(models.Model):
    """How many public contacts each country had, and the archive as a whole, by month, status, date precision,
    kind and counterparts: what the country pages' and the home page's timelines show (stacked by status, kind or
    country), read as a bounded number of rows however many meetings there are.

    ``country`` is a country's code, or ``WHOLE_ARCHIVE`` for every public contact (the home page's, those without
    any country recorded included). Each contact is counted twice for each of them: by its kind, under
    ``counterparts`` ``BY_KIND`` (what a timeline stacked by status or kind reads), and by its counterparts, with
    an empty ``kind`` (stacked by country): for a country, the other countries of the contact (``NO_COUNTERPART``,
    one code, or ``SEVERAL_COUNTERPARTS``); for the whole archive, the contact's countries (none, one, two
    ","-joined in alphabetical order, or ``SEVERAL_COUNTERPARTS`` for three or more). Kept apart, the two take a
    fraction of the rows their product would.

    PostgreSQL keeps it exact on every write, as it keeps PairContacts (migration 0012); SQLite leaves it empty and
    its pages count directly (``timeline.kept_timeline``).
    """

    WHOLE_ARCHIVE = ""
    NO_COUNTERPART = ""
    SEVERAL_COUNTERPARTS = "+"
    BY_KIND = "*"  # the rows that count contacts by kind, not by counterparts

    country = models.CharField(max_length=2)
    counterparts = models.CharField(max_length=5)
    month = models.DateField(null=True, help_text="The first day of the contacts' month; empty for undated ones.")
    status = models.CharField(max_length=20)
    date_precision = models.CharField(
        max_length=10, help_text="“year” for contacts dated only to a year, which no month holds; else “month”."
    )
    kind = models.CharField(max_length=20)
    contacts = models.BigIntegerField()

    class Meta:
        verbose_name_plural = "country contacts"
        # The key's unique index (NULLS NOT DISTINCT) is the triggers' and PostgreSQL's only: migration 0012.

    def __str__(self) -> str:
        country = self.country or "all"
        return f"{country} with {self.counterparts or 'none'} {self.month or 'undated'} {self.status}: {self.contacts}"


class CountryTotals(models.Model):
    """Each country's public contacts (its CountryContacts by kind, summed) and its people with a public contact (its
    people's PersonContacts rows, counted): the countries page's figures and the busiest-first order of the lists'
    country boxes, one row per country instead of a sum of 80,000 rows and a count of 100,000 at a million meetings.

    PostgreSQL keeps it exact on every write (migration 0034: triggers on CountryContacts, PersonContacts and people
    add what each statement changed). SQLite leaves it empty and counts (``timeline.country_totals``).
    """

    country = models.CharField(max_length=2, primary_key=True)
    contacts = models.BigIntegerField(help_text="Public contacts with an official of the country.")
    people = models.BigIntegerField(help_text="People of the country with a public contact.")

    class Meta:
        verbose_name_plural = "country totals"

    def __str__(self) -> str:
        return f"{self.country}: {self.contacts} contacts, {self.people} people"


class PairTotals(models.Model):
    """Each country pair's public contacts in one row (its PairContacts summed): what a list of the two countries'
    contacts with each other plans by (``filters.countries_alone_contacts``), one row instead of the pair's months,
    statuses, precisions and kinds (15,571 rows for Korea and the United States at a million meetings, 8 ms a page).

    PostgreSQL keeps it exact on every write (migration 0054: triggers on PairContacts add what each statement
    changed). SQLite leaves it empty, as it leaves PairContacts.
    """

    # The pair in alphabetical order (country_a < country_b), as PairContacts keeps it.
    country_a = models.CharField(max_length=2)
    country_b = models.CharField(max_length=2)
    contacts = models.BigIntegerField(help_text="Public contacts with an official of each country.")

    class Meta:
        verbose_name_plural = "pair totals"
        constraints = [models.UniqueConstraint(fields=["country_a", "country_b"], name="pair_totals_key")]

    def __str__(self) -> str:
        return f"{self.country_a}–{self.country_b}: {self.contacts} contacts"


class OfficePerson(models.Model):
    """A person of an office: who held a post there or took part in a meeting on its behalf, with how many posts and
    participations link them (``links``). What the people list filtered by an office and the office's page read, as
    the office's own rows, instead of walking its participants' index one person at a time (the busiest office at a
    million meetings: 1,235 people among 87,000 participations, 8 ms for every view).

    PostgreSQL keeps it exact on every write: triggers on participations and posts (migration 0022) add what a
    statement wrote and take away what it removed; each row also keeps its person's name and latest held contact,
    which triggers on people and their kept contacts follow (migration 0023), for the people list's order, and the
    latest start of its posts there, for the office page's (migration 0024). SQLite leaves it empty and reads the
    posts and participations (``PersonQuerySet.of_office``).
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="office_links")
    links = models.BigIntegerField(help_text="Posts at the office and participations on its behalf.")
    # The person's figures the people list orders by, kept with each of its offices (migration 0023): the list
    # filtered by an office reads a page of them off one index instead of sorting all of the office's people.
    last_held = models.DateField(null=True, help_text="The person's latest public held contact (PersonContacts).")
    name = models.CharField(max_length=200, help_text="The person's name.")
    # What the office's page orders its people by, kept on the posts' writes (migration 0024).
    took_office = models.DateField(
        null=True, help_text="The latest start of the person's posts at the office (none: no dated post there)."
    )
    # The person's other columns the people list sorts by, kept as name and last_held are (migration 0025).
    country = CountryField(blank=True, help_text="The person's country.")
    contacts = models.BigIntegerField(default=0, help_text="The person's public contacts (PersonContacts).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "person"], name="office_person_key")]
        indexes = [
            # The people list's default order (PersonListView), within one office.
            models.Index(
                F("organization"),
                Coalesce(F("last_held"), models.Value(NO_CONTACT)).desc(),
                F("name"),
                F("person"),
                name="office_person_latest",
            ),
            # The office page's order (OrganizationDetailView): whoever took up a post there last first.
            models.Index(
                F("organization"),
                Coalesce(F("took_office"), models.Value(NO_CONTACT)).desc(),
                F("name"),
                F("person"),
                name="office_person_took_office",
            ),
            # The people list filtered by an office and sorted by a column (``kept_ordering``): ties by person in the
            # sort's direction, so that each is read either way; by latest contact ascending, ties by name as in the
            # default order (``office_person_latest``, the same sort descending).
            models.Index(fields=["organization", "name", "person"], name="office_person_name"),
            models.Index(fields=["organization", "country", "person"], name="office_person_country"),
            models.Index(fields=["organization", "contacts", "person"], name="office_person_contacts"),
            models.Index(
                F("organization"),
                Coalesce(F("last_held"), models.Value(NO_CONTACT)),
                F("name"),
                F("person"),
                name="office_person_last_held",
            ),
        ]

    # The people list's sortable values (PersonQuerySet.with_contacts, PersonFilterSet) as these rows keep them.
    _KEPT_SORTS = {
        "name": "name",
        "country": "country",
        "meeting_count": "contacts",
        "last_contact": "last_held",
        "pk": "person_id",
        "id": "person_id",
    }

    @staticmethod
    def kept_ordering(ordering, path: str = "") -> list | None:
        """The people list's ``ordering`` (keys such as "-name", "last_contact", "pk") in these rows' columns
        reached through ``path``: the same order, read off this table's indexes for one office. None when a key
        is not one they keep."""
        kept = []
        for key in ordering:
            if not isinstance(key, str) or key.removeprefix("-") not in OfficePerson._KEPT_SORTS:
                return None
            column = OfficePerson._KEPT_SORTS[key.removeprefix("-")]
            value = OfficePerson._dated(column, path) if column == "last_held" else F(f"{path}{column}")
            kept.append(value.desc() if key.startswith("-") else value.asc())
        return kept

    @staticmethod
    def latest_first(path: str = "") -> tuple:
        """The people list's default order (latest held contact first, then name), as ``office_person_latest``
        indexes it, in these rows' columns reached through ``path`` ("office_links__" from a person)."""
        return OfficePerson._latest_by("last_held", path)

    @staticmethod
    def took_office_first(path: str = "") -> tuple:
        """The office page's order (the latest post taken there first, people without a dated post last, then
        name), as ``office_person_took_office`` indexes it, through ``path`` as ``latest_first``."""
        return OfficePerson._latest_by("took_office", path)

    @staticmethod
    def _latest_by(column: str, path: str) -> tuple:
        # No date: last (NO_CONTACT sorts before every date), as the indexes have it; then name and person.
        return (OfficePerson._dated(column, path).desc(), f"{path}name", f"{path}person_id")

    @staticmethod
    def _dated(column: str, path: str) -> Coalesce:
        """A date column with NO_CONTACT for none, as the indexes hold it."""
        return Coalesce(F(f"{path}{column}"), models.Value(NO_CONTACT))

    def __str__(self) -> str:
        return f"office {self.organization_id}: person {self.person_id} ({self.links})"


class MeetingSearchText(models.Model):
    """What a search finds of a meeting on its own row (PostgreSQL): its title, its place and each participant's name,
    other spellings (``Person.aliases``) and folded name (``Person.name_key``), upper-cased, with a trigram index. A
    name or other spelling that differs from the folded name only in case, spaces and hyphens is left out: a search
    looks for every word folded too, which the folded name's line answers (migration 0051).

    A search word was looked for in the titles through one index and in the participants through the people's, then
    every participation of the people found: "Kim Jong" read the 113,000 titles and 110,000 participations that hold
    a spelling of "Jong" and tested "Kim" on each, at 1,000,000 meetings. Here every word's matches are looked up in
    the same index, which intersects them before any row is read (search.py). Stored upper-cased so that a row is
    compared as it is stored, not upper-cased again for each spelling a word has; with its spaces and hyphens written as
    "q" and "x" (migration 0038), letters no upper-cased text holds, so that the trigram index reads a name with a
    hyphen or a space as one word ("BINxJIN", not the common "BIN" and "JIN"; search.Joined).

    PostgreSQL keeps it on every write (migration 0036: triggers on meetings, participations and people write the rows
    of the meetings a statement touched). SQLite leaves it empty and searches the columns themselves.
    """

    meeting = models.OneToOneField(
        Meeting, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    text = models.TextField(
        help_text="Title, place and participants' names, upper-cased, one per line; spaces written as q, "
        "hyphens as x; a name's spellings that differ from its folded form only in case, spaces and hyphens left out."
    )

    class Meta:
        verbose_name_plural = "meeting search texts"

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.text[:60]}"


class KeptMeetingQuerySet(models.QuerySet):
    def latest_first(self):
        """In the meetings list's default order, as the kept rows' index holds a subject's (``country_meetings_latest``,
        ``person_meetings_latest``): the date descending, undated last, then the meeting descending."""
        return self.order_by(F("date").desc(nulls_last=True), F("meeting").desc())

    def latest_meetings(self, count: int):
        """The ids of the meetings of the first ``count`` rows in that order, read off the index alone."""
        return self.latest_first().values_list("meeting", flat=True)[:count]

    def as_index_backward(self):
        """In that index's order read backward: undated first, then the date ascending, then the meeting ascending
        (the earliest first, for rows that are all dated or all undated)."""
        return self.order_by(F("date").asc(nulls_first=True), F("meeting").asc())


class KeptMeeting(models.Model):
    """A public meeting as a subject's kept row (a country's: CountryMeeting; a person's: PersonMeeting; an office's:
    OfficeMeeting), with the meeting's date, kind, status, review, title and place and all of its countries: what a list
    filtered by the subject reads its rows off (``filters.kept_parts``), in the list's order off one index on the
    subject, the date descending with undated rows last, then the meeting descending, the other columns included, so
    that the country box in every mode and the list's filters by kind, status and review are tested in the index, no
    meeting read; by title or place off another (the subject, the title or place, the meeting).

    PostgreSQL keeps them on every write (triggers on meetings and participations write again the rows of the meetings
    a statement touched). SQLite leaves them empty: its lists read the participants.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )
    date = models.DateField(null=True, help_text="The meeting's date, as the list orders by it.")
    # The meeting's columns the list filters by, as the meeting has them (never "rejected": no row is).
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    review_status = models.CharField(max_length=20)
    countries = models.TextField(
        help_text="Every country the meeting's participants have, in alphabetical order, joined by commas."
    )
    # The meeting's title and place, as the list sorts by them: a subject's meetings by either off an index of their
    # own (0045-0047, 0048-0050).
    title = models.CharField(max_length=300, help_text="The meeting's title.")
    location = models.CharField(max_length=120, help_text="The meeting's place.")

    objects = KeptMeetingQuerySet.as_manager()

    # How ``countries`` joins a meeting's countries (two-letter codes: one code's letters never span two codes).
    SEPARATOR = ","

    class Meta:
        abstract = True


class CountryMeeting(KeptMeeting):
    """A public meeting of a country's officials (KeptMeeting): one row for each country a participant of the meeting
    has (migration 0039, index ``country_meetings_latest``).

    Walked for down the meetings' own order, a country's page N costs some N pages ÷ the country's share of the
    archive meetings probed for its participants: Mongolia's 30th page (3 % of the contacts) read 50,000 meetings at
    1,000,000, its countries alone with Japan's 385,000.
    """

    # The key (the meeting, then the country) is the index a trigger writes a meeting's rows again by.
    pk = models.CompositePrimaryKey("meeting", "country")
    country = models.CharField(max_length=2)

    class Meta:
        verbose_name_plural = "country meetings"

    def __str__(self) -> str:
        return f"{self.country}: meeting {self.meeting_id} of {self.date or 'no date'} with {self.countries}"


class PersonMeeting(KeptMeeting):
    """A public meeting a person took part in (KeptMeeting): one row for each of its participants (migration 0040,
    index ``person_meetings_latest``).

    Walked for down the meetings' own order, a person's page N costs some N pages ÷ the person's share of the archive
    meetings probed for them: the 5th page of a person in 0.6 % of the contacts probed 40,000 meetings at 1,000,000
    (84 ms), and with a country the list hashed all of the country's participants against the person's.
    """

    # The key (the meeting, then the person) is the index a trigger writes a meeting's rows again by.
    pk = models.CompositePrimaryKey("meeting", "person")
    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )

    class Meta:
        verbose_name_plural = "person meetings"

    def __str__(self) -> str:
        return f"person {self.person_id}: meeting {self.meeting_id} of {self.date or 'no date'} with {self.countries}"


class OfficeMeeting(KeptMeeting):
    """A public meeting of an office (KeptMeeting): one row for each office one of its participants took part for or
    that gave a read-out of it, as the office filter and page count it (migration 0043, index
    ``office_meetings_latest``).

    Walked for down the meetings' own order, an office's page N costs some N pages ÷ the office's share of the archive
    meetings probed for its participants and read-outs: the 20th page of an agency in 4 % of the contacts probed some
    25,000 at 1,000,000 meetings, and a news agency's participants' meetings were hashed against 87,000 entries of the
    order for its 10th page.
    """

    # The key (the meeting, then the office) is the index a trigger writes a meeting's rows again by.
    pk = models.CompositePrimaryKey("meeting", "organization")
    organization = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )

    class Meta:
        verbose_name_plural = "office meetings"

    def __str__(self) -> str:
        return (
            f"office {self.organization_id}: meeting {self.meeting_id} of {self.date or 'no date'} "
            f"with {self.countries}"
        )


class PersonContacts(models.Model):
    """A person's public contacts and latest held one: what the people list orders by and shows, and the API's
    people, read from one row per person instead of an aggregate of every participation (seconds at a million
    meetings, for the busiest people alone).

    PostgreSQL keeps it exact on every write: triggers on meetings and participations (migration 0014) count again
    the people a statement touched. SQLite leaves it empty and counts (``PersonQuerySet.with_contacts``). A person
    with no public contact has no row (a row of PersonWithoutContacts instead).
    """

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="kept_contacts"
    )
    contacts = models.BigIntegerField(help_text="Public meetings the person took part in.")
    last_held = models.DateField(null=True, help_text="The date of the latest public meeting held, if any.")
    last_held_precision = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name_plural = "person contacts"
        indexes = [  # the people list sorted by these figures, either way (PersonFilterSet, 0035 and 0044)
            models.Index(fields=["contacts", "person"], name="person_contacts_by_count"),
            models.Index(fields=["last_held"], name="person_contacts_by_latest", condition=Q(last_held__isnull=False)),
            # The people with public contacts but none held: among the first of the list by the latest, earliest first.
            models.Index(fields=["person"], name="person_contacts_never_held", condition=Q(last_held__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.contacts}, last held {self.last_held or 'never'}"


class PersonWithoutContacts(models.Model):
    """A person with no public contact (no PersonContacts row): the first people of the people list sorted fewest or
    earliest first, which a list read in that order takes off this table rather than by testing every person for a
    kept row (an anti-join of 100,000 people at 1,000,000 meetings, 35-50 ms a page).

    PostgreSQL keeps it exact on every write (migration 0044: triggers on people and on PersonContacts write again the
    row of each person a statement touched). SQLite leaves it empty: its list counts and sorts every person.
    """

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        verbose_name_plural = "people without contacts"

    def __str__(self) -> str:
        return f"person {self.person_id}: no public contact"


class KeptTimeline(models.Model):
    """A subject's public contacts by month, status, date precision and kind or countries: what its page's timeline
    shows (stacked by status, kind or counterpart country), read as the subject's own rows instead of an aggregate
    of every meeting it took part in (the busiest person at a million meetings: 120,000; the busiest office more).

    Each contact is counted twice: by its kind, under ``countries`` ``BY_KIND``, and by its countries with an empty
    ``kind``: none, one, two ","-joined in alphabetical order, or ``SEVERAL`` for three or more (the whole archive's
    form in CountryContacts). The page leaves the subject's own country out of them, which this form allows for any
    country the subject is given later: two less one is one, three or more less one are still several.
    ``date_precision`` is "year" for a contact dated only to a year, which no month holds, else "month".

    PostgreSQL keeps it exact on every write (the subclasses say how); SQLite leaves it empty and the page counts
    its meetings.
    """

    BY_KIND = "*"  # the rows that count contacts by kind, not by countries
    SEVERAL = "+"

    countries = models.CharField(max_length=5)
    month = models.DateField(null=True, help_text="The first day of the contacts' month; empty for undated ones.")
    status = models.CharField(max_length=20)
    date_precision = models.CharField(max_length=10)
    kind = models.CharField(max_length=20)
    contacts = models.BigIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        countries = self.countries or "none"
        return f"{self.subject_id} with {countries} {self.month or 'undated'} {self.status}: {self.contacts}"


class PersonTimeline(KeptTimeline):
    """A person's KeptTimeline: the contacts they took part in (each meeting once, however many times they are
    listed in it). Triggers on meetings and participations (migration 0015) count again the people of the meetings
    a statement touched."""

    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )

    class Meta:
        # A person's rows read from the index alone (the busiest demo person's 13,500 rows: 3 ms instead of 37 ms of
        # scattered heap pages at 1,000,000 meetings); the triggers' deletes by person use it too.
        indexes = [
            models.Index(
                fields=["person", "countries", "month", "status", "date_precision", "kind"],
                include=["contacts"],
                name="person_timeline_key",
            )
        ]

    @property
    def subject_id(self) -> int:
        return self.person_id


class OfficeTimeline(KeptTimeline):
    """An office's KeptTimeline: the contacts it is in, as its office filter and page list them (one of its officials
    took part, or it issued a read-out of the contact), each meeting once.

    Counted by difference, like the country pairs (migration 0011), not recounted per office: a ministry is in a
    good share of the archive, and every import batch touches it. Triggers on meetings, participations and read-outs
    (migration 0017) add each touched meeting's rows as it is after the statement and take away those it made
    before. The key's unique index (NULLS NOT DISTINCT, with the count included, so a page reads the index alone) is
    PostgreSQL's only: migration 0017."""

    organization = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )

    @property
    def subject_id(self) -> int:
        return self.organization_id


class ReadOutQuerySet(models.QuerySet):
    def public(self):
        """The read-outs of public meetings (MeetingQuerySet.public): a rejected or retired meeting's accounts are
        hidden with it. As a join, so that the database can walk the meetings' date indexes for a list's order."""
        return self.exclude(meeting__review_status=ReviewStatus.REJECTED).filter(meeting__retired_at__isnull=True)

    def latest_first(self):
        """By their meeting's date, the latest first and the undated last, then by id: as the read-outs list orders one
        issuer's (filters.ReadOutFilterSet). On PostgreSQL by the date each read-out keeps of its meeting, which
        ``readout_issuer_latest`` holds for one issuer's: a page of them is read off it, where the meetings' order was
        walked for them, each meeting probed for the issuer's read-outs (an office of 2,486 read-outs at 1,000,000
        meetings: 10,644 meetings for its latest 20, 30-77 ms)."""
        if connections[self.db].vendor == "postgresql":
            return self.order_by(F("meeting_date").desc(nulls_last=True), "pk")
        return self.order_by(F("meeting__date").desc(nulls_last=True), "pk")

    def public_by_key(self):
        """The same read-outs as ``public()``, each one's meeting looked up by its key as the read-out is read: for a
        count that stops at a cap. As a join, PostgreSQL hashed all of a busy office's read-outs (16,000 at
        1,000,000 meetings) and walked 62,000 meetings to find 1,001 of them public; a scalar subquery is never
        turned into a join, so 1,001 read-outs are read and each meeting found by its primary key."""
        meeting = Meeting.objects.public().filter(pk=OuterRef("meeting_id")).order_by().values("pk")[:1]
        return self.annotate(public_meeting=Subquery(meeting)).filter(public_meeting__isnull=False)


class ReadOut(models.Model):
    """An official account of a meeting by one side: a ministry's read-out, a statement, a briefing."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="readouts")
    # Indexed with the id (readout_issuer_order), which serves the foreign key's look-ups as its own index did.
    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="readouts", db_index=False)
    form = models.CharField(max_length=20, choices=ReadOutForm.choices, default=ReadOutForm.STATEMENT)
    language = models.CharField(max_length=10, blank=True, help_text="ISO 639-1 code, e.g. “ko”.")
    quotes = models.JSONField(default=list, blank=True, help_text="The passages quoted from the account.")
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="readouts",
        help_text="The article that cites this account.",
    )
    # The meeting's date, kept with each read-out on PostgreSQL (migration 0032's triggers: set from the meeting on
    # every write of the read-out, and written again when the meeting's date changes), so that one issuer's read-outs
    # are read newest first off one index (``readout_issuer_latest``) instead of joined to every meeting and sorted:
    # page 50 of the busiest issuer at 1,000,000 meetings read the whole meeting table. SQLite leaves it empty.
    meeting_date = models.DateField(null=True, editable=False, help_text="The meeting's date (kept on write).")
    # The meeting's title, kept the same way (migration 0037), with a trigram index: a search of one issuer's read-outs
    # tests its read-outs' own rows, where it read every meeting whose title held the phrase (80,000 titles with "Kim"
    # for the busiest issuer's 894 matches at 1,000,000 meetings) to join them to the issuer's. Kept as the search
    # reads it (migration 0038): upper-cased, its spaces and hyphens written as "q" and "x" so that the trigram index
    # reads a hyphenated name whole (search.Joined); not shown (the list and the CSV show the meeting's own title).
    # SQLite leaves it empty (NULL, so that SQLite adds the column in place: a column with a default made it copy the
    # table, and lose the table's data-version triggers, migration 0010).
    meeting_title = models.TextField(
        null=True,
        editable=False,
        help_text="The meeting's title as the read-outs' search reads it, upper-cased, spaces written as q, hyphens as "
        "x (kept on write).",
    )
    # The kept date and title are the meeting's, not the read-out's own history.
    history = HistoricalRecords(excluded_fields=["meeting_date", "meeting_title"])

    objects = ReadOutQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = "read-out"
        # PostgreSQL also has readout_issuer_latest (migration 0032; SQLite has no NULLS LAST in an index).
        indexes = [
            models.Index(fields=["issuer", "meeting"], name="readout_issuer_meeting"),
            # The list sorted by issuer (ties by id in its direction): each issuer's first read-outs read in order.
            models.Index(fields=["issuer", "id"], name="readout_issuer_order"),
            # The list sorted by form (ties by id in its direction): each page read in order, the meeting at hand.
            models.Index(fields=["form", "id"], include=["meeting"], name="readout_form"),
        ]
        constraints = [
            models.CheckConstraint(condition=_in_choices("form", ReadOutForm), name="readout_form_valid"),
            models.UniqueConstraint(fields=["meeting", "issuer", "form"], name="readout_one_per_issuer_form"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer.name} {self.get_form_display().lower()} on {self.meeting}"


class Evidence(models.Model):
    """The article sentence a meeting, a participation or a read-out was extracted from."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the sentence in the article body.")
    end = models.PositiveIntegerField()
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    readout = models.ForeignKey(ReadOut, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        ordering = ["article", "start"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="evidence_span_not_empty"),
            # Each row backs exactly one record.
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=False, participation__isnull=True, readout__isnull=True)
                    | Q(meeting__isnull=True, participation__isnull=False, readout__isnull=True)
                    | Q(meeting__isnull=True, participation__isnull=True, readout__isnull=False)
                ),
                name="evidence_backs_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} [{self.start}:{self.end}]"


class DataVersion(models.Model):
    """A number that every committed write to the meetings data raises: pages cached under it are never stale.

    Database triggers raise it (migration 0010), once per writing transaction on PostgreSQL and in that
    transaction, so imports, admin edits, reviews, bulk updates and raw SQL all count, and a reader sees the
    new number exactly when it sees the new data. One row. A table added to this app needs the same trigger
    (``meetings/tests/test_page_cache.py`` checks every model's table).
    """

    number = models.BigIntegerField(default=0)
    # When it was last raised: with the number, a version no database state has had before, even after a
    # backup is restored (its number then comes back, its time does not).
    changed = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"data version {self.number}"
