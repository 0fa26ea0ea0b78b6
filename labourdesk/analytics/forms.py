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
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, today: dt.date, themes: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["language"].choices = [("", _("All languages")), *settings.LANGUAGES]
        # Themes are the slugs of the theme pages in the default language (one per theme).
        self.fields["theme"].choices = [("", _("All themes")), *[(t, t) for t in themes]]

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
