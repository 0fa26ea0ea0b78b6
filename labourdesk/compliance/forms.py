from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from labourdesk.compliance.models import (
    Buyer,
    CompliancePoint,
    ImportRun,
    PiccMember,
    Question,
    QuestionnaireVersion,
    ReportConsent,
)
from labourdesk.standards.models import Instrument

User = get_user_model()


def question_languages() -> list[tuple[str, str]]:
    """The languages a question's text may be written in: every language of the platform."""
    return list(settings.LANGUAGES)


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


class PiccMeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea, required=False)


class AssessmentPlanForm(forms.Form):
    """Plan an assessment of one factory; the service checks the rules (published version of the
    factory's country, advisors holding the role)."""

    version = forms.ModelChoiceField(
        label=_("Questionnaire version"), queryset=QuestionnaireVersion.objects.none()
    )
    cycle = forms.IntegerField(label=_("Cycle"), min_value=1)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    advisor_1 = forms.ModelChoiceField(label=_("First advisor"), queryset=User.objects.none())
    advisor_2 = forms.ModelChoiceField(
        label=_("Second advisor"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, versions, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["advisor_1"].queryset = advisors
        self.fields["advisor_2"].queryset = advisors

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date comes after the start date."))
        if data.get("advisor_1") and data.get("advisor_1") == data.get("advisor_2"):
            self.add_error("advisor_2", _("Choose two different advisors."))
        return data

    def advisors(self) -> list:
        return [
            a for a in (self.cleaned_data["advisor_1"], self.cleaned_data.get("advisor_2")) if a
        ]


def _text_field(code: str, name: str) -> forms.CharField:
    return forms.CharField(
        label=_("Text (%(language)s)") % {"language": name},
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
    )


class QuestionForm(forms.Form):
    """A question of a draft questionnaire version. On change, only the fields the service lets
    change are offered (`EDITABLE`); code, type, compliance point and references stay fixed."""

    EDITABLE = ("guidance", "national_law_articles", "public_disclosure", "position")

    code = forms.CharField(label=_("Code"), max_length=64)
    type = forms.ChoiceField(label=_("Type"), choices=Question.Type.choices)
    compliance_point = forms.ModelChoiceField(
        label=_("Compliance point"),
        queryset=CompliancePoint.objects.select_related("cluster"),
    )
    global_key = forms.CharField(
        label=_("Global key"),
        max_length=64,
        required=False,
        help_text=_("Compares the same question across versions and countries; the code if empty."),
    )
    industry_variant = forms.BooleanField(label=_("Industry variant"), required=False)
    guidance = forms.CharField(
        label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    public_disclosure = forms.BooleanField(label=_("Public disclosure"), required=False)
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments (legal references)"),
        queryset=Instrument.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    national_law_articles = forms.CharField(
        label=_("National-law articles"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)

    def __init__(self, *args, question: Question | None = None, **kwargs):
        self.question = question
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{f: getattr(question, f) for f in self.EDITABLE},
                    **{
                        f"text_{code}": question.texts.get(code, "")
                        for code, _n in question_languages()
                    },
                    "code": question.code,
                    "type": question.type,
                    "compliance_point": question.compliance_point,
                    "global_key": question.global_key,
                    "industry_variant": question.industry_variant,
                    "instruments": list(question.instruments.all()),
                },
            )
        super().__init__(*args, **kwargs)
        # Texts come right after the code: the order a translator reads them in.
        texts = {f"text_{code}": _text_field(code, name) for code, name in question_languages()}
        self.fields = {**{"code": self.fields.pop("code")}, **texts, **self.fields}
        if question is not None:
            for name, field in self.fields.items():
                if name not in self.EDITABLE and not name.startswith("text_"):
                    field.disabled = True

    def clean(self):
        data = super().clean()
        texts = {
            code: data.get(f"text_{code}", "").strip()
            for code, _n in question_languages()
            if data.get(f"text_{code}", "").strip()
        }
        if not texts:
            self.add_error(
                f"text_{question_languages()[0][0]}",
                _("Give the question's text in at least one language."),
            )
        data["texts"] = texts
        return data

    def create_values(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "texts": data["texts"],
            "type": data["type"],
            "compliance_point": data["compliance_point"],
            "global_key": data["global_key"],
            "industry_variant": data["industry_variant"],
            "guidance": data["guidance"],
            "public_disclosure": data["public_disclosure"],
            "national_law_articles": data["national_law_articles"],
            "position": data["position"],
            "instruments": data["instruments"],
        }

    def update_values(self) -> dict:
        known = {code for code, _n in question_languages()}
        # Texts in a language the platform no longer offers are kept, not silently dropped.
        kept = {k: v for k, v in self.question.texts.items() if k not in known}
        texts = {**kept, **self.cleaned_data["texts"]}
        return {"texts": texts, **{f: self.cleaned_data[f] for f in self.EDITABLE}}


class CloneForm(forms.Form):
    name = forms.CharField(label=_("Name of the new version"), max_length=200)


class ProgressReportForm(forms.Form):
    period_end = forms.DateField(
        label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))


class AdvisoryVisitForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
