"""Turn the bytes of an e-mail into what the helpdesk needs, whatever state the bytes are in.

Built on the standard library's `email` package with the lenient `compat32` policy (it never
raises on broken MIME, it records defects instead). Everything here is a pure function of the
bytes: `parse_message` never raises, and a part that cannot be read becomes a defect, not an
exception. The raw bytes themselves are stored elsewhere, untouched.
"""

import base64
import email
import email.parser
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

import nh3

# Charsets that mail clients declare under names Python does not know, or that are in practice
# a superset (mail labelled ISO-8859-1 is written by Windows in cp1252; GB2312 is GB18030's subset).
_CHARSET_ALIASES = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "ansi_x3.4-1968": "utf-8",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "windows-874": "cp874",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}
# Declarations that mean "no idea": decide from the bytes.
_UNKNOWN_CHARSETS = {"", "x-unknown", "unknown", "unknown-8bit", "default", "charset", "none"}
# Single-byte declarations often stuck on UTF-8 text by misconfigured clients.
_SINGLE_BYTE = re.compile(r"^(cp125\d|iso-8859-\d+|utf-8|windows-125\d|koi8-[ru])$")
_FOLDING = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _lookup(charset: str | None) -> str | None:
    name = (charset or "").strip().strip("\"'").lower()
    if name in _UNKNOWN_CHARSETS:
        return None
    name = _CHARSET_ALIASES.get(name, name)
    try:
        import codecs

        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Bytes in a declared (possibly wrong, possibly unknown) charset → text, never raising.

    Order: valid UTF-8 wins over a single-byte declaration (a wrong label is far likelier than
    8-bit text that happens to be valid UTF-8); then the declaration, strictly; then UTF-8; then
    cp1252, which maps every byte.
    """
    if not data:
        return ""
    codec = _lookup(charset)
    if codec is None or _SINGLE_BYTE.match(codec):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if codec:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fallback = "cp1252" if codec in (None, "utf-8") else codec
        return data.decode(fallback, "replace")


def clean_text(value: str) -> str:
    """Text safe for every database: no lone surrogates (8-bit header bytes), no NUL."""
    if not value:
        return ""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        value = decode_bytes(value.encode("utf-8", "surrogateescape"))
    value = value.encode("utf-8", "replace").decode("utf-8")
    return value.replace("\x00", "")


def decode_header_value(raw) -> str:
    """An RFC 2047 header (encoded words in any charset, or raw 8-bit bytes) → one line of text."""
    if raw is None:
        return ""
    raw = str(raw)
    try:
        parts = decode_header(raw)
    except Exception:  # a malformed encoded word: show the header as it is
        parts = [(raw, None)]
    out = []
    for value, charset in parts:
        out.append(decode_bytes(value, charset) if isinstance(value, bytes) else value)
    text = clean_text("".join(out))
    return _CONTROL.sub("", _FOLDING.sub("", text).replace("\r", "").replace("\n", " "))


@dataclass
class Address:
    name: str
    email: str


def parse_addresses(values: list) -> list[Address]:
    raw = [
        _CONTROL.sub("", clean_text(str(v))).replace("\r", "").replace("\n", " ") for v in values
    ]
    found = []
    try:
        pairs = getaddresses(raw)
    except Exception:
        pairs = []
    for name, addr in pairs:
        name, addr = decode_header_value(name).strip(), addr.strip()
        if not (name or addr):
            continue
        found.append(Address(name=name, email=addr if "@" in addr else ""))
    return found


def parse_date(raw) -> datetime | None:
    if not raw:
        return None
    try:
        value = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


_MSGID = re.compile(r"<([^<>\s]+)>")


def message_ids(raw) -> list[str]:
    """All `<id>` in a header; a bare token when a client forgot the brackets."""
    text = clean_text(str(raw or ""))
    found = _MSGID.findall(text)
    if found:
        return found
    return [t for t in text.split() if "@" in t][:1]


class _TextExtractor(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.out.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; this is belt and braces
        return re.sub(r"<[^>]+>", " ", html)
    text = "".join(parser.out)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def sanitise_html(html: str) -> str:
    """HTML safe to show to staff: no script, style, event handlers or remote-form tricks;
    inline images keep their `cid:` references."""
    try:
        return nh3.clean(html, url_schemes={"http", "https", "mailto", "cid"})
    except Exception:
        return ""


@dataclass
class ParsedAttachment:
    name: str
    content_type: str
    content_id: str
    disposition: str
    payload: bytes

    @property
    def size(self) -> int:
        return len(self.payload)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


@dataclass
class ParsedMail:
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    from_name: str = ""
    from_email: str = ""
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    reply_to: list[Address] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    text: str = ""
    html: str = ""  # sanitised
    attachments: list[ParsedAttachment] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)
    content_type: str = "text/plain"
    defects: list[str] = field(default_factory=list)
    headers_only: bool = False

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower())
        return values[0] if values else ""

    @property
    def body_digest(self) -> str:
        digest = hashlib.sha256()
        for part in (self.message_id, self.from_email, self.subject, self.text, self.html):
            digest.update(part.replace("\r\n", "\n").strip().encode("utf-8", "replace"))
            digest.update(b"\x00")
        return digest.hexdigest()


def _part_payload(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload:
        return payload
    inner = part.get_payload()
    if isinstance(inner, list):  # message/rfc822: the forwarded message, as bytes
        for item in inner:
            if isinstance(item, Message):
                try:
                    data = item.as_bytes()
                except Exception:
                    data = str(item).encode("utf-8", "surrogateescape")
                cte = str(part.get("content-transfer-encoding", "")).lower().strip()
                if cte == "base64":
                    try:
                        return base64.b64decode(data)
                    except ValueError:
                        return data
                return data
    return b""


def _filename(part: Message) -> str:
    try:
        raw = part.get_filename()
    except Exception:
        raw = None
    if isinstance(raw, tuple):  # RFC 2231 with an unknown charset
        raw = raw[2]
    return decode_header_value(raw).strip() if raw else ""


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "application/octet-stream"


def _headers(msg: Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for key, value in getattr(msg, "_headers", ()):
        headers.setdefault(clean_text(str(key)).lower(), []).append(clean_text(str(value)))
    return headers


def _fix_headers(part: Message) -> None:
    """Replace raw 8-bit header bytes (kept by compat32 as lone surrogates) with text decoded
    as UTF-8, else cp1252, so that every later read sees real characters."""
    headers = getattr(part, "_headers", None)
    if headers and any(isinstance(v, str) and not v.isascii() for _k, v in headers):
        part._headers = [(k, clean_text(v) if isinstance(v, str) else v) for k, v in headers]


def _fill_envelope(parsed: ParsedMail, msg: Message) -> None:
    parsed.headers = _headers(msg)
    _fix_headers(msg)
    parsed.content_type = _content_type(msg)
    parsed.subject = decode_header_value(msg.get("Subject")).strip()
    senders = parse_addresses(msg.get_all("From", []) or [])
    if senders:
        parsed.from_name = senders[0].name[:200]
        parsed.from_email = senders[0].email[:254]
    parsed.to = parse_addresses(msg.get_all("To", []) or [])
    parsed.cc = parse_addresses(msg.get_all("Cc", []) or [])
    parsed.reply_to = parse_addresses(msg.get_all("Reply-To", []) or [])
    parsed.date = parse_date(msg.get("Date"))
    ids = message_ids(msg.get("Message-ID"))
    parsed.message_id = ids[0] if ids else ""
    reply = message_ids(msg.get("In-Reply-To"))
    parsed.in_reply_to = reply[0] if reply else ""
    parsed.references = message_ids(" ".join(str(v) for v in msg.get_all("References", []) or []))


def parse_headers(raw: bytes) -> ParsedMail:
    """The envelope only: for a message too big to parse whole."""
    parsed = ParsedMail(headers_only=True)
    try:
        msg = email.parser.BytesHeaderParser().parsebytes(raw)
        _fill_envelope(parsed, msg)
    except Exception as exc:
        parsed.defects.append(f"headers unreadable: {exc.__class__.__name__}")
    return parsed


def parse_message(raw: bytes) -> ParsedMail:
    """Everything we read from a message. Never raises."""
    parsed = ParsedMail()
    try:
        msg = email.message_from_bytes(raw)
    except Exception as exc:  # pragma: no cover - compat32 is lenient; recursion is the risk
        parsed.defects.append(f"unparseable: {exc.__class__.__name__}")
        parsed.text = decode_bytes(raw)
        return parsed
    try:
        _fill_envelope(parsed, msg)
    except Exception as exc:
        parsed.defects.append(f"headers: {exc.__class__.__name__}")
    texts, htmls = [], []
    try:
        parts = list(msg.walk())
    except RecursionError:
        parts = [msg]
        parsed.defects.append("MIME nesting too deep")
    for part in parts:
        for defect in getattr(part, "defects", []) or []:
            parsed.defects.append(defect.__class__.__name__)
        ctype = _content_type(part)
        if ctype.startswith("multipart/"):
            _fix_headers(part)
            continue
        # A forwarded message's bytes are taken before its headers are touched.
        payload = _part_payload(part)
        _fix_headers(part)
        name = _filename(part)
        if not name and ctype in ("text/plain", "text/html"):
            body = decode_bytes(payload, part.get_content_charset())
            (texts if ctype == "text/plain" else htmls).append(body)
        if part.get("Content-ID") is None and not name and ctype != "message/rfc822":
            continue
        content_id = decode_header_value(part.get("Content-ID")).strip().strip("<>")
        try:
            disposition = part.get_content_disposition() or ""
        except Exception:
            disposition = ""
        parsed.attachments.append(
            ParsedAttachment(
                name=name,
                content_type=ctype,
                content_id=content_id,
                disposition=disposition,
                payload=payload,
            )
        )
    parsed.text = clean_text("".join(texts))
    html = clean_text("".join(htmls))
    if html:
        parsed.html = sanitise_html(html)
        if not parsed.text.strip():
            parsed.text = html_to_text(html)
    return parsed


# Quoted history: lines starting with ">" and everything after a client's "On ... wrote:" or an
# Outlook "-----Original Message-----" header. Folded in the display, never removed from the raw.
_QUOTE_START = re.compile(
    r"^(?:>|-{2,}\s*(?:Original Message|Message d'origine|Mensaje original)\s*-{2,}|"
    r"(?:On|Le|El) .{3,200}(?:wrote|a écrit|escribió)\s*:\s*$|From: .+$)",
    re.IGNORECASE,
)


def split_quoted(text: str) -> tuple[str, str]:
    """(new part, quoted history) of a message body."""
    lines = (text or "").splitlines()
    for index, line in enumerate(lines):
        if _QUOTE_START.match(line.strip()) and index > 0:
            return "\n".join(lines[:index]).rstrip(), "\n".join(lines[index:])
    return text or "", ""
