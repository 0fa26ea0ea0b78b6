"""Mail is the transport beneath the helpdesk: none of its modules imports the helpdesk.

The helpdesk registers what mail needs (the inbound receiver, the personaliser, the listener of
failed deliveries) in its AppConfig.ready(); mail calls them without knowing whose they are.
The tests of mail are excluded: they exercise the whole pipeline with the helpdesk installed.
"""

import ast
from pathlib import Path

import labourdesk.mail

MAIL_DIR = Path(labourdesk.mail.__file__).parent


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _mail_modules() -> list[Path]:
    return [p for p in MAIL_DIR.rglob("*.py") if "tests" not in p.relative_to(MAIL_DIR).parts]


def test_the_check_reads_the_mail_modules():
    names = {p.relative_to(MAIL_DIR).as_posix() for p in _mail_modules()}
    assert {"models.py", "services.py", "tasks.py", "receivers.py", "imap.py"} <= names


def test_no_mail_module_imports_the_helpdesk():
    offenders = {
        str(path.relative_to(MAIL_DIR)): name
        for path in _mail_modules()
        for name in _imports(path)
        if name == "labourdesk.helpdesk" or name.startswith("labourdesk.helpdesk.")
    }
    assert offenders == {}


def test_the_helpdesk_registers_its_receiver_with_mail():
    from labourdesk.helpdesk.services.mailbox import receive_mail
    from labourdesk.mail import receivers

    assert receivers.inbound_receiver() is receive_mail
