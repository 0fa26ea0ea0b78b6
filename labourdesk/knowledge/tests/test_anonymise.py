"""Anonymisation: known identities and detected personal data never survive into the draft."""

import json

import pytest
from faker import Faker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourdesk.core.testing.fixtures import shared_path
from labourdesk.knowledge.anonymise import PLACEHOLDERS, Identities, anonymise

TEMPLATE = (
    "Dear Helpdesk,\nMy name is {name} and I work for {org}. You can write to {email}.\n"
    "We have a question on working time in our factories.\n"
    "Best regards,\n{name}\n{org}\n"
)
ANSWER = "Dear {name}, thank you for the question from {org}. We answer at {email}."
LOCALES = ["en_US", "fr_FR", "es_ES", "zh_CN", "ja_JP", "vi_VN", "de_DE"]


def _blns() -> list[str]:
    path = shared_path("data", "test-corpora", "naughty-strings", "blns.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _meaningful(value: str, texts: list[str]) -> bool:
    """An identity we can test for: at least two visible characters, and not something our own
    template or placeholders already contain (a name "Dear" cannot be told from the greeting)."""
    stripped = value.strip()
    if len(stripped) < 2:
        return False
    fixed = " ".join(texts + list(PLACEHOLDERS.values())).lower()
    return stripped.lower() not in fixed


def _check(name: str, org: str, email: str) -> None:
    texts = [TEMPLATE.format(name="", org="", email=""), ANSWER.format(name="", org="", email="")]
    ids = Identities(names=[name], emails=[email], organisations=[org])
    question = anonymise(TEMPLATE.format(name=name, org=org, email=email), ids).text
    answer = anonymise(ANSWER.format(name=name, org=org, email=email), ids, strip_signature=False)
    for value in (name, org, email):
        if _meaningful(value, texts):
            assert value.strip().lower() not in question.lower(), (value, question)
            assert value.strip().lower() not in answer.text.lower(), (value, answer.text)


@pytest.fixture(scope="module")
def blns():
    return _blns()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_naughty_identities_never_survive(blns, data):
    name = data.draw(st.sampled_from(blns))
    org = data.draw(st.sampled_from(blns))
    local = data.draw(st.from_regex(r"[a-z][a-z0-9._]{1,12}", fullmatch=True))
    _check(name, org, f"{local}@example.org")


@settings(max_examples=80, deadline=None)
@given(locale=st.sampled_from(LOCALES), seed=st.integers(0, 10_000))
def test_faker_identities_never_survive(locale, seed):
    fake = Faker(locale)
    fake.seed_instance(seed)
    _check(fake.name(), fake.company(), fake.email())


def test_detected_personal_data_is_replaced_and_suspects_listed():
    text = (
        "Call +41 22 799 71 59 or write to someone@example.com; see https://example.com/x. "
        "IBAN CH93 0076 2011 6238 5295 7, CH-1211 Geneva. Mr Dupont agrees."
    )
    result = anonymise(text, Identities(region="CH"))
    for leaked in ("799 71 59", "someone@example.com", "example.com/x", "CH93", "1211"):
        assert leaked not in result.text
    assert set(result.replacements) >= {"phone", "email", "url", "iban", "postal_code"}
    assert ("name", "Mr Dupont") in result.suspects


def test_signature_block_removed():
    result = anonymise("Question text.\nCordialement,\nJean\nDirecteur RH", Identities())
    assert "Jean" not in result.text and "Directeur" not in result.text
    assert PLACEHOLDERS["signature"] in result.text
