"""Safety screen test phrasings written after each blind probe round (``benchmarks/safety_probes``).

Each round's misses were added to the lexicon by meaning; these are new wordings of those concepts (never the
probe's sentences), with look-alikes that must not escalate.
"""

from __future__ import annotations

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

# Round 12 (what changed and when, what others notice, limited English; look-alikes from forms, media and
# population figures): new words for what it showed missing.
ROUND12_EMERGENCIES = [
    ("she's lost the use of her left arm in the last hour and can't lift her cup", "stroke"),
    ("his eyes rolled back and he went stiff on the kitchen floor a minute ago", "seizure"),
    ("my daughter won't stop jerking on the floor, it has been four minutes", "seizure"),
    ("after the new penicillin he came out in hives and now he's wheezing", "anaphylaxis"),
    ("she's covered in welts from the shrimp and her voice has gone croaky", "anaphylaxis"),
    ("I got splashed with oven cleaner and the skin on my hand is peeling", "burn"),
    ("he got sprayed with battery acid in the eye at the garage", "burn"),
    ("I shook her and she did not respond, she is breathing funny", "unconscious"),
    ("I've put everything in order and left a note for my brother, thank you for everything", "suicidal"),
    ("I saved up out of my oxy prescription for this", "suicidal"),
    ("please cancel my follow up, I won't be needing it, I've made my peace", "suicidal"),
    # blood "from the cut" is where it comes from, not a past event; "covered in" is not insurance cover
    ("he's covered in blood from the cut on his scalp and it won't stop", "bleeding"),
    # sleeping in is not unresponsiveness (look-alikes below), but these still are
    ("she won't wake up for anything, I shook her and shouted", "unconscious"),
    ("he won't wake up till I shake him hard and then he's confused", "unconscious"),
    # a list after a colon is a form's only when a form introduces it and it names nobody and no time
    ("Here is my list: chest pain, nausea, cold sweat.", "chest_pain"),
    ("I filled in the intake form: I have chest pain right now and feel faint.", "chest_pain"),
]
ROUND12_LOOK_ALIKES = [
    "The new patient survey asks whether I have ever had chest pain or fainting; does it go back to you?",
    "Has your husband ever had a stroke? The insurance form asks this and I'm not sure how to answer for him",
    "I'm producing a podcast episode about opioid overdoses in teenagers, could a doctor join?",
    "Our after-school club needs staff certification covering choking and seizures, do you run it?",
    "My son's EpiPen plan lists anaphylaxis risk from tree nuts; the school nurse needs it signed",
    "The bill shows a seizure workup I never had, please check the codes",
    "The county paper reported a spike in heart attacks during the heatwave; do you offer BP checks?",
    "My daughter gets hives and wheezes with colds every spring; can we get an allergy referral?",
    "My teenage son won't wake up for school in the mornings, can we get a sleep clinic referral?",
    "He would not wake up until 9 so we missed the appointment, can we rebook?",
    "The camp waiver has a checklist: heart problems, chest pain when running, seizures. None apply to Sam.",
]

# Round 13 (sensations and what people did to cope, numbers, Spanish and Portuguese, subject-only alarms).
ROUND13_EMERGENCIES = [
    ("he can't hold the fork in his left hand and his left foot is dragging, started 20 min ago", "stroke"),
    ("mi papá tiene la boca chueca desde hace rato y habla arrastrada", "stroke"),
    ("she keeps walking into door frames and putting words in the wrong order since this afternoon", "stroke"),
    ("no la podemos despertar y respira muy raro", "unconscious"),
    ("like being whacked with a hammer on the back of my head, out of nowhere, 10 min ago", "thunderclap_headache"),
    ("all three of us have pounding headaches and feel sick since the generator went on", "poisoning"),
    ("I cut my arm deeper than I meant to and it keeps bleeding through the towels", "suicidal"),
    ("I have everything ready for tonight. thank you for everything, no need to worry about my meds", "suicidal"),
    ("grandpa took his whole pill organizer at once by mistake and is very slow", "overdose"),
    ("my 2 year old found the pill box open, the weekend slots are empty and he's very sleepy", "overdose"),
    ("if I took 15 of my sleeping pills about an hour ago is that dangerous? my heart is pounding", "overdose"),
    ("this indigestion feels different, it goes up into my back teeth and I'm sweating", "chest_pain"),
]
ROUND13_LOOK_ALIKES = [
    "The consent form lists risks as stroke, heart attack or bleeding; who do I return it to?",
    "I had a nightmare that I had a heart attack at work, anyway can I move my physical to Friday?",
    "Could we get some suicide and crisis lifeline wallet cards for the youth center?",
]

ROUND14_EMERGENCIES = [
    ("my husband's words are all jumbled since dinner and he keeps saying the wrong words for things", "stroke"),
    ("she can't get a whole sentence out, started ten minutes ago at her desk", "stroke"),
    ("my whole right side went strange about 20 minutes ago and I can't type properly", "stroke"),
    ("grandma can't find her words and is walking like she's drunk, she doesn't drink", "stroke"),
    ("dad is confused and keeps leaning to one side when he walks, this started after lunch", "stroke"),
    ("my dad is showing signs of a stroke right now, what do we do", "stroke"),
    ("my 15 year old says his privates hurt really bad out of nowhere and he threw up", "torsion"),
    ("I'm coughing up frothy pink spit and can't lie down flat tonight", "breathing"),
    ("felt something pop in the back of my head while lifting, now it's pounding", "thunderclap_headache"),
    ("my head hurts like I got hit by a brick, came on in seconds", "thunderclap_headache"),
    ("he banged his head on the dresser an hour ago and now he's seeing double", "head_injury"),
    ("she hit the back of her head skating and is way more sleepy than usual", "head_injury"),
    ("stomach pain worse than childbirth and I keep throwing up green", "severe_pain"),
]
ROUND14_LOOK_ALIKES = [
    "Please sign me up for the newsletter, I'd like stroke warning signs and diabetes tips.",
    "The claim lists I63.9 stroke, unspecified, but the insurer wants a corrected code. Can you resend it?",
    "Our reading group picked a novel about an overdose in a small town; can we use the community room?",
    "Necesito una cita de control despues del derrame, gracias",
    "I'm applying for the paramedic job; I have 6 years on an ambulance with lots of overdose and stroke calls.",
]

ROUND15_EMERGENCIES = [
    (
        "she fell skiing and went head first into a fence, now she's thrown up and keeps asking what happened",
        "head_injury",
    ),
    ("found my 2 year old with grandpa's pill box, 3 of the heart pills are missing", "overdose"),
    ("he is not making sense and thinks it's 1998, his skin is hot and dry after the hike", "heat_stroke"),
    ("Mom\nis\ntalking\nlike\nshe\nhas\nmarbles\nin\nher\nmouth\nhelp", "stroke"),
    ("I can't feel the left side of my face since lunch", "stroke"),
    ("my daughter is having a seize her on the floor", "seizure"),
    ("he's jerking and it won't stop, been 5 minutes", "seizure"),
    ("my pulse ox says 85 and I can only get 2 words out before I have to stop for breath", "breathing"),
    ("she's using her neck muscles to breathe and her lips look dusky", "breathing"),
    ("a rattlesnake bit my husband on the hand 20 minutes ago", "snakebite"),
    ("I keep seeing myself dropping the baby and I don't trust myself with her tonight", "violence"),
    ("last night I looked up how many of my sleeping pills it would take", "suicidal"),
    ("mi hija está temblando todo el cuerpo y tiene los ojos en blanco", "seizure"),
    ("me corté con el cuchillo y la sangre sale a borbotones", "bleeding"),
    ("el azúcar de mi papá marca 32 y me contesta cosas sin sentido", "hypoglycemia"),
    ("desde que prendimos la estufa a todos nos duele la cabeza", "poisoning"),
    ("his testicle hurts worse than anything he's felt, came on in his sleep", "torsion"),
]
ROUND15_LOOK_ALIKES = [
    "We lost my brother to an overdose last spring; can the clinic put our memorial walk flyer in the lobby?",
    "Could we get 988 suicide crisis lifeline cards for the front desk?",
    "necesito la factura de cuando le dio el infarto en marzo",
]

ROUND16_EMERGENCIES = [
    ("sudden pain in my upper back, it felt like something tore, now it's going into my chest", "severe_pain"),
    ("my 2 year old breathed in a bead while playing and now he's wheezing", "breathing"),
    ("she keeps saying wrong words and can't get her right hand to hold the spoon", "stroke"),
    ("found dad in the garage with the car still running and the door shut, he is groggy", "poisoning"),
    ("I keep thinking about holding the baby under the water in the bath, I'm scared to be alone with her", "violence"),
    ("I have my brother's gun out and tonight is it", "suicidal"),
    ("she left a note: I won't be a burden much longer, I know how I'm going to do it", "suicidal"),
    ("ya no tengo ganas de vivir y pienso tomarme todas las pastillas hoy", "suicidal"),
    ("mi bebé llora sin lágrimas y no ha mojado el pañal desde ayer", "infant"),
    ("mi hijo tiene fiebre y el cuello no lo puede doblar", "meningitis"),
]
ROUND16_LOOK_ALIKES = [
    "My son's asthma is well controlled now, we just need the school inhaler form signed.",
]

ROUND17_EMERGENCIES = [
    ("my boy is screaming about pain in his privates since he woke up and threw up twice", "torsion"),
    ("I keep imagining holding her under the bath water and I'm scared of what my hands would do", "violence"),
    ("she left a text saying take care of mom, I'm done being a weight, and now her phone is off", "suicidal"),
    ("positive test on Monday, now sharp pain low on my left side and I fainted at work", "severe_pain"),
    ("his right arm just dropped and the corner of his mouth isn't moving", "stroke"),
    ("the words come out in the wrong order since about an hour ago", "stroke"),
    ("she threw up and this last time it looked like coffee grounds", "bleeding"),
    ("dad is on eliquis, he has black poops and nearly passed out getting up", "bleeding"),
    ("mi hija me dejó una carta, dice que ya no aguanta más y no contesta", "suicidal"),
]
ROUND17_LOOK_ALIKES = [
    "The CT order said r/o stroke but it was vertigo; can billing resend the claim with the right code?",
    "We're going to see the movie Heart Attack on Friday, can I move my appointment to Saturday?",
    "mi mamá tuvo un derrame hace 3 años y ahora está bien, necesito el formulario en español",
]

ROUND18_EMERGENCIES = [
    ("my dad says it feels like someone parked a car on his chest and he's sweating", "chest_pain"),
    (
        "something exploded in the back of my head at the gym, it's like someone took an axe to it",
        "thunderclap_headache",
    ),
    ("my daughter got swarmed, there are over 40 stings on her legs", "anaphylaxis"),
    ("his foot has turned black and smells, and today he calls me by my sister's name", "sepsis"),
    ("since the new antibiotic the skin on her back is peeling off in sheets", "severe_skin_reaction"),
    ("after spraying the field his pupils are tiny pinpoints and he is drooling", "overdose"),
    ("she texted that her pills are lined up on the table and to tell the kids I love them", "suicidal"),
    (
        "I'm coming tonight with my dad's shotgun to make sure he never does that again, I know when he gets off",
        "violence",
    ),
    ("he says it hurts down there and one side is sitting higher", "torsion"),
    ("she cyaan talk proper and her mout slide down on one side", "stroke"),
    ("the baby chewed a laundry pod and is coughing", "overdose"),
    ("I keep walking to the bridge to look down at the water, thank you for everything", "suicidal"),
]
ROUND18_LOOK_ALIKES = [
    "Could I get two poison control magnets for grandma's kitchen at the next visit?",
]

# Every round's emergencies (text, signal) and look-alikes, for the tests.
ROUND_EMERGENCIES = [
    *ROUND5_EMERGENCIES,
    *ROUND6_EMERGENCIES,
    *ROUND7_EMERGENCIES,
    *ROUND8_EMERGENCIES,
    *ROUND9_EMERGENCIES,
    *ROUND10_EMERGENCIES,
    *ROUND11_EMERGENCIES,
    *ROUND12_EMERGENCIES,
    *ROUND13_EMERGENCIES,
    *ROUND14_EMERGENCIES,
    *ROUND15_EMERGENCIES,
    *ROUND16_EMERGENCIES,
    *ROUND17_EMERGENCIES,
    *ROUND18_EMERGENCIES,
]
ROUND_LOOK_ALIKES = [
    *ROUND5_LOOK_ALIKES,
    *ROUND9_LOOK_ALIKES,
    *ROUND10_LOOK_ALIKES,
    *ROUND11_LOOK_ALIKES,
    *ROUND12_LOOK_ALIKES,
    *ROUND13_LOOK_ALIKES,
    *ROUND14_LOOK_ALIKES,
    *ROUND15_LOOK_ALIKES,
    *ROUND16_LOOK_ALIKES,
    *ROUND17_LOOK_ALIKES,
    *ROUND18_LOOK_ALIKES,
]
