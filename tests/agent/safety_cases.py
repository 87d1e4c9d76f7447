"""Safety screen test tables written with the lexicon: emergencies, clinical, admin look-alikes, classes."""

from __future__ import annotations

from agent.safety import Risk

# (ticket text, a signal the screen must report)
EMERGENCIES = [
    # chest pain / heart
    ("I have crushing pain in my chest", "chest_pain"),
    ("my chest feels tight and heavy like an elephant is sitting on it", "chest_pain"),
    ("there's a squeezing pressure across my chest right now", "chest_pain"),
    ("chest has been hurting for an hour and I'm sweating", "chest_pain"),
    ("Dad says his chest is killing him", "chest_pain"),
    ("pain in the center of my chest that spreads to my jaw", "chest_pain"),
    ("my heart is pounding and my chest feels like it's being crushed", "chest_pain"),
    ("it feels like someone is standing on my chest", "chest_pain"),
    ("I think I'm having a heart attack", "cardiac"),
    # breathing
    ("i cant catch my breath", "breathing"),
    ("my husband is struggling to breathe", "breathing"),
    ("she's gasping for air", "breathing"),
    ("he's choking on a piece of food", "breathing"),
    ("My baby's lips are turning blue", "breathing"),
    ("I'm short of breath even sitting down", "breathing"),
    ("my oxygen is 86 on the finger monitor", "breathing"),
    ("I keep waking up unable to breathe", "breathing"),
    ("he stopped breathing for a bit and now he's blue", "breathing"),
    # stroke
    ("my moms face is drooping on one side", "stroke"),
    ("he's slurring his words and can't lift his right arm", "stroke"),
    ("sudden weakness in my left leg", "stroke"),
    ("my wife suddenly can't speak properly", "stroke"),
    ("half of my face went numb out of nowhere", "stroke"),
    ("I think my dad is having a stroke", "stroke"),
    ("grandpa is talking gibberish and his smile is crooked", "stroke"),
    ("I can't feel the right side of my body", "stroke"),
    # suicide and self-harm
    ("I want to kill myself", "suicidal"),
    ("i dont want to be here anymore", "suicidal"),
    ("thinking about ending it all tonight", "suicidal"),
    ("everyone would be better off without me", "suicidal"),
    ("I have no reason to live", "suicidal"),
    ("I want to go to sleep and never wake up", "suicidal"),
    ("planning to take my own life", "suicidal"),
    ("I just want it all to end", "suicidal"),
    ("i've been cutting myself again", "self_harm"),
    # overdose and poisoning
    ("my daughter took a whole bottle of tylenol", "overdose"),
    ("I swallowed like 30 pills", "overdose"),
    ("my toddler drank bleach", "overdose"),
    ("I think I overdosed on my oxy", "overdose"),
    ("he OD'd and is barely breathing", "overdose"),
    ("my 2 year old swallowed a button battery", "overdose"),
    ("my girlfriend said she took all her antidepressants", "overdose"),
    # bleeding
    ("the bleeding won't stop", "bleeding"),
    ("I cut my hand and it's bleeding everywhere", "bleeding"),
    ("I'm coughing up blood", "bleeding"),
    ("he threw up blood twice", "bleeding"),
    ("soaked through 3 pads in an hour", "bleeding"),
    ("there's blood everywhere and I can't get it to stop", "bleeding"),
    # anaphylaxis
    ("my lips and tongue are swelling after eating shrimp", "anaphylaxis"),
    ("I ate peanuts and my throat feels like it's closing", "anaphylaxis"),
    ("had to use my epipen", "anaphylaxis"),
    ("my face is swelling up after the bee sting", "anaphylaxis"),
    # seizure, unconscious
    ("my son is having a seizure right now", "seizure"),
    ("she's been convulsing for 3 minutes", "seizure"),
    ("my child has been shaking and jerking and won't respond", "seizure"),
    ("my dad collapsed and is unresponsive", "unconscious"),
    ("I found my roommate unconscious", "unconscious"),
    ("she went limp and isn't responding to us", "unconscious"),
    # pregnancy, infants
    ("I'm 30 weeks pregnant and bleeding heavily", "pregnancy_emergency"),
    ("my water just broke and I'm only 32 weeks", "pregnancy_emergency"),
    ("pregnant with terrible stomach pain", "pregnancy_emergency"),
    ("baby hasn't moved all day and I'm 36 weeks", "pregnancy_emergency"),
    ("I'm 8 months pregnant and my water is leaking", "pregnancy_emergency"),
    ("my 3 week old has a temp of 100.8", "infant_fever"),
    ("newborn with a fever", "infant_fever"),
    ("my 5 day old is hot and not eating", "infant_fever"),
    # head, headache, sepsis, sugar
    ("he fell off the ladder, hit his head and is now vomiting", "head_injury"),
    ("my grandmother fell and hit her head, she is on blood thinners", "head_injury"),
    ("sudden severe headache, worst I've ever had", "thunderclap_headache"),
    ("fever and a stiff neck", "meningitis"),
    ("he has a fever and he's really confused and his skin looks mottled", "sepsis"),
    ("my sugar is 38 and I'm shaky", "hypoglycemia"),
    # typos and misspellings
    ("chest pian since this morning", "chest_pain"),
    ("my cheast hurts", "chest_pain"),
    ("cant breath", "breathing"),
    ("hard to breath since this morning", "breathing"),
    ("I feel suicidel", "suicidal"),
    ("suicidle thoughts and a plan", "suicidal"),
    ("I'm having a siezure", "seizure"),
    ("she is unconcious", "unconscious"),
    ("my throat is swolen shut", "anaphylaxis"),
    # Spanish
    ("dolor de pecho", "chest_pain"),
    ("Me duele mucho el pecho", "chest_pain"),
    ("no puedo respirar", "breathing"),
    ("mi hijo no puede respirar", "breathing"),
    ("me quiero morir", "suicidal"),
    ("esta sangrando mucho y no para de sangrar", "bleeding"),
    ("tuvo una convulsión", "seizure"),
    # buried in an administrative message
    ("can I pay online? also since an hour my left arm is numb and my face feels droopy", "stroke"),
    ("Hi, I need to update my address. Also I've had crushing chest pain since last night.", "chest_pain"),
    ("Can you tell me my copay? btw my husband's face is drooping and he's talking funny", "stroke"),
    ("Question about my bill. I took all of my sleeping pills an hour ago", "overdose"),
    ("Please reschedule my appointment, I'm coughing up blood and feel faint", "bleeding"),
]

CLINICAL = [
    ("I've had a rash on my arm for three days, is this normal?", "symptoms"),
    ("My son has had a cough and runny nose since Monday, what should I do?", "symptoms"),
    ("should I stop taking my metformin before the CT scan?", "medication_question"),
    ("I missed my dose of lisinopril this morning, can I take two tonight?", "dosing"),
    ("is it ok to take ibuprofen with my blood thinner?", "medication_question"),
    ("what does an A1c of 7.2 mean?", "result_interpretation"),
    ("my potassium came back high, should I be worried?", "result_interpretation"),
    ("the new antidepressant is making me really nauseous", "side_effects"),
    ("I think the amoxicillin is giving me diarrhea", "side_effects"),
    ("can I drink wine while on antibiotics?", "interaction"),
    ("how much tylenol can I give my 4 year old?", "dosing"),
    ("my incision is red and warm and oozing a little", "symptoms"),
    ("I'm 12 weeks pregnant and have bad nausea, what can I take?", "pregnancy"),
    ("I've been feeling really down and hopeless for weeks", "mental_health"),
    ("my anxiety has been so bad I can't sleep", "mental_health"),
    ("I've been having panic attacks at work", "mental_health"),
    ("my knee is swollen and hurts when I walk", "symptoms"),
    ("I keep getting headaches every afternoon", "symptoms"),
    ("my blood pressure was 165/100 at the pharmacy today", "symptoms"),
    ("can I crush my pills and mix them with applesauce?", "medication_question"),
    ("is 10mg of melatonin too much?", "dosing"),
    ("my daughter has a fever of 102, she's 5", "symptoms"),
    ("my 4 month old has a fever of 100.5", "symptoms"),
    ("I got the flu shot yesterday and my arm is sore, is that normal?", "symptoms"),
    ("my stitches look like they are coming apart", "symptoms"),
    ("I have burning when I pee", "symptoms"),
    ("what does it mean that my pap came back abnormal?", "result_interpretation"),
    ("can I take Zyrtec and Benadryl together?", "medication_question"),
    ("I forgot to take my birth control pill yesterday", "dosing"),
    ("the dose of my levothyroxine feels too high, I'm jittery", "dosing"),
    ("can I stop my antidepressant now that I feel better?", "medication_question"),
    ("my mole changed color and is itchy", "symptoms"),
    ("he's been vomiting since last night and can't keep water down", "symptoms"),
    ("I'm on warfarin and got a nosebleed that stopped after 10 minutes, should I call?", "symptoms"),
    ("I fainted at the gym this morning but feel okay now", "symptoms"),
    ("i feel so empty and numb lately", "mental_health"),
    # a red flag asked about, not happening: a nurse answers, it is not an emergency
    ("what should I do if I get chest pain after the procedure?", "chest_pain"),
    ("what are the warning signs of a stroke?", "stroke"),
    # Decision: a result the portal flags as critical goes to a nurse, never to an AI reassurance.
    ("the portal shows a result marked critical, when will the doctor call", "critical_result"),
]

ADMINISTRATIVE = [
    "bill for my chest x-ray",
    "I got a bill for my chest x-ray and the amount looks wrong",
    "records from my heart attack last year",
    "Please send the records from my heart attack last year to my new cardiologist",
    "reschedule my stroke-clinic follow-up",
    "Can I reschedule my stroke clinic follow-up to next Tuesday?",
    "cancel my colonoscopy",
    "refill my blood pressure meds, same dose as always",
    "my mom's overdose bill",
    "I'm not having chest pain, I just need my cardiology appointment moved",
    "no shortness of breath",
    "denies chest pain",
    "I had a seizure in 2019, need the records",
    "No shortness of breath, just need a school physical form signed",
    "Patient denies chest pain. Requesting copy of visit summary.",
    "What are the hours for the Breathing Center?",
    "Is the Comprehensive Stroke Center open on weekends?",
    "Who do I talk to about the ambulance invoice after my dad's stroke?",
    "My insurance denied the claim for my chest pain ER visit",
    "I was treated for an overdose in 2018; can you remove it from my chart?",
    "Where do I park for the sleep apnea study?",
    "Can you fax my allergy test results to my employer's nurse?",
    "I need my epipen prescription renewed before school starts",
    "The seizure clinic hasn't called me back about scheduling",
    "Do you have evening appointments for the pain management clinic?",
    "I'd like a copy of the report from my stroke evaluation in March 2021",
    "How much is a pregnancy test at your lab?",
    "I never had a heart attack, my chart is wrong, please correct it",
    "My son needs his asthma action plan form for school",
    "Is Dr. Patel accepting new patients? I have a history of seizures",
    "Can I get a refill of my inhaler? I'm running low",
    "The wait on hold is killing me, please call back",
    "This billing mess is a real pain",
    "That bill almost gave me a heart attack",
    "My mom had a stroke years ago, can I get a caregiver parking permit form?",
    "Thanks for the quick help with my chest CT appointment",
    "We were in the ER in 2020 for his bleeding ulcer, can you send those notes?",
    "The ER bill for my heart attack in January is wrong",
    "my wife is not pregnant, please remove the pregnancy flag from her chart",
    "Your website says the Headache Center moved, where is it now?",
    "I'm not suicidal, I just want to know if the depression screening form is required before my visit",
    "Is there parking at the cardiac rehab building?",
    "do you treat seizures in kids?",
    "can you send my son's seizure action plan to his school?",
    "my heart attack follow up appt needs to move to friday",
    "I need the discharge papers from my stroke admission",
    "I'm fine now, no chest pain since the stent, just need the bill explained",
    "what is the cost of an EKG for chest pain screening?",
    "I want to die... laughing at how long this hold is haha",
    "the overdose awareness event is on Friday, can I bring flyers?",
    "does insurance cover the breathing treatments my son got in 2022?",
    "my husband's suicide attempt last year left huge bills, is there financial aid?",
    "I've never had a seizure before, need to fill out the form",
    "no fever, no cough, no shortness of breath, just need a work note",
    "he denies any suicidal thoughts",
]

# Negation, history and recurrence: (text, expected risk).
CONTEXT_CASES = [
    ("no chest pain but I can't breathe", Risk.EMERGENCY),
    ("not sure if it's chest pain or heartburn", Risk.EMERGENCY),
    ("the chest pain is not going away", Risk.EMERGENCY),
    ("I can't tell if I'm having a stroke", Risk.EMERGENCY),
    ("I've never had chest pain like this before", Risk.EMERGENCY),
    ("without my inhaler I can't breathe", Risk.EMERGENCY),
    ("I had a stroke last year and now my arm is numb again on the left side", Risk.EMERGENCY),
    ("Last week I had chest pain and it's back today", Risk.EMERGENCY),
    ("I don't think I'm having a heart attack but my chest hurts", Risk.EMERGENCY),
    ("she's not breathing", Risk.EMERGENCY),
    ("I don't have chest pain anymore", Risk.NONE),
    ("my mom doesn't want to die, she wants hospice info", Risk.NONE),
    ("I'm not pregnant and not bleeding", Risk.NONE),
]

# Classes of red flags the example clinic tickets showed missed or over-fired: (text, risk, signal or None).
# Every row is worded afresh; none is a ticket. EMERGENCY rows name the signal that must be reported.
E, C, N = Risk.EMERGENCY, Risk.CLINICAL, Risk.NONE
CARDIAC_CASES = [
    ("feels like a belt is being tightened around my chest and my left arm is heavy", E, "chest_pain"),
    (
        "Quick q about parking for mom's visit next week. Not a big deal but I've got this pressure behind my "
        "breastbone and I'm sweating a lot, took some tums",
        E,
        "chest_pain",
    ),
    (
        "probably just indigestion, but there's a heavy weight on my chest and I feel sick to my stomach",
        E,
        "chest_pain",
    ),
    ("my dad says it feels like someone is sitting on his chest, he's gone pale and clammy", E, "chest_pain"),
    ("burning in the center of my chest that goes up into my jaw, I'm sure it's nothing", E, "chest_pain"),
    ("chest feels funny and I'm nauseous and clammy", E, "chest_pain"),
    ("heartburn that won't quit and now my left arm aches", E, "chest_pain"),
    ("jaw and left arm have been aching for an hour and I'm in a cold sweat", E, "chest_pain"),
    ("tightnes in my chset since lunch", E, "chest_pain"),
    ("siento una presión muy fuerte en el pecho y estoy sudando", E, "chest_pain"),
    ("I had chest tightness during my stress test last year, can you send the results to Dr. Ames?", N, None),
    ("I get heartburn after spicy food, can I take tums with my lisinopril?", C, "medication_question"),
    ("my jaw aches from my new retainer", C, "symptoms"),
    ("night sweats and heartburn since menopause started, should I worry?", C, "symptoms"),
]
PALPITATION_CASES = [
    ("my heart is fluttering like crazy and everything keeps going gray when I stand", E, "palpitations"),
    ("Apple watch keeps buzzing, pulse 188 sitting on the couch, feel woozy", E, "palpitations"),
    ("heart pounding out of my chest and I nearly fainted in the shower", E, "palpitations"),
    ("racing heartbeat for the last hour and my chest feels tight", E, "palpitations"),
    ("corazón acelerado y siento que me voy a desmayar", E, "palpitations"),
    ("palpatations and I feel faint", E, "palpitations"),
    ("hr 165 on my fitbit and I'm out of breath just sitting here", E, "palpitations"),
    ("my heart races when I drink too much coffee, is that normal?", C, "symptoms"),
    ("watch said my heart rate hit 170 during spin class, felt great", C, "symptoms"),
    ("I get dizzy when I stand up too fast, should I be worried", C, "symptoms"),
    ("Can you send my Holter monitor results for the palpitations I had in March?", N, None),
]
PREGNANCY_CASES = [
    ("32 weeks pregnant, headache for two days that tylenol isn't touching", E, "pregnancy_emergency"),
    ("I'm expecting our second and my vision has gone blurry with little flashing lights", E, "pregnancy_emergency"),
    ("embarazada de 30 semanas, veo lucecitas y me duele mucho la cabeza", E, "pregnancy_emergency"),
    ("My wife is 35 weeks along and her face and fingers swelled up suddenly today", E, "pregnancy_emergency"),
    ("Im 28 wks pregant and the baby isnt kicking like she usually does", E, "pregnancy_emergency"),
    ("haven't felt him move since last night, 36 weeks with my first", E, "pregnancy_emergency"),
    ("pregnant with twins and this migraine won't go away, also swollen ankles", E, "pregnancy_emergency"),
    ("I delivered 5 days ago and have a splitting headache and see spots", E, "pregnancy_emergency"),
    ("el bebé se mueve menos desde ayer, tengo 33 semanas", E, "pregnancy_emergency"),
    ("I'm 20 weeks pregnant with a mild headache this afternoon, is tylenol ok?", C, None),
    ("My ankles swell a bit by evening, 30 weeks pregnant, normal?", C, None),
    ("We're expecting a call from billing about my wife's pregnancy ultrasound charge", N, None),
    ("I need a copy of my prenatal records, I delivered in March", N, None),
    ("Pregnant at 30 weeks, my hands are a little puffy at night, is that normal?", C, "pregnancy"),
]
MENTAL_STATUS_CASES = [
    (
        "my grandma suddenly doesn't know where she is and keeps calling me by my sister's name",
        E,
        "altered_mental_status",
    ),
    (
        "Type 2 diabetic dad is super drowsy, sweating through his shirt and won't drink anything",
        E,
        "altered_mental_status",
    ),
    ("meter just says LO and my son is acting drunk", E, "hypoglycemia"),
    ("her sugar was 52 and she's not making any sense", E, "altered_mental_status"),
    ("husband on insulin, really hard to wake up this morning", E, "altered_mental_status"),
    ("mi mamá está muy confundida y es diabética, no quiere comer", E, "altered_mental_status"),
    ("my husband is disorientated and his sugar is low", E, "altered_mental_status"),
    ("I'm confused about why my insulin wasn't covered", N, None),
    ("you guys don't even know me, I've been a patient for ten years", N, None),
    # an instruction lists signs to watch for: each is hypothetical, the question goes to a nurse
    ("the sheet says if he gets confused, very sleepy or hard to wake, call 911 - is his sugar of 90 ok?", C, None),
    ("the new sleeping pill makes me very drowsy in the morning, can I take it earlier?", C, "medication_question"),
    ("My son has type 1 and his sugar dropped to 65 at school, he ate a snack, should we adjust his dose?", C, None),
]
FAREWELL_CASES = [
    ("I've given away my guitar and my dog to friends. I won't be needing my prescriptions anymore.", E, "suicidal"),
    ("this will be my last message. please make sure my sister takes care of my kids for me", E, "suicidal"),
    ("Gracias por todo. Ya no voy a necesitar las citas.", E, "suicidal"),
    ("sorry for everything. after tonight I won't need my meds anymore", E, "suicidal"),
    ("This is farewell.", E, "suicidal"),
    ("I wrote goodbye notes for my kids. Thank you for everything you did for me", E, "suicidal"),
    (
        "Hi, can you update my pharmacy to the Walgreens on 5th? Also I won't need my insulin anymore. "
        "Tell my wife I love her.",
        E,
        "suicidal",
    ),
    ("Thank you for everything you did during my knee surgery recovery! You guys are amazing.", N, None),
    (
        "I'm switching to a clinic closer to home, thanks for everything and I won't need my appointments anymore",
        N,
        None,
    ),
    ("Saying goodbye to Dr. Lee at his retirement party, can I bring a card?", N, None),
    ("My dad passed away last week. Thank you for everything. He won't need his appointments anymore.", N, None),
    ("I won't need the 3pm slot anymore, found a ride for the morning", N, None),
]
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
CLASS_CASES = (
    CARDIAC_CASES
    + PALPITATION_CASES
    + PREGNANCY_CASES
    + MENTAL_STATUS_CASES
    + FAREWELL_CASES
    + PAST_EVENT_CASES
    + RESOLVED_ADMIN_CASES
)
