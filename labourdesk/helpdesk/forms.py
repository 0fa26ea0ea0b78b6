"""Forms of the public Ask page, the private page and the staff case page."""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labourdesk.helpdesk import limits
from labourdesk.helpdesk.choices import CachedSelect
from labourdesk.helpdesk.models import Case, Region, Sector, Topic, UserType
from labourdesk.standards.models import Instrument, MemberState

QUESTION_MAX = limits.QUESTION_MAX
# A person takes more than a few seconds to write a question; a script does not.
MIN_FILL_SECONDS = 3
_SALT = "helpdesk.ask"


def fill_stamp() -> str:
    return signing.dumps(timezone.now().timestamp(), salt=_SALT)


def seconds_since(stamp: str) -> float | None:
    try:
        started = signing.loads(stamp, salt=_SALT, max_age=24 * 3600)
        return timezone.now().timestamp() - float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return None


class TermChoiceField(forms.ModelChoiceField):
    """A taxonomy term chosen by its stable code, labelled in the page's language."""

    def label_from_instance(self, obj):
        return obj.label


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class CountryChoiceField(forms.ModelChoiceField):
    """A member state by its ISO code, named in the page's language (CLDR)."""

    def label_from_instance(self, obj):
        return obj.localized_name()


def _fold(text: str) -> str:
    from labourdesk.helpdesk.choices import sort_key

    return sort_key(text)


class InstrumentPicker(forms.CheckboxSelectMultiple):
    """The 205 instruments as a checkbox list with a filter box.

    Without JavaScript it is a scrolling list of checkboxes (the browser's find works in it);
    static/helpdesk/picker.js shows the filter box and hides the rows that do not match. Titles
    are in the page's language where the catalogue has one, else in English, marked lang="en".
    Rendered here rather than through the widget templates: 205 rows cost ~10 ms that way.
    """

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.html import format_html, format_html_join
        from django.utils.translation import get_language

        final = self.build_attrs(self.attrs, attrs)
        base_id = final.get("id") or f"id_{name}"
        chosen = {str(v) for v in (value or [])}
        language = (get_language() or "en").split("-")[0]
        rows, selected = [], []
        for index, (option_value, _label) in enumerate(self.choices):
            instrument = getattr(option_value, "instance", None)
            if instrument is None:
                continue
            code = instrument.code
            title = instrument.titles.get(language)
            lang_attr = ""
            if not title:
                title = instrument.titles.get("en") or ""
                lang_attr = "en" if language != "en" else ""
            search = _fold(
                " ".join([code, str(instrument.number or ""), *instrument.titles.values()])
            )
            is_checked = code in chosen
            if is_checked:
                selected.append(code)
            row = (
                '<div class="picker-option" data-search="{}"><input type="checkbox" name="{}" '
                'value="{}" id="{}_{}"%s><label for="{}_{}"><span class="picker-code">{}</span> '
                "<span{}>{}</span></label></div>"
            ) % (" checked" if is_checked else "")
            rows.append(
                format_html(
                    row,
                    search,
                    name,
                    code,
                    base_id,
                    index,
                    base_id,
                    index,
                    code,
                    format_html(' lang="{}"', lang_attr) if lang_attr else "",
                    title,
                )
            )
        summary = ", ".join(selected) if selected else str(_("none"))
        return format_html(
            '<div class="picker" data-picker data-count-template="{}">'
            '<p class="picker-selected">{} <span data-picker-selected>{}</span></p>'
            '<div class="picker-tools" hidden><label for="{}_filter">{}</label>'
            '<input type="search" id="{}_filter" data-picker-filter aria-controls="{}" '
            'autocomplete="off" spellcheck="false">'
            '<p class="picker-count" data-picker-count aria-live="polite"></p></div>'
            '<div class="picker-options" id="{}" role="group" aria-label="{}" tabindex="-1">'
            "{}</div></div>",
            _("{shown} of {total} shown"),
            _("Selected:"),
            summary,
            base_id,
            _("Filter by number, code or words of the title"),
            base_id,
            base_id,
            base_id,
            _("Instruments"),
            format_html_join("", "{}", ((row,) for row in rows)),
        )


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        help_text=_(
            "Describe the situation in your company's operations and what you need to know."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=QUESTION_MAX,
        strip=False,
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    organisation = forms.CharField(label=_("Your organisation"), max_length=300, required=False)
    # The three lists render from per-language cached markup (choices.py): the page's cost.
    user_type = TermChoiceField(
        label=_("You are"),
        queryset=UserType.objects.active(),
        to_field_name="code",
        empty_label=_("Choose…"),
        widget=CachedSelect("user_type", empty_label=_("Choose…")),
    )
    country = CountryChoiceField(
        label=_("Country"),
        queryset=MemberState.objects.all(),
        to_field_name="iso2",
        empty_label=_("Choose…"),
        widget=CachedSelect("country", empty_label=_("Choose…")),
    )
    sector = TermChoiceField(
        label=_("Sector (optional)"),
        queryset=Sector.objects.active(),
        to_field_name="code",
        required=False,
        empty_label="—",
        widget=CachedSelect("sector", empty_label="—"),
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by naive robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", fill_stamp())
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def clean_question(self):
        value = self.cleaned_data["question"]
        if not value.strip():
            raise forms.ValidationError(_("Write your question."), code="required")
        return value

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        elapsed = seconds_since(self.data.get("started", ""))
        if elapsed is None or elapsed < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your question and send it again."),
                code="too_fast",
            )
        return data


class FollowUpForm(forms.Form):
    body_text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=QUESTION_MAX,
        strip=False,
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def clean_body_text(self):
        value = self.cleaned_data["body_text"]
        if not value.strip():
            raise forms.ValidationError(_("Write your message."), code="required")
        return value


# --- Staff forms -------------------------------------------------------------------------------


def helpdesk_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=["helpdesk_expert", "helpdesk_manager"])
        .distinct()
        .order_by("username")
    )


class TriageForm(forms.Form):
    admissible = forms.TypedChoiceField(
        label=_("Admissible?"),
        choices=[("yes", _("Admissible")), ("no", _("Not admissible"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason, if not admissible"),
        choices=[("", "—"), *Case.InadmissibleReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.NOTE_MAX,
    )


class ClassifyForm(forms.Form):
    user_type = TermChoiceField(
        label=_("User type"),
        queryset=UserType.objects.active(),
        to_field_name="code",
        required=False,
    )
    user_region = TermChoiceField(
        label=_("User region"),
        queryset=Region.objects.filter(active=True, is_user_region=True),
        to_field_name="code",
        required=False,
    )
    regions_concerned = TermMultipleChoiceField(
        label=_("Regions concerned"),
        queryset=Region.objects.filter(active=True, is_region_concerned=True),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = TermMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.active(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = TermMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.active().select_related("domain"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments referred to"),
        queryset=Instrument.objects.all(),
        to_field_name="code",
        required=False,
        widget=InstrumentPicker,
    )
    language = forms.ChoiceField(label=_("Language"), choices=[])

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=helpdesk_users())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = helpdesk_users()


class ConsultationForm(forms.Form):
    consultee = forms.ModelChoiceField(
        label=_("Colleague"), queryset=get_user_model().objects.none(), required=False
    )
    consultee_email = forms.EmailField(label=_("or a department's e-mail"), required=False)
    question = forms.CharField(
        label=_("Question to the colleague"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.CONSULTATION_QUESTION_MAX,
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultee"].queryset = (
            # Colleagues of the Office only: factory and buyer accounts are not staff, and a
            # consultation carries confidential case material.
            get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
        )


class ConsultationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer received"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.CONSULTATION_ANSWER_MAX,
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.INTERNAL_NOTE_MAX,
    )


class DraftForm(forms.Form):
    body_markdown = forms.CharField(
        label=_("Answer (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        strip=False,
        max_length=limits.ANSWER_MAX,
    )
    paragraph = forms.IntegerField(label=_("Reusable paragraph"), required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.COMMENT_MAX,
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.NOTE_MAX,
    )
