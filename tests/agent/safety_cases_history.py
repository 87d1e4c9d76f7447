"""Safety screen test tables for when a red flag happened: past events, dated visits, resolutions and paperwork.

A red flag told as over ("had a seizure in October, she is fine now") is history; the same words with a present
cue, an undated past or a tense that turns present are still current.
"""

from __future__ import annotations

from agent.safety import Risk

E, C, N = Risk.EMERGENCY, Risk.CLINICAL, Risk.NONE

PAST_EVENT_CASES = [
    (
        "Back in October my daughter had a seizure at daycare and the ambulance bill just came, can I set up a "
        "payment plan?",
        N,
        None,
    ),
    (
        "My husband was rushed to the ER on March 3rd with chest pain, it was his gallbladder, he's doing well now. "
        "Question about the statement.",
        N,
        None,
    ),
    (
        "In June I had a bad allergic reaction to shrimp and fully recovered, please renew my EpiPen prescription",
        N,
        None,
    ),
    ("Mi hijo tuvo una convulsión en enero, ya está bien, necesito la factura", N, None),
    ("Last spring she took too many of her sleeping pills by accident, she's totally fine now", N, None),
    ("He collapsed at work on 2/14 but made a full recovery; his employer needs the return-to-work form", N, None),
    ("I had a c-section on Friday and now I'm soaking a pad every hour", E, "bleeding"),
    ("My baby is due in May and I'm bleeding a lot right now", E, "pregnancy_emergency"),
    ("my son had an asthma attack in May and is wheezing again tonight, his inhaler isn't helping", E, "breathing"),
    ("I had a stroke in January and since this morning my left arm is numb", E, "stroke"),
    ("My wife had a c-section last week and is bleeding heavily", E, "bleeding"),
    # undated "fine" does not close an emergency: ingestions can turn hours later
    ("my son swallowed a battery and is doing fine", E, "overdose"),
    ("my toddler ate some of grandma's pills but seems fine now", E, "overdose"),
    # the reason for a dated visit to acute care takes the visit's time ...
    ("We were at the urgent care last Thursday because my son had a seizure; they want a follow-up with you", N, None),
    ("Mom was admitted to Mercy in August cause she had a stroke. Can I get her discharge papers?", N, None),
    # ... but not when it is undated, or told as now
    ("I went to the hospital because I had a seizure, what do I do now", E, "seizure"),
    ("was in the ER this morning because of chest pain and it's back now", E, "chest_pain"),
    ("I missed my appointment yesterday because I was having chest pain", E, "chest_pain"),
    (
        "we were at the hospital last week because my aunt had a stroke and now my face is drooping and my speech "
        "is slurred",
        E,
        "stroke",
    ),
]
RESOLVED_ADMIN_CASES = [
    ("My daughter had strep in October and is all better, the school wants a doctor's note", N, None),
    ("He had an ear infection, finished the antibiotics and he's all better, daycare needs a form", N, None),
    ("Tuve fiebre la semana pasada, ya estoy bien, necesito una constancia para la escuela", N, None),
    ("My son had a sprained ankle, the doctor cleared him for soccer, coach needs the clearance form", N, None),
    (
        "I had a rash after the new detergent, it's gone now. Can you send a copy of the allergy note to my work?",
        N,
        None,
    ),
    ("Pretty sure I have another UTI, it stings when I pee and I'm going constantly. Can she phone it in?", C, None),
    ("I had a fever last week and it's back today, do I need a note or should I come in?", C, None),
    ("Creo que tengo otra infección de orina, me arde al orinar. ¿Me pueden mandar lo mismo?", C, None),
    ("My son had an ear infection last month and now his ear hurts again, the school also needs a form", C, None),
]
