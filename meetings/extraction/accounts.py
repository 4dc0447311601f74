"""Official accounts credited to the contact they are of.

A read-out, statement or briefing is cited in its own sentence ("..., the State Department said in a
readout"), often a paragraph before or after the contact it tells of. Sentence by sentence, an account goes to
the contact its sentence reports, else to the contact being discussed; one read before any contact waits a
couple of sentences for it. An account comes from one of the contact's sides (or an international body), so a
DPRK spokesman's words are never credited to Seoul or Washington.
"""

from __future__ import annotations

import re

from meetings.extraction.events import ContactDraft
from meetings.extraction.lexicon import Lexicon, LexiconMatch
from meetings.extraction.people import ArticlePerson, PersonMention
from meetings.extraction.readouts import PRONOUN_ATTRIBUTION, ReadOutMention, find_readouts, quotes_in
from meetings.extraction.records import OrganizationRef, Sentence
from meetings.extraction.vocabulary.attribution import SPEECH_VERB

# "..., his office said", "the ministry said": the office of the one whose contact this is.
_OWN_OFFICE = re.compile(rf"\b(?:(?:his|her)\s+(?:office|ministry)|the\s+ministry)\s+{SPEECH_VERB}\b", re.I)
# "Presidential spokesman Kang said ...": a spokesperson named, then what he says.
_SPEAKS = re.compile(rf",?\s+(?:[\w’'-]+\s+){{0,3}}?{SPEECH_VERB}\b", re.I)
# "1. Foreign Minister Kang talked to ...", "2. The Minister noted ...": paragraphs numbered as a ministry's release.
_NUMBERED_PARAGRAPH = re.compile(r"^\s*\d{1,2}\.\s+[A-Z]", re.M)
_RELEASE_PARAGRAPHS = 2  # one numbered line may be a list in a news story; a release numbers all of its points
# An account read before any contact: the contact it tells of follows within this many sentences.
PENDING_SENTENCES = 2
# The states whose offices' accounts an article may cite beside the contact's own sides (the lexicon's matching of
# issuers is narrowed to these): Seoul's and Washington's are cited in nearly every story of this field.
USUAL_ISSUERS = ("KR", "US")
_FORM_RANK = {"read-out": 2, "statement": 1, "briefing": 0}


def issued_by_a_side(readout: ReadOutMention, draft: ContactDraft) -> bool:
    """An official account of a contact comes from one of its sides (or an international body)."""
    countries = {p.country for p in draft.people if p.country}
    return readout.issuer.country is None or len(draft.people) < 2 or readout.issuer.country in countries


def attach(draft: ContactDraft, readout: ReadOutMention, sentence: Sentence) -> None:
    """One account per issuer: the strongest form, every language and quote given."""
    key = readout.issuer.name + (readout.issuer.country or "")
    known = draft.readouts.get(key)
    if known is None:
        draft.readouts[key] = (readout, sentence)
        return
    old = known[0]
    merged = ReadOutMention(
        issuer=old.issuer,
        form=old.form if _FORM_RANK[old.form] >= _FORM_RANK[readout.form] else readout.form,
        language=old.language or readout.language,
        quotes=old.quotes + tuple(q for q in readout.quotes if q not in old.quotes),
    )
    draft.readouts[key] = (merged, known[1])


def credit_official_release(body: str, drafts: list[ContactDraft]) -> None:
    """A ministry's own release ("1. Foreign Minister X held a telephone conversation with ... 2. Minister X
    emphasised ..."): numbered paragraphs are how foreign ministries write their read-outs, and the office of
    the first side of its first contact, the minister it is about, is who issued it."""
    if len(_NUMBERED_PARAGRAPH.findall(body)) < _RELEASE_PARAGRAPHS or not drafts:
        return
    credit_issuer(drafts, drafts[0].people[0].organization, "read-out")


def credit_issuer(drafts: list[ContactDraft], issuer: OrganizationRef | None, form: str) -> None:
    """An office that issued the whole text gives its account of every contact with a side of its state."""
    if issuer is None or issuer.country is None:
        return
    for draft in drafts:
        if any(p.country == issuer.country for p in draft.people):
            attach(draft, ReadOutMention(issuer, form, None, ()), draft.evidence)


# A heading's line: no full stop at its end ("Readout of ... Meeting With ...", "READOUT").
_HEADING_LENGTH = 200  # characters: a release's title, however long its officials' titles make it
_HEADING_LINE = re.compile(r"[^\n]{1," + str(_HEADING_LENGTH) + r"}(?<![.!?\"”])")
# "Press Statement", "Readout", "Press Release": an office's own text, its heading naming who issued it.
_RELEASE_HEADING = re.compile(r"\b(?:press\s+statement|read-?out|press\s+release|joint\s+statement)\b", re.I)


class AccountsReader:
    """The accounts of one article, read sentence by sentence beside its contacts."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        # Accounts read before the contact they tell of: (account, its sentence, its index, the people it names).
        self.pending: list[tuple[ReadOutMention, Sentence, int, list[ArticlePerson]]] = []
        # Accounts of the story's lead, before it told of any contact ("The top diplomats of South Korea and China
        # agreed ..., according to Seoul's foreign ministry"): of its first contact, however many sentences on.
        self.lead: list[tuple[ReadOutMention, Sentence]] = []
        self.last_issuer: ReadOutMention | None = None  # "..., it said": the issuer just named
        # "Press Statement By Morgan Ortagus, Department Spokesperson": a release whose heading names its issuer.
        self.release_issuer: OrganizationRef | None = None
        self.is_release = False  # the heading says the text is an office's own ("Readout", "Press Statement")
        self.heading_subject: ArticlePerson | None = None  # the first official the heading names

    def note_heading(self, sentence: Sentence, mentions: list[PersonMention]) -> None:
        """A release's heading ("Press Statement By Morgan Ortagus, Department Spokesperson"): its speaker's office
        issued the whole text. "Readout of Secretary Okafor's Meeting With ...": with no speaker named, the office of
        the official whose contact it tells (known by the end of the text, where his full title is given)."""
        if self.heading_subject is None and mentions and _HEADING_LINE.fullmatch(sentence.text.strip()):
            self.heading_subject = mentions[0].person
        if not (_RELEASE_HEADING.search(sentence.text) and _HEADING_LINE.fullmatch(sentence.text.strip())):
            return
        self.is_release = True
        speaker = next((m.person for m in mentions if m.person.is_speaker and m.person.organization), None)
        if speaker is not None:
            self.release_issuer = speaker.organization

    def credit_release(self, drafts: list[ContactDraft]) -> None:
        """Every contact of a release with a side of its issuer's state is told in the issuer's account."""
        issuer = self.release_issuer
        if issuer is None and self.is_release and self.heading_subject is not None:
            issuer = self.heading_subject.organization
        credit_issuer(drafts, issuer, "statement" if self.release_issuer else "read-out")

    def _accounts_in(
        self,
        sentence: Sentence,
        matches: list[LexiconMatch],
        mentions: list[PersonMention],
        *,
        target: ContactDraft | None,
        subject: ArticlePerson | None,
    ) -> list[ReadOutMention]:
        """The accounts a sentence cites: issuers the lexicon knows, "it said" after one, "his office said", or a
        spokesperson's own words."""
        text = sentence.text
        countries = [p.country for p in (target.people if target else []) if p.country] + list(USUAL_ISSUERS)
        found = find_readouts(self.lexicon, text, matches, countries)
        if not found and self.last_issuer and PRONOUN_ATTRIBUTION.search(text):
            last = self.last_issuer
            found = [ReadOutMention(last.issuer, last.form, last.language, quotes_in(text))]
        if not found and (own_office := _OWN_OFFICE.search(text)):
            # The office of the one whose contact this is (its first side named, or the sentence's subject).
            side = next((m.person for m in mentions if m.end <= own_office.start()), subject)
            office = side.organization if side else None
            if office and ("ministry" not in own_office.group().casefold() or "ministry" in office.name.casefold()):
                found = [ReadOutMention(office, "statement", None, quotes_in(text))]
        if not found:
            # "Presidential spokesman Kang said during a briefing that ...": a spokesperson's words are his office's.
            spoken = next(
                (
                    m.person
                    for m in mentions
                    if m.person.is_speaker and m.person.organization and _SPEAKS.match(text, m.end)
                ),
                None,
            )
            if spoken:
                form = "briefing" if "briefing" in text.casefold() else "statement"
                found = [ReadOutMention(spoken.organization, form, None, quotes_in(text))]
        return found

    def read(
        self,
        sentence: Sentence,
        matches: list[LexiconMatch],
        mentions: list[PersonMention],
        *,
        created: list[ContactDraft],
        target: ContactDraft | None,
        subject: ArticlePerson | None,
        any_contact: bool,
    ) -> None:
        """Credit the accounts a sentence cites: to ``target`` (the contact it reports, or the one being
        discussed), or, before any contact, to the one the next sentences report (``any_contact``: whether the
        article told of one yet)."""
        found = self._accounts_in(sentence, matches, mentions, target=target, subject=subject)
        named = [m.person for m in mentions if not m.person.is_speaker]
        about_others = not created and target is not None and named and not any(p in target.people for p in named)
        carried: list[tuple[ReadOutMention, Sentence, int, list[ArticlePerson]]] = []
        for readout in found:
            self.last_issuer = readout
            if about_others:
                continue  # "Xi sent a message to Kim, KCNA said": an account of something else
            if target is None:
                self.pending.append((readout, sentence, sentence.index, named))
                if not named and not any_contact:
                    self.lead.append((readout, sentence))
            elif issued_by_a_side(readout, target):
                attach(target, readout, sentence)
                if target.needs_counterpart:  # its sides may turn out to be a contact the next sentences name
                    carried.append((readout, sentence, sentence.index, named))
        if created:
            for readout, source in self.lead:
                if issued_by_a_side(readout, created[0]):
                    attach(created[0], readout, source)
            self.lead = []
            for readout, source, index, named_there in self.pending:
                if (
                    sentence.index - index <= PENDING_SENTENCES
                    and issued_by_a_side(readout, created[0])
                    and (not named_there or any(p in created[0].people for p in named_there))
                ):
                    attach(created[0], readout, source)
            self.pending = []
        self.pending.extend(carried)
