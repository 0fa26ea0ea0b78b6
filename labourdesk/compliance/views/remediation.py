"""A factory's improvement plan and worker–management committee (PICC).

One page, several small forms: each is posted with its own button name and goes to one service
(actions, status, verification, progress reports, advisory visits, PICC members).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourdesk.compliance import selectors, services
from labourdesk.compliance.forms import (
    AdvisoryVisitForm,
    ImprovementActionForm,
    PiccMeetingForm,
    PiccMemberForm,
    ProgressReportForm,
)
from labourdesk.compliance.models import (
    AdvisoryVisit,
    Factory,
    ImprovementAction,
    PiccMeeting,
    PiccMember,
    ProgressReport,
)
from labourdesk.compliance.views.common import add_service_errors
from labourdesk.core.roles import ADMINISTRATOR, ENTERPRISE_ADVISOR, has_role

# button name → (form class, prefix, permission, service, success message)
_ADD_FORMS = {
    "add_action": (
        ImprovementActionForm,
        "action",
        "add_improvementaction",
        services.improvement_action_create,
        gettext_lazy("Action added."),
    ),
    "add_member": (
        PiccMemberForm,
        "member",
        "add_piccmember",
        services.picc_member_create,
        gettext_lazy("Member added."),
    ),
    "add_meeting": (
        PiccMeetingForm,
        "meeting",
        "add_piccmeeting",
        services.picc_meeting_create,
        gettext_lazy("Meeting recorded."),
    ),
    "add_progress": (
        ProgressReportForm,
        "progress",
        "add_progressreport",
        services.progress_report_create,
        gettext_lazy("Progress report recorded."),
    ),
    "add_visit": (
        AdvisoryVisitForm,
        "visit",
        "add_advisoryvisit",
        services.advisory_visit_create,
        gettext_lazy("Advisory visit recorded."),
    ),
}


def _action_in_plan(actions, request):
    action_id = request.POST.get("action_id", "")
    item = actions.filter(pk=int(action_id)).first() if action_id.isdigit() else None
    if item is None:  # tampered or outside the plan: bad input, whatever the reason
        raise ValidationError(_("This action is not in this plan."))
    return item


@login_required
def factory_plan(request, pk):
    factory = selectors.get_visible(Factory, request.user, pk)
    actions = ImprovementAction.objects.restrict(request.user, "view").filter(factory=factory)
    allowed = {
        button: request.user.has_perm(f"compliance.{perm}")
        for button, (_f, _p, perm, _s, _m) in _ADD_FORMS.items()
    }
    forms = {
        button: form_class(request.POST if button in request.POST else None, prefix=prefix)
        for button, (form_class, prefix, _perm, _s, _m) in _ADD_FORMS.items()
    }
    status = 200
    if request.method == "POST":
        try:
            for button, (_f, _p, _perm, service, done) in _ADD_FORMS.items():
                if button not in request.POST:
                    continue
                if not allowed[button]:
                    raise PermissionDenied
                form = forms[button]
                if form.is_valid():
                    try:
                        service(actor=request.user, factory=factory, **form.cleaned_data)
                    except ValidationError as exc:
                        add_service_errors(form, exc, {})
                    else:
                        messages.success(request, done)
                        return redirect("compliance:factory_plan", pk=pk)
            if "set_status" in request.POST:
                services.improvement_action_update(
                    actor=request.user,
                    action=_action_in_plan(actions, request),
                    status=request.POST.get("set_status"),
                )
                messages.success(request, _("Status changed."))
                return redirect("compliance:factory_plan", pk=pk)
            if "verify" in request.POST:
                services.improvement_action_verify(
                    actor=request.user, action=_action_in_plan(actions, request)
                )
                messages.success(request, _("Action verified."))
                return redirect("compliance:factory_plan", pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied:
            messages.error(request, _("You may not do this."))
            status = 403
        status = status if status != 200 else 400
    return render(
        request,
        "compliance/factory_plan.html",
        {
            "factory": factory,
            "actions": actions.select_related("compliance_point", "verified_by"),
            "statuses": ImprovementAction.Status.choices,
            "can_change": request.user.has_perm("compliance.change_improvementaction"),
            # Shown to those the verification service accepts; it checks again on post.
            "can_verify": request.user.has_perm("compliance.change_improvementaction")
            and has_role(request.user, ENTERPRISE_ADVISOR, ADMINISTRATOR),
            "action_form": forms["add_action"] if allowed["add_action"] else None,
            "member_form": forms["add_member"] if allowed["add_member"] else None,
            "meeting_form": forms["add_meeting"] if allowed["add_meeting"] else None,
            "progress_form": forms["add_progress"] if allowed["add_progress"] else None,
            "visit_form": forms["add_visit"] if allowed["add_visit"] else None,
            "members": PiccMember.objects.restrict(request.user, "view").filter(factory=factory),
            "meetings": PiccMeeting.objects.restrict(request.user, "view").filter(factory=factory),
            "progress_reports": ProgressReport.objects.restrict(request.user, "view").filter(
                factory=factory
            ),
            "visits": AdvisoryVisit.objects.restrict(request.user, "view").filter(factory=factory),
        },
        status=status,
    )
