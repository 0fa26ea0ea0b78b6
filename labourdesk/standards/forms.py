from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class RatificationUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "NORMLEX instrument or country pages saved as HTML, or CSV files with the columns "
            "instrument, country (ISO alpha-3, alpha-2 or name), date, status, note."
        ),
    )
    complete = forms.CharField(
        label=_("Instruments a CSV lists completely"),
        required=False,
        help_text=_("Codes separated by commas, e.g. C087. Leave blank when unsure."),
    )

    def clean_complete(self):
        return tuple(
            c.strip().upper() for c in self.cleaned_data["complete"].split(",") if c.strip()
        )
