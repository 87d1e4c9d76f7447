"""The offline ticket classifier: unseen phrasings, calibrated probabilities, learning from labelled
tickets, determinism, bad input, speed.

Every text below was written for this file (typos, run-ons and other wording on purpose); nothing is
read from the example clinic, so these tests never move when its data does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from agent.classifier import (
    MAX_CHARS,
    CalibrationReport,
    Classification,
    Classifier,
    LabelledText,
    OfflineClassifier,
)
from agent.classifier_calibration import (
    ALWAYS_TRAIN,
    assign_folds,
    expected_calibration_error,
    fit_temperature,
    softmax,
)
from agent.classifier_features import Featuriser, Tokens, analyzers, ticket_text
from carelayer.errors import ConfigError, InputError
from carelayer.settings import BUNDLED_CONFIG, HANDOFF_ONLY_CATEGORIES, CategorySettings, load_settings
from knowledge.embeddings import Embedder

# category -> (description, examples), in an admin's own words
TAXONOMY: dict[str, tuple[str, tuple[str, ...]]] = {
    "appointments": (
        "Making, moving, cancelling or confirming a visit; reminder messages; video visit set-up; how long "
        "until the next opening.",
        (
            "Can I move my check-up to a later date?",
            "I have to cancel tomorrow's visit",
            "Is there an opening with Dr Lee this week?",
            "How do I join my video appointment?",
        ),
    ),
    "billing": (
        "Statements and invoices, paying a balance, instalment plans, insurance and claims, costs and "
        "estimates, charity care.",
        (
            "Why did I get charged twice?",
            "Can I pay my balance in instalments?",
            "Is Aetna in network at your clinic?",
            "How much does a physical cost without insurance?",
        ),
    ),
    "prescriptions": (
        "Refilling a medicine, sending a prescription to a pharmacy, switching pharmacies, prior "
        "authorization paperwork, refill status.",
        (
            "I am almost out of my inhaler, please renew it",
            "Send my script to the Walgreens on Main St",
            "The pharmacy says my refill is waiting on the doctor",
            "Insurance wants a prior auth for my medication",
        ),
    ),
    "records": (
        "Getting copies of the medical record, transferring records, fixing errors in the chart, forms and "
        "letters, when results appear online, privacy.",
        (
            "I need a copy of my chart",
            "Please fax my records to my new clinic",
            "My date of birth is wrong in my file",
            "Can the doctor fill out my school form?",
        ),
    ),
    "providers": (
        "Choosing a doctor, specialists and referrals to them, who takes new patients, changing doctors, "
        "languages spoken, where a doctor works.",
        (
            "Which doctors are taking new patients?",
            "I would like a different primary care doctor",
            "Do you have a cardiologist?",
            "Is there a female gynecologist at the north office?",
        ),
    ),
    "general": (
        "Opening hours, addresses, parking, directions, visitor policy, portal sign-in and passwords, "
        "interpreters, compliments and complaints.",
        (
            "What time do you open on Sunday?",
            "Is there free parking?",
            "I forgot my portal password",
            "I want to complain about the front desk",
        ),
    ),
    "clinical": (
        "Medical questions for a nurse: symptoms, side effects, doses, whether to start or stop a medicine, "
        "what a test result means.",
        (
            "Is it safe to take ibuprofen with my blood pressure pills?",
            "My cholesterol came back 240, is that bad?",
            "I've had a cough for two weeks, should I be seen?",
            "Can I take my antibiotic with food?",
        ),
    ),
    "emergency": (
        "An emergency happening now: chest pain, cannot breathe, stroke signs, wanting to die, overdose, "
        "heavy bleeding, throat swelling, seizure.",
        (
            "My chest hurts and my left arm is numb",
            "I can't catch my breath",
            "I swallowed a whole bottle of pills",
            "My face is swelling up after a bee sting",
        ),
    ),
}

LABELLED = [
    ("reschedule", "hi i cant make it thursday at 3, can we do friday morning instead", "appointments"),
    ("Appointment", "Need to book a follow up with my doctor in about 6 weeks", "appointments"),
    ("", "please cancel my appt for the 14th my son is sick", "appointments"),
    ("telehealth", "how do i start the video call for my visit the link isnt working", "appointments"),
    ("waitlist", "is there a waiting list if something opens sooner? next slot is in march", "appointments"),
    ("confirm", "just confirming i am still on for monday 9am with the physio", "appointments"),
    ("new visit", "I'd like to schedule my annual physical please", "appointments"),
    ("Bill question", "I received a statement for $180 but my insurance should have covered it", "billing"),
    ("payment", "how can i pay online? the link on the bill doesnt work", "billing"),
    ("", "does my medicaid plan cover the allergy testing", "billing"),
    ("EOB", "my explanation of benefits says the claim was denied what do i do", "billing"),
    ("refund", "I overpaid my copay last month, can I get a refund?", "billing"),
    ("cost", "what will an MRI cost me, I have a high deductible plan", "billing"),
    ("financial help", "lost my job and can't afford these bills, is there any assistance", "billing"),
    ("Refill", "need a refill on my metoprolol 25mg, use the CVS on 5th", "prescriptions"),
    ("", "my pharmacy hasnt received the prescription the doctor sent yesterday", "prescriptions"),
    ("pharmacy change", "please move all my prescriptions to the mail order pharmacy", "prescriptions"),
    ("refill status", "requested a refill 3 days ago, any update? still says pending", "prescriptions"),
    ("prior auth", "insurance denied my ozempic until you send the prior authorization", "prescriptions"),
    ("meds", "running out of my thyroid pills this weekend can you renew them", "prescriptions"),
    ("90 day supply", "can my doctor write it for a 90 day supply instead of 30", "prescriptions"),
    ("records request", "how do i request my full medical records from 2019 to now", "records"),
    ("", "please send my immunization record to my daughter's school", "records"),
    ("correction", "the allergy list in my chart is wrong, I'm not allergic to penicillin", "records"),
    ("form", "I need my doctor to sign my FMLA paperwork for work", "records"),
    ("lab results", "my blood work was done monday but I can't see it in the portal yet", "records"),
    ("x-ray images", "can i get a CD of my x-ray images for a second opinion", "records"),
    ("privacy", "who has looked at my records? I want an access report", "records"),
    ("new patient", "are any pediatricians taking new patients near downtown", "providers"),
    ("", "i want to change my primary doctor to someone else", "providers"),
    ("specialist", "do you have an endocrinologist I could see for my diabetes", "providers"),
    ("language", "looking for a doctor who speaks Mandarin for my mother", "providers"),
    ("which location", "does Dr Patel see patients at the westside office too", "providers"),
    ("referral", "who is a good orthopedic surgeon in your group for knee problems", "providers"),
    ("hours", "are you open on the 4th of july?", "general"),
    ("parking", "where can i park, the garage was full last time", "general"),
    ("portal", "my account is locked after too many login attempts", "general"),
    ("visitors", "how many visitors can come with me for my procedure", "general"),
    ("", "the staff at reception were really kind, just wanted to say thanks", "general"),
    ("interpreter", "can I get a sign language interpreter for my visit", "general"),
    ("address", "what is the address of the lab building", "general"),
    ("question", "is it normal to feel dizzy after starting amlodipine", "clinical"),
    ("", "my blood sugar has been over 300 all week what should i do", "clinical"),
    ("side effects", "the new medicine gives me bad headaches, should I stop it", "clinical"),
    ("results", "what does it mean that my TSH is low", "clinical"),
    ("fever", "my toddler has had a fever of 102 for two days", "clinical"),
    ("dose", "I missed my evening dose of warfarin, should I double up tomorrow", "clinical"),
    ("rash", "red itchy bumps spreading on my arms since sunday", "clinical"),
    ("URGENT", "my dad collapsed and is not responding", "emergency"),
    ("", "i dont want to live anymore and i have a plan", "emergency"),
    ("help", "I cut my hand badly and it won't stop bleeding", "emergency"),
    ("now", "crushing pressure in my chest and sweating right now", "emergency"),
    ("seizure", "my son is having a seizure and it has lasted 5 minutes", "emergency"),
    ("allergy", "lips and tongue swelling after eating peanuts, hard to breathe", "emergency"),
    ("", "I would like to come in earlier than my scheduled date if there is a cancellation", "appointments"),
    ("appointment reminder", "stop sending me reminder texts, I already confirmed", "appointments"),
    ("statement", "the amount on my statement doesn't match what the estimate said", "billing"),
    ("", "please update my insurance on file, I have a new card", "billing"),
    ("", "the pharmacy is out of stock, can you send it to another one", "prescriptions"),
    ("prescription", "please renew my birth control pills", "prescriptions"),
    ("", "I need records from my hospital stay sent to my lawyer", "records"),
    ("portal results", "the results from my ultrasound aren't showing up online", "records"),
    ("", "do any of your doctors do home visits for elderly patients", "providers"),
    ("", "can I see a nurse practitioner instead of a doctor for my checkups", "providers"),
    ("", "lost and found - I left my umbrella in the waiting room", "general"),
    ("", "do you have wifi for patients in the lobby", "general"),
    ("", "my incision looks red and warm, is that infection", "clinical"),
    ("", "can i drink alcohol while taking this antibiotic", "clinical"),
    ("", "my mom is slurring her words and one side of her face is drooping", "emergency"),
    ("", "he is breathing very slowly and we can't wake him up", "emergency"),
]

HELD_OUT = [
    ("", "hey so i got called into work can i push my apointment to next wk sometime", "appointments"),
    ("visit", "what's the earliest you can fit me in to see somebody", "appointments"),
    ("appointment", "pls cancel, feeling better now, dont need to come in", "appointments"),
    ("cita", "necesito cambiar mi cita del martes", "appointments"),
    ("", "got a bill in the mail for 340 dollars what is this for??", "billing"),
    ("insurance", "im switching to united healthcare in january are you guys in network", "billing"),
    ("charges", "why am i being billed for a visit that insurance already paid", "billing"),
    ("payment plan", "can i split the balance into monthly payments", "billing"),
    ("", "out of my blood pressure meds can u call in more to rite aid", "prescriptions"),
    ("rx", "pharmacy still doesnt have my prescription, its been a week", "prescriptions"),
    ("medication", "please renew my sertraline, last refill ran out", "prescriptions"),
    ("prescription transfer", "i moved, please send my meds to the new pharmacy on oak ave", "prescriptions"),
    ("", "how do i get copies of my chart sent to a specialist out of state", "records"),
    ("paperwork", "need a letter from the doctor saying i can go back to work", "records"),
    ("records", "there's a mistake in my medical record, wrong medication listed", "records"),
    ("results", "when will i be able to see my test results online", "records"),
    ("", "is there a skin doctor who takes new patients", "providers"),
    ("doctor", "i dont like my current doctor, can i see someone else", "providers"),
    ("specialist", "do u have any heart specialist at the north clinic", "providers"),
    ("provider", "looking for a spanish speaking pediatrician", "providers"),
    ("", "what time do u close on fridays", "general"),
    ("login", "cant sign into mychart it keeps saying password incorrect", "general"),
    ("directions", "how do i get to your clinic by bus", "general"),
    ("feedback", "the waiting room was filthy and nobody apologized", "general"),
    ("", "been having bad stomach pain after eating is that my new pills", "clinical"),
    ("question", "my potassium result was flagged high what does that mean", "clinical"),
    ("meds", "can i take tylenol and advil together for my back", "clinical"),
    ("symptoms", "sore throat and swollen glands for 4 days do i need antibiotics", "clinical"),
    ("", "my wife suddenly cant move her right side and her speech is slurred", "emergency"),
    ("help!!", "i took way too many of my sleeping pills on purpose", "emergency"),
    ("emergency", "baby is turning blue and not breathing right", "emergency"),
    ("chest", "sharp chest pain going down my arm started 10 min ago", "emergency"),
    ("", "my daughter needs her school physical, any openings before aug 20", "appointments"),
    ("running late", "stuck in traffic will be 20 min late for my 2pm, should i still come", "appointments"),
    ("", "what do i owe? i thought i paid everything in full", "billing"),
    ("estimate", "how much would a colonoscopy be with my plan", "billing"),
    ("", "the doctor changed my dose, can you send the new prescription to costco", "prescriptions"),
    ("refill", "my refill request has been sitting there since monday nobody approved it", "prescriptions"),
    ("", "i need my vaccination history for my new job", "records"),
    ("form", "can dr smith complete the disability form my insurer sent", "records"),
    ("", "my family doctor retired who should i see now", "providers"),
    ("new patient", "my husband wants to become a patient, is anyone accepting", "providers"),
    ("", "is the clinic wheelchair accessible and where is the entrance", "general"),
    ("website", "the portal won't send me the verification code", "general"),
    ("", "my ankle is still swollen a week after i twisted it, should i get an xray", "clinical"),
    ("test", "what does a positive ANA test mean", "clinical"),
    ("", "he fell and hit his head and now hes confused and throwing up", "emergency"),
    ("urgent", "my throat is closing up after the new antibiotic", "emergency"),
]


Row = tuple[str, str, str]  # subject, body, category


def taxonomy(spec: Mapping[str, tuple[str, tuple[str, ...]]] = TAXONOMY) -> list[CategorySettings]:
    return [
        CategorySettings(
            name=name,
            description=description,
            examples=examples,
            mode="handoff" if name in HANDOFF_ONLY_CATEGORIES else "draft",
        )
        for name, (description, examples) in spec.items()
    ]


def labelled(rows: Sequence[Row]) -> list[LabelledText]:
    return [LabelledText.from_ticket(subject, body, category) for subject, body, category in rows]


def accuracy(classifier: Classifier, rows: Sequence[Row]) -> float:
    return float(np.mean([classifier.classify(s, b).category == c for s, b, c in rows]))


def assert_probabilities(result: Classification, categories: Sequence[str]) -> None:
    assert set(result.scores) == set(categories)
    assert all(0.0 <= p <= 1.0 for p in result.scores.values())
    assert sum(result.scores.values()) == pytest.approx(1.0, abs=1e-9)
    assert 0.0 <= result.confidence <= 1.0
    assert result.confidence == result.scores[result.category] == max(result.scores.values())


@pytest.fixture(scope="module")
def few_shot(embedder: Embedder) -> OfflineClassifier:
    return OfflineClassifier.train(taxonomy(), embedder=embedder)


@pytest.fixture(scope="module")
def trained(embedder: Embedder) -> OfflineClassifier:
    return OfflineClassifier.train(taxonomy(), labelled(LABELLED), embedder=embedder)


# --- classification of wording it never saw -------------------------------------------------------


def test_few_shot_classifies_unseen_phrasings(few_shot: OfflineClassifier) -> None:
    # Only names, descriptions and four examples per category; 8 categories, so chance is 0.125.
    assert accuracy(few_shot, HELD_OUT) >= 0.7


def test_labelled_tickets_classify_unseen_phrasings(trained: OfflineClassifier) -> None:
    assert accuracy(trained, HELD_OUT) >= 0.8


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("", "can i move my apointment to thursday pls", "appointments"),
        ("bill", "I was charged for a visit my insurence already paid for", "billing"),
        ("", "need a refil of my inhaler sent to the cvs on elm", "prescriptions"),
        ("", "please send a copy of my medical records to my new doctor", "records"),
        ("", "is there a dermatologist taking new patients", "providers"),
        ("", "what are your hours on saturday", "general"),
        ("", "what does it mean that my white blood cell count is low", "clinical"),
        ("HELP", "my husband has crushing chest pain and can't breathe", "emergency"),
    ],
)
def test_clear_tickets_in_every_category(trained: OfflineClassifier, subject: str, body: str, expected: str) -> None:
    assert trained.classify(subject, body).category == expected


def test_more_labelled_data_improves_held_out_accuracy(embedder: Embedder) -> None:
    # Same taxonomy, same unseen texts: adding labelled past tickets must help, not just not hurt.
    for use_embeddings in (True, False):
        before = OfflineClassifier.train(taxonomy(), embedder=embedder, use_embeddings=use_embeddings)
        after = OfflineClassifier.train(
            taxonomy(), labelled(LABELLED), embedder=embedder, use_embeddings=use_embeddings
        )
        assert accuracy(after, HELD_OUT) >= accuracy(before, HELD_OUT) + 0.05
        assert after.calibration.held_out > before.calibration.held_out


def test_labelled_tickets_alone_can_teach_a_terse_taxonomy(embedder: Embedder) -> None:
    terse = {name: (name, ()) for name in TAXONOMY}
    bare = OfflineClassifier.train(taxonomy(terse), embedder=embedder)
    taught = OfflineClassifier.train(taxonomy(terse), labelled(LABELLED), embedder=embedder)
    assert accuracy(taught, HELD_OUT) >= accuracy(bare, HELD_OUT) + 0.2


def test_default_taxonomy_trains_and_classifies(embedder: Embedder) -> None:
    categories = load_settings(BUNDLED_CONFIG, environ={}).categories
    classifier = OfflineClassifier.train(categories, embedder=embedder)
    result = classifier.classify("appointment", "I need to reschedule my visit next week")
    assert result.category == "appointments"
    assert_probabilities(result, [c.name for c in categories])


# --- probabilities and calibration ----------------------------------------------------------------


@pytest.mark.parametrize(("subject", "body", "_"), HELD_OUT[::5])
def test_scores_are_probabilities(trained: OfflineClassifier, subject: str, body: str, _: str) -> None:
    assert_probabilities(trained.classify(subject, body), trained.categories)


def test_calibration_report_is_sane(trained: OfflineClassifier) -> None:
    report = trained.calibration
    assert isinstance(report, CalibrationReport)
    # every example and labelled ticket is held out once; descriptions always train
    assert report.held_out == sum(len(e) for _, e in TAXONOMY.values()) + len(LABELLED)
    assert report.accuracy is not None and 0.6 <= report.accuracy <= 1.0
    assert report.ece is not None and 0.0 <= report.ece <= 0.15
    assert 2 <= report.folds <= 5
    assert 0.25 <= report.temperature <= 20
    assert "temperature" in report.method


def test_confidence_tracks_correctness_on_unseen_texts(trained: OfflineClassifier) -> None:
    results = [(trained.classify(s, b), c) for s, b, c in HELD_OUT]
    right = [r.confidence for r, c in results if r.category == c]
    wrong = [r.confidence for r, c in results if r.category != c]
    assert np.mean(right) > np.mean(wrong) + 0.1
    # calibrated, not a similarity: mean confidence is close to the accuracy on unseen texts
    assert np.mean([r.confidence for r, _ in results]) == pytest.approx(accuracy(trained, HELD_OUT), abs=0.15)


def test_without_held_out_texts_the_report_says_uncalibrated(embedder: Embedder) -> None:
    bare = {name: (description, ()) for name, (description, _) in TAXONOMY.items()}
    classifier = OfflineClassifier.train(taxonomy(bare), embedder=embedder)
    report = classifier.calibration
    assert (report.held_out, report.accuracy, report.ece, report.folds) == (0, None, None, 0)
    assert "uncalibrated" in report.method
    assert_probabilities(classifier.classify("", "refill my meds please"), classifier.categories)


def test_fit_temperature_recovers_a_known_temperature() -> None:
    rng = np.random.default_rng(7)
    logits = rng.normal(scale=3.0, size=(4000, 5))
    labels = np.array([rng.choice(5, p=p) for p in softmax(logits, 2.0)])
    assert fit_temperature(logits, labels) == pytest.approx(2.0, rel=0.15)
    assert fit_temperature(np.zeros((0, 5)), np.zeros(0, dtype=np.int64)) == 1.0


def test_ece_is_small_when_calibrated_and_large_when_overconfident() -> None:
    rng = np.random.default_rng(3)
    probs = softmax(rng.normal(scale=2.0, size=(5000, 4)))
    labels = np.array([rng.choice(4, p=p) for p in probs])
    assert expected_calibration_error(probs, labels) < 0.03
    overconfident = softmax(np.log(probs), 0.3)
    assert expected_calibration_error(overconfident, labels) > 0.1


def test_folds_keep_every_category_trainable() -> None:
    labels = np.array([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2])
    anchors = [True, False, False, False, False, False, True, False, False, False, False]
    folds, n_folds = assign_folds(labels, anchors, seed=0)
    assert n_folds == 5  # the largest category fills five folds
    assert list(folds[[0, 6]]) == [ALWAYS_TRAIN, ALWAYS_TRAIN]  # anchors never held out
    assert np.sum((labels == 2) & (folds == ALWAYS_TRAIN)) == 1  # no anchor: one text stays
    for fold in range(n_folds):
        training = folds != fold
        assert set(labels[training]) == {0, 1, 2}
    again, _ = assign_folds(labels, anchors, seed=0)
    assert list(again) == list(folds)


def test_no_folds_when_nothing_can_be_held_out() -> None:
    folds, n_folds = assign_folds(np.array([0, 1, 1]), [True, True, False], seed=0)
    assert n_folds == 0 and set(folds) == {ALWAYS_TRAIN}


# --- determinism ----------------------------------------------------------------------------------


def test_same_seed_same_model(embedder: Embedder) -> None:
    first = OfflineClassifier.train(taxonomy(), labelled(LABELLED), seed=11, embedder=embedder)
    second = OfflineClassifier.train(taxonomy(), labelled(LABELLED), seed=11, embedder=embedder)
    assert first.calibration == second.calibration
    for subject, body, _ in HELD_OUT[:10]:
        assert first.classify(subject, body) == second.classify(subject, body)


def test_seed_changes_only_the_held_out_split() -> None:
    labels = np.repeat(np.arange(4), 6)
    anchors = [i % 6 == 0 for i in range(24)]
    assert list(assign_folds(labels, anchors, seed=0)[0]) != list(assign_folds(labels, anchors, seed=1)[0])


def test_classify_many_matches_classify(trained: OfflineClassifier) -> None:
    tickets = [(s, b) for s, b, _ in HELD_OUT[:12]] + [("", "")]
    for many, one in zip(trained.classify_many(tickets), [trained.classify(s, b) for s, b in tickets], strict=True):
        assert many.category == one.category
        assert dict(many.scores) == pytest.approx(dict(one.scores), abs=1e-12)  # batched BLAS rounds differently
    assert trained.classify_many([]) == []


# --- bad input ------------------------------------------------------------------------------------


def test_empty_ticket_gets_the_most_common_category_with_low_confidence(embedder: Embedder) -> None:
    billing = [row for row in LABELLED if row[2] == "billing"]
    classifier = OfflineClassifier.train(taxonomy(), labelled(LABELLED + billing * 3), embedder=embedder)
    for subject, body in [("", ""), ("   ", "\n\t "), ("<p></p>", "<br/>")]:
        result = classifier.classify(subject, body)
        assert result.category == "billing"
        assert result.confidence < 0.4
        assert_probabilities(result, classifier.categories)


def test_text_sharing_nothing_with_training_gets_the_base_rates(trained: OfflineClassifier) -> None:
    prior = trained.classify("", "")
    for body in ("🙂🙂🙂", "🙏🏽", "\u200b\ufeff", "<p>&nbsp;</p>"):
        assert trained.classify("", body) == prior
    assert prior.confidence < 0.3


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("\udcff\udcfe", "bad \ud800 bytes \x00\x01\x7f in the body"),
        ("🙂" * 50, "🙏🏽" * 500),
        ("", "中文：我需要复印我的病历"),
        ("", "أحتاج إلى موعد مع الطبيب"),
        ("", "\u200b\u200b\ufeff"),
        ("x" * 100_000, ""),
        ("", "a"),
    ],
)
def test_odd_text_never_crashes(trained: OfflineClassifier, subject: str, body: str) -> None:
    assert_probabilities(trained.classify(subject, body), trained.categories)


def test_spanish_is_classified_without_error(trained: OfflineClassifier) -> None:
    for body in ("necesito cambiar mi cita del viernes", "¿aceptan mi seguro médico?", "necesito una receta"):
        assert_probabilities(trained.classify("Consulta", body), trained.categories)


def test_html_is_stripped(trained: OfflineClassifier) -> None:
    plain = trained.classify("Refill", "Please refill my lisinopril at the CVS pharmacy")
    marked_up = trained.classify(
        "Refill", "<div><p>Please <b>refill</b> my lisinopril at the <a href='x'>CVS</a> pharmacy</p></div>"
    )
    assert marked_up == plain


def test_huge_body_is_cut_to_the_documented_limit(trained: OfflineClassifier) -> None:
    body = "please send my records to my new clinic " * 30_000  # ~1.2 MB
    result = trained.classify("", body)
    assert result == trained.classify("", body[:MAX_CHARS])
    assert len(ticket_text("subject", body)) == MAX_CHARS


def test_labelled_text_joins_subject_and_body_like_classify() -> None:
    item = LabelledText.from_ticket("  Refill ", "<p>my   inhaler</p>", "prescriptions")
    assert item == LabelledText(ticket_text("Refill", "my inhaler"), "prescriptions")
    assert "Refill" in item.text and "inhaler" in item.text


def test_bad_taxonomies_and_labels_are_clear_errors(embedder: Embedder) -> None:
    one = taxonomy({"billing": TAXONOMY["billing"]})
    with pytest.raises(ConfigError, match="at least two categories"):
        OfflineClassifier.train(one, embedder=embedder)
    twice = [*taxonomy(), *taxonomy({"billing": TAXONOMY["billing"]})]
    with pytest.raises(ConfigError, match="distinct"):
        OfflineClassifier.train(twice, embedder=embedder)
    with pytest.raises(InputError, match="dentistry"):
        OfflineClassifier.train(taxonomy(), [LabelledText("my crown fell out", "dentistry")], embedder=embedder)


def test_two_categories_and_no_embeddings(embedder: Embedder) -> None:
    spec = {name: TAXONOMY[name] for name in ("billing", "prescriptions")}
    rows = [row for row in LABELLED if row[2] in spec]
    classifier = OfflineClassifier.train(taxonomy(spec), labelled(rows), use_embeddings=False)
    result = classifier.classify("", "can you renew my blood pressure pills")
    assert result.category == "prescriptions"
    assert_probabilities(result, list(spec))


def test_tfidf_equals_sklearn_and_scoring_equals_fitting() -> None:
    texts = [ticket_text(s, b) for s, b, _ in LABELLED]
    featuriser, matrix = Featuriser.fit_transform(Tokens.of(texts), None)
    for block, analyzer in zip(featuriser.blocks, analyzers(), strict=True):
        reference = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
        expected = reference.fit_transform(texts).toarray()
        # same vocabulary, other column order: put ours in sklearn's order
        order = [block.offset + block.vocabulary[term] for term in reference.get_feature_names_out()]
        assert len(block.vocabulary) == expected.shape[1]
        np.testing.assert_allclose(matrix[:, order].toarray(), expected, atol=1e-12)
    for i, text in enumerate(texts):
        columns, values = featuriser.row(text)
        row = np.zeros(featuriser.lexical_width)
        row[columns] = values
        np.testing.assert_allclose(row, matrix[i].toarray()[0], atol=1e-12)


def test_unseen_terms_are_dropped_before_normalising() -> None:
    featuriser, _ = Featuriser.fit_transform(Tokens.of(["refill my meds", "book a visit"]), None)
    columns, values = featuriser.row("refill wørds never seen before")
    words = columns < featuriser.blocks[1].offset
    assert np.linalg.norm(values[words]) == pytest.approx(1.0)
    assert np.linalg.norm(values[~words]) == pytest.approx(1.0)
    assert len(featuriser.row("")[0]) == 0
    assert len(featuriser.row("zzzz qqqq")[0]) == 0
