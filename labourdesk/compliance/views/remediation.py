"""A factory's improvement plan and worker–management committee (PICC)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from labourdesk.compliance import selectors, services
from labourdesk.compliance.forms import ImprovementActionForm, PiccMemberForm
from labourdesk.compliance.models import (
    AdvisoryVisit,
    Factory,
    ImprovementAction,
    PiccMeeting,
    PiccMember,
    ProgressReport,
)


@login_required
def factory_plan(request, pk):
    factory = selectors.get_visible(Factory, request.user, pk)
    actions = ImprovementAction.objects.restrict(request.user, "view").filter(factory=factory)
    can_add = request.user.has_perm("compliance.add_improvementaction")
    can_add_member = request.user.has_perm("compliance.add_piccmember")
    action_form = ImprovementActionForm(
        request.POST if "add_action" in request.POST else None, prefix="action"
    )
    member_form = PiccMemberForm(
        request.POST if "add_member" in request.POST else None, prefix="member"
    )
    status = 200
    if request.method == "POST":
        try:
            if "add_action" in request.POST and can_add and action_form.is_valid():
                services.improvement_action_create(
                    actor=request.user, factory=factory, **action_form.cleaned_data
                )
                messages.success(request, _("Action added."))
                return redirect("compliance:factory_plan", pk=pk)
            if "add_member" in request.POST and can_add_member and member_form.is_valid():
                services.picc_member_create(
                    actor=request.user, factory=factory, **member_form.cleaned_data
                )
                messages.success(request, _("Member added."))
                return redirect("compliance:factory_plan", pk=pk)
            if "set_status" in request.POST:
                action_id = request.POST.get("action_id", "")
                item = actions.filter(pk=int(action_id)).first() if action_id.isdigit() else None
                if item is None:
                    raise PermissionDenied
                services.improvement_action_update(
                    actor=request.user, action=item, status=request.POST.get("set_status")
                )
                messages.success(request, _("Status changed."))
                return redirect("compliance:factory_plan", pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied:
            messages.error(request, _("You may not do this."))
        status = 400
    return render(
        request,
        "compliance/factory_plan.html",
        {
            "factory": factory,
            "actions": actions.select_related("compliance_point"),
            "statuses": ImprovementAction.Status.choices,
            "can_change": request.user.has_perm("compliance.change_improvementaction"),
            "action_form": action_form if can_add else None,
            "member_form": member_form if can_add_member else None,
            "members": PiccMember.objects.restrict(request.user, "view").filter(factory=factory),
            "meetings": PiccMeeting.objects.restrict(request.user, "view").filter(factory=factory),
            "progress_reports": ProgressReport.objects.restrict(request.user, "view").filter(
                factory=factory
            ),
            "visits": AdvisoryVisit.objects.restrict(request.user, "view").filter(factory=factory),
        },
        status=status,
    )
