from django import forms
from django.utils.translation import gettext_lazy as _

from labourdesk.compliance.models import (
    Buyer,
    CompliancePoint,
    ImportRun,
    PiccMember,
    ReportConsent,
)


class ConsentForm(forms.Form):
    buyer = forms.ModelChoiceField(label=_("Buyer"), queryset=Buyer.objects.none())
    level = forms.ChoiceField(label=_("Level"), choices=ReportConsent.Level.choices)

    def __init__(self, *args, buyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of export"), choices=ImportRun.Kind.choices)
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    drop_obsolete = forms.BooleanField(label=_("Drop factories named “(Obsolete)”"), required=False)
    drop_duplicates = forms.BooleanField(label=_("Drop duplicate rows"), required=False)
    merge_hazardous = forms.BooleanField(
        label=_("Merge the hazardous-work compliance points into one"), required=False
    )
    systems_to_osh = forms.BooleanField(
        label=_("Map the old cluster “Systems” to OSH"), required=False
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return f


class FactoryListForm(forms.Form):
    file = forms.FileField(
        label=_("Factory list (CSV or XLSX)"),
        help_text=_("Columns: country, name, address, sector; optionally lat, lng."),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return f


class ImprovementActionForm(forms.Form):
    compliance_point = forms.ModelChoiceField(
        label=_("Compliance point"), queryset=CompliancePoint.objects.all()
    )
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PiccMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=PiccMember.Category.choices)
    joined_on = forms.DateField(label=_("Joined"), widget=forms.DateInput(attrs={"type": "date"}))
    is_chair = forms.BooleanField(label=_("Chair"), required=False)
