"""The editors' admin: review what the importer extracted, correct it, and extend the knowledge base."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django_countries.fields import Country
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    Article,
    CountryAlias,
    Evidence,
    Meeting,
    Organization,
    Participation,
    Person,
    Place,
    Position,
    ReadOut,
    ReviewStatus,
    name_key,
)
from meetings.services import editorial
from meetings.services.articles import MAX_ARTICLE_BYTES, too_large


def _evidence_list(evidence):
    """Evidence sentences as a list, each linked to its article."""
    items = list(evidence)
    if not items:
        return "—"
    return format_html(
        "<ul class='diplo-evidence'>{}</ul>",
        format_html_join(
            "",
            "<li><a href='{}'>{}</a> [{}–{}]: “{}”</li>",
            ((e.article.get_absolute_url(), e.article.slug, e.start, e.end, e.sentence) for e in items),
        ),
    )


class EvidenceSentencesMixin:
    """Shows the sentences a record was extracted from, on its change page."""

    readonly_fields = ["evidence"]

    @admin.display(description="Evidence sentences")
    def evidence(self, obj):
        return _evidence_list(obj.evidence.select_related("article"))


def _action_form(admin_instance, request, *, people, form, title, intro, button, action):
    """The intermediate page of a person action: the form, the selection carried along, and the button."""
    return render(
        request,
        "admin/meetings/person/action_form.html",
        {
            **admin_instance.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "form": form,
            "people": people,
            "opts": admin_instance.model._meta,
            "action": action,
        },
    )


def _key(field, value: str):
    """``value`` as a value of the primary key ``field``; a 404 when it cannot be one ("abc" for an integer id)."""
    try:
        return field.to_python(unquote(value))
    except ValidationError:
        raise Http404(f"No record with the id {value!r}") from None


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's pages, given only ids that can exist: it queries whatever the URL holds, and a
    non-numeric id (…/abc/history/) was a database error, a 500, instead of "not found"."""

    def history_view(self, request, object_id, extra_context=None):
        _key(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _key(self.model._meta.pk, object_id)
        _key(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


def person_label(person: Person) -> str:
    """A person as the autocomplete offers them: name, country and the office held today, so that namesakes
    ("Kim Yong-chol", "Kim Yong Chol") are told apart."""
    parts = [person.name]
    if person.country:
        parts.append(person.country.name)
    current = getattr(person, "current_positions", None)
    if current:
        position = current[0]
        parts.append(f"{position.title}, {position.organization.name}" if position.organization else position.title)
    return " · ".join(parts)


class AutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, with each person's country and current office beside the name."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is Person:
            current = Position.objects.select_related("organization").held_on(timezone.localdate())
            queryset = queryset.prefetch_related(Prefetch("positions", queryset=current, to_attr="current_positions"))
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Person):
            result["text"] = person_label(obj)
        return result


# --- Knowledge base ---------------------------------------------------------------------------


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["alias"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "aliases"]
    list_filter = ["country"]
    search_fields = ["name"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date"]


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin):
    list_display = ["name", "acronym", "country", "kind", "parent", "people_count"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "acronym", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(people_count=Count("positions__person", distinct=True))

    @admin.display(ordering="people_count", description="people")
    def people_count(self, obj):
        return obj.people_count


class AddAliasForm(forms.Form):
    alias = forms.CharField(max_length=200, help_text="A spelling variant, e.g. “Kim Jong-un”.")


class MergePeopleForm(forms.Form):
    survivor = forms.ModelChoiceField(queryset=Person.objects.none(), help_text="The record that is kept.")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = people


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "country", "origin", "alias_list", "meeting_count", "updated_at"]
    list_filter = ["origin", "country"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PositionInline]
    readonly_fields = ["evidence"]
    actions = ["merge_people", "add_alias"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(meeting_count=Count("participations", distinct=True))

    @admin.display(ordering="meeting_count", description="meetings")
    def meeting_count(self, obj):
        return obj.meeting_count

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of a participant's person lists 20 at a time: "Kim Jong Un" must come before
        # "Kim Hyun-chong", which the word-by-word search also finds ("jong" in "chong", "un" in "Hyun").
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = name_key(search_term)
        if key:  # "Kim Jong-un" finds "Kim Jong Un" too: names compared folded, as the importer compares them
            found = queryset.filter(Q(pk__in=found.values("pk")) | Q(name_key__contains=key))
        return found.ranked_for(search_term), may_have_duplicates

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return "; ".join(obj.aliases)

    @admin.display(description="Evidence sentences")
    def evidence(self, obj):
        return _evidence_list(
            Evidence.objects.filter(participation__person=obj)
            .select_related("article")
            .order_by("article", "start")[:50]
        )

    @admin.action(description="Merge the selected people into one")
    def merge_people(self, request, queryset):
        people = queryset.order_by("name")
        if people.count() < 2:
            self.message_user(request, "Select at least two people to merge.", messages.WARNING)
            return None
        if "apply" in request.POST:
            form = MergePeopleForm(request.POST, people=people)
            if form.is_valid():
                survivor = form.cleaned_data["survivor"]
                others = list(people.exclude(pk=survivor.pk))
                editorial.merge_people(survivor=survivor, others=others)
                merged = f"1 person ({others[0].name})" if len(others) == 1 else f"{len(others)} people"
                self.message_user(
                    request,
                    f"Merged {merged} into {survivor}: their names are now its aliases, and their old addresses "
                    "lead to it.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = MergePeopleForm(people=people)
        return _action_form(
            self,
            request,
            people=people,
            form=form,
            title="Merge people",
            button="Merge",
            action="merge_people",
            intro="These people will become one. The others' names become aliases of the one you keep; "
            "their positions and meeting participations move to it.",
        )

    @admin.action(description="Add an alias to the selected person")
    def add_alias(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one person to add an alias to.", messages.WARNING)
            return None
        person = queryset.get()
        if "apply" in request.POST:
            form = AddAliasForm(request.POST)
            if form.is_valid():
                merged = editorial.add_alias(person=person, alias=form.cleaned_data["alias"])
                note = f" and merged {len(merged)} record(s) discovered under that name" if merged else ""
                self.message_user(request, f"Added the alias to {person}{note}.", messages.SUCCESS)
                return None
        else:
            form = AddAliasForm()
        return _action_form(
            self,
            request,
            people=queryset,
            form=form,
            title=f"Add an alias to {person}",
            button="Add alias",
            action="add_alias",
            intro="The next import links mentions of this alias to the person; a record "
            "discovered under this very name is merged into it.",
        )


@admin.register(Position)
class PositionAdmin(HistoryAdmin):
    list_display = ["person", "title", "organization", "start_date", "end_date"]
    list_filter = ["organization__country"]
    list_select_related = ["person", "organization"]
    search_fields = ["person__name", "title", "organization__name"]
    autocomplete_fields = ["person", "organization"]


# --- Sources ----------------------------------------------------------------------------------


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def reextract_message(articles: int, stored) -> str:
    """What a re-extraction did, in words: "Re-extracted 1 article: 2 meetings found again and kept at their
    addresses, 1 new meeting, none retired; no new people." """
    found = (
        f"{_count(stored.meetings_updated, 'meeting', 'meetings')} found again and kept at "
        f"{'its address' if stored.meetings_updated == 1 else 'their addresses'}"
    )
    created = _count(stored.meetings_created, "new meeting", "new meetings") if stored.meetings_created else "none new"
    retired = (
        f"{_count(stored.meetings_retired, 'meeting', 'meetings')} no longer found, retired (its page says so)"
        if stored.meetings_retired
        else "none retired"
    )
    people = (
        f"{_count(stored.people_discovered, 'person', 'people')} newly discovered"
        if stored.people_discovered
        else "no new people"
    )
    return f"Re-extracted {_count(articles, 'article', 'articles')}: {found}, {created}, {retired}; {people}."


class ArticleForm(forms.ModelForm):
    def clean_body(self):
        # The importer's size limit holds for a text edited here too: past it, its page and re-extraction cost
        # what the limit is there to prevent.
        body = self.cleaned_data["body"]
        size = len(body.encode())
        if size > MAX_ARTICLE_BYTES:
            raise ValidationError(too_large(size).split(": not imported")[0] + ": shorten it")
        return body


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    form = ArticleForm
    list_display = ["slug", "published", "title", "outlet", "meeting_count", "extracted_at"]
    search_fields = ["slug", "title", "body", "outlet"]
    date_hierarchy = "published"
    list_filter = ["outlet"]
    readonly_fields = ["content_hash", "imported_at", "updated_at", "extracted_at"]
    actions = ["reextract"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(meeting_count=Count("evidence__meeting", distinct=True))

    @admin.display(ordering="meeting_count", description="meetings")
    def meeting_count(self, obj):
        return obj.meeting_count

    @admin.action(description="Re-run extraction for the selected articles")
    def reextract(self, request, queryset):
        articles = list(queryset)
        stored = editorial.reextract_articles(articles=articles)
        self.message_user(request, reextract_message(len(articles), stored), messages.SUCCESS)


# --- Meetings ---------------------------------------------------------------------------------


class ParticipationForm(forms.ModelForm):
    """A participant: country, office and title left blank are the person's at the meeting's date; a country that
    is not the chosen office's is refused."""

    class Meta:
        model = Participation
        fields = ["meeting", "person", "title", "organization", "country"]
        help_texts = {
            "country": "Left blank: the office's country, else that of the person's position at the meeting's date.",
            "organization": "Left blank: the office the person held at the meeting's date, if known.",
        }

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting  # the meeting being edited, as the editor has it (its date may be new)

    def clean(self):
        data = super().clean()
        person, office, country = data.get("person"), data.get("organization"), data.get("country")
        if person is None or not self.has_changed():
            return data  # a row left as it was is saved as it was
        chosen_office = office
        meeting = data.get("meeting") or self.meeting
        day = getattr(meeting, "date", None)
        position = Position.objects.filter(person=person).select_related("organization").held_on(day).first()
        if office is None and position is not None and position.organization is not None:
            office = data["organization"] = position.organization
            data["title"] = data.get("title") or position.title
        elif position is not None and office == position.organization:
            data["title"] = data.get("title") or position.title
        if country and office is not None and office.country and country != office.country.code:
            self.add_error(
                "country",
                f"{office.name} is an office of {office.country.name}, not of {Country(code=country).name}: choose "
                "the country of the office, or another office.",
            )
        elif not country and chosen_office and chosen_office.country and person.country != chosen_office.country:
            # A South Korean official in a North Korean office is a slip of the autocomplete more often than a
            # defection: the editor says which by typing the country.
            self.add_error(
                "organization",
                f"{person.name} is recorded as of {person.country.name or 'no country'}, and {chosen_office.name} is "
                f"an office of {chosen_office.country.name}: choose another office, or type the country to confirm.",
            )
        elif not country:
            data["country"] = (office.country.code if office is not None and office.country else "") or (
                person.country.code if person.country else ""
            )
        return data


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = ParticipationForm
    extra = 0
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "title", "organization", "country"]


class QuotesField(forms.CharField):
    """The passages quoted from an account, typed one per line (stored as a list)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(quote) for quote in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ReadOutForm(forms.ModelForm):
    quotes = QuotesField(
        required=False,
        strip=False,
        help_text="One passage per line, as the account words it; blank lines are ignored.",
    )

    class Meta:
        model = ReadOut
        fields = "__all__"


class ReadOutInline(admin.StackedInline):
    model = ReadOut
    form = ReadOutForm
    extra = 0
    autocomplete_fields = ["issuer", "article"]
    fields = [("issuer", "form", "language"), "quotes", "article"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "meeting"
    extra = 0
    can_delete = False
    fields = ["article", "sentence", "start", "end"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return ReviewStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(review_status=self.value()) if self.value() else queryset


class ConfidenceFilter(admin.SimpleListFilter):
    """Bands of the extractor's confidence, so the least certain contacts can be reviewed first."""

    title = "extractor's confidence"
    parameter_name = "confidence"
    BANDS = {"low": (0.0, 0.6), "medium": (0.6, 0.85), "high": (0.85, 1.01)}

    def lookups(self, request, model_admin):
        return [
            ("low", "Low (below 0.6)"),
            ("medium", "Medium (0.6 to 0.85)"),
            ("high", "High (0.85 and above)"),
            ("none", "Added by hand"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(confidence__isnull=True)
        if self.value() in self.BANDS:
            low, high = self.BANDS[self.value()]
            return queryset.filter(confidence__gte=low, confidence__lt=high)
        return queryset


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = [
        "title",
        "date",
        "date_precision",
        "kind",
        "status",
        "location",
        "confidence",
        "review_status",
        "reviewed_by",
    ]
    list_filter = [ReviewStatusFilter, ConfidenceFilter, "kind", "status", "date_precision", "participations__country"]
    list_select_related = ["reviewed_by"]
    search_fields = ["title", "location", "participations__person__name", "readouts__issuer__name"]
    date_hierarchy = "date"
    inlines = [ParticipationInline, ReadOutInline, EvidenceInline]
    autocomplete_fields = ["fulfilled_by"]  # a plan's meeting held, picked by title like the people
    readonly_fields = [
        "review_status",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
        "sources",
        "confidence",
        "cues",
        "on_save",
    ]
    fieldsets = [
        (None, {"fields": ["title", ("kind", "status"), ("date", "date_precision"), "location", "fulfilled_by"]}),
        (
            "Review",
            {"fields": [("review_status", "reviewed_by", "reviewed_at"), "on_save", "notes", ("confidence", "cues")]},
        ),
        ("Sources", {"fields": ["sources", "source_note"]}),
        ("Record", {"classes": ["collapse"], "fields": [("created_at", "updated_at")]}),
    ]
    actions = ["verify", "reject", "return_to_extracted", "merge_meetings"]

    class Media:
        css = {"all": ["css/admin-meeting.css"]}  # the change page within a 1366 px window

    def get_queryset(self, request):
        # Meetings merged into another or retired are kept only for their old addresses; editors work on the rest.
        return super().get_queryset(request).filter(retired_at__isnull=True)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ParticipationInline):
            # Blank countries and offices default to the person's position at this meeting's date, as typed.
            kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "meeting": obj}
        return kwargs

    def get_inlines(self, request, obj):
        # Evidence comes from imports; a meeting being added by hand has none to show.
        return self.inlines if obj else [ParticipationInline, ReadOutInline]

    @admin.display(description="Once saved")
    def on_save(self, obj):
        # save_model verifies what an editor adds or edits by hand: say so before they save.
        if obj is None or obj.pk is None:
            return "Verified, by you: a meeting added by hand is an editor's record, which no re-import changes."
        if obj.review_status == ReviewStatus.EXTRACTED:
            return "Verified, by you: saving your changes marks this extracted meeting checked."
        return f"{obj.get_review_status_display()}, as now."

    @admin.display(description="Why")
    def cues(self, obj):
        return "; ".join(obj.extraction_cues) or "—"

    @admin.display(description="Source articles")
    def sources(self, obj):
        articles = {e.article for e in obj.evidence.select_related("article")}
        if not articles:
            return "—"
        return format_html_join(", ", "<a href='{}'>{}</a>", ((a.get_absolute_url(), a.slug) for a in articles))

    def save_model(self, request, obj, form, change):
        # A meeting an editor creates or edits by hand is their work: verify it so no re-import touches it.
        if obj.review_status == ReviewStatus.EXTRACTED:
            editorial.mark_reviewed(meeting=obj, status=ReviewStatus.VERIFIED, user=request.user, save=False)
        super().save_model(request, obj, form, change)

    def _review(self, request, queryset, status):
        count = editorial.review_meetings(meetings=queryset, status=status, user=request.user)
        self.message_user(request, f"{count} meeting(s) marked {status}.", messages.SUCCESS)

    @admin.action(description="Verify the selected meetings")
    def verify(self, request, queryset):
        self._review(request, queryset, ReviewStatus.VERIFIED)

    @admin.action(description="Reject the selected meetings (hidden from the public pages, kept for re-imports)")
    def reject(self, request, queryset):
        self._review(request, queryset, ReviewStatus.REJECTED)

    @admin.action(description="Return the selected meetings to 'extracted' (re-imports may refresh them)")
    def return_to_extracted(self, request, queryset):
        self._review(request, queryset, ReviewStatus.EXTRACTED)

    @admin.action(description="Merge the selected meetings into the first recorded of them (the others redirect)")
    def merge_meetings(self, request, queryset):
        meetings = list(queryset.order_by("pk"))
        if len(meetings) < 2:
            self.message_user(request, "Select at least two meetings to merge.", messages.WARNING)
            return
        survivor, others = meetings[0], meetings[1:]
        editorial.merge_meetings(survivor=survivor, others=others, user=request.user)
        self.message_user(
            request,
            f"Merged {len(others)} meeting(s) into “{survivor}” (#{survivor.pk}), now verified; "
            "their addresses redirect there.",
            messages.SUCCESS,
        )


@admin.register(Participation)
class ParticipationAdmin(EvidenceSentencesMixin, HistoryAdmin):
    form = ParticipationForm
    list_display = ["person", "meeting", "title", "organization", "country"]
    list_select_related = ["person", "meeting", "organization"]
    list_filter = ["country"]
    search_fields = ["person__name", "meeting__title", "title"]
    autocomplete_fields = ["meeting", "person", "organization"]


@admin.register(ReadOut)
class ReadOutAdmin(EvidenceSentencesMixin, HistoryAdmin):
    form = ReadOutForm
    list_display = ["issuer", "meeting", "form", "language", "article"]
    list_select_related = ["issuer", "meeting", "article"]
    list_filter = ["form", "language", "issuer__country"]
    search_fields = ["issuer__name", "meeting__title", "quotes"]
    autocomplete_fields = ["meeting", "issuer", "article"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["article", "start", "end", "sentence", "meeting", "participation", "readout"]
    list_select_related = [
        "article",
        "meeting",
        "participation__person",
        "participation__meeting",
        "readout__issuer",
        "readout__meeting",
    ]
    search_fields = ["sentence", "article__slug"]
    autocomplete_fields = ["article", "meeting", "participation", "readout"]
