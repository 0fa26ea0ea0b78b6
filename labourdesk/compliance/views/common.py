"""What the compliance pages share: showing a service's refusal on the form that asked."""

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError, aliases: dict[str, str]) -> None:
    """Put a service's errors beside the fields they concern (the rest above the form).

    `aliases` maps a service's field name to the form's (`advisors` → `advisor_1`)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, errors)
