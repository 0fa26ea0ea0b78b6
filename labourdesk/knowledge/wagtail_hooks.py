"""Wagtail's admin, extended through hooks (never forked): the anonymisation review of a Q&A,
the rule that a Q&A with an unresolved suspect is neither submitted nor published, and seed
000's links as snippets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from labourdesk.knowledge import services
from labourdesk.knowledge.anonymise import PLACEHOLDER_RE
from labourdesk.knowledge.forms import SuspectFixForm
from labourdesk.knowledge.models import AnonymisationFinding, PortalLink, QuestionPage

register_snippet(PortalLink)


def _highlight(text: str, suspects) -> str:
    """The draft with each placeholder (a replacement) and each suspect marked."""
    html = escape(text)
    html = PLACEHOLDER_RE.sub(lambda m: f'<mark class="ld-replacement">{m.group(0)}</mark>', html)
    for finding in suspects:
        if finding.text:
            html = html.replace(
                escape(finding.text), f'<mark class="ld-suspect">{escape(finding.text)}</mark>'
            )
    return mark_safe(html)  # noqa: S308 - escaped above; only <mark> added


def anonymisation_review(request, page_id: int):
    page = get_object_or_404(QuestionPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    latest = page.get_latest_revision_as_object()
    if request.method == "POST":
        finding = get_object_or_404(
            AnonymisationFinding, pk=request.POST.get("finding"), page_id=page.pk
        )
        form = SuspectFixForm(request.POST)
        try:
            if form.is_valid():
                services.finding_resolve(
                    actor=request.user,
                    finding=finding,
                    accept=request.POST.get("action") == "accept",
                    replacement=form.cleaned_data["replacement"],
                )
                messages.success(request, _("Suspect resolved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("knowledge_anonymisation_review", page_id=page.pk)
    findings = page.anonymisation_findings.all()
    suspects = [f for f in findings if f.kind == AnonymisationFinding.Kind.SUSPECT]
    pending = [f for f in suspects if f.status == AnonymisationFinding.Status.PENDING]
    from django.utils.html import strip_tags

    return render(
        request,
        "knowledge/admin/anonymisation_review.html",
        {
            "page": page,
            "replacements": [
                f for f in findings if f.kind == AnonymisationFinding.Kind.REPLACEMENT
            ],
            "suspects": suspects,
            "pending": pending,
            "question_html": _highlight(latest.question, pending),
            "answer_html": _highlight(strip_tags(latest.answer), pending),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "knowledge/qa/<int:page_id>/anonymisation/",
            anonymisation_review,
            name="knowledge_anonymisation_review",
        )
    ]


@hooks.register("before_edit_page")
def refuse_unresolved_suspects(request, page):
    """Submitting for moderation, publishing or approving waits for every suspect."""
    if request.method != "POST" or not isinstance(page.specific, QuestionPage):
        return None
    wants_live = any(
        key in request.POST for key in ("action-publish", "action-submit", "action-workflow-action")
    )
    if wants_live and page.specific.unresolved_suspects().exists():
        messages.error(
            request,
            _(
                "Resolve every anonymisation suspect (accept or fix it) "
                "before submitting or publishing."
            ),
        )
        return redirect("knowledge_anonymisation_review", page_id=page.pk)
    return None


@hooks.register("insert_global_admin_js")
def csp_compatible_widgets():
    """Starts the date and time pickers without an inline script (the CSP refuses those)."""
    return format_html('<script src="{}"></script>', static("knowledge/cms-csp.js"))
