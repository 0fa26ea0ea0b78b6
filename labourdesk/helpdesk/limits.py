"""Maximum lengths of the Helpdesk's free text, in one place.

The models carry them as validators (services `full_clean()` before saving, so pages, API,
imports and commands share them), the forms as `max_length` (the browser's counter and a form
error), the API serializers as `maxLength` in the schema. Oversized text is refused with a message
naming the limit, never truncated and never a 500.

A raw inbound e-mail (`Inquiry.body_text` from the mailbox) is kept unchanged whatever its length:
it is a record of what arrived. The web form and the API cap a question at `QUESTION_MAX`.
"""

from django.core.validators import MaxLengthValidator

QUESTION_MAX = 10_000  # a requester's question or follow-up (web form, API)
NOTE_MAX = 5_000  # a note on a workflow step (triage, awaiting, closing)
INTERNAL_NOTE_MAX = 10_000  # an internal note on a case
COMMENT_MAX = 10_000  # a comment to or from the clearing manager
CONSULTATION_QUESTION_MAX = 10_000
CONSULTATION_ANSWER_MAX = 50_000
ANSWER_MAX = 50_000  # a draft answer, a canned answer


def max_length(limit: int) -> list:
    """The validators of a model TextField holding at most `limit` characters."""
    return [MaxLengthValidator(limit)]
