"""Red-flag phrases in languages the screen does not read: found in any script, absent from routine requests."""

from __future__ import annotations

import pytest

from agent.safety_foreign import FOREIGN_RED_FLAGS, fold, foreign_red_flags

EMERGENCIES = [
    ("Minha mãe está com uma dor muito forte no peito e suando frio", "pt: chest pain"),
    ("O bebê engoliu vários comprimidos da avó", "pt: overdose or poisoning"),
    ("Mon mari ne peut plus respirer, il devient tout gris", "fr: trouble breathing"),
    ("Ma fille s'est évanouie et ne se réveille pas", "fr: unconscious"),
    ("Mio padre non riesce a respirare da stamattina", "it: trouble breathing"),
    ("Meine Frau ist bewusstlos im Bad", "de: unconscious"),
    ("A minha filha tem febre alta e manchas roxas nas pernas", "pt: meningitis or sepsis signs"),
    ("Mon grand-père ne me reconnaît plus depuis ce matin", "fr: meningitis or sepsis signs"),
    ("Ông tôi bị đột quỵ, méo miệng", "vi: stroke signs"),
    # round 15: a chest that feels heavy with pain spreading down the arm; a child who swallowed a battery
    ("Ba tôi nói ngực rất nặng, đau lan xuống cánh tay", "vi: chest pain"),
    ("ابنتي ابتلعت بطارية صغيرة من اللعبة", "ar: overdose or poisoning"),
    ("Mon bébé a de la fièvre, il est tout mou et je n'arrive pas à le réveiller", "fr: unconscious"),
    ("Nauntog ang ulo ni Lolo sa pinto, nagsuka siya at inaantok", "tl: head injury with warning signs"),
    (
        "Meine Tochter hat Erdnüsse gegessen, ihre Lippen sind geschwollen und sie ist heiser",
        "de: severe allergic reaction",
    ),
    ("Mon père est tombé et ne répond plus", "fr: unconscious"),
    ("Сын нашёл таблетки бабушки и проглотил две", "ru: overdose or poisoning"),
    ("Hindi makahinga ang anak ko", "tl: trouble breathing"),
    ("Manman m pèdi konesans", "ht: unconscious"),
    ("我妈妈晕倒了", "zh: unconscious"),
    ("Отец потерял сознание", "ru: unconscious"),
    ("ابني فقد الوعي", "ar: unconscious"),
    ("남편이 기절했어요", "ko: unconscious"),
    ("Mój tata nie może oddychać, ma sine usta", "pl: trouble breathing"),
    ("Córka połknęła tabletki babci", "pl: overdose or poisoning"),
    ("Wiilkaygu wuxuu liqay kiniinno", "so: overdose or poisoning"),
    ("Hooyaday ma neefsan karto", "so: trouble breathing"),
]
ROUTINE = [
    "Bonjour, je voudrais changer mon rendez-vous de mardi à jeudi.",
    "Olá, preciso de uma cópia dos meus exames de sangue.",
    "Guten Tag, ich brauche ein neues Rezept, meine Medikamente habe ich heute genommen.",
    "Xin chào, tôi muốn đặt lịch hẹn khám sức khỏe.",
    "我想预约下周二的门诊。",
    "Здравствуйте, хочу перенести приём на пятницу.",
    "안녕하세요, 다음 주 예약을 변경하고 싶어요.",
    "Dzień dobry, chcę przełożyć wizytę kontrolną po zawale na środę.",
]


@pytest.mark.parametrize(("text", "flag"), EMERGENCIES)
def test_an_emergency_phrase_is_found_with_or_without_accents(text: str, flag: str) -> None:
    assert flag in foreign_red_flags(text)
    assert flag in foreign_red_flags(fold(text).upper())  # typed without accents, in capitals


@pytest.mark.parametrize("text", ROUTINE)
def test_a_routine_request_has_no_red_flag(text: str) -> None:
    assert foreign_red_flags(text) == ()


def test_every_language_names_the_core_emergencies() -> None:
    for language, concepts in FOREIGN_RED_FLAGS.items():
        assert {"chest pain", "trouble breathing", "unconscious", "suicidal intent"} <= concepts.keys(), language
