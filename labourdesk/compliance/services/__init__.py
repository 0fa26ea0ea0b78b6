"""Writes to the compliance records (HackSoft services: keyword-only, validated, audited).

Each service checks first (`*_check`: state and the actor's right, Zulip's habit), then writes
inside one transaction together with its audit entry.
"""

from labourdesk.compliance.services.assessments import (
    assessment_advisor_warnings,
    assessment_allowed_steps,
    assessment_create,
    assessment_transition,
    assessment_transition_check,
    findings_save,
    report_access_record,
)
from labourdesk.compliance.services.questionnaires import (
    programme_add_staff,
    programme_for_country,
    question_create,
    question_edit_check,
    question_update,
    questionnaire_version_clone,
    questionnaire_version_create,
    questionnaire_version_publish,
)
from labourdesk.compliance.services.registry import (
    buyer_create,
    consent_check,
    consent_grant,
    consent_revoke,
    factory_buyer_link,
    factory_create,
    factory_update,
)
from labourdesk.compliance.services.remediation import (
    advisory_visit_create,
    improvement_action_create,
    improvement_action_update,
    improvement_action_verify,
    picc_meeting_create,
    picc_member_create,
    progress_report_create,
)

__all__ = [
    "advisory_visit_create",
    "assessment_advisor_warnings",
    "assessment_allowed_steps",
    "assessment_create",
    "assessment_transition",
    "assessment_transition_check",
    "buyer_create",
    "consent_check",
    "consent_grant",
    "consent_revoke",
    "factory_buyer_link",
    "factory_create",
    "factory_update",
    "findings_save",
    "improvement_action_create",
    "improvement_action_update",
    "improvement_action_verify",
    "picc_meeting_create",
    "picc_member_create",
    "programme_add_staff",
    "programme_for_country",
    "progress_report_create",
    "question_create",
    "question_edit_check",
    "question_update",
    "questionnaire_version_clone",
    "questionnaire_version_create",
    "questionnaire_version_publish",
    "report_access_record",
]
