from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from labourdesk.reports.periods import (
    FIRST_YEAR,
    period_containing,
    reference_period,
    resolve_period,
)


def period_choices() -> list[tuple[str, str]]:
    last = period_containing(timezone.now()).start.year
    return [
        (p.code, p.code) for p in (reference_period(y) for y in range(last, FIRST_YEAR - 1, -1))
    ]


class ReportForm(forms.Form):
    """Choose a reference period, or a free date range; optionally the previous period."""

    period = forms.CharField(
        label=_("Reference period"),
        required=False,
        help_text=_("1 March to the end of February, for example 2022-23."),
    )
    start = forms.DateField(
        label=_("Or from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=pgettext_lazy("period", "to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    previous = forms.BooleanField(
        label=_("Show the previous period on every table"), required=False
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        try:
            data["report_period"] = resolve_period(
                period=None if (start or end) else data.get("period"),
                start=start.isoformat() if start else None,
                end=end.isoformat() if end else None,
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return data
