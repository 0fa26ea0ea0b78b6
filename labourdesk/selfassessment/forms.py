"""The start form. The area pages are read question by question in the view (their questions
depend on the assessment), through `services.answers_check`."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from labourdesk.selfassessment.models import EntityKind, Industry


def _countries():
    from labourdesk.standards.models import MemberState

    language = get_language()
    states = [(s.iso3, s.localized_name(language)) for s in MemberState.objects.all()]
    return [("", _("I prefer not to say")), *sorted(states, key=lambda s: s[1])]


class StartForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country where you work"),
        required=False,
        help_text=_(
            "Where a country programme has published a questionnaire, its national-law "
            "questions are added."
        ),
    )
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    entity_kind = forms.ChoiceField(
        label=_("Kind of entity"),
        choices=EntityKind.choices,
        widget=forms.RadioSelect,
        initial=EntityKind.ENTERPRISE,
        help_text=_(
            "Cooperatives, mutuals and associations get questions on member participation "
            "and democratic governance."
        ),
    )

    SERVER, BROWSER = "link", "browser"
    # Offered only when the script runs (start.html): without it, the private link.
    storage = forms.ChoiceField(
        label=_("Where to keep your answers"),
        required=False,
        choices=[
            (SERVER, _("Under a private link on this site: you can come back from any device")),
            (BROWSER, _("Only in this browser: nothing is sent until you ask for the result")),
        ],
        widget=forms.RadioSelect,
        initial=SERVER,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _countries()

    def clean_storage(self):
        return self.cleaned_data.get("storage") or self.SERVER

    def clean_country(self):
        from labourdesk.standards.models import MemberState

        iso3 = self.cleaned_data.get("country") or ""
        if not iso3:
            return None
        state = MemberState.objects.filter(iso3=iso3).first()
        if state is None:
            raise forms.ValidationError(_("Choose a country from the list."))
        return state


class FactoryChoiceForm(forms.Form):
    factory = forms.ModelChoiceField(label=_("Factory"), queryset=None, empty_label=None)

    def __init__(self, *args, factories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = factories
