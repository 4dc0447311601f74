"""factory_boy factories for tests that need records without going through the importer."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from meetings import models


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Ministry of Affairs {n}")
    slug = factory.Sequence(lambda n: f"ministry-{n}")
    country = "KR"
    kind = models.OrgKind.MINISTRY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Person Number{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    country = "KR"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Minister"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    published = dt.date(2019, 5, 10)
    title = "Envoys meet in Seoul"
    body = factory.LazyAttribute(lambda a: f"{a.title}.\n\nThe two envoys met in Seoul on Friday.")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    kind = models.Kind.MEETING
    status = models.Status.HELD
    date = dt.date(2019, 5, 10)
    date_precision = models.DatePrecision.DAY
    location = "Seoul"


def hidden_meetings(title: str, date, *, built: bool = False) -> list:
    """A rejected and a retired meeting (``title`` then " rejected" or " retired"), which no public list shows; with
    ``built``, not yet stored (for create_in_bulk)."""
    return [
        (MeetingFactory.build if built else MeetingFactory)(
            title=f"{title} {status}",
            date=date,
            review_status="rejected" if status == "rejected" else "extracted",
            retired_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC) if status == "retired" else None,
        )
        for status in ("rejected", "retired")
    ]


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    country = factory.LazyAttribute(lambda p: p.person.country)
    title = "Minister"


class ReadOutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReadOut

    meeting = factory.SubFactory(MeetingFactory)
    issuer = factory.SubFactory(OrganizationFactory)
    form = models.ReadOutForm.STATEMENT
    quotes = factory.LazyFunction(lambda: ["Both sides agreed to keep talking."])


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evidence

    article = factory.SubFactory(ArticleFactory)
    sentence = "The two envoys met in Seoul on Friday."
    start = 0
    end = 38


PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class EditorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Editors"))


# The tables bulk_created records are stored in, each after those its rows point to. People are left to their factory:
# Person.save keeps the name's search key, which bulk_create would skip.
BULK_ORDER = (
    models.Organization,
    models.Article,
    models.Meeting,
    models.Participation,
    models.ReadOut,
    models.Evidence,
)


def create_in_bulk(records) -> None:
    """Store records built by the factories (``Factory.build``), and the unsaved records they point to, a table at a
    time, each table's in the order first met (ids, which break ties, as saved one by one). On PostgreSQL every
    statement on meetings, participations and read-outs fires the triggers that keep the lists' rows and counts (about
    ten on a participation): a fixture of a hundred contacts saved one by one spent over a second in them before each
    test that used it. One statement a table gives the triggers the same rows, as an import's batch does. No
    historical records are written (bulk_create sends no signals)."""
    unsaved = {}  # by identity, in the order first met: a record's unsaved related records, then the record
    for record in records:
        related = [
            getattr(record, field.name)
            for field in record._meta.concrete_fields
            if field.is_relation and field.is_cached(record)
        ]
        for each in [*related, record]:
            if each is not None and each.pk is None:
                unsaved.setdefault(id(each), each)
    left = {type(record).__name__ for record in unsaved.values() if type(record) not in BULK_ORDER}
    if left:
        raise TypeError(f"create_in_bulk stores {', '.join(m.__name__ for m in BULK_ORDER)}, not {', '.join(left)}")
    for model in BULK_ORDER:
        of_model = [record for record in unsaved.values() if type(record) is model]
        if of_model:
            model.objects.bulk_create(of_model)
