"""PHI redaction: every identifier replaced whole, nothing useful lost, and redacting twice changes nothing."""

from __future__ import annotations

import re

import pytest

from agent.redact import Redaction, luhn_valid, redact, redact_for_log

# (text, expected redacted text, expected counts)
IDENTIFIERS = [
    # phones: US shapes, +1, extensions; others only with a leading +country code
    ("call (617) 555-0142 please", "call [PHONE] please", {"PHONE": 1}),
    ("617-555-0142", "[PHONE]", {"PHONE": 1}),
    ("617.555.0142", "[PHONE]", {"PHONE": 1}),
    ("617 555 0142", "[PHONE]", {"PHONE": 1}),
    ("+1 617 555 0142", "[PHONE]", {"PHONE": 1}),
    ("+1 (617) 555-0142", "[PHONE]", {"PHONE": 1}),
    ("1-800-555-1234", "[PHONE]", {"PHONE": 1}),
    ("6175550142", "[PHONE]", {"PHONE": 1}),
    ("my cell is 555-0142", "my cell is [PHONE]", {"PHONE": 1}),
    ("617-555-0142 ext. 12", "[PHONE]", {"PHONE": 1}),
    ("617-555-0142 x12", "[PHONE]", {"PHONE": 1}),
    ("(617)555-0142", "[PHONE]", {"PHONE": 1}),
    ("call +44 20 7946 0958", "call [PHONE]", {"PHONE": 1}),
    # emails
    ("write to maria.lopez+clinic@gmail.com today", "write to [EMAIL] today", {"EMAIL": 1}),
    ("j_smith@health.org.uk", "[EMAIL]", {"EMAIL": 1}),
    # dates of birth, numeric and written; the label stays so the agent knows what was there
    ("DOB: 03/14/1982", "DOB: [DOB]", {"DOB": 1}),
    ("dob 3-14-82", "dob [DOB]", {"DOB": 1}),
    ("date of birth is March 14, 1982", "date of birth is [DOB]", {"DOB": 1}),
    ("born on 14 March 1982", "born on [DOB]", {"DOB": 1}),
    ("Birthday: Mar 14th", "Birthday: [DOB]", {"DOB": 1}),
    ("born in 1982", "born in [DOB]", {"DOB": 1}),
    ("D.O.B. 1982-03-14", "D.O.B. [DOB]", {"DOB": 1}),
    ("fecha de nacimiento: 14 de marzo de 1982", "fecha de nacimiento: [DOB]", {"DOB": 1}),
    # record numbers, accounts, insurance
    ("MRN: 00482913", "MRN: [MRN]", {"MRN": 1}),
    ("medical record number 4829-113", "medical record number [MRN]", {"MRN": 1}),
    ("patient ID # A1234567", "patient ID # [MRN]", {"MRN": 1}),
    ("chart # 778812", "chart # [MRN]", {"MRN": 1}),
    ("MRN 12345 6789", "MRN [MRN]", {"MRN": 1}),
    ("account number 99-12345", "account number [ACCOUNT]", {"ACCOUNT": 1}),
    ("acct #: 5566778", "acct #: [ACCOUNT]", {"ACCOUNT": 1}),
    ("claim number 2024-88123", "claim number [ACCOUNT]", {"ACCOUNT": 1}),
    ("Member ID: XJH123456789", "Member ID: [MEMBER_ID]", {"MEMBER_ID": 1}),
    ("policy number W123456789", "policy number [MEMBER_ID]", {"MEMBER_ID": 1}),
    ("group # 55501", "group # [MEMBER_ID]", {"MEMBER_ID": 1}),
    ("subscriber id 889911223", "subscriber id [MEMBER_ID]", {"MEMBER_ID": 1}),
    # social security numbers
    ("SSN 123-45-6789", "SSN [SSN]", {"SSN": 1}),
    ("social security number: 123456789", "social security number: [SSN]", {"SSN": 1}),
    ("ssn 123 45 6789", "ssn [SSN]", {"SSN": 1}),
    ("my number is 123-45-6789", "my number is [SSN]", {"SSN": 1}),
    ("last 4 of my SSN is 6789", "last 4 of my SSN is [SSN]", {"SSN": 1}),
    ("SSN ending in 6789", "SSN ending in [SSN]", {"SSN": 1}),
    # payment cards: Luhn-checked; card-shaped groups failing Luhn are still hidden
    ("4111 1111 1111 1111", "[CARD]", {"CARD": 1}),
    ("4111-1111-1111-1111", "[CARD]", {"CARD": 1}),
    ("card 4111111111111111 please", "card [CARD] please", {"CARD": 1}),
    ("378282246310005", "[CARD]", {"CARD": 1}),
    ("3782 822463 10005", "[CARD]", {"CARD": 1}),
    ("cvv 123, exp 04/27", "cvv [CARD], exp [CARD]", {"CARD": 2}),
    ("4111 1111 1111 1112", "[ID]", {"ID": 1}),
    # unlabelled long identifiers
    ("my id is W123456789 thanks", "my id is [ID] thanks", {"ID": 1}),
    ("number 123456789012", "number [ID]", {"ID": 1}),
    # addresses
    ("42 Elm Street", "[ADDRESS]", {"ADDRESS": 1}),
    ("send it to 42 Elm St. Apt 3B, Springfield, IL 62704-1234 please", "send it to [ADDRESS] please", {"ADDRESS": 1}),
    ("1600 Pennsylvania Ave NW, Washington, DC 20500", "[ADDRESS]", {"ADDRESS": 1}),
    ("I live at 12 Oak Dr.", "I live at [ADDRESS].", {"ADDRESS": 1}),
    ("12 oak street", "[ADDRESS]", {"ADDRESS": 1}),
    ("PO Box 123, Boston, MA 02115", "[ADDRESS]", {"ADDRESS": 1}),
    ("we moved to Springfield, IL 62704", "we moved to [ADDRESS]", {"ADDRESS": 1}),
    ("zip code 02139", "zip code [ADDRESS]", {"ADDRESS": 1}),
    ("350 5th Avenue, Suite 200", "[ADDRESS]", {"ADDRESS": 1}),
    # names found by cues
    ("my name is maria lopez and I need help", "my name is [NAME] and I need help", {"NAME": 1}),
    ("This is John Smith calling about a bill", "This is [NAME] calling about a bill", {"NAME": 1}),
    ("I'm Ana Ruiz, calling about my refill", "I'm [NAME], calling about my refill", {"NAME": 1}),
    ("Patient: John Smith", "Patient: [NAME]", {"NAME": 1}),
    ("Dear Maria,", "Dear [NAME],", {"NAME": 1}),
    ("Thanks,\nMaria Lopez", "Thanks,\n[NAME]", {"NAME": 1}),
    ("Regards, J. Smith", "Regards, [NAME]", {"NAME": 1}),
    ("Hello,\nI need help.\n- Tom", "Hello,\nI need help.\n- [NAME]", {"NAME": 1}),
    ("my son Jake has a fever", "my son [NAME] has a fever", {"NAME": 1}),
    ("Mrs. Alvarez called twice", "Mrs. [NAME] called twice", {"NAME": 1}),
    ("My name is Ana. Ana's appointment is Monday", "My name is [NAME]. [NAME]'s appointment is Monday", {"NAME": 2}),
]

# Text that must come back unchanged: amounts, times, appointment dates, short ticket numbers,
# provider names, medication amounts and the everyday words that sit next to name cues.
KEPT = [
    "I need to reschedule my appointment from May 5 to June 12 at 10:30am.",
    "My appointment is on 04/22/2025 at 3:30 pm.",
    "The copay was $45.00 and the total was $1,250.",
    "Ticket #48213, and my earlier ticket #1234.",
    "Please refill my lisinopril 20 mg, 2 pills a day, 90 day supply.",
    "Thanks for your help!",
    "Thanks, Doctor",
    "Best regards",
    "Thanks so much",
    "Hi there, can the doctor call me back?",
    "Hello team, Dear Sir or Madam",
    "Dr. Patel said to come in on 3/14.",
    "I have 2 court dates and take 3 different pills each way.",
    "It's a 5 minute drive from the clinic.",
    "Call the clinic at the number on your website.",
    "My A1c was 7.2 in 2023 and my LDL is 130.",
    "We moved to the new building on 5th Avenue last year.",
    "Best time to call is after 5pm.",
    "Sent from my iPhone",
    "Room 12 at St Luke's",
    "I was born and raised here. My daughter was born 3 weeks ago.",
    "COVID19 test on 2024-05-01, order 12345678.",
    "This is urgent, I'm having chest pain",
    "I'm Type 2 diabetic and my account is locked",
    "Dear Billing, my member portal will not load",
    "My insurance expires in 2026 and the price is +15 dollars",
]

MESSAGE = """Hi,
My name is Maria Lopez (DOB 03/14/1982, MRN: 00482913). Please call me at (617) 555-0142 ext. 12
or email maria.lopez@gmail.com. My new address is 42 Elm Street Apt 3B, Springfield, IL 62704-1234.
Member ID: XJH123456789, group # 55501. I paid $1,234.56 with card 4111 1111 1111 1111 for ticket #1234.
My appointment with Dr. Patel is on 04/22/2025 at 3:30 pm; my son Jake comes too.
Thanks,
Maria Lopez"""

MESSAGE_REDACTED = """Hi,
My name is [NAME] (DOB [DOB], MRN: [MRN]). Please call me at [PHONE]
or email [EMAIL]. My new address is [ADDRESS].
Member ID: [MEMBER_ID], group # [MEMBER_ID]. I paid $1,234.56 with card [CARD] for ticket #1234.
My appointment with Dr. Patel is on 04/22/2025 at 3:30 pm; my son [NAME] comes too.
Thanks,
[NAME]"""


@pytest.mark.parametrize(("text", "expected", "counts"), IDENTIFIERS)
def test_identifiers_become_typed_placeholders(text: str, expected: str, counts: dict[str, int]) -> None:
    result = redact(text)
    assert result.text == expected
    assert dict(result.counts) == counts


@pytest.mark.parametrize("text", KEPT)
def test_useful_text_is_kept(text: str) -> None:
    result = redact(text)
    assert result.text == text
    assert dict(result.counts) == {}


def test_a_realistic_message() -> None:
    result = redact(MESSAGE)
    assert result.text == MESSAGE_REDACTED
    assert dict(result.counts) == {
        "NAME": 3,
        "DOB": 1,
        "MRN": 1,
        "PHONE": 1,
        "EMAIL": 1,
        "ADDRESS": 1,
        "MEMBER_ID": 2,
        "CARD": 1,
    }


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("maria called and MARIA LOPEZ wrote", ["Maria Lopez"], "[NAME] called and [NAME] wrote"),
        ("Lopez, Maria: please call", ["Lopez, Maria"], "[NAME]: please call"),
        ("Hi, Maria-José here", ["Maria-José Pérez"], "Hi, [NAME] here"),
        ("O'Brien asked about the bill", ["Sean O'Brien"], "[NAME] asked about the bill"),
        # a known name that is also a word only matches where written as a name
        ("Bill asked about the bill, will Will call?", ["Will Bill"], "[NAME] asked about the bill, will [NAME] call?"),
        ("Mariana is not Maria", ["Maria"], "Mariana is not [NAME]"),
        ("nothing to hide", [], "nothing to hide"),
        ("my name", ["J", ""], "my name"),
    ],
)
def test_known_names_match_whole_words(text: str, names: list[str], expected: str) -> None:
    assert redact(text, known_names=names).text == expected


@pytest.mark.parametrize("text", [case[0] for case in IDENTIFIERS] + KEPT + [MESSAGE])
def test_redaction_is_idempotent(text: str) -> None:
    once = redact(text, known_names=["Maria Lopez"]).text
    again = redact(once, known_names=["Maria Lopez"])
    assert again.text == once
    assert dict(again.counts) == {}


def test_no_partial_identifier_survives() -> None:
    text = redact(MESSAGE).text
    # The only digits left are the amount, the ticket number, the appointment date and time.
    assert re.findall(r"\d+", text) == ["1", "234", "56", "1234", "04", "22", "2025", "3", "30"]
    assert "@" not in text
    assert "Lopez" not in text and "Maria" not in text


def test_redact_for_log_is_the_redacted_text() -> None:
    assert redact_for_log("call 617-555-0142") == "call [PHONE]"


def test_result_is_a_frozen_value() -> None:
    result = redact("617-555-0142")
    assert isinstance(result, Redaction)
    with pytest.raises(AttributeError):
        result.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4111111111111111", True),
        ("378282246310005", True),
        ("6011111111111117", True),
        ("4111111111111112", False),
        ("411111111111", False),  # too short for a card
        ("41111111111111111111", False),  # too long
    ],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


def test_without_placeholders_removes_every_kind_of_placeholder_and_nothing_else() -> None:
    from agent.redact import without_placeholders

    text = redact("Reach me at 555-201-4477 or ann@example.org, MRN 00482913; [see note]").text
    stripped = without_placeholders(text)
    assert "[" not in stripped.replace("[see note]", "")
    assert "Reach me at" in stripped and "[see note]" in stripped
