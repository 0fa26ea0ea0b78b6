"""Where mail meets the application above it, without importing it.

Mail is the transport: it stores what came in and delivers what goes out. What an accepted
message *means* belongs to whoever registered the inbound receiver (the helpdesk turns it into
an Inquiry); mail never imports that code. The helpdesk registers in its AppConfig.ready().

- `set_inbound_receiver(func)`: `func(*, mail, parsed, actor)` is called inside the intake
  transaction for each accepted or released message, after the InboundMail row is saved. It
  raises `ValidationError` to refuse the message (it then goes to the quarantine as INVALID).
- `register_personaliser(name, func)`: `func(message, text, html) -> (text, html)` is called
  just before an OutboundMessage whose `personaliser` is `name` is sent, with the stored bodies
  (`html` may be ""), and returns the bodies of the e-mail: it fills in what must never be
  stored (the requester's private link, kept masked in the database) and adds the sender's
  footer. The e-mail's HTML part is made from the text when it returns no HTML.
- `delivery_failed` (a signal, sender=OutboundMessage, message=...): a delivery gave up after
  the last attempt; listeners record it where people will see it.
"""

from collections.abc import Callable

from django.dispatch import Signal

delivery_failed = Signal()

_inbound_receiver: Callable | None = None
_personalisers: dict[str, Callable] = {}


def set_inbound_receiver(func: Callable) -> None:
    global _inbound_receiver
    _inbound_receiver = func


def inbound_receiver() -> Callable:
    if _inbound_receiver is None:
        raise RuntimeError("No inbound mail receiver is registered (is the helpdesk installed?).")
    return _inbound_receiver


def register_personaliser(name: str, func: Callable) -> None:
    _personalisers[name] = func


def personaliser(name: str) -> Callable:
    try:
        return _personalisers[name]
    except KeyError:
        raise RuntimeError(f"No outbound personaliser named {name!r} is registered.") from None
