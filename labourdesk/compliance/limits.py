"""Maximum lengths of the free-text fields users fill in the compliance app, in one place.

The models pass them to their TextFields (`max_length` and a validator, so `full_clean()` in the
services refuses longer text whatever the channel: pages, API, imports), the forms and the API
serializers inherit them, and the OpenAPI schema shows them as `maxLength`. Sized for the longest
real text of each kind with room to spare, not for a novel.
"""

from django.core.validators import MaxLengthValidator

ADDRESS_MAX = 1_000  # a postal address
FINDING_VALUE_MAX = 2_000  # 0/1, a number or a short text (information questions)
NOTE_MAX = 10_000  # evidence notes, an action's description, visit notes, guidance
LONG_TEXT_MAX = 50_000  # a progress report's summary, PICC minutes, national-law articles
QUESTION_TEXT_MAX = 5_000  # one language's text of a question


def text_limit(n: int) -> dict:
    """Keyword arguments of a TextField limited to `n` characters."""
    return {"max_length": n, "validators": [MaxLengthValidator(n)]}
