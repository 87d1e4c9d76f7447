"""The screen's acute-presentation concepts (``agent.safety_lexicon_acute``) and the context fixes that came with them.

A blind probe (patient messages written without sight of the lexicon) caught 46 of 70 emergencies at the emergency
level before this round. Each concept it lacked was added by meaning; the phrasings below are new wordings of
those concepts, not the probe's sentences, and the look-alikes check the same concepts do not fire on paperwork.
"""

from __future__ import annotations

import re

import pytest

from agent import safety_cues, safety_lexicon, safety_lexicon_acute, safety_lexicon_clinical, safety_rules
from agent.safety import Risk, screen
from agent.safety_loader import load_lexicon

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


# Round 5 of the blind probe (long letters hiding an emergency, dialect, look-alikes of every kind): the concepts
# it showed missing, in new words.
ROUND5_EMERGENCIES = [
    ("it's like a black curtain slid across the bottom of my right eye this morning", "vision_loss"),
    ("since lunch I can barely see out of my left eye, everything is grey on that side", "vision_loss"),
    ("I keep seeing myself pushing the pram into the road and I'm scared I might really do it", "suicidal"),
    ("he took his shotgun and said he's going to her house tonight to make her pay", "violence"),
    ("ya no puedo, esta noche me voy a quitar la vida", "suicidal"),
    ("my 3 week old feels 100.6 rectally and keeps falling asleep at the breast", "infant_fever"),
    ("our 6 week old is so floppy today and won't take a bottle", "infant"),
    ("out of nowhere it was like a clap of thunder inside his head and now he's vomiting", "thunderclap_headache"),
    ("mum slipped in the bathroom and she can't get up, her leg looks twisted", "fall"),
    ("I am on the floor of my flat, please send an ambulance", "fall"),
    ("aching in my upper back and I'm sweating buckets, started an hour ago", "chest_pain"),
    ("his left nut started hurting really bad out of nowhere and he's being sick", "torsion"),
    ("after her tonsils came out she threw up what looked like big clots", "bleeding"),
    ("he crashed his bike into a post, now he's pale and clammy with severe pain in his side", "shock"),
]
# Round 6 (calm tellings, relayed messages, emergencies told in passing): new words for what it showed missing.
ROUND6_EMERGENCIES = [
    ("my roommate took something at the club and won't wake up when I shake him", "unconscious"),
    ("he fell off the ladder, he's breathing loud like snoring and his eyes are half open", "unconscious"),
    ("mi hermano dice que ya no quiere vivir y no contesta", "suicidal"),
    ("my ex took the whole bottle of her sleeping pills an hour ago", "overdose"),
    ("my nosebleed won't stop, it's been two hours on my blood thinner", "bleeding"),
    ("we've gone through a whole box of gauze and it's still coming", "bleeding"),
    ("my throat itches and my tongue feels too big after the new penicillin", "anaphylaxis"),
    ("she smacked her head on the ice and keeps throwing up", "head_injury"),
    ("mi abuelo se golpeo la cabeza y esta vomitando", "head_injury"),
    ("I've been on the floor since last night, my hip is killing me", "fall"),
    ("the toddler drank some drain cleaner from under the sink", "overdose"),
    ("found her with my pill bottle, pills all over the floor, no idea how many were in it", "overdose"),
    ("I cleaned my handgun and it's on the bed, tell my sister sorry", "suicidal"),
    ("I'm going to run him over when he comes out of work", "violence"),
    ("sugar read 35 on her meter and she's sweaty and not making sense", "hypoglycemia"),
    ("since dinner she is seeing double and her eyelids are drooping, hard to swallow", "stroke"),
]
# Round 7 (relayed by a wedding planner, a babysitter, a farmer; typos of a man with poor eyesight).
ROUND7_EMERGENCIES = [
    ("we can't get him to respond, he slid off his chair at the party", "unconscious"),
    ("her words won't come out right and she sounds drunk but she hasn't had a drop", "stroke"),
    ("he keeps dropping his cup and talks like he is drunk since noon", "stroke"),
    ("my nephew is 3 and some pills are missing from grandma's organiser, he's very sleepy", "overdose"),
    ("I think the baby swallowed a magnet from the fridge", "overdose"),
    ("found an empty bottle of her sleeping pills and she's really drowsy", "overdose"),
    ("my 10 month old has gone all floppy and pale", "infant"),
    ("missed dialysis twice this week and now I'm breathless and can't lie flat", "breathing"),
    ("my calf has been swollen for two days and now it stabs when I take a deep breath", "breathing"),
    ("she slipped on the ice, she's on warfarin, and she keeps asking the same question", "head_injury"),
    ("been bleeding for 45 minutes through three towels", "bleeding"),
    ("it felt like someone smacked me on the back of the head, out of nowhere", "thunderclap_headache"),
    ("he quit sweating out in the field and his skin is hot and dry", "heat_stroke"),
    ("my brother says he'll go with dad when he passes and he has dad's pills", "suicidal"),
]
# Round 8 (an aide finding a patient on the floor, a tenant with a rifle, notes left behind).
ROUND8_EMERGENCIES = [
    ("there's a shotgun in my car and I know where she works", "violence"),
    ("I wrote letters to my children and said my goodbyes to the dog", "suicidal"),
    ("the spare key is under the mat for whoever finds me", "suicidal"),
    ("I took my whole month of tramadol at lunch", "overdose"),
    ("he's got a goose egg on his forehead and he's on Xarelto and keeps asking what happened", "head_injury"),
    ("grandpa fainted in church and he won't come round", "unconscious"),
    ("she's trying to cough but no sound is coming out", "breathing"),
    ("all of us have pounding heads since the generator went on", "poisoning"),
]
# Round 9 (a forwarded text, a farmer's postscript, a formal letter, a homeschool accident): written by meaning,
# not copied from the probe file.
ROUND9_EMERGENCIES = [
    ("she says the heartburn is spreading into her left arm now", "chest_pain"),
    ("I'm 7 weeks pregnant with sharp one sided pain and I nearly fainted in the shower", "pregnancy_emergency"),
    ("I won't be around much longer, I've given the cat to my neighbour", "suicidal"),
    ("got a noose in the shed, I'm going to do it tonight, it's nobody's fault", "suicidal"),
    ("sudden excruciating pain in my right eye and the lights have rainbow rings", "vision_loss"),
    ("he vomited what looked like a cup of bright red blood", "bleeding"),
    ("me voy a tomar todas mis pastillas esta noche", "suicidal"),
    ("my daughter swallowed grandma's whole bottle of heart pills", "overdose"),
    ("mi hija de dos meses tiene fiebre", "infant_fever"),
    ("the cut on his leg is pumping blood through his jeans", "bleeding"),
    ("he was mowing in the heat, is red and not sweating at all and keeps mumbling", "heat_stroke"),
    ("dad had some kind of shaking spell at breakfast and is still out of it", "seizure"),
    ("mum can't find her words this morning and her arm won't lift the kettle", "stroke"),
    ("felt a pop in my skull while lifting and now the pain is unbearable", "thunderclap_headache"),
    ("my toddler had a sip of bleach from the bucket", "overdose"),
]
# Round 10 (a gym receptionist, a wedding guest, a hospice volunteer, a carer; quoted texts and voicemails).
ROUND10_EMERGENCIES = [
    ("a stranger at the club handed him a pill and now his heart is going really fast and he's burning up", "overdose"),
    ("the customer is leaning on the counter holding the middle of his chest and looks grey", "chest_pain"),
    (
        "she has had a temp since lunch and can't bend her neck, and the spots don't fade when I press a glass",
        "meningitis",
    ),
    ("the bleach was under the sink, I think my son swallowed some", "overdose"),
    ("found grandad's pill box open on the floor and now there's only two left, the baby is acting drowsy", "overdose"),
    ("we've used the blue inhaler 12 times and I can see his ribs sucking in", "breathing"),
    ("out of nowhere it felt like someone belted me across the back of the skull", "thunderclap_headache"),
    ("voicemail from dad: I can't get my breath, I'm on the floor by the bed", "breathing"),
    ("my wife had a tumble on her walker, hit her head on the sink, she's on warfarin and very drowsy", "head_injury"),
    ("mi hija se tragó una moneda y no puede toser, se está poniendo morada", "breathing"),
    ("a tight pressure beneath my breastbone spreading to my jaw since the meeting began", "chest_pain"),
    ("he ate some rat poson from the shed", "overdose"),
    ("one of the little round flat batteries is missing and she keeps grabbing her throat", "overdose"),
    ("mi papá vomitó como café molido y está muy pálido", "bleeding"),
    ("he keeps rubbing his jaw and left arm and says it's just heartburn", "chest_pain"),
    ("I'm going to take them all tonight, it isn't anyone's fault", "suicidal"),
    ("since we lit the space heater everyone at home has a pounding head and the kids are throwing up", "poisoning"),
    ("she says tonight might be the night and she has been saving her pills for herself", "suicidal"),
    ("my left testicle is killing me and it's swollen and higher than the other one", "torsion"),
    ("Mi esposo se llevó la pistola y me escribió: cuida a los niños, perdóname por todo", "suicidal"),
]
ROUND10_LOOK_ALIKES = [
    "Complaint: the discharge summary reads 'presented with chest pain, troponin negative' and I waited six hours.",
    "Applying for the receptionist vacancy: 3 years experience at an urgent care desk dealing with everything from "
    "overdoses to fractures.",
    "Do you run courses on what to do if someone has a heart attack or severe bleeding at work?",
    "Can I take the 3pm appointment a bit earlier? I also need my refill.",
]
# Round 11 (a lifeguard, a landlord, a youth pastor, a screen-reader user; comparisons and slang).
ROUND11_EMERGENCIES = [
    ("mi papá se está agarrando el pecho y dice que el dolor le sube al brazo", "chest_pain"),
    ("the kettle tipped over her legs and the skin is peeling off, it's white in patches", "burn"),
    ("I'm 30 weeks and there's bright red blood soaking through my pants", "pregnancy_emergency"),
    ("the sight in my good eye just went, like a shade coming down", "vision_loss"),
    ("she texted: tell my dad I'm sorry, I've got the pills counted out on the bed", "suicidal"),
    (
        "he fell off the bunk, hit his head, has been sick four times and one pupil is bigger than the other",
        "head_injury",
    ),
    ("dice que se va a tirar desde el puente esta noche", "suicidal"),
    (
        "the furnace has been rattling all week and today the whole family has headaches and the baby is hard to wake",
        "poisoning",
    ),
    ("my wife baby inside 7 month, much much blood and belly very hard", "bleeding"),
    ("he's clawing at his throat after a piece of hot dog and his lips are going dusky", "breathing"),
    ("my hed hurt all at once like sombody hit me with a hammer", "thunderclap_headache"),
    ("his poop has been black and sticky for two days and he nearly fainted", "bleeding"),
]
ROUND11_LOOK_ALIKES = [
    "Could we get suicide prevention hotline posters for the staff room?",
    "We want a short talk on what to do if a customer collapses or has chest pain in the shop.",
    "I'd like a CPR class in case my husband ever collapses, he has heart failure.",
    "For my chart: the chest pain went away that same night and the ER said it was anxiety.",
    "Our warehouse is updating its first aid procedures for chest pain and burns.",
    "I'm 20 weeks pregnant and my red blood cell count was a bit low, do I need iron?",
]
ROUND9_LOOK_ALIKES = [
    "We watched a documentary about a man who had a heart attack; can my husband get his cholesterol tested?",
    "Please sign her Anaphylaxis Emergency Action Plan for the daycare, peanuts only.",
    "It's two years since my mother had her stroke here; the family wants to thank the ward staff.",
    "I can't find the words to thank the nurse who helped my dad.",
    "We bought a rope swing for the kids, is there a clinic near the park for sports physicals?",
]
ROUND5_LOOK_ALIKES = [
    "Could we have 50 leaflets on the warning signs of stroke, heart attack and sepsis for our library?",
    "We would love a talk about recognising strokes and heart attacks at our retirees' lunch.",
    "My late father had a fatal heart attack in March; the insurer needs his last ECG report.",
    "Application: as an ER tech I triaged patients presenting with chest pain and overdoses. Resume attached.",
    "Family history for my chart: grandmother - stroke at 70, uncle - heart attack at 49.",
    "Our dog is having seizures again, can you recommend an emergency vet nearby?",
    "The label confuses me, is the 5 ml dose the same as one teaspoon?",
    "I need a letter for the housing office saying my daughter has a seizure disorder.",
    "I'm writing a novel where a character collapses with a heart attack, could a nurse answer questions?",
    "Our puppy ate a bottle of ibuprofen, do you know a 24 hour vet?",
    "I have 5 years of ICU experience with cardiac arrests and overdoses; applying for the RN role.",
]


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        *EMERGENCIES,
        *ROUND5_EMERGENCIES,
        *ROUND6_EMERGENCIES,
        *ROUND7_EMERGENCIES,
        *ROUND8_EMERGENCIES,
        *ROUND9_EMERGENCIES,
        *ROUND10_EMERGENCIES,
        *ROUND11_EMERGENCIES,
    ],
)
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


def test_a_farewell_with_thanks_a_home_for_the_dog_and_no_more_visits_is_caught() -> None:
    letter = (
        "Thank you for all the years of care. I found a good home for my dog with a friend, "
        "and you won't need to see me in March."
    )
    assert screen("", letter).risk is Risk.EMERGENCY


def test_routine_mentions_of_the_same_words_stay_routine() -> None:
    for text in (
        "on iron tablets and my poop is dark green black now, is that normal?",
        "my pill bottle is empty, please refill the lisinopril",
        "I missed dialysis on Tuesday because of the snow, can I reschedule?",
        "sore calf after my first 10k, any stretches you recommend?",
    ):
        assert screen("", text).risk is not Risk.EMERGENCY, text


def test_a_third_person_farewell_with_a_weapon_is_caught() -> None:
    relayed = (
        "Our neighbour handed me his late wife's ring and said he'd be seeing her soon, "
        "and that he won't be needing it where he is going."
    )
    assert screen("", relayed).risk is Risk.EMERGENCY


def test_a_possible_infection_exposure_goes_to_a_nurse() -> None:
    assert screen("", "the condom broke on saturday, is it too late for anything?").risk is Risk.CLINICAL


@pytest.mark.parametrize("text", [*ROUND5_LOOK_ALIKES, *ROUND9_LOOK_ALIKES, *ROUND10_LOOK_ALIKES, *ROUND11_LOOK_ALIKES])
def test_round_five_look_alikes_are_not_emergencies(text: str) -> None:
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
        ("COMBINATIONS", safety_rules.COMBINATIONS),
    ],
)
def test_a_line_break_in_a_lexicon_body_never_eats_a_space(name: str, text: str) -> None:
    """Body lines are stripped and joined as they are: a break is only safe before "|" or "(", and a line
    that ends in a space would lose it ("that |those" would become "that|those"); combinations break before "&".
    """
    for block in text.split("\n== ")[1:]:
        head, *lines = block.splitlines()
        body = [line for line in lines if not line.startswith("#")]
        assert all(line == line.rstrip() for line in body), (name, head)
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
