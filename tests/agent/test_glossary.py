"""Glossaries: English glosses of other languages' administrative words, for the English-trained classifier."""

from __future__ import annotations

import pytest

from agent.classifier import OfflineClassifier
from agent.glossary import GLOSSES, EnglishHints, Glossary
from agent.language import LanguageDetector
from carelayer.errors import ConfigError
from knowledge.embeddings import Embedder
from tests.agent.classifier_cases import HELD_OUT, LABELLED
from tests.agent.test_classifier import labelled, taxonomy

SMALL = Glossary.parse(
    {
        "es": "# test\nbill\tfactura | cuenta\nreschedule appointment\tcambiar la cita | reprogram*\n"
        "appointment\tcita\n",
        "zh": "bill\t账单 | 帳單\n",
        "ar": "appointment\t*موعد\n",
    }
)


class _Fixed:
    """A detector that always says the same language (a stateful fake of ``LanguageDetector``)."""

    def __init__(self, language: str | None) -> None:
        self.language = language
        self.seen: list[str] = []

    def detect(self, text: str) -> str | None:
        self.seen.append(text)
        return self.language


def test_whole_words_without_case_or_accents() -> None:
    assert SMALL.gloss("Recibí una FACTÚRA ayer") == ("bill",)
    # "cita" inside "citation" or "solicitar" is no appointment
    assert SMALL.gloss("a citation, solicitaron") == ()


def test_a_star_lets_an_inflection_follow() -> None:
    assert SMALL.gloss("¿Puedo reprogramarla para el lunes?") == ("reschedule appointment",)
    assert SMALL.gloss("programar") == ()


def test_a_leading_star_lets_a_prefix_precede() -> None:
    assert SMALL.gloss("عندي بالموعد سؤال") == ("appointment",)


def test_unspaced_scripts_match_anywhere() -> None:
    assert SMALL.gloss("我收到了一张账单") == ("bill",)
    assert SMALL.gloss("我收到了一張帳單") == ("bill",)


def test_each_gloss_once_in_the_order_first_found() -> None:
    text = "Cambiar la cita, y la factura de la cita anterior"
    assert SMALL.gloss(text) == ("reschedule appointment", "appointment", "bill")


def test_only_the_languages_asked_for() -> None:
    assert SMALL.gloss("账单 factura", frozenset({"es"})) == ("bill",)
    assert SMALL.gloss("账单 factura", frozenset({"fr"})) == ()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("bill factura", "line 1"),  # no TAB
        ("bill\t", "line 1"),
        ("# ok\nbills and fees\tfactura", "line 2: unknown gloss"),
        ("bill\tfac*tura", "'*' may only"),
        ("bill\t*", "'*' may only"),
    ],
)
def test_malformed_files_are_refused_with_the_file_and_line(text: str, error: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Glossary.parse({"xx": text}, source="somewhere")
    assert "somewhere/xx.tsv" in str(caught.value.location)
    assert error in f"{caught.value.location}: {caught.value}"


def test_every_shipped_glossary_parses_and_uses_known_glosses() -> None:
    shipped = Glossary.shipped()
    assert {"es", "pt", "fr", "vi", "zh", "ht", "ru", "ko", "tl", "ar", "pl", "so"} <= shipped.languages
    for language, entries in shipped.entries.items():
        glosses = [entry.gloss for entry in entries]
        assert set(glosses) <= GLOSSES, language
        assert len(set(glosses)) >= 40, f"{language}: only {len(set(glosses))} concepts"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Olá, preciso remarcar minha consulta de quinta-feira, meu filho ficou doente", "reschedule appointment"),
        ("Tôi nhận được hóa đơn nhưng tôi đã trả tiền rồi, xin kiểm tra lại", "bill"),
        ("Bonjour, est-ce que vous acceptez mon assurance pour la consultation?", "insurance"),
        ("Bonjou, mwen bezwen ranpli preskripsyon medikaman tansyon mwen, famasi a fèmen", "refill prescription"),
        ("Здравствуйте, мне нужна копия моей медицинской карты для нового врача", "copy of records"),
        ("Dzień dobry, chciałabym odwołać wizytę u lekarza w przyszły wtorek", "cancel appointment"),
    ],
)
def test_the_shipped_glossaries_read_everyday_requests(text: str, expected: str) -> None:
    glossed = EnglishHints(Glossary.shipped(), LanguageDetector())(text)
    first_line = glossed.split("\n", 1)[0]
    assert expected in first_line
    assert glossed.endswith(text)  # the patient's words are kept, after the glosses


def test_english_and_undetected_texts_are_left_exactly_as_they_are() -> None:
    english = "Can I reschedule my appointment? I got a factura-like bill from the cita clinic"
    assert EnglishHints(SMALL, _Fixed("en"))(english) == english
    assert EnglishHints(SMALL, _Fixed(None))("cambiar la cita") == "cambiar la cita"
    # negative control: the same text, said to be Spanish, is glossed
    assert EnglishHints(SMALL, _Fixed("es"))("cambiar la cita").startswith("reschedule appointment appointment \n")


def test_a_language_without_a_glossary_is_searched_with_every_glossary() -> None:
    # a detector may take Portuguese for Galician: any glossary's words still count
    assert EnglishHints(SMALL, _Fixed("gl"))("a factura do mes").startswith("bill \n")
    # one with a glossary is searched with its own only
    assert EnglishHints(SMALL, _Fixed("zh"))("factura 账单").startswith("bill \n")
    assert EnglishHints(SMALL, _Fixed("zh"))("factura") == "factura"


@pytest.mark.parametrize("text", ["", "\ud800 factura", "😀" * 50, "x" * 100_000, "<b>cita</b>"])
def test_odd_text_never_raises(text: str) -> None:
    result = EnglishHints(SMALL, _Fixed("es"))(text)
    assert result.endswith(text)


# Written for this test: everyday administrative requests in languages the English training texts never use.
FOREIGN = [
    ("Olá", "Preciso remarcar minha consulta de quinta-feira, meu filho ficou doente. Pode ser na semana que vem?",
     "appointments"),
    ("Hóa đơn", "Tôi nhận được hóa đơn 120 đô nhưng tôi đã trả tiền rồi. Xin kiểm tra lại giúp tôi.", "billing"),
    ("Ordonnance", "Bonjour, je n'ai presque plus de médicaments, pouvez-vous renouveler mon ordonnance à la "
     "pharmacie?", "prescriptions"),
    ("Dokumentacja", "Dzień dobry, potrzebuję kopii mojej dokumentacji medycznej dla nowego lekarza.", "records"),
    ("Parkir", "Saan po pwedeng mag-park sa clinic ninyo at anong oras kayo nagbubukas sa Sabado?", "general"),
    ("Новый врач", "Здравствуйте, мы переехали, принимаете ли вы новых пациентов? Нужен семейный врач.",
     "providers"),
    ("Receta", "Buenas, se me acabó la pastilla de la presión, ¿me pueden mandar la receta a la farmacia?",
     "prescriptions"),
    ("Rendevou", "Bonjou, mwen ta renmen anile randevou mwen demen maten, mwen pa ka vini.", "appointments"),
]  # fmt: skip


def test_the_classifier_routes_foreign_tickets_by_their_glosses(embedder: Embedder) -> None:
    categories = taxonomy()
    texts = labelled(LABELLED)
    plain = OfflineClassifier.train(categories, texts, embedder=embedder)
    hinted = OfflineClassifier.train(
        categories, texts, embedder=embedder, hints=EnglishHints(Glossary.shipped(), LanguageDetector())
    )
    with_glosses = sum(hinted.classify(s, b).category == c for s, b, c in FOREIGN)
    without = sum(plain.classify(s, b).category == c for s, b, c in FOREIGN)
    assert with_glosses >= len(FOREIGN) - 1
    assert without < with_glosses  # the negative control: the same model without glosses


def test_english_tickets_classify_the_same_with_hints(embedder: Embedder) -> None:
    detector = LanguageDetector()
    english = [row for row in LABELLED if detector.detect(f"{row[0]} {row[1]}") in (None, "en")]
    categories, texts = taxonomy(), labelled(english)
    plain = OfflineClassifier.train(categories, texts, embedder=embedder)
    hinted = OfflineClassifier.train(
        categories, texts, embedder=embedder, hints=EnglishHints(Glossary.shipped(), detector)
    )
    for subject, body, _ in HELD_OUT:  # one is Spanish: glossed, so it may differ
        if detector.detect(f"{subject} {body}") not in (None, "en"):
            continue
        assert hinted.classify(subject, body).scores == pytest.approx(plain.classify(subject, body).scores)


def test_a_gloss_the_text_already_says_is_not_repeated() -> None:
    # an English text the detector mistakes for another language gains nothing it did not already say
    assert (
        EnglishHints(SMALL, _Fixed("no"))("i want to see a different cita")
        == "appointment \n i want to see a different cita"
    )
    assert EnglishHints(SMALL, _Fixed("no"))("my appointment, the cita") == "my appointment, the cita"
