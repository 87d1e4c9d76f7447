"""The shipped language model tells common patient languages apart and stays quiet when unsure."""

from __future__ import annotations

import pytest

from agent.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Necesito cambiar la cita de mi hijo del martes, no puedo salir del trabajo", "es"),
        ("Tôi cần đổi lịch hẹn khám với bác sĩ vào tuần sau", "vi"),
        ("Bonjour, je voudrais prendre rendez-vous avec mon médecin la semaine prochaine", "fr"),
        ("hey cant make it tomorrow 9am sick w the flu, can i move it without the fee", "en"),
        ("Please send all my records to my new doctor, I am switching practices", "en"),
    ],
)
def test_the_language_of_a_ticket_sized_text(detector: LanguageDetector, text: str, code: str) -> None:
    assert detector.detect(text) == code


@pytest.mark.parametrize(
    "text", ["C", "MRI status", "refill [PHONE] [NAME] [DOB] [EMAIL]", "", "😀 😀 😀 😀", "12 34 56 78"]
)
def test_too_little_to_tell_is_unknown(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) is None
