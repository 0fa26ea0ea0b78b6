"""The demo content: created through the real services, idempotent, dated after the baseline."""

import io
from datetime import UTC, datetime

import pytest

from labourdesk.accounts.services import user_create
from labourdesk.helpdesk import demo
from labourdesk.helpdesk.models import Case, Clearance, Consultation, Draft, OutboundMessage

BASELINE_END = datetime(2023, 3, 1, tzinfo=UTC)  # the published baseline covers up to Feb 2023


@pytest.fixture
def demo_users(reference_data):
    for username, role in ((demo.EXPERT, "helpdesk_expert"), (demo.MANAGER, "helpdesk_manager")):
        user_create(actor=None, username=username, password="demo-pass-123", roles=[role])


def test_demo_is_idempotent_marked_and_after_the_baseline(demo_users):
    out = io.StringIO()
    demo.create_demo(stdout=out)
    assert "5 case(s) created" in out.getvalue()
    snapshot = (
        Case.objects.count(),
        Draft.objects.count(),
        Clearance.objects.count(),
        Consultation.objects.count(),
        OutboundMessage.objects.count(),
    )
    demo.create_demo(stdout=out)
    assert "0 case(s) created, 5 already there" in out.getvalue()
    assert snapshot == (
        Case.objects.count(),
        Draft.objects.count(),
        Clearance.objects.count(),
        Consultation.objects.count(),
        OutboundMessage.objects.count(),
    )
    cases = Case.objects.all()
    assert len(cases) == len(demo.DEMO_CASES)
    for case in cases:
        assert "(demo)" in case.subject
        assert case.requester_email.endswith("@example.org")
        assert case.requester_name.startswith("Demo requester")
    statuses = {c.subject: c.status for c in cases}
    assert set(statuses.values()) == {"new", "closed", "in_consultation", "in_clearance", "sent"}
    admitted = [c.admitted_at for c in cases if c.admissible]
    assert len(admitted) == 3
    assert all(at > BASELINE_END for at in admitted)
    sent = Case.objects.get(status="sent")
    assert sent.assignee.username == demo.EXPERT
    assert Clearance.objects.get(draft__case=sent).reviewer.username == demo.MANAGER
    assert sent.outbound_messages.filter(kind="reply").exists()
    assert Case.objects.get(status="closed").inadmissible_reason == "individual_grievance"


def test_demo_without_demo_users_creates_nothing(reference_data):
    out = io.StringIO()
    demo.create_demo(stdout=out)
    assert "nothing created" in out.getvalue()
    assert not Case.objects.exists()
