"""Real mail servers on loopback for tests and the benchmark: Dovecot (IMAP) and aiosmtpd (SMTP).

Dovecot runs as a subprocess with a configuration generated under a temporary directory
(passwd-file user, maildir under the same directory, no TLS, cleartext login allowed on
loopback). The SMTP server is aiosmtpd's Controller with a handler that keeps every message.
"""

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
IMAP_USER = "helpdesk"
IMAP_PASSWORD = "mailbox-secret"


def dovecot_available() -> str:
    """'' when Dovecot can run here, else the reason it cannot."""
    if not Path(DOVECOT).exists():
        return "Dovecot is not installed (apt-get install dovecot-imapd)"
    return ""


def _existing_user(*names: str) -> str:
    for name in names:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError(f"none of the users {names} exists")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dovecot_version() -> tuple[int, ...]:
    out = subprocess.run([DOVECOT, "--version"], capture_output=True, text=True, check=True)
    return tuple(int(p) for p in out.stdout.split()[0].split(".")[:2])


@dataclass
class Dovecot:
    """A Dovecot of our own. Everything lives in one fresh directory under /tmp that its
    unprivileged processes can traverse (pytest's tmp_path is 0700), removed on stop."""

    root: Path | None = None
    port: int = 0
    process: subprocess.Popen | None = None
    user: str = IMAP_USER
    password: str = IMAP_PASSWORD
    logs: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"imap://{self.user}:{self.password}@127.0.0.1:{self.port}/INBOX"

    def _config(self) -> Path:
        me = pwd.getpwuid(os.getuid())
        internal_user = login_user = me.pw_name
        mail_owner = me
        if os.getuid() == 0:
            # Dovecot refuses to run its login and internal processes, or mail access, as root.
            internal_user = _existing_user("dovecot", "nobody")
            login_user = _existing_user("dovenull", "nobody")
            mail_owner = pwd.getpwnam(_existing_user("nobody", "dovecot"))
        fresh = self.root is None  # a restart keeps the same mail store
        if fresh:
            self.root = Path(tempfile.mkdtemp(prefix="ld-dovecot-"))
            self.root.chmod(0o755)
        self.base_dir = self.root / "run"
        mail = self.root / "mail"
        if fresh:
            self.base_dir.mkdir()
            mail.mkdir()
            os.chown(mail, mail_owner.pw_uid, mail_owner.pw_gid)
        passwd = self.root / "passwd"
        passwd.write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{mail_owner.pw_uid}:{mail_owner.pw_gid}"
            f"::{mail}::\n"
        )
        cleartext = (
            "auth_allow_cleartext = yes"
            if _dovecot_version() >= (2, 4)
            else "disable_plaintext_auth = no"
        )
        conf = self.root / "dovecot.conf"
        conf.write_text(
            f"""
base_dir = {self.base_dir}
state_dir = {self.root / "state"}
log_path = {self.root / "dovecot.log"}
info_log_path = {self.root / "dovecot.log"}
protocols = imap
listen = 127.0.0.1
ssl = no
{cleartext}
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 0
first_valid_gid = 0
mail_fsync = never
mail_location = maildir:{mail}/Maildir
passdb {{
  driver = passwd-file
  args = {passwd}
}}
userdb {{
  driver = passwd-file
  args = {passwd}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
        )
        (self.root / "state").mkdir(exist_ok=True)
        return conf

    def start(self, timeout: float = 15) -> "Dovecot":
        if not self.port:
            self.port = free_port()
        conf = self._config()
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # Its own process group: stopping it ends the master and the IMAP sessions alike,
            # as a crash or a restart of the server machine would.
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                out = self.process.stdout.read().decode(errors="replace")
                raise RuntimeError(f"dovecot exited: {out}\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on port {self.port}\n{self.log()}")

    def stop(self, sig: int = signal.SIGKILL) -> None:
        """Stop the server and every session it serves (SIGKILL by default: a crash)."""
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        if self.process:
            # Sessions forked by the master share its group; make sure none is left.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
        if self.process and self.process.stdout:
            self.process.stdout.close()
        self.process = None

    def cleanup(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    @contextlib.contextmanager
    def client(self):
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        conn.login(self.user, self.password)
        try:
            yield conn
        finally:
            with contextlib.suppress(Exception):
                conn.logout()

    def deliver(self, *messages: bytes, folder: str = "INBOX") -> None:
        """Put messages into the mailbox with IMAP APPEND, as an MTA's delivery would."""
        with self.client() as conn:
            for raw in messages:
                typ, data = conn.append(folder, None, None, raw)
                assert typ == "OK", data

    def keywords(self, folder: str = "INBOX") -> dict[int, str]:
        """UID → FLAGS of every message (to check what the poller marked)."""
        with self.client() as conn:
            conn.select(folder, readonly=True)
            _typ, data = conn.uid("FETCH", "1:*", "(FLAGS)")
            found = {}
            for item in data or []:
                if not item:
                    continue
                text = item.decode() if isinstance(item, bytes) else item[0].decode()
                if "UID" in text:
                    uid = int(text.split("UID ")[1].split()[0].rstrip(")"))
                    found[uid] = text
            return found


@dataclass
class CapturedMessage:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


class SMTPSink:
    """aiosmtpd on loopback keeping every message it is given."""

    def __init__(self):
        self.messages: list[CapturedMessage] = []
        self.controller = None
        self.port = 0
        self.refuse = False  # answer 451 to every message (a relay having trouble)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        if self.refuse:
            return "451 4.3.0 Try again later"
        self.messages.append(
            CapturedMessage(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"

    def start(self) -> "SMTPSink":
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None
