"""Records for the API and feed tests: every kind, status and precision, an undated and a rejected meeting."""

from __future__ import annotations

import datetime as dt

from meetings.models import ReviewStatus
from meetings.tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    ReadOutFactory,
)


def build_world() -> dict:
    mofa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kr-mofa", acronym="MOFA", country="KR")
    mou = OrganizationFactory(name="Ministry of Unification", slug="kr-mou", country="KR")
    kp_mfa = OrganizationFactory(name="Ministry of Foreign Affairs", slug="kp-mfa", country="KP")
    kcna = OrganizationFactory(
        name="Korean Central News Agency", slug="kp-kcna", acronym="KCNA", country="KP", kind="media"
    )
    state = OrganizationFactory(name="Department of State", slug="us-state", country="US")
    kang = PersonFactory(name="Kang Kyung-wha", slug="kang", aliases=["Kang Kyung-hwa"], country="KR")
    lee = PersonFactory(name="Lee Do-hoon", slug="lee", country="KR")
    choe = PersonFactory(name="Choe Son-hui", slug="choe", country="KP")
    biegun = PersonFactory(name="Stephen Biegun", slug="biegun", country="US")
    PositionFactory(
        person=kang, organization=mofa, title="Minister of Foreign Affairs", start_date=dt.date(2017, 6, 18)
    )
    PositionFactory(person=lee, organization=mou, title="Special Representative")
    seoul = ArticleFactory(slug="a-seoul", title="Biegun in Seoul", published=dt.date(2019, 5, 10))
    summit_off = ArticleFactory(slug="b-summit-off", title="Summit off", published=dt.date(2018, 6, 13))
    ArticleFactory(slug="c-group", title="Working group", published=dt.date(2019, 3, 2))

    talks = MeetingFactory(
        title="Biegun – Kang talks", date=dt.date(2019, 5, 10), kind="meeting", status="held", location="Seoul"
    )
    ParticipationFactory(meeting=talks, person=kang, organization=mofa, country="KR", title="Minister")
    ParticipationFactory(meeting=talks, person=biegun, organization=state, country="US", title="Special Representative")
    ReadOutFactory(
        meeting=talks, issuer=mofa, form="read-out", language="ko", quotes=["The door is open."], article=seoul
    )
    ReadOutFactory(meeting=talks, issuer=state, form="statement", quotes=["Close coordination."])
    EvidenceFactory(article=seoul, meeting=talks, sentence="Biegun met Kang in Seoul on Friday.", start=0, end=36)

    group = MeetingFactory(
        title="Working group in Washington",
        date=dt.date(2019, 3, 1),
        date_precision="month",
        kind="working_group",
        location="Washington",
        review_status=ReviewStatus.VERIFIED,
    )
    ParticipationFactory(meeting=group, person=lee, organization=mou, country="KR")
    ParticipationFactory(meeting=group, person=biegun, organization=state, country="US")

    summit = MeetingFactory(
        title="Summit plan", date=dt.date(2018, 6, 12), kind="summit", status="cancelled", location="Singapore"
    )
    ParticipationFactory(meeting=summit, person=choe, organization=kp_mfa, country="KP")
    ParticipationFactory(meeting=summit, person=biegun, organization=state, country="US")
    ReadOutFactory(meeting=summit, issuer=kcna, quotes=["tremendous anger"], article=summit_off)
    EvidenceFactory(article=summit_off, meeting=summit, sentence="The summit is off.", start=0, end=18)

    call = MeetingFactory(title="Call of unknown date", date=None, kind="phone_call", status="planned", location="")
    ParticipationFactory(meeting=call, person=kang, organization=mofa, country="KR")
    ParticipationFactory(meeting=call, person=choe, organization=kp_mfa, country="KP")

    letter = MeetingFactory(
        title="Letter to Pyongyang", date=dt.date(2018, 1, 1), date_precision="year", kind="letter", location=""
    )
    ParticipationFactory(meeting=letter, person=choe, organization=None, country="KP")

    rejected = MeetingFactory(
        title="Rejected by an editor", date=dt.date(2019, 5, 11), review_status=ReviewStatus.REJECTED
    )
    ParticipationFactory(meeting=rejected, person=kang, organization=mofa, country="KR")
    ParticipationFactory(meeting=rejected, person=choe, organization=kp_mfa, country="KP")
    ReadOutFactory(meeting=rejected, issuer=kcna, quotes=["tremendous anger again"])
    return {"talks": talks, "group": group, "summit": summit, "call": call, "letter": letter, "rejected": rejected}


def populate(n: int) -> None:
    """n meetings, each with two participants of their own offices, a read-out and a source article."""
    for i in range(n):
        meeting = MeetingFactory(date=dt.date(2019, 1, 1) + dt.timedelta(days=i % 7))
        home, away = (
            ParticipationFactory(meeting=meeting, country="KR"),
            ParticipationFactory(meeting=meeting, country="US"),
        )
        PositionFactory(person=home.person, organization=home.organization)
        ReadOutFactory(meeting=meeting, issuer=away.organization, article=ArticleFactory())
        EvidenceFactory(article=ArticleFactory(), meeting=meeting)
