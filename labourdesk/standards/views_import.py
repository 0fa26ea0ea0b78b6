"""The administrator's upload page: the diff first, then the import, all files or none."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from labourdesk.standards.forms import RatificationUploadForm
from labourdesk.standards.importers.normlex import parse_file
from labourdesk.standards.services import ImportRefused, ratifications_import

PENDING_SECONDS = 3600


def _pending_key(user, token: str) -> str:
    return f"standards-import:{user.pk}:{token}"


def _parse_all(files, complete):
    parsed, errors = [], []
    for name, data in files:
        try:
            parsed.append(parse_file(data, file_name=name, complete=complete))
        except ImportRefused as exc:
            errors += [(name, where, message) for where, message in exc.errors]
    return parsed, errors


@login_required
def ratification_upload(request):
    if not request.user.has_perm("standards.add_ratification"):
        raise Http404
    form = RatificationUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "errors": [], "previews": [], "token": None}
    status = 200
    if request.method == "POST" and "token" in request.POST:
        pending = cache.get(_pending_key(request.user, request.POST["token"]))
        if pending is None:
            messages.error(request, _("The preview has expired: upload the files again."))
            return redirect("standards:ratification_upload")
        parsed, errors = _parse_all(pending["files"], pending["complete"])
        try:
            if errors:
                raise ImportRefused([(f"{n}: {w}", m) for n, w, m in errors])
            with transaction.atomic():
                results = [
                    ratifications_import(parsed=p, actor=request.user, commit=True) for p in parsed
                ]
        except ImportRefused as exc:
            context["errors"] = [("", w, m) for w, m in exc.errors]
            return render(request, "standards/ratification_upload.html", context, status=400)
        cache.delete(_pending_key(request.user, request.POST["token"]))
        changed = sum(len(r.entries) for r in results)
        messages.success(request, _("Imported: %(n)s changes to ratifications.") % {"n": changed})
        return redirect("standards:ratification_upload")
    if request.method == "POST":
        status = 400
        if form.is_valid():
            files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
            complete = form.cleaned_data["complete"]
            parsed, errors = _parse_all(files, complete)
            if not errors:
                try:
                    previews = [
                        (p, ratifications_import(parsed=p, actor=request.user, commit=False))
                        for p in parsed
                    ]
                except ImportRefused as exc:
                    errors = [("", w, m) for w, m in exc.errors]
            if errors:
                context["errors"] = errors
            else:
                token = hashlib.sha256(b"".join(d for _n, d in files)).hexdigest()[:32]
                cache.set(
                    _pending_key(request.user, token),
                    {"files": files, "complete": complete},
                    PENDING_SECONDS,
                )
                context.update(previews=previews, token=token)
                status = 200
    return render(request, "standards/ratification_upload.html", context, status=status)
