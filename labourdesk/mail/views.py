"""Staff pages of the mail quarantine: list, detail, release, discard."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from labourdesk.core.roles import HELPDESK_ROLES, has_role
from labourdesk.mail import services
from labourdesk.mail.models import InboundMail
from labourdesk.mail.parsing import parse_message, split_quoted
from labourdesk.mail.selectors import inbound_mail_get
from labourdesk.mail.selectors import quarantine_list as select_quarantine


def mail_staff(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (
                has_role(request.user, *HELPDESK_ROLES, "administrator")
                and request.user.has_perm(permission)
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _get(request, pk: int) -> InboundMail:
    try:
        return inbound_mail_get(request.user, pk)
    except InboundMail.DoesNotExist:
        raise Http404 from None


@require_GET
@mail_staff("mail.view_inboundmail")
def quarantine_list(request):
    reason = request.GET.get("reason", "")
    if reason not in InboundMail.Reason.values:
        reason = ""
    mails = select_quarantine(request.user, reason=reason)
    return render(
        request,
        "mail/quarantine_list.html",
        {"mails": mails[:200], "reasons": InboundMail.Reason.choices, "reason": reason},
    )


@require_GET
@mail_staff("mail.view_inboundmail")
def quarantine_detail(request, pk: int):
    mail = _get(request, pk)
    parsed = parse_message(bytes(mail.raw)) if mail.size <= services.max_message_bytes() else None
    new_text, quoted = split_quoted(parsed.text if parsed else "")
    return render(
        request,
        "mail/quarantine_detail.html",
        {
            "mail": mail,
            "parsed": parsed,
            "new_text": new_text,
            "quoted": quoted,
            "can_decide": request.user.has_perm("mail.change_inboundmail")
            and mail.status == InboundMail.Status.QUARANTINED,
        },
    )


def _decide(request, pk: int, service, done: str):
    mail = _get(request, pk)
    try:
        service(mail=mail, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("mail:quarantine_detail", args=[pk]))
    messages.success(request, done)
    return HttpResponseRedirect(reverse("mail:quarantine_list"))


@require_POST
@mail_staff("mail.change_inboundmail")
def quarantine_release(request, pk: int):
    return _decide(
        request, pk, services.quarantine_release, _("Released: the message is now an inquiry.")
    )


@require_POST
@mail_staff("mail.change_inboundmail")
def quarantine_discard(request, pk: int):
    return _decide(request, pk, services.quarantine_discard, _("Discarded."))
