import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 3660


class WindowForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["language"].choices = [("", _("All languages")), *settings.LANGUAGES]

    def clean(self):
        data = super().clean()
        end = data.get("end") or self.today
        start = data.get("start") or end - dt.timedelta(days=29)
        if start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a window of at most ten years."))
        data["start"], data["end"] = start, end
        return data
