"""The clinical-safety screen: emergencies in everyday wording, clinical questions, admin look-alikes."""

from __future__ import annotations

import dataclasses

import pytest

from agent import safety, safety_lexicon, safety_rules
from agent.safety import Risk, load_lexicon, normalise, screen

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

# Written AFTER the lexicon was finished, to check generalisation honestly. The first batch passed
# 13/20 emergencies, 6/10 admin and 6/10 clinical on its first run; the misses were fixed in the approach
# (anchored time cues, service names with a modifier, distress gestures, counts before "of my pills",
# history cancelling emergencies but not questions ...), never by adding the sentence. The second batch,
# written after those fixes, passed 11/16, 8/9, 3/5 on its first run and was fixed the same way
# (e.g. "turning purple", "point in living", inherited cancellation inside an admin phrase). The third
# batch passed 9/14, 8/8, 5/6 first time (misses: retractions, "barely conscious", "an entire pack",
# "me arde el pecho", "numb left side", tinnitus); fixed by widening those concepts, not the sentences.
GENERALISATION_EMERGENCIES = [
    ("my dad is clutching his chest and sweating buckets", "chest_pain"),
    ("I can barely get a word out and my right hand won't work", "stroke"),
    ("feeling like my throat is swelling shut after the new antibiotic", "anaphylaxis"),
    ("i took like 15 of my sleeping pills", "overdose"),
    ("My wife passed out in the bathroom and she's not breathing right", "breathing"),
    ("heavy bleeding after my c-section last week, soaking pads", "bleeding"),
    ("my toddler got into grandma's pill organizer and ate some", "overdose"),
    ("He's unresponsive after a fall", "unconscious"),
    ("me siento muy mal, tengo dolor en el pecho y no puedo respirar bien", "chest_pain"),
    ("I think I'm going to hurt myself tonight", "self_harm"),
    ("Everything is spinning, my speech is slurred and I can't feel my left hand", "stroke"),
    ("daughter (6 weeks) has a temperature of 38.5", "infant_fever"),
    ("my husband is having a hard time breathing and his lips look gray", "breathing"),
    ("can't stop throwing up blood", "bleeding"),
    ("she swallowed a bottle of her antidepressants", "overdose"),
    ("Please help, my son fell off his bike and hit his head, now he's really sleepy and threw up", "head_injury"),
    ("I'm pregnant (28 wks) and having bad cramps and bleeding", "pregnancy_emergency"),
    ("got stung by a wasp and now my tongue feels thick and it's hard to swallow", "anaphylaxis"),
    ("he's been seizing on and off for 10 minutes", "seizure"),
    ("sudden chest pressure while shoveling snow", "chest_pain"),
    ("my grandfather's words are coming out jumbled and his face looks uneven", "stroke"),
    ("I feel like I'm having a heart attack, my left arm hurts and I'm dizzy", "cardiac"),
    ("can't get enough air, feels like breathing through a straw", "breathing"),
    ("my 17 year old told me she wants to end her life", "suicidal"),
    ("I accidentally gave my baby 3 doses of tylenol in 2 hours", "overdose"),
    ("the cut on my leg keeps gushing blood through the bandage", "bleeding"),
    ("I'm 34 weeks pregnant and my baby stopped kicking since yesterday", "pregnancy_emergency"),
    ("he's turning purple and can't stop coughing", "breathing"),
    ("my mom is very confused, burning up with fever and barely waking up", "sepsis"),
    ("3 week old baby won't eat and feels warm", "infant_fever"),
    ("I was stung by a bee and now my whole body has hives and my lips are tingling", "anaphylaxis"),
    ("she hit her head on the pavement and is vomiting repeatedly", "head_injury"),
    ("sudden loss of vision in my right eye", "stroke"),
    ("I don't see the point in living anymore", "suicidal"),
    ("Hola, mi esposo tiene dolor de pecho muy fuerte", "chest_pain"),
    ("Hi, I need a new insurance card on file. Also my daughter is having trouble breathing", "breathing"),
    ("my son has been wheezing and his ribs suck in with every breath", "breathing"),
    ("my mouth is drooping and I can't smile on the left", "stroke"),
    ("she's barely conscious and mumbling", "unconscious"),
    ("took an entire pack of my mom's sleeping pills", "overdose"),
    ("husband fell down the stairs and isn't moving", "unconscious"),
    ("my chest hurts when I breathe and I'm coughing up pink foam", "chest_pain"),
    ("bee sting, throat tight, feel faint", "anaphylaxis"),
    ("pregnant 20 wks, gushing blood", "bleeding"),
    ("i wanna die tonight honestly", "suicidal"),
    ("she says she's going to overdose", "overdose"),
    ("me arde el pecho y me duele el brazo izquierdo", "chest_pain"),
    ("my 2 month old has a 100.4 fever", "infant_fever"),
    ("face numb left side suddenly", "stroke"),
    ("he can't breathe properly after eating nuts", "breathing"),
]
GENERALISATION_ADMINISTRATIVE = [
    "Can I get a copy of my son's asthma attack ER visit from March?",
    "Who do I call about my late husband's hospice bills?",
    "Our daughter had seizures as a baby; the school needs her immunization record",
    "Is the stroke support group still meeting on Thursdays?",
    "please stop texting me about the suicide prevention survey",
    "What time does the chest pain clinic open?",
    "I'd like to know the price of an overdose reversal kit (narcan)",
    "My bill lists 'shortness of breath' as the diagnosis but I came in for a cough",
    "we never received the bleeding disorder clinic's intake packet",
    "Can you update my emergency contact to my sister?",
    "I'm calling to pay a bill from my ER visit for chest pain last month",
    "Please send my records from the seizure clinic to Dr. Kim",
    "My stroke rehab sessions need to be moved to afternoons",
    "I'm a caregiver for my husband who had a stroke in 2018; how do I get a handicap placard?",
    "Can I bring my own pillow for the sleep study?",
    "the invoice says I was treated for an allergic reaction in April but I wasn't",
    "where do I drop off the form for my son's epilepsy medication at school",
    "My colonoscopy prep instructions say no red liquids, is Jell-O ok?",
    "my wife's overdose was three years ago and she's doing great, we just need to update her insurance",
    "can someone explain my EOB for the chest x ray",
    "I need the billing code for my son's seizure visit last month",
    "my late wife's stroke records need to be transferred to her estate lawyer",
    "how do I sign up for the heart attack prevention class",
    "is the breathing clinic accepting new patients",
    "I lost my insulin pump receipt",
    "please remove the overdose note from 2015 from my file",
    "The ER doctor said it wasn't a heart attack, I need the discharge summary",
]
GENERALISATION_CLINICAL = [
    ("I've had a sore throat and fever for three days, do I need antibiotics?", "symptoms"),
    ("Is it normal to spot a little after an IUD insertion?", "symptoms"),
    ("my son's eczema is flaring, can I use the hydrocortisone on his face?", "medication_question"),
    ("how long should I wait after taking ibuprofen before taking more?", "medication_question"),
    ("I started sertraline last week and feel jittery", "side_effects"),
    ("my heart keeps skipping beats when I lie down", "symptoms"),
    ("What does 'mild cardiomegaly' on my x-ray report mean?", "result_interpretation"),
    ("i keep feeling dizzy when i stand up, should i be worried", "symptoms"),
    ("is it safe to get the flu shot while pregnant?", "pregnancy"),
    ("my blood sugar has been running in the 300s", "symptoms"),
    ("my incision from the knee surgery is leaking yellow fluid", "symptoms"),
    ("I've been feeling so anxious I can't leave the house", "mental_health"),
    ("what's the max amount of advil I can take in a day?", "medication_question"),
    ("can I take my thyroid pill with coffee?", "medication_question"),
    ("my cholesterol results came back at 260, what does that mean?", "result_interpretation"),
    ("can I give my daughter motrin and tylenol at the same time", "medication_question"),
    ("I have a lump in my breast, how soon can I be seen", "symptoms"),
    ("my ear has been ringing for 2 weeks", "symptoms"),
    ("should I be concerned about my PSA of 6", "result_interpretation"),
    ("I feel really depressed since my dad died", "mental_health"),
    ("my ankle is bruised and swollen after I rolled it", "symptoms"),
    ("I had a rash last week, is that normal?", "symptoms"),
    ("My son had a cough last month and it is back", "symptoms"),
]


# Fourth batch, written AFTER the seven classes above were finished (cardiac words without "pain",
# palpitations with faintness, pregnancy warning signs, altered mental status, farewell messages, past
# events, resolved mentions in paperwork requests). First run: 18/20 passed (12/14 emergencies, 6/6
# non-emergencies). Misses: Spanish verb-first "me late el corazon muy rapido" and "can't tell
# me what year it is"; fixed in the concepts (a heart verb before "corazon"; orientation questions with any
# of know/remember/tell/say/answer and the subject anywhere in the clause), not by adding the sentences.
GENERALISATION_CLASSES = [
    (
        "sorry to bug you, prob just stress, but there's a tight squeezing thing in my chest and my left arm feels "
        "heavy",
        E,
        "chest_pain",
    ),
    ("my wife is pale and sweaty and says her chest feels full and weird, she thinks it's gas", E, "chest_pain"),
    (
        "Billing question about my statement from 4/2. Also, for the past half hour there's been a heaviness under "
        "my breastbone, I'm sure it's nothing.",
        E,
        "chest_pain",
    ),
    (
        "my heart won't slow down, the oximeter says 172 and I almost passed out getting up from the toilet",
        E,
        "palpitations",
    ),
    ("Dad's heart is doing this flip-flop thing and he says the room is spinning", E, "palpitations"),
    ("me late el corazón muy rápido y siento que me voy a desmayar", E, "palpitations"),
    ("31 wks pregnant. seeing zigzag lights and my head is pounding since this morning", E, "pregnancy_emergency"),
    (
        "I'm expecting, and today I can barely feel the baby move compared to yesterday",
        E,
        "pregnancy_emergency",
    ),
    (
        "mi esposa tiene 34 semanas de embarazo y tiene la cara muy hinchada de repente y dolor de cabeza fuerte",
        E,
        "pregnancy_emergency",
    ),
    (
        "My brother is diabetic and he's slurring, sweating and can't tell me what year it is",
        E,
        "altered_mental_status",
    ),
    ("her glucose meter reads LO and she's not answering me properly", E, "hypoglycemia"),
    ("Mom (type 1) is very groggy, won't eat or drink, and keeps mixing up our names", E, "altered_mental_status"),
    (
        "I've left my cat with my neighbor and given away most of my clothes. Thank you for always being there.",
        E,
        "suicidal",
    ),
    ("Please cancel everything. By the time anyone reads this I'll be gone.", E, "suicidal"),
    ("Thanks for everything, Dr. Ruiz! We're moving to Ohio next month so I won't need my refills anymore.", N, None),
    (
        "My son was taken to urgent care in August after a bad asthma attack, he's back to normal now; the school "
        "nurse wants the visit summary",
        N,
        None,
    ),
    ("Tuvo un ataque de asma en diciembre pero ya está bien, necesito la carta para la escuela", N, None),
    (
        "She had a concussion playing soccer, the neurologist cleared her last week, we just need the "
        "return-to-play form signed",
        N,
        None,
    ),
    (
        "I had a kidney infection, the antibiotics worked and I'm all better, can you email me the work note?",
        N,
        None,
    ),
    ("I think my yeast infection is back, itching like crazy - can Dr. Brooks send something in again?", C, None),
]


# Nurse-line question types (adherence, home readings, symptoms in passing, procedures, vaccine eligibility):
# (text, risk, signal or None). Every row is worded afresh for these classes; none is an example ticket.
ADHERENCE_CASES = [
    ("forgot my insulin last night, should I take it now?", C, "dosing"),
    ("I skipped two days of my eliquis, is that dangerous", C, "dosing"),
    ("took my metformin 5 hours late, is that ok", C, "dosing"),
    ("didn't take my antibiotic yesterday, do I just keep going?", C, "dosing"),
    ("missed 3 of my birth control pills, do I need backup?", C, "dosing"),
    ("I'm two days late for my depo shot", C, "dosing"),
    ("I double dosed my synthroid this morning", C, "dosing"),
    ("I forgot whether I took my seizure med today", C, "dosing"),
    ("I accidentally took my wifes metoprolol", C, "dosing"),
    ("I skiped my insulin yesterday", C, "dosing"),
    ("been off my blood thinner for 3 days, is that bad", C, "dosing"),
    ("I'm on the pill and just finished antibiotics, do I need a backup method?", C, "medication_question"),
    ("olvidé tomar la pastilla anticonceptiva ayer, ¿qué hago?", C, "dosing"),
    ("se me olvidó ponerme la insulina anoche", C, "dosing"),
    ("I missed my appointment yesterday, can I reschedule", N, None),
    ("sorry I missed your call about my refill", N, None),
    ("I forgot to order a refill of my insulin, can you send it", N, None),
    ("the pharmacy forgot to include my pills in the delivery", N, None),
    ("I never miss a dose, just need the refill sent to cvs", N, None),
    ("my son forgot his inhaler at school, can you fax a new prescription", N, None),
    ("I don't want to miss any doses while traveling, can I get a vacation override?", N, None),
    ("I missed the insulin class last week, is there another one", N, None),
    ("I only have 2 days of insulin left and I can't go without it, please send the refill", N, None),
]
READING_CASES = [
    ("my sugars have been running 250-300 since Tuesday", C, "symptoms"),
    ("bp 170/105 this morning, is that too high?", C, "symptoms"),
    ("o2 at 94 on my finger thing, not sure why", C, "symptoms"),
    ("temp 102.5 and chills", C, "symptoms"),
    ("readings have been 150s over 90s all week", C, "symptoms"),
    ("pulse is 48 while resting, is that ok", C, "symptoms"),
    ("my a1c went up to 9.1", C, "symptoms"),
    ("the bp machine says 182/96", C, "symptoms"),
    ("It's been sitting around 165/98 most days.", C, "symptoms"),
    ("Sugar numbers are all over the place lately", C, "symptoms"),
    ("the dexcom says 312 and climbing", C, "symptoms"),
    ("my blod pressure is 170 over 100", C, "symptoms"),
    ("el azúcar me salió en 280 esta mañana", C, "symptoms"),
    ("tengo la presión en 170/100", C, "symptoms"),
    # very dangerous values stay emergencies
    ("my glucose is reading 45 and I'm sweaty", E, "hypoglycemia"),
    ("pulse ox says 86 and I'm winded", E, "breathing"),
    ("my 5 week old has a temp of 100.6", E, "infant_fever"),
    # dates, times, "sat" (Saturday), "temp" (temporary) and devices are not readings
    ("can I come in sat 9am for a bp check", N, None),
    ("I sat in the lobby for 45 minutes and nobody called me", N, None),
    ("my temp card expires 12/31, can I get a new one", N, None),
    ("my temp job starts at 9, can I get an earlier appointment", N, None),
    ("my temporary insurance card number is 123456", N, None),
    ("I bought a bp cuff for 45 dollars, does insurance reimburse it", N, None),
    ("my glucose meter is broken, can I get a new one", N, None),
    ("appointment for my blood pressure check on 3/15 at 10", N, None),
    ("Can we move my glucose tolerance test to 8 am?", N, None),
    ("the numbers on my bill don't add up, 250 vs 300", N, None),
    ("my glucose sensor fell off 2 days early, can I get a replacement", N, None),
    ("my new phone number is 555 0199, please update it", N, None),
]
PASSING_MENTION_CASES = [
    ("Please update my phone number. Also my sugars have been high all week even with insulin", C, "symptoms"),
    ("can you resend the invoice? btw my bp has been crazy high the last few days", C, "symptoms"),
    ("changing pharmacies to walgreens. my blood sugar keeps dropping at night though", C, "symptoms"),
    ("Refill my lasix please, I've gained 5 pounds since Monday and my ankles are puffy", C, "symptoms"),
    ("can you send the form? also my sugar's been in the 200s since the steroid shot", C, "symptoms"),
    ("new address is 12 Elm St, and my pressure keeps creeping up even on two meds", C, "symptoms"),
    ("Hola, necesito cambiar mi cita, y tengo el azúcar muy alta desde el lunes", C, "symptoms"),
    ("refill my insulin please, walgreens on 3rd", N, None),
    ("I need more supplies for my diabetes, pen needles and strips", N, None),
    ("appointment for my blood pressure check please", N, None),
    ("can I get my diabetes supplies shipped to my new address", N, None),
    ("my high blood pressure meds need a refill", N, None),
    ("Do you have a diabetes education class in Spanish?", N, None),
    ("I'm running low on my blood pressure pills", N, None),
    ("my oxygen supply is low, when is the next delivery", N, None),
]
PROCEDURE_CASES = [
    ("can I take my blood thinner before the colonoscopy", C, "medication_question"),
    ("should I hold my insulin the morning of my surgery?", C, "medication_question"),
    ("is bleeding after the biopsy normal", C, "symptoms"),
    ("I still have some bleeding from where they took the biopsy", C, "symptoms"),
    ("the area where they put in my IV is red and swollen", C, "symptoms"),
    ("my gums keep bleeding since the tooth extraction", C, "symptoms"),
    ("is it normal to have a headache after the MRI contrast", C, "symptoms"),
    ("I'm on xarelto, when do I stop it before my knee replacement?", C, "medication_question"),
    ("cramping and spotting after my IUD was put in, normal?", C, "symptoms"),
    ("what time should I arrive for my colonoscopy", N, None),
    ("do I need a driver after the endoscopy", N, None),
    ("where do I pick up the prep kit for my colonoscopy", N, None),
    ("do I need to fast before my blood work", N, None),
    ("will my biopsy results be in the portal", N, None),
    ("I need a work note for after my surgery", N, None),
    ("My bill after the biopsy was 500 dollars", N, None),
]
ELIGIBILITY_CASES = [
    ("can I get the flu shot if I'm allergic to eggs", C, "medication_question"),
    ("I'm pregnant, is the covid booster ok for me?", C, "medication_question"),
    ("can I still get my shingles vaccine while on chemo", C, "medication_question"),
    ("is it safe to get the pneumonia vaccine if I have lupus and take methotrexate", C, "medication_question"),
    ("puedo ponerme la vacuna de la gripe si estoy embarazada", C, "medication_question"),
    ("I'm breastfeeding, can I get the tdap", C, "medication_question"),
    ("I have a cold, should I wait on my flu shot", C, "medication_question"),
    ("I had a bad reaction to the last tetanus shot, should I get another one", C, None),
    ("can I get the shingles shot if I had shingles last year?", C, "medication_question"),
    ("when is the flu clinic", N, None),
    ("can I get the flu shot at Northgate on Saturday?", N, None),
    ("does insurance cover the shingles vaccine", N, None),
    ("how much is the covid booster", N, None),
    ("I need my vaccination record for school", N, None),
    ("I need a sick note, can I get my flu shot the same day", N, None),
    ("My mom is in a nursing home, can she get her covid booster there?", N, None),
]
NURSE_LINE_CASES = ADHERENCE_CASES + READING_CASES + PASSING_MENTION_CASES + PROCEDURE_CASES + ELIGIBILITY_CASES
# Fifth batch, written AFTER the five nurse-line classes above were finished (adherence, home readings,
# symptoms in passing, procedure prep and aftercare, vaccine eligibility). First run: 19/20 passed. Miss: the
# Spanish "puede vacunarse si esta tomando antibioticos" (a medicine taken, told in Spanish, was not a health
# state); fixed in the concepts (Spanish "tomando"/"enfermo"/"con fiebre" states, "antibiotic..." as a medicine
# word in any language), not by adding the sentence.
NURSE_LINE_GENERALISATION = [
    ("i keep forgetting my evening metformin, like 3x this week, does it matter", C, "dosing"),
    ("accidently took my morning pills twice, they're bp meds", C, "dosing"),
    ("no tomé mi pastilla de la presión por dos días", C, "dosing"),
    ("Just need my refill, I haven't missed a single dose since Dr. Lee started it", N, None),
    ("fasting sugar 212 today, 198 yesterday, up from the usual 130", C, "symptoms"),
    ("my moms pressure was 190/110 at the fire station", C, "symptoms"),
    ("thermometer read 101.8 on my daughter (she's 6)", C, "symptoms"),
    ("oxygen saturation around 93 percent since the cold started", C, "symptoms"),
    ("Can my appt be sat 10/12 at 9:45?", N, None),
    ("I work a temp position and need a note for 3 days off", N, None),
    ("Could you update my insurance? ps my sugars have been low in the mornings, like 60s", C, "symptoms"),
    ("my address changed to 40 Oak Rd, also I've been really dizzy when my bp meds kick in", C, None),
    ("can I eat anything the night before my bloodwork or is it water only", N, None),
    ("the biopsy spot on my back is oozing and looks infected", C, "symptoms"),
    ("should I keep taking my aspirin before my cataract surgery next week?", C, "medication_question"),
    ("my arm is swollen and hot 2 days after the tetanus shot", C, "symptoms"),
    ("how early should I get to the surgery center for my 7am procedure", N, None),
    ("Is it safe to get the RSV vaccine while taking prednisone?", C, "medication_question"),
    ("¿Mi hijo puede vacunarse si está tomando antibióticos?", C, None),
    ("are flu shots available for walk-ins on weekends", N, None),
]


@pytest.mark.parametrize(("text", "signal"), EMERGENCIES + GENERALISATION_EMERGENCIES)
def test_emergency_red_flags_are_caught(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.EMERGENCY, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize(("text", "signal"), CLINICAL + GENERALISATION_CLINICAL)
def test_clinical_questions_go_to_a_nurse(text: str, signal: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.CLINICAL, verdict
    assert signal in verdict.signals, verdict


@pytest.mark.parametrize("text", ADMINISTRATIVE + GENERALISATION_ADMINISTRATIVE)
def test_administrative_look_alikes_do_not_fire(text: str) -> None:
    verdict = screen("", text)
    assert verdict.risk is Risk.NONE, verdict
    assert verdict.signals == ()


@pytest.mark.parametrize(
    ("text", "risk", "signal"), CLASS_CASES + GENERALISATION_CLASSES + NURSE_LINE_CASES + NURSE_LINE_GENERALISATION
)
def test_red_flag_classes_from_the_example_tickets(text: str, risk: Risk, signal: str | None) -> None:
    verdict = screen("", text)
    assert verdict.risk is risk, verdict
    if signal is not None:
        assert signal in verdict.signals, verdict
    if risk is Risk.NONE:
        assert verdict.signals == (), verdict


@pytest.mark.parametrize(("text", "risk"), CONTEXT_CASES)
def test_negation_history_and_recurrence(text: str, risk: Risk) -> None:
    assert screen("", text).risk is risk


def test_tables_are_large_enough() -> None:
    assert len(EMERGENCIES) >= 60
    assert len(CLINICAL) >= 30
    assert len(ADMINISTRATIVE) >= 40


def test_the_subject_alone_can_carry_the_emergency() -> None:
    verdict = screen("URGENT: can't breathe", "")
    assert verdict.risk is Risk.EMERGENCY
    assert verdict.signals == ("breathing",)


def test_an_admin_subject_does_not_hide_an_emergency_body() -> None:
    verdict = screen("Billing question", "Also my father's speech is slurred since lunch.")
    assert verdict.risk is Risk.EMERGENCY
    assert "stroke" in verdict.signals


def test_reasons_name_the_red_flag_and_quote_it_briefly() -> None:
    verdict = screen("", "I have crushing pain in my chest")
    assert verdict.reasons[0] == "emergency red flag: chest pain ('crushing pain in my chest')"
    long_ticket = "my chest is " + "really " * 5 + "hurting so much"
    assert all(len(reason) < 120 for reason in screen("", long_ticket).reasons)


def test_emergency_signals_come_before_clinical_ones() -> None:
    verdict = screen("", "I have a rash and I'm coughing up blood")
    assert verdict.risk is Risk.EMERGENCY
    assert verdict.signals[0] == "bleeding"
    assert "symptoms" in verdict.signals


def test_cancelled_red_flags_are_explained_for_the_audit_trail() -> None:
    assert screen("", "no shortness of breath").reasons == (
        "not counted: trouble breathing (negated: 'shortness of breath')",
    )
    assert any("history" in r for r in screen("", "I had a seizure in 2019, need the records").reasons)
    assert any("administrative" in r for r in screen("", "I got an invoice for my overdose").reasons)


def test_a_hypothetical_red_flag_is_clinical_not_emergency() -> None:
    verdict = screen("", "what should I do if I get chest pain after the procedure?")
    assert verdict.risk is Risk.CLINICAL
    assert "hypothetical" in verdict.reasons[0]


def test_empty_and_punctuation_only_tickets_are_none() -> None:
    assert screen("", "").risk is Risk.NONE
    assert screen(" ", "?!... ,,,").risk is Risk.NONE


def test_verdicts_are_frozen_and_deterministic() -> None:
    first = screen("Re: help", "my chest hurts and my left arm is numb")
    assert first == screen("Re: help", "my chest hurts and my left arm is numb")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.risk = Risk.NONE  # type: ignore[misc]


def test_a_red_flag_at_the_end_of_a_long_ticket_is_found() -> None:
    filler = "Please update my billing address and send the invoice again. " * 800
    verdict = screen("", filler + "Also I can't breathe.")
    assert verdict.risk is Risk.EMERGENCY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chest PIAN!", ["chest pain"]),
        ("I can’t breathe", ["i can not breathe"]),
        ("cant breath. cheast hurts", ["can not breath", "chest hurts"]),
        ("suicidel thoughts", ["suicidal thoughts"]),
        ("tuvo una convulsión", ["tuvo una convulsion"]),
        ("my mom's bill, he's fine", ["my mom bill , he is fine"]),
        ("fever of 101.5; temp 38.9", ["fever of 101.5", "temp 38.9"]),
        # real words near a key word are never "repaired"
        (
            "selling my house, breaking news, chess club, paint",
            ["selling my house , breaking news , chess club , paint"],
        ),
    ],
)
def test_normalise(text: str, expected: list[str]) -> None:
    assert normalise(text) == expected


def test_the_lexicon_loads_and_every_combination_names_real_concepts() -> None:
    concepts, combos = load_lexicon()
    names = {c.name for c in concepts}
    assert len(names) == len(concepts)
    for combo in combos:
        for group in (*combo.needs, combo.unless):
            assert group <= names, (combo.signal, group - names)
    assert {c.signal for c in concepts if c.level == safety.Level.EMERGENCY} >= {
        "chest_pain",
        "breathing",
        "stroke",
        "suicidal",
        "overdose",
        "bleeding",
        "anaphylaxis",
        "seizure",
        "unconscious",
    }


def test_fuzzy_guard_words_are_real_words_near_targets() -> None:
    assert not safety_rules.FUZZY_GUARD & safety_rules.FUZZY_TARGETS
    assert normalise("selling") == ["selling"]


def test_a_malformed_lexicon_header_refuses_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety_lexicon, "LEXICON", "\n== broken header without level\nchest")
    with pytest.raises(ValueError, match="bad lexicon header"):
        load_lexicon()


def test_lexicon_macros_expand_inside_each_other_and_refuse_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    concepts, _ = load_lexicon()
    assert not any("{DOSE}" in c.pattern or "{MED}" in c.pattern for c in concepts)
    monkeypatch.setattr(safety_lexicon, "MACROS", {"A": "x{B}", "B": "y{A}"})
    monkeypatch.setattr(safety_lexicon, "LEXICON", '\n== loop: clinical loop "loop"\n{A}')
    with pytest.raises(ValueError, match="cycle"):
        load_lexicon()
