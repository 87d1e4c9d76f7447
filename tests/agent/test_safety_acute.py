"""The screen's acute-presentation concepts (``agent.safety_lexicon_acute``) and the context fixes that came with them.

A blind probe (patient messages written without sight of the lexicon) caught 46 of 70 emergencies at the emergency
level before this round. Each concept it lacked was added by meaning; the phrasings below are new wordings of
those concepts, not the probe's sentences, and the look-alikes check the same concepts do not fire on paperwork.
"""

from __future__ import annotations

import re

import pytest

from agent import (
    safety_cues,
    safety_cues_farewell,
    safety_lexicon,
    safety_lexicon_acute,
    safety_lexicon_clinical,
    safety_rules,
)
from agent.safety import Risk, screen
from agent.safety_loader import load_lexicon
from tests.agent.safety_cases_rounds import ROUND_EMERGENCIES, ROUND_LOOK_ALIKES

EMERGENCIES = [
    ("grandson knocked a pot of boiling water onto himself, his arm is blistering and the skin is coming off", "burn"),
    ("hot grease splashed all over my husband's face and neck while frying", "burn"),
    ("the burn on her hand has gone white and leathery and doesn't hurt anymore", "burn"),
    ("sliced my thumb on a mandoline, held a towel on it 20 minutes and it's still soaking through", "bleeding"),
    ("fell on glass, the cut is so deep I can see the bone", "bleeding"),
    ("I'm coughing up a lot of bright red blood", "bleeding"),
    ("my 3 year old swallowed a button battery from the remote", "overdose"),
    ("our toddler chewed some of grandma's heart pills, she is very sleepy", "overdose"),
    ("my daughter (2) drank some bleach from under the sink", "overdose"),
    ("mi nina se tomo unas pastillas de la abuela y no sabemos cuantas", "overdose"),
    ("she's grunting with every breath and her belly sucks in under the ribs", "breathing"),
    ("his inhaler is not doing anything and he can't finish a sentence", "breathing"),
    ("dad took extra oxycodone and his breathing is really shallow", "breathing"),
    ("a mi hijo le cuesta respirar despues de comer cacahuate", "breathing"),
    ("ate shrimp an hour ago and my tongue feels thick and huge", "anaphylaxis"),
    ("a mi esposo le pico una avispa y se le esta hinchando la cara", "anaphylaxis"),
    ("I've been stockpiling my sleeping pills and I know how many I need", "suicidal"),
    ("I cut myself on purpose again tonight", "suicidal"),
    ("I am going to shoot my landlord when he comes back", "violence"),
    ("my wife won't open her eyes when I shake her", "unconscious"),
    ("feels like someone is sitting on my chest and I can't get comfortable", "chest_pain"),
    ("tengo un dolor muy fuerte en el pecho desde hace una hora", "chest_pain"),
    ("my son's glucose meter just reads HI and he keeps throwing up", "hyperglycemia"),
    ("her breath smells fruity and she's breathing really deep", "hyperglycemia"),
    ("baby's soft spot looks sunken and he has had no wet diapers in 10 hours", "infant"),
    ("my teen woke up with severe pain in his left testicle and is vomiting", "torsion"),
    ("mi bebe tiene 2 semanas y tiene fiebre de 38.5", "infant_fever"),
    ("my newborn's lips went blue while she was feeding", "breathing"),
    # a second round, from another blind probe: plain words, dialects, voice-to-text
    ("grandpa's mouth is hanging down on one side and he talks funny", "stroke"),
    ("she cyaan lift she right arm and one side of she face hang down", "stroke"),
    ("i took like 25 of my dad's pain pills an hour ago", "overdose"),
    ("i just want everything to stop", "suicidal"),
    ("I'm tired of being a burden. I'm driving to the bridge after work.", "suicidal"),
    ("friend on the couch barely breathing and his pupils are pinpoint", "overdose"),
    ("mom has dementia and was chewing a laundry pod when I walked in", "overdose"),
    ("mi hija de 4 anos tomo cloro de la botella", "overdose"),
    ("everyone in the house has a headache and feels dizzy, my son threw up", "poisoning"),
    ("grabbed the burning pan, my palm is white and leathery", "burn"),
    ("my son woke up screaming with pain in his privates", "torsion"),
    ("my husband has chess pain and cant breed", "chest_pain"),
    ("there's a tight band round his chest going up to his jaw", "chest_pain"),
    # a third round (another blind probe)
    ("been stashing my hydrocodone for a month. tonight's the night.", "suicidal"),
    ("please talk me down, I'm scared of myself tonight", "suicidal"),
    ("my sister's hand just flops when she tries to lift it and she's talking word salad", "stroke"),
    ("his face has gone all wonky down one side and he can't hold his tea with his left hand", "stroke"),
    ("i cut my arm and it has not stopped, it keeps bleeding through the towel", "bleeding"),
    ("a coin battery is missing from the remote and my toddler is drooling", "overdose"),
    ("since we turned the furnace on we all have headaches and feel dizzy", "poisoning"),
    ("my grandson woke up with sudden pain in one of his testicles", "torsion"),
    ("sudden bad pain in my right eye and I see rainbow rings around lights", "vision_loss"),
    ("I have made my peace. The neighbour knows to take the dog. Thank you for everything.", "suicidal"),
    ("35 weeks pregnant and can't get a full breath sitting up", "breathing"),
]

CLINICAL = [
    ("can my prescription be 40mg instead of 20? the lower one isn't working", "dosing"),
    # storing a medicine is a pharmacist's or nurse's question (round 12)
    ("is it ok to leave my insulin in the car while I'm at work? it gets hot", "medication_question"),
    ("how long does the amoxicillin liquid keep out of the fridge?", "medication_question"),
    # round 14: a dropped subject, a medicine named before "ok to take", activities while on a medicine
    ("left ear has been aching since Sunday, worth coming in or wait it out?", "symptoms"),
    ("had a bad cough all week and now a sore throat, no fever", "symptoms"),
    ("is Benadryl okay to take while pregnant?", "medication_question"),
    ("got some old amoxicillin in the cabinet, ok to take that for this sinus thing?", "medication_question"),
    ("can I still go to the beach while taking doxycycline?", "medication_question"),
    ("my sodium came back 131 and it was flagged low, what does that mean", "result_interpretation"),
    ("does she need eye drops for this?", "medication_question"),
    ("the label says mornings, is it ok to give it to him at bedtime? it's his new lisinopril", "medication_question"),
    ("is it dangerous to just stop the sertraline cold turkey?", "medication_question"),
    ("can I split the 50 in half to make the bottle last?", "dosing"),
    ("will I get withdrawal if I miss a few days of my gabapentin?", "side_effects"),
    ("is ibuprofen ok while breastfeeding?", "medication_question"),
    # round 15: interactions, timing a drink after a dose, carrying on with a course, generic against brand
    ("can I eat grapefruit while on my atorvastatin?", "interaction"),
    ("will the antibiotic make my birth control not work?", "interaction"),
    ("how long after the last dose can I have a glass of wine?", "dosing"),
    ("the culture came back and I'm already on the antibiotic, should I keep going with it?", "medication_question"),
    ("is the generic as strong as the brand?", "dosing"),
    # round 16: tapering, a lab with an H after "came back", which lotion, stopping "those", Plan B
    ("the steroid pack ends friday, do I need to taper?", "dosing"),
    ("my sodium came back 131 with an L next to it", "result_interpretation"),
    ("what cream should we use on the dry patches?", "medication_question"),
    ("I take fish oil and a baby aspirin, do I need to stop those before surgery?", "medication_question"),
    ("missed two pills this week, should I take plan b?", "medication_question"),
    # signs someone might show are a question; signs someone is showing are an emergency (ROUND14_EMERGENCIES)
    ("in case she shows signs of an allergic reaction at camp, what should staff do?", "anaphylaxis"),
    ("I'd like a higher dose of my sertraline please", "dosing"),
    ("got bitten by my neighbour's dog yesterday, do I need a tetanus shot?", "medication_question"),
    ("is there something I can take for the hay fever that won't make me drowsy", "medication_question"),
    ("is it ok to get the shingles vaccine and the flu shot at the same time?", "medication_question"),
    ("can I have a beer at the game while on metronidazole", "interaction"),
    ("is cranberry juice a problem with my warfarin?", "interaction"),
    ("portal says my TSH is 6.2, flagged high", "result_interpretation"),
    ("ferritin 9 with an L next to it, what now", "result_interpretation"),
    ("my biopsy came back atypical and nobody has called", "result_interpretation"),
    ("my daughter's eyes are red and goopy since this morning", "symptoms"),
    ("the lice came back, do we need to treat the whole house or just her?", "medication_question"),
    ("which cream works best for my son's eczema flare", "medication_question"),
    ("the mole on my arm looks darker than last year", "symptoms"),
    ("¿qué jarabe le puedo dar a mi niño de 4 años?", "medication_question"),
    ("cual pomada sirve para las quemaduras de sol de mi hija", "medication_question"),
]

ADMINISTRATIVE = [
    # the same words as round 18's emergencies, in everyday errands
    "I can't talk right now, I'm at work, please email me the forms",
    "we got swarmed with calls after the outage, sorry for the late reply",
    "my neighbor parked a car on her lawn again, can the clinic lot be used instead?",
    "please call me by my middle name at check-in",
    "Do you have any support groups for families of stroke survivors?",
    "Do you run classes for seizure first aid?",
    "why does my statement say anaphylaxis treatment for the visit in March",
    "The DMV needs a form about my seizures (none in 3 years). Is there a fee?",
    "Please refill my amoxicillin for my son, same pharmacy",
    "I need my records from the burn unit sent to my new doctor",
    "Can you send the bill for my chest x-ray to my new insurance?",
    "how many refills do I have left on my lisinopril",
    "Could a nurse give a short talk on choking and bee stings to our scouts?",
    "Is the stroke survivors support group still meeting on Wednesdays?",
    "Necesito un cardiologo para mi papa, tuvo un infarto hace 3 anos y esta bien ahora",
    "I need a DOT physical. I had a heart attack 5 years back and my cardiologist cleared me.",
    "I've made my peace with the bill, just tell me the payment plan options",
    # deaths, family histories and job applications (a skill, not an event)
    "New patient forms: my grandfather died of a heart attack at 58, is that the family history you want?",
    "Lost my dad to a stroke in his sixties; do you have a cardiologist for prevention?",
    "Heart attacks run in my family. Can I book a cholesterol check?",
    "I'm applying for the medical assistant job. In my last position I assisted with seizures and anaphylaxis.",
    "I would like to volunteer at your clinic. As a retired EMT I have handled cardiac arrests and overdoses.",
    "¿Qué día le puedo poner la cita a mi mamá?",
]


@pytest.mark.parametrize(("text", "signal"), [*EMERGENCIES, *ROUND_EMERGENCIES])
def test_acute_emergencies_are_caught(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.EMERGENCY, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize(("text", "signal"), CLINICAL)
def test_advice_questions_without_a_symptom_word_go_to_a_nurse(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.CLINICAL, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize("text", ADMINISTRATIVE)
def test_paperwork_about_the_same_conditions_does_not_fire(text: str) -> None:
    assert screen("", text).risk is Risk.NONE


@pytest.mark.parametrize(
    "text",
    [
        "my dad is dying of a heart attack, he collapsed",
        "heart disease runs in my family and I have crushing chest pain now",
        "I handled the kids while my husband had a seizure, he is still shaking",  # experience words, no application
        "applying for the nursing job but I can't finish the form, crushing chest pain right now and my arm is numb",
        "I'm trained in CPR, my husband collapsed and isn't breathing",
    ],
)
def test_the_same_words_with_a_current_emergency_still_escalate(text: str) -> None:
    assert screen("", text).risk is Risk.EMERGENCY


@pytest.mark.parametrize(
    "letter",
    [
        # thanks, a home for the dog and no more visits
        "Thank you for all the years of care. I found a good home for my dog with a friend, "
        "and you won't need to see me in March.",
        # relayed: a keepsake handed over, joining a late wife, "where he is going"
        "Our neighbour handed me his late wife's ring and said he'd be seeing her soon, "
        "and that he won't be needing it where he is going.",
    ],
)
def test_farewells_told_without_the_words_are_caught(letter: str) -> None:
    assert screen("", letter).risk is Risk.EMERGENCY


def test_routine_mentions_of_the_same_words_stay_routine() -> None:
    for text in (
        "on iron tablets and my poop is dark green black now, is that normal?",
        "my pill bottle is empty, please refill the lisinopril",
        "I missed dialysis on Tuesday because of the snow, can I reschedule?",
        "sore calf after my first 10k, any stretches you recommend?",
    ):
        assert screen("", text).risk is not Risk.EMERGENCY, text


def test_a_possible_infection_exposure_goes_to_a_nurse() -> None:
    assert screen("", "the condom broke on saturday, is it too late for anything?").risk is Risk.CLINICAL


@pytest.mark.parametrize("text", ROUND_LOOK_ALIKES)
def test_probe_round_look_alikes_are_not_emergencies(text: str) -> None:
    assert screen("", text).risk is not Risk.EMERGENCY


def test_an_indefinite_seizure_in_a_plan_is_a_question_for_the_nurses_not_an_emergency() -> None:
    form = "the school wants to know what staff should do if a seizure lasts over five minutes"
    assert screen("", form).risk is Risk.CLINICAL
    assert screen("", "not sure if a seizure is what my son is having right now, he is jerking").risk is Risk.EMERGENCY


def test_a_past_event_while_doing_something_is_not_history_but_a_childhood_one_is() -> None:
    assert screen("", "he went blue and limp when he was eating lunch").risk is Risk.EMERGENCY
    assert screen("", "he had seizures when he was a toddler, need the school form").risk is Risk.NONE


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("LEXICON", safety_lexicon.LEXICON),
        ("ACUTE_LEXICON", safety_lexicon_acute.ACUTE_LEXICON),
        ("CLINICAL_LEXICON", safety_lexicon_clinical.CLINICAL_LEXICON),
        ("COMBINATION_CUES", safety_cues.COMBINATION_CUES),
        ("FAREWELL_CUES", safety_cues_farewell.FAREWELL_CUES),
        ("COMBINATIONS", safety_rules.COMBINATIONS),
    ],
)
def test_a_line_break_in_a_lexicon_body_never_eats_a_space(name: str, text: str) -> None:
    """Body lines are stripped and joined as they are: a break is only safe before "|" or "(", and a line
    that ends in a space would lose it ("that |those" would become "that|those"). A combination's lines are
    joined with a space (they hold concept names), so they may break anywhere between names.
    """
    for block in text.split("\n== ")[1:]:
        head, *lines = block.splitlines()
        body = [line for line in lines if not line.startswith("#")]
        assert all(line == line.rstrip() for line in body), (name, head)
        if not head.endswith(" combo") and " combo " not in head:
            assert all(line[:1] in ("|", "(", "&", "!") for line in body[1:]), (name, head)
        # " ~N" becomes "(?: \S+){0,N}?", which must be followed by " word": never end a line with it
        assert not any(re.search(r"~\d+$", line) for line in body[:-1]), (name, head)
        # a gap must follow a space ("side )? ~3"): "side )?~3" would be read as the letters "~3"
        assert not any(re.search(r"[^ ]~\d", line) for line in body), (name, head)


def test_a_gap_of_ten_or_more_words_is_read_as_written() -> None:
    """ " ~10" once compiled as "up to 1 word, then a 0": every such alternative silently never matched."""
    concepts, _ = load_lexicon()
    gaps = [c for c in concepts if re.search(r"\{0,1[0-9]\}", c.pattern)]
    assert gaps and not any(re.search(r"\{0,1\}\?\d", c.pattern) for c in concepts)
    text = "the gash on his hand from the table saw at work is not stopping"
    assert screen("", text).risk is Risk.EMERGENCY
