"""The clinical-safety screen's rules around its concepts: how text is normalised before matching (Unicode
folding, contractions, tokens, sentences, spelling repairs: a whole-token map, then a small edit distance
towards the key words, guarded against real words), and which concepts combine into a verdict
(``COMBINATIONS``, read by ``agent.safety_loader`` with the blocks of ``agent.safety_lexicon``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from agent import safety_context as ctx

__all__ = ["COMBINATIONS", "FUZZY_GUARD", "FUZZY_TARGETS", "TOKEN_MAP", "normalise"]


# Combinations, in the block format of ``agent.safety_lexicon.LEXICON``: they name concepts of that lexicon and
# of ``agent.safety_cues.COMBINATION_CUES``.
COMBINATIONS = r"""
# --- combinations: a "combo" body reads "a b & c d ! e" = (a or b) and (c or d), unless e ---
== pregnancy_emergency: emergency pregnancy_emergency "pregnancy with bleeding or severe symptoms" combo
pregnancy_ctx pregnancy_now & bleeding_any severe_pain_ctx vision_change fluid_leak headache_severe
== infant_fever: emergency infant_fever "fever in an infant under 3 months" combo
infant_ctx & fever
== head_injury: emergency head_injury "head injury with warning signs" combo
head_hit & vomiting confusion blackout bleeding_any blood_thinner headache_severe ams_mild vision_change
== anaphylaxis_combo: emergency anaphylaxis "allergic reaction with swelling" combo
allergen & swelling_face swallowing airway_sign ! habitual_allergy
== anaphylaxis_airway: emergency anaphylaxis "hives with wheezing, a hoarse voice or a hand at the throat" combo
hives_ctx & airway_sign ! habitual_allergy
== sepsis_combo: emergency sepsis "infection or fever with sepsis signs" combo
fever infection & confusion sepsis_sign
== infection_faint: emergency sepsis "an infected wound with fainting or near-fainting" combo
infection & presyncope blackout
== peritonitis: emergency severe_pain "a belly hard as a board with fever or vomiting" combo
belly_hard & fever vomiting
== infant_unwell: emergency infant "an infant under 3 months who is floppy, very sleepy or not feeding" combo
infant_ctx & sepsis_sign intake_poor ams_mild
== child_fever_listless: emergency infant "a young child with fever who is listless or hard to wake" combo
young_child infant_ctx & fever & ams_mild sepsis_sign
== shock_signs: emergency shock "pale and sweaty after an injury or with severe pain" combo
pale_ctx & cardiac_sweat & injury_ctx severe_pain_ctx head_hit bleeding_any
== injury_shock: emergency shock "an injury with bleeding or a hard belly, and pale or faint" combo
injury_ctx & bleeding_any belly_hard & pale_ctx presyncope blackout
== abdominal_trauma: emergency severe_pain "a blow to the belly, now hard or rigid" combo
injury_ctx & belly_hard
== cranial_nerves: emergency stroke "double vision with drooping eyelids, or trouble swallowing or speaking" combo
vision_change & eyelid_droop swallow_speech
== overdose_signs: emergency overdose "an empty medicine bottle with drowsiness or a racing heart" combo
empty_bottle & ams_mild sepsis_sign palpitation presyncope vomiting
== missed_dialysis: emergency breathing "missed dialysis with heart or breathing symptoms" combo
dialysis_missed & palpitation breath_mild chest_ctx chest_pain breathing
== pulmonary_embolism: emergency breathing "a swollen calf with pain on breathing or coughing blood" combo
dvt_leg & pleuritic breath_mild palpitation
== cold_limb_signs: emergency vascular "a limb gone cold and pale, numb or painful" combo
cold_limb & limb_numb severe_pain_ctx symptom
== injury_confusion: emergency head_injury "a fall or blow, then confused, repeating or very sleepy" combo
injury_ctx & confusion ams_mild blackout
== acute_glaucoma: emergency vision_loss "halos round lights with eye pain or vomiting" combo
halos & eye_symptom vomiting severe_pain_ctx
== slow_pulse_faint: emergency palpitations "a very slow pulse with fainting, pallor or confusion" combo
slow_pulse & blackout presyncope pale_ctx ams_mild
== serotonin_toxicity: emergency overdose "a new medicine with fever and stiff or jerking muscles" combo
med_start & fever & rigid_jerky
== smoke_inhalation: emergency breathing "smoke breathed in, then hoarse or breathless" combo
smoke_ctx & breath_mild breathing airway_sign cough_ctx
== purple_rash_fever: emergency meningitis "fever with purple spots that do not fade" combo
fever & purple_spots & no_fade
== spinal_injury: emergency head_injury "a neck or back injury with numb, tingling or unmovable limbs" combo
neck_hit injury_ctx & limb_numb
== fall_anticoagulant: emergency head_injury "a fall on a blood thinner with confusion, vomiting or a head knock" combo
fall_ctx & blood_thinner & confusion ams_mild vomiting head_hit headache bleeding_any
== armed_threat: emergency violence "a gun with a named target or nothing to lose" combo
weapon_ctx & target_known
== meningitis: emergency meningitis "fever or headache with stiff neck or non-fading rash" combo
fever headache headache_severe stiff_neck & stiff_neck nonblanching
== med_question: clinical medication_question "medication question" combo same_clause
med_q & med_ctx
== med_pronoun: clinical medication_question "medication question" combo
med_pron & med_ctx
== alcohol_interaction: clinical interaction "asks about alcohol while on a medicine" combo
alcohol_q & med_ctx
== result_meaning: clinical result_interpretation "what a result means" combo same_clause
result_q & result_ctx ! billing_ctx
== vaccine_eligibility: clinical medication_question "vaccine question with a health condition" combo
vax_q & health_state pregnancy_ctx postpartum_ctx
== side_effect_combo: clinical side_effects "symptoms after starting a medicine" combo
med_start & symptom vomiting headache swelling_face swallowing mental_health
== pregnancy_symptoms: clinical pregnancy "pregnancy symptoms" combo
pregnancy_ctx & symptom vomiting headache advice fever
== symptom_advice: clinical symptoms "symptoms with a request for advice" combo
advice & symptom vomiting headache fever swelling_face infection head_hit reading aftercare weight_change
== stroke_words: emergency stroke "cannot find words and a hand or arm will not work" combo
word_finding & limb_weak
== choking_silent: emergency breathing "something stuck and no sound, cough or cry" combo
stuck_ctx & no_sound
== drowning_signs: emergency breathing "pulled from water, then sleepy, breathless or coughing" combo
drowning_ctx & ams_mild breath_mild breathing vomiting blackout cough_ctx
== magnet_swallowed: emergency overdose "a magnet or button battery swallowed" combo
magnet_ctx & swallowed_any
== child_pill_count: emergency overdose "a young child near a pill bottle whose count dropped" combo
count_then & count_now & young_child
== child_pills: emergency overdose "a young child found with someone's pills, or pills missing" combo
pills_missing & young_child
== pain_with_fainting: emergency severe_pain "severe pain with fainting" combo
severe_pain_ctx severe_pain & blackout
== gi_bleed_signs: emergency bleeding "pale, faint or near-fainting with black stools on a blood thinner" combo
melena & blood_thinner presyncope pale_ctx blackout
== bleeding_anticoagulant: emergency bleeding "bleeding on a blood thinner with dizziness, pallor or fainting" combo
bleeding_any & blood_thinner & presyncope pale_ctx blackout
== torsion_signs: emergency torsion "genital pain with one side higher or swollen" combo
genital_ctx & side_higher
== genital_pain_vomiting: emergency torsion "severe genital pain with vomiting" combo
genital_ctx & severe_pain_ctx severe_pain & vomiting
== abdominal_emergency: emergency severe_pain "severe belly pain with green vomit, a hard belly or no gas" combo
severe_pain_ctx severe_pain & obstruction_sign belly_hard
== bowel_obstruction: emergency severe_pain "green vomit with a hard swollen belly or no gas passed" combo
obstruction_sign & belly_hard
== stroke_gait: emergency stroke "cannot find words or confused, and walks as if drunk or leans to one side" combo
word_finding confusion ams_mild & gait_off
== caustic_ingestion: emergency overdose "a household chemical and someone who drank some" combo
caustic_ctx & drank_some
== caustic_missing: emergency overdose "a household chemical found open with some gone" combo
caustic_ctx & some_missing
== dose_timing: clinical dosing "asks to give or take a dose early" combo
dose_early & med_ctx
== party_pill: emergency overdose "an unknown pill or drug taken with a racing heart, fever or confusion" combo
party_pill_ctx & palpitation fever ams_mild presyncope sepsis_sign seizure
== cardiac_combo: emergency chest_pain "chest discomfort with jaw or arm ache, sweating, nausea or breathlessness" combo
chest_ctx & cardiac_radiate cardiac_sweat nausea_ctx vomiting breath_mild presyncope
== cardiac_indigestion: emergency chest_pain "indigestion with jaw or arm ache" combo
indigestion_ctx & cardiac_radiate
== cardiac_radiating: emergency chest_pain "jaw or left arm ache with sweating or breathlessness" combo
cardiac_radiate & cardiac_sweat breath_mild
== palpitations: emergency palpitations "racing heart with faintness, chest or breathing symptoms" combo
palpitation & presyncope blackout chest_ctx chest_pain breath_mild breathing
== preeclampsia: emergency pregnancy_emergency "pregnancy with preeclampsia warning signs" combo
pregnancy_ctx postpartum_ctx & preeclampsia_sign
== fetal_movement: emergency pregnancy_emergency "less fetal movement in pregnancy" combo
pregnancy_ctx & movement_low
== ams_combo: emergency altered_mental_status "confusion with diabetes, low sugar, sweating or not drinking" combo
ams_mild & diabetes_ctx low_sugar hypoglycemia cardiac_sweat intake_poor blackout seizure ! dementia_ctx
== farewell: emergency suicidal "farewell warning signs" combo
fw_goodbye fw_thanks fw_letters fw_giveaway fw_noneed fw_caretake fw_last fw_love fw_burden fw_method fw_reunion
& fw_unreachable fw_goodbye fw_thanks fw_letters fw_giveaway fw_noneed fw_caretake fw_last fw_love fw_burden
 fw_method fw_reunion
! relocation
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _pairs(text: str) -> dict[str, str]:
    return {key: value.replace("_", " ") for key, _, value in (pair.partition("=") for pair in text.split())}


# --- spelling: whole-token repairs ("cant=can_not": "_" stands for a space), then a fuzzy repair
# towards FUZZY_TARGETS, never applied to FUZZY_GUARD (real English words within reach of a target, found
# once against a 21k-word vocabulary).
TOKEN_MAP = _pairs(
    "cant=can_not cannot=can_not dont=do_not doesnt=does_not didnt=did_not isnt=is_not arent=are_not "
    "wasnt=was_not werent=were_not wont=will_not wouldnt=would_not couldnt=could_not shouldnt=should_not "
    "havent=have_not hasnt=has_not hadnt=had_not aint=is_not im=i_am ive=i_have youre=you_are "
    "theyre=they_are shes=she_is hes=he_is thats=that_is whats=what_is wanna=want_to gonna=going_to gotta=got_to "
    "kinda=kind_of u=you ur=your rn=right_now bc=because cuz=because cos=because thru=through tho=though "
    "kms=kill_myself unalive=kill ceizure=seizure ceasure=seizure numm=numb chestpain=chest_pain "
    "heartattack=heart_attack xray=x_ray xrays=x_rays followup=follow_up selfharm=self_harm "
    "painkillers=pain_killers breat=breath brea=breath alergic=allergic allergick=allergic passout=pass_out "
    "oded=overdosed preggo=pregnant preggers=pregnant bleedin=bleeding breathin=breathing dyin=dying "
    "throwin=throwing skiped=skipped mised=missed forgoten=forgotten rite=right cyaan=can_not "
    "poson=poison posion=poison poisin=poison hed=head sombody=somebody somone=someone w=with "
    "racin=racing fixin=fixing lookin=looking sweatin=sweating shakin=shaking pukin=puking bleedn=bleeding "
    "standin=standing sittin=sitting feelin=feeling hurtin=hurting holdin=holding cryin=crying talkin=talking "
    "walkin=walking achin=aching burnin=burning poundin=pounding gaspin=gasping chokin=choking fallin=falling "
    "nah=not ansa=answer mout=mouth mouf=mouth tak=talk twis=twist lif=lift madda=mother fada=father fel=fell n=and "
)
FUZZY_TARGETS = _words(
    "allergic anaphylactic anaphylaxis antibiotics anxiety attack bleeding blood breath breathe breathing "
    "breathless chest choking collapsed concussion confused confusion contractions convulsing convulsiones "
    "convulsion convulsions coughing crushing cutting depressed depression diarrhea dizziness dizzy dosage droop "
    "drooping droopy dying embarazada epinephrine excruciating face fainted fever garganta gasping headache "
    "heart hemorrhage hopeless inconsciente infant infection inhaler insulin medication medicine migraine "
    "miscarriage morir myself nausea newborn numb numbness overdose overdosed pain painful pains paralyzed "
    "palpitations pecho poisoned poisoning pregnancy pregnant pressure reaction respirar sangrado seizing seizure "
    "seizures sepsis severe slurred slurring squeezing stroke sudden suddenly suffocating suicidal suicide "
    "swallowed swelling swollen temperature throat throwing tightness tingling tongue unbearable unconscious "
    "unresponsive vomit vomiting weakness wheezing worst worthless wrists "
)
FUZZY_GUARD = _words(
    "drool drooled drooling drools "
    # words the lexicon itself spells, which a repair would turn into another target ("spurting" -> "slurring",
    # "sangrando" -> "sangrado", "no respira" -> "no respirar", "injections" -> "infection")
    "allergen allergens allergies ingestion ingested injections inyeccion inyecciones reaccion respira respiraba "
    "respiro respiran sangrando spurting spurts squeaking squeaky convulsionar "
    "attach attacked attacker attacks blending blessing blinding blond bloody bloom breach breached breadth "
    "breaking breathed breaths breeding brood chatting cheat checking chess chests choosing coaching "
    "collapse collapses concession concessions conclusion conclusions confessed confession confined confuse "
    "confusing constructions consulting consumed contracting contraction contractors conversions cooking "
    "counting coupling crashing crest crossing cruising decreased doing dripping dropping drowning drying "
    "faced faces fewer gaping grasping heard hears hearst hearth hearts homeless inception induction "
    "infantry infants infections infectious inflation inhaled injection insertion inspection insulting "
    "intention invention mediation medicare medications medicinal medicines meditation migrating overcome "
    "painfully paint paints pairs plain plains pleasure pressured pressures prisoner reacting reactions "
    "reactive reduction rejection relation selling severed severely severn smelling spelling spilling "
    "spurred starring stealing sterling stirring strike strode stroked strokes swallows swearing sweating "
    "sweeping swirling temperate temperatures threat thriving throbbing tongues visiting weaknesses wellness "
    "wheeling worse wrist "
)


_CONTRACTIONS = (
    (re.compile(r"\bo\.?d'?(?:d|ed)\b"), "overdosed"),  # before "'d" -> "would"
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    *((re.compile(rf"'{short}\b"), f" {word}") for short, word in ctx.CONTRACTED),
    (re.compile(r"\b(he|she|it|that|what|there|who)'s\b"), r"\1 is"),
    (re.compile(r"'s?\b"), ""),
)
_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "¿": " ", "¡": " "})
_SENTENCE = re.compile(r"[\n!?;:]+|\.(?!\d)")
_TOKEN = re.compile(r"[a-z0-9]+(?:[./][0-9]+)*|,")
# From this many non-empty lines, mostly of a single word, line breaks are not sentence breaks (a symptom list
# of two- or three-word lines, "Chest pain / Sweating / No fever", keeps a sentence per line).
_SHORT_LINES_MIN = 6
_CLAUSE_BREAK, _CARE_VISIT, _REASON = re.compile(ctx.CLAUSE_BREAK), re.compile(ctx.CARE_VISIT), re.compile(ctx.REASON)


def normalise(text: str) -> list[str]:
    """Sentences of ``text`` as lowercase ASCII tokens joined by single spaces (commas kept as tokens),
    with contractions expanded and known misspellings of key words repaired."""
    decomposed = unicodedata.normalize("NFKD", _one_word_lines_joined(text))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # An ellipsis is a pause, not a sentence end: "I want to die... laughing" stays one sentence.
    folded = re.sub(r"\.{2,}|…", " , ", folded.translate(_PUNCT).lower())
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    sentences = (" ".join(_repair(t) for t in _TOKEN.findall(s)) for s in _SENTENCE.split(folded))
    return [s for s in sentences if s.strip(" ,")]


def clauses_of(sentence: str) -> list[str]:
    """A normalised sentence cut at its clause breaks ("but", "because", ", and i ..."), except that the reason
    given for a past visit to acute care stays with the visit and so takes its time."""
    parts: list[str] = []
    text, start = f" {sentence} ", 0
    for cut in _CLAUSE_BREAK.finditer(text):
        if _REASON.fullmatch(cut.group(0).strip()) and _CARE_VISIT.search(text, start, cut.start()):
            continue
        parts.append(text[start : cut.start()])
        start = cut.end()
    parts.append(text[start:])
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


def _one_word_lines_joined(text: str) -> str:
    """A message typed one word per line ("Hello / my / husband / cant / lift ...") is one text, not a sentence
    per line: each line break would otherwise cut every phrase apart."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= _SHORT_LINES_MIN and sorted(len(line.split()) for line in lines)[len(lines) // 2] <= 1:
        return " ".join(lines)
    return text


@functools.lru_cache(maxsize=8192)
def _repair(token: str) -> str:
    if token in TOKEN_MAP:
        return TOKEN_MAP[token]
    if len(token) < 4 or not token.isalpha() or token in FUZZY_TARGETS or token in FUZZY_GUARD:
        return token
    return _nearest_target(token) or token


def _nearest_target(token: str) -> str | None:
    # One edit for short words (only a swap at four letters: "pian"), two from eight letters; the first
    # letter must agree, because misspellings rarely start wrong and that keeps false repairs rare.
    limit = 1 if len(token) <= 7 else 2
    best: tuple[int, str] | None = None
    for target in sorted(FUZZY_TARGETS):
        if target[0] != token[0] or abs(len(target) - len(token)) > limit:
            continue
        if len(token) == 4 and sorted(target) != sorted(token):
            continue
        distance = _edit_distance(token, target, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, target)
    return best[1] if best else None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (swaps count as one edit); anything above ``limit`` is limit+1."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]
