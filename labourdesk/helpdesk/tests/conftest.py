"""Helpdesk test helpers: cases built through the real services."""

import itertools

import pytest

from labourdesk.helpdesk.models import Case, Sector, UserType
from labourdesk.helpdesk.services.requester import Question, inquiry_submit
from labourdesk.standards.models import MemberState

_n = itertools.count(1)


def ask(question: str = "How do we apply C087 in our supplier factories?", **extra) -> Case:
    q = Question(
        question=question,
        name=extra.pop("name", "Ana Requester"),
        email=extra.pop("email", f"requester{next(_n)}@example.org"),
        organisation=extra.pop("organisation", "Acme Ltd"),
        user_type=UserType.objects.get(code="workers_unions"),
        country=MemberState.objects.get(iso2="FR"),
        sector=Sector.objects.order_by("code").first(),
        language=extra.pop("language", "en"),
    )
    return inquiry_submit(actor=None, question=q, **extra).case


@pytest.fixture
def new_case(reference_data):
    return ask()


@pytest.fixture
def expert(make_user):
    return make_user("helpdesk_expert")


@pytest.fixture
def manager(make_user):
    return make_user("helpdesk_manager")


@pytest.fixture
def manager2(make_user):
    return make_user("helpdesk_manager")
