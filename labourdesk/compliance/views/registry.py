"""The factory list upload: check first (duplicates flagged), create only on request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import ngettext

from labourdesk.compliance.forms import FactoryListForm
from labourdesk.compliance.importers.common import ImportFailed
from labourdesk.compliance.importers.factories import factory_list_import, factory_list_preview


@login_required
def factory_upload(request):
    if not request.user.has_perm("compliance.add_factory"):
        raise Http404
    form = FactoryListForm(request.POST or None, request.FILES or None)
    rows, errors, status = None, None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if "create" in request.POST:
                    counts = factory_list_import(
                        actor=request.user, source=upload, file_name=upload.name
                    )
                    created = ngettext(
                        "%(created)s factory created.",
                        "%(created)s factories created.",
                        counts["created"],
                    )
                    flagged = ngettext(
                        "%(flagged)s likely duplicate left for review.",
                        "%(flagged)s likely duplicates left for review.",
                        counts["flagged"],
                    )
                    messages.success(request, f"{created % counts} {flagged % counts}")
                    upload.seek(0)
                rows = factory_list_preview(
                    actor=request.user, source=upload, file_name=upload.name
                )
                status = 200
            except ImportFailed as exc:
                errors = exc.errors
    return render(
        request,
        "compliance/factory_upload.html",
        {"form": form, "rows": rows, "errors": errors},
        status=status,
    )
