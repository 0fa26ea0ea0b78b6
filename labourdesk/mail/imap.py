"""The IMAP poller: fetch, ingest, and only then mark the message processed.

Order per message: fetch with BODY.PEEK (the mailbox's \\Seen flag stays as people left it) →
`mail_ingest` commits the InboundMail and the Inquiry → the processed keyword is stored on the
server (or the message is moved to a folder). A crash or a dropped connection between the
commit and the flag leaves the message unflagged: the next poll fetches it again, `mail_ingest`
recognises its hash and creates nothing, and the flag is set then. Nothing is lost, nothing is
duplicated.

Mailbox URLs: imap://user:password@host:port/FOLDER (imaps:// for TLS). Query options:
`?processed=Folder` moves processed messages there instead of flagging them.
"""

import imaplib
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.utils import timezone

from labourdesk.mail.models import InboundMail, MailboxState
from labourdesk.mail.services import mail_ingest

logger = logging.getLogger(__name__)

DEFAULT_PROCESSED_FLAG = "$LabourDeskProcessed"
_UID_RE = re.compile(rb"UID (\d+)")


@dataclass
class MailboxConfig:
    url: str
    host: str
    port: int
    user: str
    password: str
    folder: str
    tls: bool
    processed_folder: str = ""

    @property
    def key(self) -> str:
        """The mailbox's name in our records: the URL without the password."""
        scheme = "imaps" if self.tls else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.folder}"

    @classmethod
    def from_url(cls, url: str) -> "MailboxConfig":
        parts = urlsplit(url)
        if parts.scheme not in {"imap", "imaps"}:
            raise ValueError(f"not an IMAP URL: {parts.scheme}://")
        query = parse_qs(parts.query)
        return cls(
            url=url,
            host=parts.hostname or "localhost",
            port=parts.port or (993 if parts.scheme == "imaps" else 143),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
            tls=parts.scheme == "imaps",
            processed_folder=(query.get("processed") or [""])[0],
        )


@dataclass
class PollResult:
    mailbox: str
    fetched: int = 0
    accepted: int = 0
    quarantined: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.mailbox}: {self.fetched} fetched, {self.accepted} accepted, "
            f"{self.quarantined} quarantined, {self.duplicates} duplicates"
        )
        return text + (f", errors: {'; '.join(self.errors)}" if self.errors else "")


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(typ, data, what: str):
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what}: {typ} {data!r}")
    return data


def _connect(config: MailboxConfig, timeout: float) -> imaplib.IMAP4:
    cls = imaplib.IMAP4_SSL if config.tls else imaplib.IMAP4
    conn = cls(config.host, config.port, timeout=timeout)
    _check(*conn.login(config.user, config.password), "LOGIN")
    _check(*conn.select(_quote(config.folder)), "SELECT")
    return conn


def _mark_processed(conn: imaplib.IMAP4, config: MailboxConfig, uids: list[bytes]) -> None:
    if not uids:
        return
    uid_set = b",".join(uids).decode()
    if config.processed_folder:
        if "MOVE" in conn.capabilities:
            _check(*conn.uid("MOVE", uid_set, _quote(config.processed_folder)), "MOVE")
            return
        _check(*conn.uid("COPY", uid_set, _quote(config.processed_folder)), "COPY")
        _check(*conn.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
        conn.expunge()
        return
    flag = getattr(settings, "MAIL_PROCESSED_FLAG", DEFAULT_PROCESSED_FLAG)
    _check(*conn.uid("STORE", uid_set, "+FLAGS.SILENT", f"({flag})"), "STORE")


def _fetched_messages(data) -> list[tuple[bytes, bytes]]:
    """(uid, raw) pairs from a UID FETCH response."""
    found = []
    for item in data or []:
        if isinstance(item, tuple) and len(item) >= 2:
            match = _UID_RE.search(item[0])
            if match:
                found.append((match.group(1), item[1]))
    return found


def poll_mailbox(
    url: str, *, batch: int = 50, limit: int | None = None, timeout: float = 30
) -> PollResult:
    """Ingest every message of the mailbox not yet marked processed."""
    config = MailboxConfig.from_url(url)
    result = PollResult(mailbox=config.key)
    state, _created = MailboxState.objects.get_or_create(mailbox=config.key)
    flag = getattr(settings, "MAIL_PROCESSED_FLAG", DEFAULT_PROCESSED_FLAG)
    conn = None
    try:
        conn = _connect(config, timeout)
        uidvalidity = conn.response("UIDVALIDITY")[1]
        if uidvalidity and uidvalidity[0]:
            value = int(uidvalidity[0])
            if state.uidvalidity != value:
                # The server renumbered the mailbox: our cursor means nothing any more. The
                # processed flags and the content hashes still keep us from duplicating.
                state.uidvalidity, state.last_uid = value, 0
        criteria = ["UNDELETED"] if config.processed_folder else ["UNKEYWORD", flag]
        uids = _check(*conn.uid("SEARCH", *criteria), "SEARCH")[0].split()
        uids = sorted(uids, key=int)[:limit] if limit else sorted(uids, key=int)
        for start in range(0, len(uids), batch):
            chunk = uids[start : start + batch]
            data = _check(*conn.uid("FETCH", b",".join(chunk).decode(), "(BODY.PEEK[])"), "FETCH")
            done = []
            for uid, raw in _fetched_messages(data):
                result.fetched += 1
                try:
                    ingested = mail_ingest(raw=raw, source=config.key, uid=uid.decode())
                except Exception as exc:  # one bad message never stops the mailbox
                    logger.exception("mail ingest failed for %s uid %s", config.key, uid)
                    result.errors.append(f"uid {uid.decode()}: {exc.__class__.__name__}: {exc}")
                    continue
                if ingested.duplicate:
                    result.duplicates += 1
                elif ingested.mail.status == InboundMail.Status.QUARANTINED:
                    result.quarantined += 1
                else:
                    result.accepted += 1
                done.append(uid)
            # Committed above, flagged now: a failure here means a harmless re-fetch later.
            _mark_processed(conn, config, done)
            if done:
                state.last_uid = max(state.last_uid, max(int(u) for u in done))
        state.last_error = ""
    except (TimeoutError, OSError, imaplib.IMAP4.error, EOFError) as exc:
        logger.warning("IMAP poll of %s stopped: %s", config.key, exc)
        result.errors.append(f"{exc.__class__.__name__}: {exc}")
        state.last_error = str(result.errors[-1])[:2000]
    finally:
        if conn is not None:
            try:
                conn.logout()
            except Exception:  # the connection may already be gone
                logger.debug("IMAP logout failed", exc_info=True)
    state.last_polled_at = timezone.now()
    state.save()
    return result


def poll_configured(*, limit: int | None = None) -> list[PollResult]:
    """Poll every mailbox of settings.IMAP_URLS, one after the other."""
    return [poll_mailbox(url, limit=limit) for url in getattr(settings, "IMAP_URLS", [])]
