"""The public pages: Ask the Helpdesk, and the requester's private page."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from labourdesk.core.views import rate_limited
from labourdesk.helpdesk.choices import lists_version
from labourdesk.helpdesk.forms import AskForm, FollowUpForm
from labourdesk.helpdesk.services.outbound import masked_private_link
from labourdesk.helpdesk.services.requester import (
    Question,
    case_follow_up,
    case_for_token,
    inquiry_submit,
    requester_status,
)

# Per client IP, for the form's POSTs only (reading the page is never limited).
ASK_RATE = "10/h"


def _limited(request, group: str) -> bool:
    return is_ratelimited(
        request, group=group, key="ip", rate=ASK_RATE, method="POST", increment=True
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    if request.method == "POST":
        if _limited(request, "helpdesk.ask"):
            return rate_limited(request)
        form = AskForm(request.POST)
        if form.is_spam():
            # Say nothing to the robot: it sees the usual thank-you page and nothing is stored.
            return HttpResponseRedirect(reverse("helpdesk:ask_thanks"))
        if form.is_valid():
            data = form.cleaned_data
            inquiry = inquiry_submit(
                actor=None,
                question=Question(
                    question=data["question"],
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    user_type=data["user_type"],
                    country=data["country"],
                    sector=data["sector"],
                    language=get_language() or "en",
                ),
                submission_key=data["submission_key"],
            )
            # The thanks page names the reference (the number only: it reveals nothing).
            request.session[THANKS_SESSION_KEY] = inquiry.case.reference
            return HttpResponseRedirect(reverse("helpdesk:ask_thanks"))
        if "started" in form.errors or form.non_field_errors():
            # A fresh fill-time stamp, so that sending again after a look works.
            from labourdesk.helpdesk.forms import fill_stamp

            data = request.POST.copy()
            data["started"] = fill_stamp()
            form.data = data
    else:
        form = AskForm()
    return render(
        request,
        "helpdesk/ask.html",
        {"form": form, "cacheable": not form.is_bound, "lists_version": lists_version()},
    )


THANKS_SESSION_KEY = "helpdesk_asked_reference"


def ask_thanks(request):
    reference = request.session.get(THANKS_SESSION_KEY, "")
    return render(request, "helpdesk/ask_thanks.html", {"reference": reference})


@never_cache
@require_http_methods(["GET", "POST"])
def private_case(request, token: str):
    case = case_for_token(token)  # 404 for a wrong or revoked link
    form = FollowUpForm()
    if request.method == "POST":
        if _limited(request, "helpdesk.follow_up"):
            return rate_limited(request)
        form = FollowUpForm(request.POST)
        if form.is_valid():
            case_follow_up(
                case=case,
                body_text=form.cleaned_data["body_text"],
                submission_key=form.cleaned_data["submission_key"],
            )
            return HttpResponseRedirect(request.path + "?sent=1")
    thread = [
        # A department's answer to a consultation is internal: never on the requester's page.
        *[
            ("in", i.received_at, i.body_text, "")
            for i in case.inquiries.filter(consultation__isnull=True)
        ],
        *[
            ("out", m.created_at, _without_private_link(case, m.body_text), m.body_html)
            for m in case.outbound_messages.filter(kind__in=["ack", "reply"])
        ],
    ]
    thread.sort(key=lambda item: item[1])
    response = render(
        request,
        "helpdesk/private_case.html",
        {
            "case": case,
            "status_words": requester_status(case),
            "thread": thread,
            "form": form,
            "sent": request.GET.get("sent") == "1",
        },
    )
    response["Referrer-Policy"] = "same-origin"  # the token is in the URL: never sent elsewhere
    response["X-Robots-Tag"] = "noindex"
    return response


def _without_private_link(case, text: str) -> str:
    """The acknowledgement as the private page shows it: the requester is on the page the link
    leads to, so the paragraphs about the link (the link, and the lines that introduce it and
    say to keep it private) are left out."""
    masked = masked_private_link(case)
    paragraphs = text.split("\n\n")
    if not any(masked in p for p in paragraphs):
        return text
    at = next(i for i, p in enumerate(paragraphs) if masked in p)
    drop = {at, at + 1}
    if at > 0 and paragraphs[at - 1].rstrip().endswith(":"):
        drop.add(at - 1)
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in drop)
