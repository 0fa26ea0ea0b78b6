"""The public pages: Ask the Helpdesk, and the requester's private page."""

import secrets
import uuid

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from labourdesk.core.views import rate_limited
from labourdesk.helpdesk.choices import lists_version
from labourdesk.helpdesk.forms import AskForm, FollowUpForm, fill_stamp
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
            data = request.POST.copy()
            data["started"] = fill_stamp()
            form.data = data
    else:
        page = _empty_ask_page(request)
        if page is not None:
            return page
        form = AskForm()
    return render(
        request,
        "helpdesk/ask.html",
        {"form": form, "cacheable": not form.is_bound, "lists_version": lists_version()},
    )


THANKS_SESSION_KEY = "helpdesk_asked_reference"

# The empty Ask page is the same for every anonymous visitor of a language and host except for
# three values: the CSRF token, the fill-time stamp and the submission key. Rendering it (the
# base template, the language alternates, the cached option lists) took most of the request, so
# each process renders it once with placeholders and fills them in per request. Signed-in
# visitors (their name in the footer), a query string (it shows in the language alternates)
# and pending messages take the ordinary render. Nothing on the page uses the CSP nonce.
_SLOT = f"ldslot{secrets.token_hex(8)}"
_SLOTS = {name: f"{_SLOT}{name}" for name in ("csrf", "started", "key")}
_pages: dict[tuple, str] = {}
_MAX_PAGES = 64  # languages × hosts; Host is checked against ALLOWED_HOSTS before this


def _empty_ask_page(request) -> HttpResponse | None:
    if request.GET or request.user.is_authenticated or len(get_messages(request)):
        return None
    version = lists_version()
    key = (get_language(), version, request.get_host(), request.is_secure())
    page = _pages.get(key)
    if page is None:
        form = AskForm(initial={"started": _SLOTS["started"], "submission_key": _SLOTS["key"]})
        page = render_to_string(
            "helpdesk/ask.html",
            {
                "form": form,
                "cacheable": True,
                "lists_version": version,
                "csrf_token": _SLOTS["csrf"],
            },
            request=request,
        )
        if len(_pages) >= _MAX_PAGES:
            _pages.clear()
        _pages[key] = page
    for slot, value in (
        (_SLOTS["csrf"], get_token(request)),  # also sets the CSRF cookie, as the tag does
        (_SLOTS["started"], fill_stamp()),
        (_SLOTS["key"], uuid.uuid4().hex),
    ):
        page = page.replace(slot, escape(value))
    return HttpResponse(page)


def _forget_pages(**kwargs) -> None:
    _pages.clear()  # a test changed a setting the page may show (DEMO_MODE, caches, hosts)


setting_changed.connect(_forget_pages)


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
