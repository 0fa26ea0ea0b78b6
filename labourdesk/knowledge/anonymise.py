"""Anonymise a case's question and answer for publication.

Two passes: first every identity the case knows (requester name and its parts, e-mail,
organisation, names and addresses from the thread's headers) and every signature block is
replaced; then detectors replace e-mail addresses, phone numbers (`phonenumbers`), URLs, IBANs
and postal codes. What is left that still looks personal (capitalised names, long numbers) is
listed as a *suspect* for the editor to accept or fix. Pure functions: no database access.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from email.utils import getaddresses

import phonenumbers

PLACEHOLDERS = {
    "name": "[name]",
    "email": "[e-mail address]",
    "organisation": "[organisation]",
    "address": "[address]",
    "signature": "[signature removed]",
    "phone": "[phone number]",
    "url": "[web address]",
    "iban": "[bank account]",
    "postal_code": "[postal code]",
}
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))

EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]", re.IGNORECASE)
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
# Postal codes with a recognisable shape: CH-1211, F-75007, UK "SW1A 1AA", US "10001-1234".
POSTAL_RE = re.compile(r"\b(?:[A-Z]{1,2}-\d{4,5}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{5}-\d{4})\b")
# Postal codes that are bare digits only count next to an address word.
POSTAL_CONTEXT_RE = re.compile(
    r"(?i)\b(?:code postal|postal code|zip|cp|c\.p\.|postcode|código postal|plz)\b\W{0,3}(\d{4,6})"
)
SIGNATURE_START_RE = re.compile(
    r"(?im)^\s*(?:--\s*$|best regards|kind regards|regards|sincerely|"
    r"yours (?:sincerely|faithfully)|"
    r"cordialement|bien cordialement|salutations|sinc[eè]res salutations|saludos|atentamente|"
    r"un saludo|此致|敬具|trân trọng)\b.*$"
)
SUSPECT_NAME_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|M\.|Mme|Sr|Sra|Herr|Frau)\.?\s+[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?"
)
SUSPECT_NUMBER_RE = re.compile(r"\b\d[\d ./-]{6,}\d\b")
PHONE_REGIONS = ("CH", "US", "GB", "FR", "ES", "CN", "JP", "VN", "DE", "IN", "BR")


@dataclass
class Identities:
    """What the case knows about the people in it (never stored with the result)."""

    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    region: str | None = None


@dataclass
class Result:
    text: str
    replacements: dict[str, int] = field(default_factory=dict)  # category -> occurrences
    suspects: list[tuple[str, str]] = field(default_factory=list)  # (category, text)


def identities_from_headers(raw: bytes) -> tuple[list[str], list[str]]:
    """Display names and addresses of From, To, Cc, Reply-To and Sender of an e-mail."""
    from email import message_from_bytes, policy

    try:
        message = message_from_bytes(raw or b"", policy=policy.compat32)
    except Exception:  # a malformed message gives no headers, not an error
        return [], []
    values = []
    for header in ("From", "To", "Cc", "Reply-To", "Sender"):
        values.extend(str(v) for v in message.get_all(header, []) or [])
    names, emails = [], []
    for name, address in getaddresses(values):
        if name:
            names.append(name)
        if address:
            emails.append(address)
    return names, emails


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _variants(value: str, *, split: bool) -> list[str]:
    """The full value, its lines, and (for names) its words of three or more letters."""
    value = _norm(value).strip()
    if not value:
        return []
    found = {value}
    for line in value.splitlines():
        if line.strip():
            found.add(line.strip())
    if split:
        for part in re.split(r"[\s,;]+", value):
            part = part.strip(".,;:()[]\"'")
            if len(part) >= 3:
                found.add(part)
    # Longest first, so that "Marie Curie" goes before "Marie".
    return sorted((v for v in found if v and not v.isspace()), key=len, reverse=True)


def _replace_literal(text: str, needle: str, placeholder: str) -> tuple[str, int]:
    if not needle or PLACEHOLDER_RE.fullmatch(needle) or needle in placeholder:
        # A needle inside our placeholder would be recreated by the replacement itself.
        return text, 0
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    total = 0
    # Repeat: a replacement can join two halves into a new occurrence ("aab" minus "ab").
    for _ in range(10):
        text, n = pattern.subn(placeholder, text)
        total += n
        if n == 0:
            break
    return text, total


def _strip_signature(text: str) -> tuple[str, int]:
    match = SIGNATURE_START_RE.search(text)
    if not match:
        return text, 0
    return text[: match.start()].rstrip() + "\n\n" + PLACEHOLDERS["signature"], 1


def _phones(text: str, region: str | None) -> list[str]:
    found = []
    for reg in (region, *PHONE_REGIONS):
        if not reg:
            continue
        try:
            matcher = phonenumbers.PhoneNumberMatcher(
                text, reg, leniency=phonenumbers.Leniency.VALID
            )
            for match in matcher:
                found.append(match.raw_string)
        except Exception:  # noqa: S112 - the library refuses some inputs; try the next region
            continue
    return sorted(set(found), key=len, reverse=True)


def anonymise(text: str, ids: Identities, *, strip_signature: bool = True) -> Result:
    text = _norm(text)
    result = Result(text=text)

    def count(category: str, n: int) -> None:
        if n:
            result.replacements[category] = result.replacements.get(category, 0) + n

    if strip_signature:
        text, n = _strip_signature(text)
        count("signature", n)
    known = [
        ("email", ids.emails, False),
        ("address", ids.addresses, False),
        ("organisation", ids.organisations, False),
        ("name", ids.names, True),
    ]
    for category, values, split in known:
        for value in values:
            for variant in _variants(value, split=split):
                text, n = _replace_literal(text, variant, PLACEHOLDERS[category])
                count(category, n)
    for category, regex in (("email", EMAIL_RE), ("url", URL_RE), ("iban", IBAN_RE)):
        text, n = regex.subn(PLACEHOLDERS[category], text)
        count(category, n)
    text, n = POSTAL_RE.subn(PLACEHOLDERS["postal_code"], text)
    count("postal_code", n)
    text, n = POSTAL_CONTEXT_RE.subn(
        lambda m: m.group(0).replace(m.group(1), PLACEHOLDERS["postal_code"]), text
    )
    count("postal_code", n)
    for phone in _phones(text, ids.region):
        text, n = _replace_literal(text, phone, PLACEHOLDERS["phone"])
        count("phone", n)
    result.text = text
    seen = set()
    for category, regex in (("name", SUSPECT_NAME_RE), ("number", SUSPECT_NUMBER_RE)):
        for match in regex.finditer(text):
            value = match.group(0).strip()
            if value not in seen and not PLACEHOLDER_RE.search(value):
                seen.add(value)
                result.suspects.append((category, value))
    return result
