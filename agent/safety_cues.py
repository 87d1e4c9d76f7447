"""The safety screen's context-level concepts: cues that never decide a verdict alone.

Same block format as ``agent.safety_lexicon.LEXICON`` (read with it by ``agent.safety_loader.load_lexicon``).
They only feed the combinations of ``agent.safety_rules.COMBINATIONS`` ("pregnancy_ctx & bleeding_any"):
pregnancy, infants, altered mental status, diabetes, cardiac companions, question shapes and billing words (the
farewell warning signs are in ``agent.safety_cues_farewell``).
"""

from __future__ import annotations

COMBINATION_CUES = r"""
# --- context for combinations: pregnancy, infants, bleeding, allergy ---
== party_pill_ctx: context overdose "an unknown pill or drug taken"
(?:pills?|tablets?|something|stuff) (?:that )?(?:someone|somebody|some (?:guy|girl|dude|kid|lad|bloke|fella)|a (?:guy
|girl|stranger
|friend|bloke|lad|fella|man|woman)) (?:gave|handed|sold)
|(?:someone|somebody|a (?:guy|girl|stranger|friend|kid)|some (?:guy|girl|kid)|they|he|she) ~4 (?:gave|handed|sold
|slipped)
(?: me| him| her| us| them)? ~3 (?:pills?|tablets?|something|a pill|molly|ecstasy|acid|a tab|a gummy)
|(?:took|taken|swallowed|had) ~3 (?:pills?|tablets?|something|molly|ecstasy|acid|a tab) ~6 (?:party|club|festival
|rave|concert)|(?:spiked|roofied|drugged)
== caustic_ctx: context overdose "a household chemical named"
{CAUSTIC}
== drank_some: context overdose "drank or swallowed some"
(?:drank|drunk|drink|swallowed|licked|sipped|gulped) (?:some|a bit|a little|it|a mouthful|a sip|a swig|the)
|(?:drank|drunk|swallowed|sipped|gulped|drinking) (?:straight )?(?:from|out of) (?:the|a|his|her|my|their)
== some_missing: context overdose "some of a product gone, or its smell on a child"
(?:some|a bit|part|half|a lot|most) (?:of it )?(?:is |was |are )?(?:missing|gone)|(?:smells?|smelling|reeks?) (?:like
|of)
(?: it| bleach| gas\w*| chemicals?| the \S+)|(?:his|her|their) (?:breath|mouth) (?:smells|tastes)
== dose_early: context dosing "a dose given or taken early"
(?:give|take|have|giving|taking) (?:it|them|the (?:next )?dose|(?:his|her|my|their) (?:next )?dose|another dose|{MED})
(?: a (?:bit|little|few \S+|couple \S+))? (?:early|earlier|sooner|ahead of time)
== pregnancy_now: context pregnancy "pregnant now (weeks along)" unscoped
(?:i am|am|she is|is|we are|wife is|currently|now) (?:about |around |almost |nearly |only |just )?(?:\d{1,2}|one|two
|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:weeks?|wks?|months?) (?:pregnant|along)
|(?:estoy|esta) embarazada de (?:\d{1,2}|un|una|dos|tres) (?:semanas|meses)
|(?:i am|am|she is|wife is) (?:about |almost |nearly )?(?:[1-4]\d|[5-9]) (?:weeks|wks)(?= (?:and|,|now|today|pregnant
|along)\b| ?$)
== word_finding: context stroke "cannot find words"
(?:can not|could not|can barely|can hardly|struggl\w* to|trouble|unable to|not able to) (?:find|finding|get|getting)
(?: the| my| her| his)? words(?! (?:to (?:thank|say|describe|express|tell)|for))
== gait_off: context stroke "walks as if drunk, or leans to one side"
walk\w* (?:like (?:a |he is |she is |i am |he was |she was |i was |they are )?drunk|sideways|crooked|into (?:walls
|things|furniture))|(?:lean(?:s|ed|ing|t)?|listing|tilt(?:s|ed|ing)?|veer(?:s|ed|ing)?|tipp(?:ed
|ing)) (?:over )?to (?:one|the|his|her|my) (?:side|left|right)
|can not walk (?:straight|a straight line|in a straight line)|stagger\w*|off (?:his |her |my )?balance|lost (?:his
|her|my) balance|(?:legs|balance) (?:is |are )?(?:all )?(?:gone|off|wobbly)
== obstruction_sign: context severe_pain "green vomit"
(?:throw\w* up|threw up|thrown up|vomit\w*|puk\w*|sick|bringing up) (?:up )?(?:\S+ )?(?:green|bile|poop|stool)
|(?:green|bile|bilious) (?:vomit|puke|sick|stuff)
== belly_hard: context severe_pain "a belly hard as a drum, or no gas passed"
(?:belly|stomach|abdomen|tummy) ~4 (?:tight|hard|rigid|swollen) (?:as|like) (?:a )?(?:drum|board|rock)
|(?:belly|stomach|abdomen|tummy) ~3 (?:hard as a board|rigid|board like)|hard as a board|tight as a drum
|(?:have not|has not|had not|can not|cyaan|could not|not|no) (?:passed|pass|passing|farted) (?:any )?(?:stool
|poop|poo)?(?: nor| or| and)? ?(?:gas|wind)
== count_then: context overdose "a pill count before"
(?:bottle|pack|box|packet|it|there) (?:had|was|were) (?:\d+|twenty|thirty|forty|fifty)(?! (?:days?|hours?|minutes?
|weeks?|mg))
== count_now: context overdose "a smaller pill count now"
(?:now|but) (?:there is|there are|it has|it is|only|just) (?:only |just )?(?:\d+|a few|some|half)(?! (?:days?|hours?
|minutes?|weeks?|mg))
== pills_missing: context overdose "a child found with someone's pills, or pills missing"
pill ?box (?:open|opened|empty)|(?:slots?|days?|compartments?) (?:\S+ ){0,3}(?:are |were )?empty
|found (?:him|her|them|the baby|the toddler|my (?:son|daughter|toddler|baby
|kid)) (?:sitting |playing )?with (?:my |the |his |her )?(?:\S+ )?(?:pill
|medicine|med|prescription) (?:bottle|container|box|pack) open
|found (?:him|her|them|the baby|the toddler|my (?:son|daughter|toddler|baby|kid)) (?:with|holding|playing with
|chewing on)
(?: \S+){0,3} (?:pill|medicine|med|prescription) (?:bottle|container|box|pack|organi[sz]er)|(?:\d+|a few|some|several
|two|three|four)(?: \d+)? (?:pills? |tablets? )?(?:are|were|is) (?:missing|gone)
== young_child: context infant "a young child"
(?:he|she) is (?:1|2|3|4|one|two|three|four)\b(?! (?:weeks?|months?|days?|hours?|pills?|tablets?|times?))
|(?:my|our|the|her|his|a) (?:[1-9]|1[0-9]|2[0-4]) ?(?:mo|mos|month|months)(?: old)?\b
|toddler|(?:1[0-9]|2[0-9]|3[0-6]|[1-9]) (?:months?|mos?) old|(?:1[0-9]|2[0-9]|3[0-6]|[1-9]) months\b|(?:one|two|three
|four|1|2|3|4) (?:year|yr) old|preschooler|crawl\w*|little one
== melena: context bleeding "black or tarry stools"
(?:black|tarry|tar like) (?:\S+ )?(?:poops?|poos?|stools?|bowel movements?|bms?)|(?:poops?|stools?) ~4 (?:black|like tar
|tarry)
== drowning_ctx: context breathing "pulled from water"
(?:fell|fallen|went|slipped) (?:in|into) (?:the |a )?(?:pool|pond|lake|river|tub|bath|water|canal|creek)|(?:pulled|got
|fished
|dragged) (?:him|her|them|my \S+) (?:out|up) (?:of|from) (?:the )?(?:pool|pond|lake|river|tub|bath|water)|(?:near|almost
|nearly) drown\w*|(?:was|went|been) under (?:the )?water
== magnet_ctx: context overdose "magnets or button batteries named"
magnets?|button batter\w*|coin batter\w*|(?:coin|button|round|watch) cell
== swallowed_any: context overdose "swallowed something"
(?:has |just |might have |may have |probably )?swallowed\b
== cough_ctx: context breathing "coughing"
cough\w*
== stuck_ctx: context breathing "something stuck"
(?:food|grape|candy|piece|bite|chunk|\S+) (?:is |got |was |still )?stuck(?! (?:on|at|in (?:traffic|line)|with|here
|there|waiting|inside|at home))|stuck in (?:his|her|my|their) (?:throat|windpipe)
== no_sound: context breathing "no sound, cough or cry"
not making (?:any |a )?(?:noise|sound)|no (?:noise|sound) (?:is )?(?:coming|comes)|(?:can not|could not) (?:cough|cry
|make a sound|make any sound)
== genital_ctx: context torsion "the genitals named"
one of (?:his|my|their) (?:balls|nuts|testicles)|(?:left|right) (?:ball|nut|testicle)
|down there|privates|private parts|testic\w*|scrot\w*|groin
== side_higher: context torsion "one side sitting higher or swollen"
(?:sitting|sits|riding|rides|pulled) (?:up )?higher|higher than the other
|(?:one side|one of them|it) (?:is |looks |seems )?(?:\S+ )?(?:swollen and )?(?:sitting |sits )?(?:up )?(?:higher
|pulled up|up higher|swollen and (?:red|hard))
== limb_weak: context stroke "a hand, arm or leg that will not work"
(?:hand|arm|leg|fingers|grip) (?:will not|would not|can not|could not|does not|is not|just will not) (?:hold|grip|grab
|lift|work|move|working|moving)|(?:hand|arm|leg|fingers) ~2 (?:is |are |feels |feel )?(?:still )?clumsy
== limb_numb: context injury "cannot feel or move the legs or arms, or they tingle"
(?:can not|could not|unable to|not able to) (?:feel|move|wiggle)(?: or (?:feel|move|wiggle))? (?:his|her|my
|their) (?:legs|feet|toes|arms|hands
|fingers)|(?:arms?|legs?|hands?|feet|foot) (?:are |is |has |have |went |gone |going )?(?:gone |all )?(?:tingl\w*
|numb\w*)
== neck_hit: context injury "a blow to the neck, head or back"
(?:came|landed|fell) (?:down )?on (?:his|her|my|their) (?:neck|head|back)|(?:hurt|hit|broke|injured|twisted|snapped)
(?: his| her| my| their) (?:neck|spine)|dove (?:head ?first )?into|diving into (?:the )?(?:shallow|pool|lake)
== pregnancy_ctx: context pregnancy "pregnancy"
pregnan\w*|positive (?:pregnancy |home )?tests?(?= .*(?:period|spotting|bleeding|cramp))|(?:missed
|late) (?:my |her )?period|\d+ (?:weeks|wks
|months) along|(?:1st|2nd|3rd|first|second|third) trimester|expecting (?:a baby|twins)
|(?:i am|she is|we are|wife is|am|are) expecting(?= ?$| ,| (?:our |my |a |her |their )?(?:baby|babies|first|second
|third|twins|child|little one|boy|girl|in|and|so|but)\b)|due date|(?:baby|babies) (?:is |are )?due|fetal|fetus
|(?:i am|she is) due (?:in|any ?day|next week|this week|on)|gestation\w*|embarazada|embarazo
|(?:1[2-9]|[23]\d|4[0-2]) (?:weeks?|wks?|semanas)(?! (?:ago|old|of|supply))
|baby inside|(?:\d|seven|eight|nine) months? (?:pregnant|along|with (?:the )?baby)|baby (?:in|inside) (?:her
|my) (?:belly
|tummy|stomach)
== postpartum_ctx: context pregnancy "recently gave birth" unscoped
post ?partum|(?:gave birth|delivered|had (?:my|the|our|her) (?:baby|son|daughter|twins)|c section) ~4 (?:[1-8]|a|one
|two|three|four|five|six|few|couple of) (?:days?|weeks?) ago|(?:days?|weeks?) (?:after (?:delivery|giving birth|birth
|my c section))|di a luz
== preeclampsia_sign: context pregnancy "preeclampsia warning sign"
(?:severe|bad|terrible|horrible|awful|pounding|splitting|massive|intense|really bad|worst|blinding|throbbing|constant
|persistent|nonstop|non stop) ~2 (?:headache|head ?ache|migraine|head pain)
|(?:headache|head ?ache|migraine|head pain) ~5 (?:will not|would not|does not|did not|is not|not
|nothing) ~2 (?:go\w* away|stop\w*|help\w*|budg\w*|better|ease|quit|touch\w*|work\w*|letting up|shake)
|(?:headache|head ?ache|migraine) ~3 (?:for|since|all) (?:\d+|two|three|four|several|a few|a couple|couple|days
|yesterday|last night|all day|this morning|hours)|{VISION}
|(?:sudden\w*|overnight|all of a sudden|out of nowhere|really|very|so|super) ~3 (?:swell\w*|swollen|puff\w*)
|(?:face|hands?|fingers|eyes|eyelids) ~3 (?:swell\w*|swollen|puff\w*) ~3 (?:sudden\w*|overnight|today|this morning
|all of a sudden|out of nowhere|fast|quickly|a lot|so much)|rings? ~3 (?:do not|does not|will not|can not|not) (?:fit
|come off|go on)|dolor de cabeza ~3 (?:fuerte|terrible|horrible|que no se quita)|hinch\w* ~4 (?:de repente|de golpe)
|(?:de repente|de golpe) ~4 hinch\w*
== movement_low: context pregnancy "less fetal movement"
(?:he|she|it|little one) ~4 (?:mov\w*|kick\w*|active|activity) ~3 (?:less|much less|as much|as often|as usual
|as before|like (?:usual|before|normal|yesterday))|(?:he|she|it|little one) ~3 (?:quiet\w*|still|less active
|not as active)|(?:he|she|it|little one) ~3 (?:not|stopped|has not|have not|does not|did not|is not|barely
|hardly) ~2 (?:mov\w*|kick\w*|active)|(?:not|have not|has not|did not|can not|could not|do not|hardly
|barely) ~2 (?:felt
|feel
|feeling|noticed) ~3 (?:mov\w*|kick\w*|movement)|(?:less|fewer|not as much|not as many) (?:moving|activity)
|no (?:siento|he sentido) ~3 (?:mover\w*|patad\w*)
# altered mental status: confusion or drowsiness that feeds a combination (the strong forms are "ams")
== ams_mild: context altered_mental_status "confused or very drowsy"
(?:seems?|looks?|is) (?:really |very |totally |a bit )?(?:out of it|dazed|spaced out)
|(?:keeps?|kept) ask\w* (?:me |us )?(?:the )?same (?:thing|question)s?|(?:do not|does not) (?:no|know) what day it is
|(?:will not|would not|can not) stay (?:awake|woke)
|(?:can not|could not) think (?:straight|strait|clearly|right)|just (?:lays?|lies|lying|laying) there
|(?:(?!they\b){WHO}|him|her) ~3 (?:confus\w*|disorient\w*|delirious|out of it|loopy|foggy|not (?:acting like )?(?:him
|her)self|acting (?:drunk|strange\w*|weird\w*|odd\w*|off|bizarre|funny|sleepy|drowsy))(?! (?:about|by|with|as to|why
|how|if|whether
|on|regarding|because|what|which|when|where|over)\b)|(?:feel|feeling|felt) ~2 (?:confus\w*|disorient\w*|out of it
|foggy|loopy|drunk)|(?:very|really|extremely|so|super|unusually|abnormally) (?:drowsy|sleepy|lethargic|groggy)
|letharg\w*|(?:can not|could not|can barely|can hardly) (?:keep (?:his|her|their|my) eyes open|stay awake)
|mix\w* up ~3 names|(?:much |a lot |way |far |even )?(?:more )?(?:sleepy|sleepier|drowsy|drowsier) than (?:normal
|usual|he usually is|she usually is)|(?:can not|could not|unable to|is not able to) follow (?:simple )?(?:directions
|instructions
|commands)|slumped|(?:not|is not|can not) (?:answer\w*|respond\w*) ~2 (?:properly|right|normally|clearly
|straight)|confundid\w*|desorientad\w*|somnolient\w*
== dementia_ctx: context altered_mental_status "known dementia"
dementia|alzheimer\w*|memory (?:care|loss|problems)|cognitive (?:decline|impairment)
== diabetes_ctx: context hypoglycemia "diabetes"
diabet\w*|type (?:1|2|one|two|i|ii)\b|t1d|t2d|insulin|metformin|glipizide|glyburide|glucometer|dexcom|libre|cgm
|azucar|glucosa
== low_sugar: context hypoglycemia "low blood sugar"
(?:sugar|glucose|bg|meter|glucometer|dexcom|libre|cgm|reading) ~4 (?:lo|low|dropp\w*|crash\w*|tank\w*|[1-6]\d)
|hypoglyc\w*|hypos?|low (?:blood )?sugars?|insulin (?:reaction|shock)|(?:azucar|glucosa) ~3 (?:baja|bajo|lo)
== intake_poor: context altered_mental_status "unable to eat or drink"
(?:can not|could not|will not|would not|unable to|not able to|refus\w* to) (?:get (?:him|her|them) to )?(?:eat|drink
|swallow|keep (?:anything|food|water|fluids|liquids) down)|(?:not|is not|has not|have not|has not been) (?:eating
|drinking) (?:or|and|anything|at all)|no (?:puede|quiere) (?:comer|tomar|beber)
# cardiac: chest discomfort in other words, and what goes with it
== chest_ctx: context chest_pain "chest discomfort"
(?:substernal|retrosternal|central chest) (?:pressure|tightness|heaviness|discomfort|pain)
|heart (?:pain|pains|hurt\w*|ache)(?! (?:clinic|doctor|specialist|appointment))|pain in (?:the )?(?:middle|centre
|center)
(?: of (?:my |the |his |her )?chest)
|(?:chest|breast ?bone|sternum) ~4 (?:feels?|feeling|felt) ~2 (?:weird|funny|off|strange|odd|wrong|uncomfortable
|full|not right)|(?:weird|funny|strange|odd|uncomfortable|heavy|tight|full) (?:feeling|sensation) ~3 (?:in|on|across
|behind) {CHEST}|(?:chest|pecho) (?:discomfort|tightness|pressure|heaviness|molestia)
== indigestion_ctx: context chest_pain "indigestion or heartburn"
indigestion|heart ?burn|antacids?|tums|gas pains?|acid reflux|gerd|agruras|acidez
== cardiac_radiate: context chest_pain "jaw or left arm ache"
(?:jaw|left arm|left shoulder|shoulder blades?|upper back|both arms|mandibula|brazo izquierdo) ~3 (?:pins and needles
|aches?|aching
|achy|hurts?
|hurting|pain\w*|sore|numb\w*|tingl\w*|heavy|duele|dolor)|(?:pains?|ache|aching|tingl\w*|numb\w*|hurts?|hurting
|dolor|duele) ~4 (?:jaw|left arm|left shoulder|shoulder blades?|upper back|down (?:my|his|her) (?:left )?arm|mandibula
|brazo izquierdo)|(?:rubbing|rubs|holding|holds|clutching|grabbing|massaging) (?:at )?(?:his|her|my) (?:jaw|left arm
|left shoulder)|(?:going|goes|went|gone|spread\w*|radiat\w*|shoot\w*|moving|moves|travel\w*) (?:down|to|into|up into
|up to) (?:my|his|her) (?:left )?(?:arm|jaw|shoulder|back teeth|teeth)
|(?:dolor|duele) ~4 (?:sube|baja|corre|va|se va|pasa) (?:a|hacia|por|al) (?:la |el )?(?:quijada|mandibula|brazo
|hombro)
== eyelid_droop: context stroke "drooping eyelids"
(?:eyelids?|lids) ~3 (?:hang\w*|droop\w*|sagg\w*|heavy|falling)|(?:can not|could not) (?:keep|hold) (?:her|his|my
|their) eyes open
== swallow_speech: context stroke "trouble swallowing or speaking"
(?:can not|could not|can hardly|can barely|trouble|hard to|difficulty) ~2 (?:swallow\w*|talk\w*|speak\w*)
|(?:talk|speak)\w* (?:plain|right|clearly|properly)|slurr\w*
== empty_bottle: context overdose "an empty medicine bottle"
empty (?:\S+ ){0,2}(?:bottle|packet|pack|box) of|(?:bottle|packet|pack|box) (?:is |was )?(?:empty|nearly empty
|half empty)|pill (?:organi[sz]er|box|case) ~2 (?:open|opened)|(?:slots|compartments|days) ~3 (?:are |were )?(?:empty
|gone)|(?:just |only )?counted (?:\d+|a few|two|three|four|five|six) (?:\S+ )?(?:left|remaining)
|found (?:the |a |my |his |her )?(?:\S+ )?(?:bottle|pack|box|organi[sz]er) (?:open|opened|with the (?:lid
|cap) off)|now (?:there is |there are |theres |there s )?only (?:a few|a couple|some|two|three|one) (?:left|in it)?
== dialysis_missed: context breathing "missed dialysis" unscoped
(?:skipped|missed|did not go to|could not get to) (?:\S+ ){0,3}dialysis
== dvt_leg: context breathing "a swollen or painful calf"
(?:calf|leg) ~3 (?:swollen|swelling|sore|tender|hurts?|hurting|pain\w*|red and hot)
== pleuritic: context breathing "pain on breathing in, or coughing up blood"
(?:pain|hurts?|stab|sharp)\w* ~6 (?:breathe in|breath in|deep breath|when i breathe|breathing in)
|cough\w* up (?:a little |some )?(?:pink\w*|blood\w*|frothy)
== fall_ctx: context injury "a fall"
fell|fallen|fall|fel|slipped|tripped|(?:took|had) a (?:\S+ )?tumble|tumbled
== weapon_ctx: context violence "a gun"
guns?|rifles?|pistols?|shotguns?|firearms?|handguns?|revolvers?|ammo|bullets|pistolas?|armas?|escopetas?|rifles?
|(?:got|have|grabbed|took|packed) (?:the |a |my )?knife
== target_known: context violence "knows where someone is, or nothing left to lose"
finish (?:her|him|them)(?: off)?\b
|make sure (?:he|she|they) never
|(?:he|she|they) (?:is|are) going to pay|make (?:him|her|them) pay
|(?:know|knows) where (?:he|she|they) (?:lives?|works?|sleeps?|is|are)|nothing (?:left )?to lose
|(?:know|knows) (?:what time|when) (?:he|she|they) (?:gets? off|leaves?|gets? out|finish\w*)
|(?:so )?(?:somebody|someone) knows why
|(?:going to|gonna|about to|ready to) end (?:this|it|things|it all)\b|(?:already|have|has) (?:decided|made up my mind)
== pale_ctx: context shock "pale or grey"
pale|pasty|ashen|white as a (?:sheet|ghost)|(?:gone|went|turned|looks?|looking|going) (?:a |an )?(?:\S+ )?(?:grey|gray)
|palid\w*|blanc\w*
== injury_ctx: context injury "an injury"
(?:took|got|taken) a (?:hard |big |bad |nasty )?(?:hit|knock|blow|tackle|belt|whack|smack|bang)
|(?:fell|fall|fallen|dropped) (?:about |like |bout |around |maybe )?\d+ ?(?:ft|feet|foot|metres|meters|m)\b
|(?:caught|pulled|sucked|trapped) (?:in|into|under) (?:the |a )?(?:\S+ )?(?:machine|roller|conveyor|press
|auger|gears?|wood ?chipper|mixer|belt)
|(?:fell|fall|fallen) (?:off|of|from|down|out|outta)|(?:hit|bumped|banged|landed on|fell on) (?:his|her|my
|their) (?:belly
|stomach|tummy|side|chest)|crash\w*|(?:hit|run over|knocked down) by|kicked|(?:handle\w*|bars?
|knee|elbow) ~3 (?:into|in) (?:his|her|my|their) (?:belly|stomach|tummy|side|chest)|accident
== cardiac_sweat: context chest_pain "sweating or clammy"
(?<!night )sweat(?:y|ing|s)?|clammy|sweat (?:running|pouring|dripping) off|cold sweat|diaphore\w*|drenched|sudor\w*
|sudando
== nausea_ctx: context chest_pain "nausea"
nause\w*|queasy|sick to (?:my|his|her) stomach|(?:feel|feeling|felt) sick|ganas de vomitar
== breath_mild: context breathing "short of breath"
breath (?:is |feels |is very |so )?short
|puffing|gasping|huffing (?:and puffing )?for air
|out of breath|winded|breathless\w*|short\w* of (?:breath|wind)|(?:have|has|had|need|needs) to (?:sit|prop \S+|sleep
|stand) (?:up|upright) ~5 to (?:breathe|breath)|(?:can not|could not) (?:lay|lie) (?:down )?flat|(?:hard|harder
|trouble|difficult) (?:to )?breath\w*
|(?:can not|could not) (?:catch|get) (?:my|his|her) breath|hard time breathing|falta de aire
# palpitations: a racing heart, and the faintness that makes it an emergency
== palpitation: context palpitations "racing or pounding heart"
chest ~4 (?:flutter\w*|skipp\w*)
|(?:heart|pulse|heartbeat|heart beat|heart rate) ~3 (?:rac\w*|pound\w*|flutter\w*|flip\w*|thump\w*|hammer\w*|jump\w*
|skipp\w*|gallop\w*|irregular\w*|(?:very |so |really |super )?fast|going (?:crazy|wild|nuts|mental|mad|a mile
|(?:so |really |very
|super )?fast))|palpita\w*
|(?:racing|pounding|rapid|fast|fluttering|irregular) (?:heart\w*|pulse)|tachy\w*|svt|afib|a fib
|(?:heart|pulse|hr|heart rate|heartrate|bpm|watch|fitbit|oura|monitor|oximeter) ~5 (?:1[5-9]\d|2\d\d)
|(?:1[5-9]\d|2\d\d) ?(?:bpm|beats)|corazon ~3 (?:acelerad\w*|rapid\w*|fuerte|a mil|palpit\w*|brinc\w*|salt\w*)
|(?:late|palpita|brinca|salta|acelera)\w* ~3 corazon
== presyncope: context palpitations "feeling faint or dizzy"
(?:feel|feels|feeling|felt) (?:like )?(?:i|he|she) (?:will|would|might|am going to|is going to) (?:fall down|fall over
|faint
|pass out|collapse)
|(?:fixin|fixing) to (?:pass out|faint|fall out|go down)|swimmy\w*
|(?:feel|feels|feeling|felt|going to|about to|gonna|almost|nearly|might|could) ~3 (?:faint|pass out|black out|collapse
|keel over|go down|hit the floor|drop)|faint\w*|light ?headed\w*|woozy|dizz\w*|(?:room|everything|world) ~2 spin\w*
|(?:vision|everything|eyes|sight) ~3 (?:go\w*|went|turn\w*|get\w*|got) (?:dark|black|gr[ae]y|white|dim|fuzzy|blurry
|spotty)|tunnel vision|(?:gr[ae]y\w*|black\w*) out|mare\w*|desmay\w*
== infant_ctx: context infant "infant under 3 months"
(?:semanitas|(?:semanas?|dias?) de nacid[oa]|recien nacid[oa])
|(?:baby|grandbaby|newborn|son|daughter|girl|boy) (?:is )?(?:[1-9]|1[0-2]) ?(?:wk|wks|weeks?)(?: old)?\b(?! (?:pregnant
|along))
|new ?born|neonat\w*|infant
|(?:[1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:week|wk)s? old|\d{1,2} days? old
|(?:1|2|one|two|a) (?:month|mo)s? old|(?:under|less than) (?:3|three) months|recien nacid\w*
|(?:baby|son|daughter|newborn|infant|bebe|hijo|hija|nino|nina) ~2 (?:[1-9]|1[0-2]|un|una|dos|tres) (?:weeks?|wks?
|days?
|semanas|dias|mes)(?! (?:pregnant|along|ago|de embarazo))|(?:bebe|hij[oa]|nin[oa]) (?:de )?(?:2|dos) meses(?! (?:de
|embarazada))
== bleeding_any: context bleeding "bleeding"
bleed\w*|bled|nose ?bleed\w*|hemorrhag\w*|sangr\w*|(?:passing|passed|big|blood) clots?
|blood (?:coming|everywhere|on|in (?:my|the) (?:underwear|pad|toilet))|(?:bright |dark )?red blood(?! cells?| count)
|blood ~6 soaked
|soaked (?:my|her|through) ~2 (?:jeans|pants|trousers|clothes|pads?|underwear|sheets)
== blood_thinner: context medication "blood thinner"
blood thin\w*|warfarin|coumadin|cumadin|eliquis|xarelto|apixaban|plavix
== allergen: context allergy "allergen exposure" unscoped
stung|sting|bee|wasp|peanuts?|shellfish|allerg\w*|after (?:eating|taking)|new (?:med\w*|antibiotic|pill|prescription)
|pico|picadura|abeja|avispa|alergi\w*|cacahuate|mani|camarones|mariscos|nueces|cookie|\S+ (?:cake|cookie)
== hives_ctx: context anaphylaxis "hives or welts"
welts|hives|wheals|broke out in (?:\S+ )?(?:bumps|blotches|spots)
== airway_sign: context anaphylaxis "wheezing, a hoarse voice or a hand at the throat"
whistl\w* (?:when|as) (?:\S+ )?breath\w*|noise like (?:a )?whistle|throat (?:feels |is |felt )?(?:strange|small
|tight|funny|weird|closing|narrow)|(?:respira|respiraba) con (?:un )?(?:silbido|chiflido)|silbido|sibilancia
|wheez\w*|whist\w* (?:sound )?(?:when|as) (?:he|she|i|they) breath\w*|(?:voice|cry) ~3 (?:hoarse|raspy|croaky|changed)
|hoarse|(?:holding|clutching|grabbing) (?:his|her|their|my)
(?: own)? throat
== habitual_allergy: context admin "hives or wheezing as a known, recurring pattern"
(?:gets|get|prone to|tends to get|always gets?|usually gets?|history of) (?:\S+ )?(?:hives|welts|wheez\w*|eczema)
|(?:wheez\w*|hives) (?:with|when (?:she|he|they|i) (?:has|have|gets?)|during|every) (?:a )?(?:colds?|spring
|allergy season|exercise|flare)
== fluid_leak: context pregnancy "leaking fluid"
(?:leaking|gush of|gushing) (?:fluid|water)|(?:water|fluid) ~2 (?:leak\w*|gush\w*|trickl\w*)
== med_start: context side_effects "a medicine just started" unscoped
(?:started|starting|began|begun|switched to
|new) (?:on |taking )?(?:the |a |my |this |his |her )?(?:new )?(?:\S+ ){0,2}{MED}
# --- question shapes ---
== med_q: context medication_question "medication question" unscoped
wait (?:\S+ ){0,3}(?:after|before) (?:taking )?(?:my |the |his |her )?(?:\S+ )?{MED}
|left out (?:of )?(?:the )?(?:\S+ )?(?:fridge
|refrigerator)
|(?:drops|cream|ointment|spray|syrup|tea|oil|{MED}) (?:ok|okay|safe)\b
|(?:should|can|could|may|must|do|does|is it (?:ok|okay|safe|fine|alright|bad|dangerous)(?: for (?:me|him|her))?(?: to)?
|how (?:long|often)|when (?:should|do|can|to)|what happens if|am i (?:supposed|allowed) to|is it too late to|need to
|have to) ~3 (?:take|taking|stop|stopping|skip|skipping|double|increase|decrease|lower|raise|cut|split|crush|chew
|restart|resume|quit|come off|wean|give|giving|switch|continue|keep taking|use|using|hold|holding|pause)
|(?:can|could|should|is it (?:ok|okay|safe|fine|alright)(?: to)?) ~3 (?:go|stay|be kept|be stored|keep|store|leave
|be left) ~4 (?:in|out of|outside) (?:the |a |my )?(?:hot )?(?:fridge|refrigerator|freezer|cooler|car|truck|heat|sun)
|how long (?:are|is|do|does|can|will) ~3 (?:good|last|keep|stay good|be out)|how long (?:after|before) ~10 (?:wait
|drink\w*)
|is (?:\S+ ){1,2}(?:ok|okay|safe|fine|alright) to (?:take|use|give|mix)
|is (?:\S+ ){1,2}(?:ok|okay|safe|fine|alright) (?:while|when|during|if) (?:nursing|breastfeeding|pregnant|pumping)
|(?:^|, |\bor )(?:ok|okay|safe|alright|fine) to (?:take|use|give|start) (?:that|it|them|those|this|these)
|(?:can|could|should) (?:i|we|he|she) (?:still )?\S+(?: \S+){0,5} (?:while|when) (?:on|taking)\b
|(?:need|use|using) (?:a )?back ?up(?: method| contraception| protection| birth control)?(?![^ ])
(?! (?:driver|ride|plan|copy))
== med_pron: context medication_question "medication question" unscoped
(?:should|can|do|is it (?:ok|okay|safe)(?: to)?) ~2 (?:stop|keep|skip|take|double|cut|give) (?:taking |giving )?(?:it
|them|this|these|that|those)|(?:do|should|can) (?:i|we|he|she) (?:keep going|continue|carry on) with (?:it|them|this
|that)
|is it (?:dangerous|bad|safe|ok|okay|risky) to (?:just )?(?:stop|quit|come off)(?! (?:by|in)\b)
|(?:took|taken|gave|given|had) (?:it|them) ~3 (?:late|too late|early|too early|too soon|twice|two times)
|(?<!app )(?<!portal )(?<!website )(?<!site )(?<!system )(?<!update )(?<!insurance )(?<!pharmacy )(?:mess|messes
|messing|interfere|interferes|interfering|does not mix|do not mix) (?:up )?with (?:it|them|this|that)\b
|(?:drive|driving|operate|operating|fly|flying|ride|riding)(?: \S+){0,3} (?:on|while on|while taking|after taking)
(?: it| them| this| that| these)\b
== med_ctx: context medication_question "medication"
{MED}
== alcohol_q: context interaction "asks about drinking alcohol"
(?:can|could|should|ok to|okay to|is it (?:really |that |so )?(?:ok|okay|safe|bad
|fine) to) (?:i |we |he |she |they )?(?:have
|drink) ~3 (?:drinks?|beers?|pints?|wine|alcohol|glass|champagne|cocktails?|on (?:it|them|this|that))
== advice: context symptoms "asks what to do" unscoped
should (?:i|we|he|she) be seen|(?:does|do) (?:this|it|that) need (?:looking at|to be seen|checking|checked|seeing)
|what (?:helps|works|would help|will help|can help|is good|is best|cream|ointment|lotion|spray)\b
|what is the best (?:thing|stuff|cream|treatment)|(?:^|, )normal ?$
|is (?:this|it|that) ~1 (?:normal|ok|okay|serious|bad|infected|expected|concerning|dangerous|something to worry about
|an emergency|urgent|contagious)
|should (?:i|we|he|she)(?: be)? (?:worried|concerned|worry|go|come in|see|call|head|get)
|worth (?:coming|going|getting) (?:in|seen|checked|it checked|it looked at)|(?:just )?(?:ride|wait|tough|sit) it out
|what (?:should|do|can) (?:i|we) (?:do|take|give)|do (?:i|we|they) need to (?:go|see|come in|worry)
|when should (?:i|we) (?:worry|be concerned|go)|how long (?:does|will|should) ~2 (?:last|heal|hurt)
|is it (?:safe|normal|ok|okay)
== result_q: context result_interpretation "asks what a result means" unscoped
what (?:does|do|did|would|is) ~8 (?:mean|means|indicate|show|tell)|(?:explain|interpret)
|should (?:i|we) (?:be )?(?:worried|concerned) about
== result_ctx: context result_interpretation "a test result" unscoped
results?|labs?|lab work|blood ?work|tests?|levels?|count|reading|numbers?|values?|scan|mri|x ray|ultrasound|biopsy
|pathology|a1c|psa|tsh|ldl|cholesterol|glucose|ekg|ecg|culture|panel|findings?|impression|reports?
== vax_q: context medication_question "asks whether a vaccine is safe or allowed" unscoped
(?:can|could|should|may|shall|do|does|is it (?:ok|okay|safe|fine|alright|advisable|recommended|a good idea)
(?: for (?:me|him|her|them|us))?(?: to)?|am i (?:able|allowed|eligible|ok|okay|safe) to
|(?:is|are) (?:he|she|they|we) (?:able|allowed|eligible|ok|okay) to|eligible (?:for|to)|allowed to|ok to|okay to
|safe to|too (?:soon|late|early) (?:for|to)|wait (?:on|for|to get)|hold off on) ~5 {VAX}
|(?:is|are|would) (?:the |a |an |my |his |her )?(?:\S+ )?{VAX} ~3 (?:ok|okay|safe|fine|alright|recommended|allowed
|a good idea|a problem|dangerous|risky)|(?:puedo|puede|podemos|pueden|es seguro|se puede|debo|debe
|deberia) ~4 (?:{VAX}
|inyeccion)
== health_state: context medication_question "a health condition" unscoped
allergic(?! reaction)|allerg(?:y|ies) (?:to|a)|(?:egg|latex|gelatin|neomycin|penicillin|sulfa|yeast|peg) allerg\w*
|breast ?feeding|nursing(?! (?:home|facility|staff|student|school))|lactat\w*|chemo\w*|radiation
|immuno ?(?:compromised
|suppress\w*|deficien\w*)|transplant|hiv|cancer|leukemia|lymphoma|lupus|rheumatoid|crohn\w*|colitis|multiple sclerosis
|guillain|(?:have|has|had|having|got|with|running|getting over) (?:a |the )?(?:fever|cold|flu|cough|infection
|covid|temp\w*|virus|bug|shingles|chicken ?pox|measles|mono|strep|pneumonia|rsv)
|(?<!is )sick(?! (?:of|note|leave|days?|visit|pay))
|(?:on|taking|take) (?:\S+ )?(?:{MED}|methotrexate|humira|enbrel|prednisone
|biologics?|immunosuppressants?)|reaction (?:to|after|from)|fainted|passed out|bleeding disorder|hemophilia|dialysis
|asthma|copd|diabet\w*|heart (?:failure|disease|condition)|amamant\w*|lactancia|alergic\w*|quimio\w*
|(?:tomando|toma|en tratamiento con) (?:\S+ )?(?:{MED}|medicamentos?|medicinas?|pastillas?|esteroides)|enferm[oa]
|resfriad\w*|con (?:fiebre|gripa|gripe|tos)
== billing_ctx: context admin "billing words" unscoped
bills?|billing|charges?|costs?|price|codes?|invoice|statement|co ?pay|deductible|balance|fees?|payment|insurance|eob
|claim
"""
