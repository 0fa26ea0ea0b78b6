from django import forms
from django.utils.translation import gettext_lazy as _

from labourdesk.helpdesk.models.taxonomy import UserType
from labourdesk.standards.models import MemberState

QUESTION_MAX = 10000


class DialogueRequestForm(forms.Form):
    """A confidential request, by a company and a union, to facilitate a dialogue."""

    question = forms.CharField(
        label=_("What would you like to discuss, and who takes part?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=QUESTION_MAX,
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    organisation = forms.CharField(label=_("Your organisation"), max_length=300)
    user_type = forms.ModelChoiceField(
        label=_("You are"),
        queryset=UserType.objects.active(),
        to_field_name="code",
        empty_label=_("Choose…"),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=MemberState.objects.all(),
        to_field_name="iso2",
        empty_label=_("Choose…"),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class SuspectFixForm(forms.Form):
    replacement = forms.CharField(label=_("Replace with"), max_length=60, required=False)
