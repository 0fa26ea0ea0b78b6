"""Planning an assessment from a factory's page: the form collects, the service decides."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from labourdesk.compliance import selectors, services
from labourdesk.compliance.forms import AssessmentPlanForm
from labourdesk.compliance.models import Factory, QuestionnaireVersion
from labourdesk.compliance.views.common import add_service_errors
from labourdesk.core.roles import ENTERPRISE_ADVISOR


@login_required
def assessment_plan(request, pk):
    factory = selectors.get_visible(Factory, request.user, pk)
    if not request.user.has_perm("compliance.add_assessment"):
        raise PermissionDenied
    versions = QuestionnaireVersion.objects.restrict(request.user, "view").filter(
        status=QuestionnaireVersion.Status.PUBLISHED, programme__country=factory.country
    )
    # Advisors of the factory's country programme: the pair that will visit it.
    advisors = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=ENTERPRISE_ADVISOR,
            country_programmes__country=factory.country,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    initial = {"cycle": factory.assessments.count() + 1}
    form = AssessmentPlanForm(
        request.POST or None, initial=initial, versions=versions, advisors=advisors
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment = services.assessment_create(
                    actor=request.user,
                    factory=factory,
                    version=data["version"],
                    cycle=data["cycle"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    advisors=form.advisors(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"advisors": "advisor_1"})
            else:
                messages.success(request, _("Assessment planned."))
                for warning in services.assessment_advisor_warnings(assessment):
                    messages.warning(request, warning)
                return redirect("compliance:assessment", pk=assessment.pk)
    return render(
        request,
        "compliance/assessment_plan.html",
        {"factory": factory, "form": form},
        status=status,
    )
