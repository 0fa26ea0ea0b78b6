"""Writes of the portal: a closed case proposed for publication becomes an anonymised draft
Q&A; the editor resolves its suspects; translations; the dialogue facilitation request."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Locale

from labourdesk.core.audit import audit_record
from labourdesk.core.roles import HELPDESK_ROLES, has_role
from labourdesk.helpdesk.models import Case, Draft, OutboundMessage
from labourdesk.helpdesk.models.taxonomy import Topic
from labourdesk.helpdesk.services.markdown import render_markdown
from labourdesk.helpdesk.services.requester import Question, inquiry_submit
from labourdesk.knowledge import caching
from labourdesk.knowledge.anonymise import Identities, anonymise, identities_from_headers
from labourdesk.knowledge.models import (
    AnonymisationFinding,
    PublicationProposal,
    QAIndexPage,
    QuestionPage,
)

DIALOGUE_TOPIC = "company_union_dialogue"


# --- From a closed case to a draft Q&A ---------------------------------------------------------


def case_propose_check(*, actor, case: Case) -> None:
    if not has_role(actor, *HELPDESK_ROLES):
        raise PermissionDenied(_("Only helpdesk experts and managers propose cases."))
    if case.status != Case.Status.CLOSED or case.admissible is not True:
        raise ValidationError(_("Only a closed, admissible case can be proposed for publication."))
    if PublicationProposal.objects.filter(case=case).exists():
        raise ValidationError(_("This case has already been proposed for publication."))
    if not _sent_answer(case):
        raise ValidationError(_("This case has no answer that was sent."))


@transaction.atomic
def case_propose_for_publication(*, actor, case: Case) -> PublicationProposal:
    """The expert's step; the draft Q&A is created at once, for an editor to review."""
    case_propose_check(actor=actor, case=case)
    page = qa_draft_from_case(actor=actor, case=case)
    proposal = PublicationProposal(case=case, proposed_by=actor, page=page)
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=actor, action="knowledge.case_proposed", target=proposal, details={"page": page.pk}
    )
    return proposal


def _sent_answer(case: Case) -> str:
    draft = case.drafts.filter(status=Draft.Status.SENT).order_by("-version").first()
    if draft is not None:
        return draft.body_markdown
    reply = case.outbound_messages.filter(kind=OutboundMessage.Kind.REPLY).order_by("-id").first()
    return reply.body_text if reply else ""


def case_identities(case: Case) -> Identities:
    """Every identity the case knows: the requester, and the people in the thread's headers."""
    ids = Identities(
        names=[case.requester_name],
        emails=[case.requester_email],
        organisations=[case.requester_organisation],
        region=getattr(case.requester_country, "iso2", None),
    )
    for inquiry in case.inquiries.all():
        ids.names.append(inquiry.from_name)
        ids.emails.append(inquiry.from_email)
        if inquiry.channel == inquiry.Channel.EMAIL:
            names, emails = identities_from_headers(bytes(inquiry.raw or b""))
            ids.names.extend(names)
            ids.emails.extend(emails)
    own = {settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip("> ").lower()}
    ids.emails = [e for e in dict.fromkeys(ids.emails) if e and e.lower() not in own]
    ids.names = [n for n in dict.fromkeys(ids.names) if n and "LabourDesk" not in n]
    ids.organisations = [o for o in ids.organisations if o]
    return ids


def _qa_index(language: str) -> QAIndexPage:
    index = QAIndexPage.objects.filter(locale__language_code=language).first()
    index = (
        index or QAIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    )
    if index is None:
        raise ValidationError(_("The portal has no Q&A section yet (run load_reference_data)."))
    return index


def qa_draft_from_case(*, actor, case: Case) -> QuestionPage:
    """A draft (never live) Q&A from the question and the answer that was sent, anonymised."""
    first = case.inquiries.filter(consultation__isnull=True).order_by("received_at", "id").first()
    ids = case_identities(case)
    question = anonymise(first.body_text if first else case.subject, ids)
    answer = anonymise(_sent_answer(case), ids, strip_signature=False)
    index = _qa_index(case.language or settings.LANGUAGE_CODE)
    title = Truncator(" ".join(question.text.split())).chars(90) or _("Question")
    page = QuestionPage(
        title=title,
        slug=f"qa-{uuid.uuid4().hex[:10]}",
        question=question.text,
        answer=render_markdown(answer.text),
        live=False,
        source_case=case,
        locale=index.locale,
    )
    index.add_child(instance=page)
    page.topics.set(case.topics.all())
    page.instruments.set(case.instruments.all())
    page.save_revision(user=actor, log_action=True)
    counts: dict[str, int] = {}
    for part in (question, answer):
        for category, n in part.replacements.items():
            counts[category] = counts.get(category, 0) + n
    from labourdesk.knowledge.anonymise import PLACEHOLDERS

    for category, n in sorted(counts.items()):
        AnonymisationFinding.objects.create(
            page=page,
            kind=AnonymisationFinding.Kind.REPLACEMENT,
            category=category,
            placeholder=PLACEHOLDERS[category],
            count=n,
            status=AnonymisationFinding.Status.ACCEPTED,
        )
    suspects = dict.fromkeys(question.suspects + answer.suspects)
    for category, text in suspects:
        AnonymisationFinding.objects.create(
            page=page, kind=AnonymisationFinding.Kind.SUSPECT, category=category, text=text[:500]
        )
    return page


def finding_resolve_check(*, actor, finding: AnonymisationFinding) -> QuestionPage:
    page = finding.page
    if not page.permissions_for_user(actor).can_edit():
        raise PermissionDenied(_("You cannot edit this Q&A."))
    if finding.kind != AnonymisationFinding.Kind.SUSPECT:
        raise ValidationError(_("Only suspects are resolved."))
    return page


@transaction.atomic
def finding_resolve(
    *, actor, finding: AnonymisationFinding, accept: bool, replacement: str = ""
) -> AnonymisationFinding:
    """Accept a suspect (it is not personal data) or fix it: every occurrence in the latest
    draft is replaced (by `replacement`, or a neutral placeholder) in a new revision."""
    page = finding_resolve_check(actor=actor, finding=finding)
    if not accept:
        latest = page.get_latest_revision_as_object()
        new = replacement.strip() or "[…]"
        if finding.text and finding.text in new:
            raise ValidationError(_("The replacement still contains the suspect text."))
        latest.question = latest.question.replace(finding.text, new)
        latest.answer = latest.answer.replace(finding.text, escape(new)).replace(
            escape(finding.text), escape(new)
        )
        latest.save_revision(user=actor, log_action=True)
        finding.text = ""
        finding.placeholder = new[:60]
    finding.status = (
        AnonymisationFinding.Status.ACCEPTED if accept else AnonymisationFinding.Status.FIXED
    )
    finding.resolved_by = actor
    finding.resolved_at = timezone.now()
    finding.full_clean()
    finding.save()
    audit_record(
        actor=actor,
        action="knowledge.suspect_accepted" if accept else "knowledge.suspect_fixed",
        target=finding,
        details={"page": page.pk},
    )
    return finding


# --- Translations (wagtail-localize) ---------------------------------------------------------


@transaction.atomic
def page_translate(*, actor, page, language: str, strings: dict[str, str], publish: bool = True):
    """Translate a page with wagtail-localize, as its editor would: each segment of the source
    (by its context path: "title", "question", "answer", …) gets the given translation."""
    from wagtail_localize.models import Translation, TranslationSource

    locale = Locale.objects.get(language_code=language)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation_obj, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale
    )
    po = translation_obj.export_po()
    for entry in po:
        context = entry.msgctxt or ""
        key = context.split(".")[0]
        if key in strings:
            entry.msgstr = strings[key]
    translation_obj.import_po(po, tool_name="LabourDesk")
    translation_obj.save_target(user=actor, publish=publish)
    target = page.get_translation(locale)
    caching.invalidate()
    return target.specific


@transaction.atomic
def translation_sync(*, actor, page) -> None:
    """Re-extract the source after it changed (wagtail-localize's "Sync translated pages")."""
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.update_or_create_from_instance(page)
    for translation_obj in source.translations.filter(enabled=True):
        translation_obj.save_target(user=actor, publish=True)
    caching.invalidate()


# --- Company–union dialogue facilitation ---------------------------------------------------


@transaction.atomic
def dialogue_request_submit(*, question: Question, submission_key: str = ""):
    """A confidential request for facilitation: a helpdesk case, as the Ask form opens one,
    with the topic "dialogue between companies and unions"."""
    with translation.override(question.language or settings.LANGUAGE_CODE):
        inquiry = inquiry_submit(actor=None, question=question, submission_key=submission_key)
    topic = Topic.objects.filter(code=DIALOGUE_TOPIC).first()
    if topic is not None:
        inquiry.case.topics.add(topic)
    audit_record(actor=None, action="knowledge.dialogue_requested", target=inquiry.case)
    return inquiry
