"""Who may edit the self-assessment's questions and guidance (Wagtail snippets).

Content editors write the question set; translators translate it (wagtail-localize). Nobody
needs a permission to *use* the self-assessment: it is public and needs no account.
"""

_QUESTION = [
    "selfassessment.view_selfassessmentquestion",
    "selfassessment.change_selfassessmentquestion",
]

PERMISSIONS = {
    "content_editor": [*_QUESTION, "selfassessment.add_selfassessmentquestion"],
    "translator": _QUESTION,
    "administrator": [*_QUESTION, "selfassessment.add_selfassessmentquestion"],
}
