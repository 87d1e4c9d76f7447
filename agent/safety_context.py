"""The clinical-safety screen's context cues: negation, history and time, hypotheticals and masks (the frames a
red flag may sit in are in ``agent.safety_frames``, the context-level concepts that only feed combinations in
``agent.safety_cues``).

Data only, read by ``agent.safety`` (moved out of ``agent.safety_lexicon``, which holds the concepts that decide
a verdict). Every regex runs on *normalised* text (see that module's docstring): lowercase ASCII, one space
between tokens.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- context cues (regexes over one clause) -------------------------------------------------------
NEGATORS = _words("no not never denies denied deny without nor negative none neither ruled sin nunca niega")
# "not sure", "no longer", "no idea" ... look like negation but do not deny what follows.
PSEUDO_NEGATION = r"^(?:sure|certain|only|just|longer|idea|know|tell|better|improving|getting|doubt|matter|one)\b"
# Tokens that may sit between two items of one negated list ("no fever, cough or chest pain").
LIST_GLUE = _words(", or and nor any no other even either a some")
# Words that may sit between a negator and what it denies ("not having any chest pain").
NEGATION_LIGHT = _words(
    "a an the any my his her their your our have has had having feel feeling felt experience experiencing "
    "experienced get getting got been be much really more other signs sign symptoms of with some current "
    "currently active new further obvious significant major severe bad actual ever yet out tengo tiene hay "
    "el la los las un una mas"
)
CLAUSE_BREAK = (
    r" (?:but|however|although|though|except|whereas|yet|also|plus|anyway|because|cause|btw|ps|then|pero)"
    r"(?= )| (?:,|and|or|y) (?=(?:i|my|now|he|she|they|we|his|her|their|our|me|the baby|baby|mi|yo) )"
)
# A past visit to acute care: the "because" clause after it gives the visit's reason, told at the visit's time
# ("was at the ER on Sunday because I had a seizure"), so the two are read as one clause.
CARE_VISIT = (
    r"(?:\badmitted (?:to|at|in) |\b(?:was|were|went|been|ended up|got taken|taken|rushed|admitted|seen|stayed|"
    r"spent \S+ \S+)(?: \S+){0,2} (?:at|to|in|into|by) (?:the |an? |our |my )?(?:\S+ ){0,2}(?:er|emergency room|"
    r"emergency department|ed|a and e|urgent care|hospital|walk in|ambulance|paramedics|ems)\b)"
    r"(?!.*\b(?:is|am|are|still|now)\b)"
)
REASON = r"(?:because|cause)"
PERSON = (
    r"\b(?:i|me|my|mine|myself|we|our|us|he|him|his|she|her|they|them|their|baby|son|daughter|husband|wife|"
    r"mom|mother|dad|father|child|kid|kids|toddler|infant|newborn|grandma|grandpa|grandmother|grandfather|"
    r"brother|sister|partner|boyfriend|girlfriend|yo|mi|tengo|tiene|pupils?|clients?|residents?|colleagues?|"
    r"employees?|tenants?|players?|students?|lads?|guests?)\b"
    # a child named by age ("3yo coughing at night", "my 6 yr old")
    r"|\b\d{1,2} ?(?:yo|y o|yr old|yrs old|year old|years old|mo old|month old)\b"
    # a message that drops its subject ("had a sore throat all week", "been coughing since Monday") is the writer's
    r"|^(?:had|have|having|got|getting|been|feeling|felt|woke up|waking up|started|keep|kept|can not|could not) "
    # or a body part counted as one of the writer's ("one eye is crusty", "left ear hurts")
    r"|^(?:one|left|right|both) (?:eye|eyes|ear|ears|arm|arms|leg|legs|foot|feet|hand|hands|knee|knees|side|breast)\b"
)
HISTORY = (
    # "none in 2 years" dates it; "bigger than last year" only compares
    r"\b(?:(?:none|no more|nothing|free|clear) (?:in|for) (?:the )?(?:past |last )?"
    r"(?:\d+|two|three|four|five|six|several|many) (?:years?|months?|yrs?)|"
    # a year dates an event, unless it is what a confused person believes ("thinks it is 2019")
    r"(?<!thinks it is )(?<!thinks its )(?<!thought it was )(?<!says it is )(?<!said it was )(?:19[4-9]\d|20[0-4]\d)|"
    r"(?<!than )(?<!this )(?<!the )last (?:year|month|week|spring|summer|fall|autumn|winter|time|visit|"
    r"admission|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)|"
    r"(?:\d+|a|an|one|two|three|four|five|six|several|few|couple of|many) (?:years?|months?|weeks?|yrs?) "
    r"(?:ago|back|since)|"
    r"anniversary of|(?:went away|passed|settled|resolved) (?:that|the) (?:same )?(?:night|day|evening|afternoon)|"
    r"(?:years|months|decades|long) ago|"
    # "back in 2019", "back in high school"; not "on my back in the woods"
    r"history of|hx of|back in (?=(?:19|20)\d\d|the (?:day|\d+s|spring|summer|fall|autumn|winter|past)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|(?:high )?school|college|"
    r"my (?:twenties|thirties|teens|youth|\S+ days))|"
    # "when she was little", not "when she was feeding"
    r"when (?:i|he|she|they|we) (?:was|were) "
    r"(?:a |an |little|young|small|younger|\d|in (?:high )?school|in college|pregnant)|"
    r"previous\w*|prior|in the past|used to|presented with|discharged with|"
    r"post (?=(?:stroke|heart attack|cardiac|mi|seizure|op|operative|surgery|covid)\b)|"
    r"recovered|recovering|survivor|diagnosed|as (?:a|an) (?:baby|infant|toddler|kid|child|teen\w*)|childhood|"
    # a death is told after the fact, and a family history is about relatives' past ("died of a heart attack")
    r"(?<!almost )(?<!nearly )died(?: \S+){0,5}? (?:of|from)|passed away(?: \S+){0,5}? (?:of|from)|passed (?:of|from)|"
    r"passed (?:at|in) (?:home|the hospital|hospice|(?:his|her|their) sleep)(?: \S+){0,4}? (?:of|from)|"
    r"lost (?:my|his|her|our|their) \S+ to|fatal|deceased|"
    r"late (?:husband|wife|father|mother|son|daughter|partner|brother|sister)|"
    r"(?:family|fam) (?:history|hx)|runs in (?:my |the |our )?family)\b"
)
# A family medical history ("Father - heart attack at 52"): in a message that gives one, a red flag in a clause
# about a relative, with no present cue near it, is that relative's history.
FAMILY_HISTORY = (
    r"\b(?:family (?:medical )?(?:history|hx)|medical history of (?:my|our) family|runs in (?:my|the|our) family)\b"
)
RELATIVE = (
    r"\b(?:father|mother|dad|mom|mum|brother|sister|grand\w+|aunts?|uncles?|cousins?|maternal|paternal|parents?|"
    r"siblings?|padre|madre|hermano|hermana|abuel[oa]|tio|tia)\b"
)
# A time cue right after "after/since ... my surgery" dates that other event, not the symptom, unless a
# past verb ("I had a stroke after my surgery in 2019") puts the symptom in the past too.
ANCHOR = r"\b(?:after|since|following|post)(?: \S+){0,3} $"
PAST = r"\b(?:had|was|were|got|suffered|went|did)\b"
# Blood "from the cut" is where it comes from, not an event that is over; so is what one "drank from the jug".
HISTORY_OBJECT = (
    # "an hour after my levothyroxine" times a dose; it does not date anything
    r"\b(?:(?<!hour )(?<!hours )(?<!minutes )(?<!mins )(?<!wait )(?<!long )(?<!soon )after|since|"
    r"(?<!blood )(?<!bleeding )(?<!bleeds )(?<!pouring )(?<!gushing )(?<!dripping )"
    r"(?<!drank )(?<!drunk )(?<!drink )(?<!drinking )(?<!sipped )(?<!gulped )(?<!swallowed )from|following"
    r"|post) (?:my|his|her|their|the|a|an|our)(?: \S+)?$|\b(?:despues|luego) (?:del|de (?:mi|su|la|el|los|las|un|una))"
    r"(?: \S+)?$"
)
# What a patient told a clinician at a past visit ("he did not listen when I explained my pain"): reported, not
# reported now. Clinical mentions only: an emergency told about is still read as one.
TOLD_AT_VISIT = (
    r"\b(?:when|after|while|as|once) (?:i|we|he|she|they) (?:explained|described|mentioned|brought up|raised|"
    r"complained (?:about|of)|told (?:him|her|them|the \S+|dr \S+)(?: about)?) (?:my|his|her|their|our|the)(?: \S+)?$"
)
PRESENT = (
    r"\b(?:now|right now|currently|today|tonight|this (?:morning|afternoon|evening)|an? hour ago|"
    # "just" is recent ("just collapsed"), unless it minimises ("it was just a pulled muscle", "just need")
    r"(?<!was )(?<!is )(?<!bill )(?<!statement )(?<!invoice )(?<!letter )(?<!results )(?<!form )"
    r"just(?! (?:a|an|the|need\w*|want\w*|wondering|checking|curious|to|in case|like|for)\b)|"
    r"\d+ (?:minutes?|mins?|hours?|hrs?) ago|minutes ago|hours ago|last night|again|still|getting worse|"
    r"at the moment|as we speak|keeps?|(?:is|are|came|come|coming) back|since then|ever since|ahora|hoy|"
    # "since Saturday": it began then and goes on
    r"since (?:\S+ ){0,6}?(?:on |last |this past )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"the weekend|"
    r"yesterday|"
    r"last night|this morning|lunch|breakfast|noon))\b"
)
# A month, weekday or date dates the symptom only when the clause tells it in the past ("had an asthma
# attack in May"): "due in May" and "my appointment on Tuesday" say nothing about when a symptom began.
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|sept|october|november|december|jan|feb|"
    r"apr|jun|jul|aug|sep|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|"
    r"octubre|noviembre|diciembre)"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)"
DATED = (
    r"\b(?:(?:in|on|during|back in|around|early|late|mid|en|de|el \d{1,2} de) (?:early |late |mid )?"
    + _MONTH
    + r"|"
    + _MONTH
    + r" \d{1,2}(?:st|nd|rd|th)?|(?:on|last|this past|over the) "
    + _WEEKDAY
    + r"|on \d{1,2}/\d{1,2}(?:/\d{2,4})?|on (?:the )?\d{1,2}(?:st|nd|rd|th)? (?:of )?"
    + _MONTH
    + r"|(?<!desde )el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)"
    + r"|in the (?:spring|summer|fall|autumn|winter)"
    # a past visit dates what was told at it ("he did not listen when I explained my pain at my last visit")
    + r"|at (?:my|his|her|their|our|the) (?:last|previous|most recent) (?:visit|appointment|appt|check ?up|physical)"
    + r"|(?<!desde )(?:la semana pasada|el mes pasado|el ano pasado|hace (?:\d+|un|una|unos|unas|dos|tres) "
    r"(?:semanas|meses|anos)))\b"
)
PAST_EVENT = (
    r"\b(?:had|was|were|got|went|did|took|taken|came|happened|suffered|spent|visited|admitted|treated|seen|saw|"
    r"diagnosed|brought|rushed|hospitali[sz]ed|ended up|fui|fue|fuimos|fueron|tuve|tuvo|tuvimos|estuve|estuvo|"
    r"dio|dieron|llevaron|atendieron)\b|\b(?:i|he|she|we|they) \w+ed\b"
)
# A present verb after the last past one gives the symptom its own tense: "had a c-section last week and is
# bleeding heavily" is bleeding now.
PRESENT_VERB = (
    r"\b(?:is|am|are|has been|have been|keeps?|sigue|esta|estoy|tiene|tengo)\b"
    # a symptom verb in the present ("came up last week and it hurts")
    r"|\b(?:it|that|this|he|she) (?:still )?(?:hurts|aches|itches|stings|throbs|burns)\b"
)
# An episode said to be over: "she's fine now", "fully recovered", "the doctor cleared him". Its "now" is
# not a present cue; "seems fine now" (a parent after an ingestion or a fall) is not resolution.
RESOLVED = (
    r"(?<!not )(?<!never )\b(?:(?:is|am|are|was|were|feels?|feeling|felt|been|be) (?:(?:totally|completely|perfectly|"
    r"fully|much|all|doing|feeling|absolutely|back to) )?(?:fine|ok|okay|well|good|great|better|normal|healthy|gone|"
    r"(?:like )?(?:him|her|my)self) (?:now|again|these days|ever since)|back to (?:him|her|my)self"
    r"|(?:doing|did) (?:(?!(?:not|no|never)\b)\S+ )?(?:fine|well|great|ok|okay|good|better)"
    r"|(?:fully |completely |has |have |had )?(?:recovered|healed|resolved)|all better|back to normal|gone (?:now|away)"
    r"|went away|cleared up|(?:full|complete) recovery|(?:well|fully|totally|completely) controlled|under control"
    r"|no (?:problems|issues|symptoms|complications) since|(?:said|says|told (?:me|us)) (?:it |that |this )?(?:was|is) "
    r"(?:nothing|fine|benign|normal|harmless))\b"
    r"|\b(?:doctor|dr \S+|he|she|they|pediatrician|neurologist|specialist) (?:\S+ )?cleared\b|\bclearance\b"
    # "ya está bien" closes an episode; "está bien caliente" (very hot) does not: "bien" then an adjective intensifies
    r"|\b(?:ya )?(?:esta|estoy|estan) (?:(?:bien|mejor)(?: ahora)?(?= ,| y\b| gracias\b| ya\b| $|$)|recuperad\w*)"
    # "ahora está bien" closes an episode; "ahora está bien confundido" (very confused) does not
    r"|\bahora (?:ya )?(?:esta|estoy|estan) (?:bien|mejor)(?= ,| y\b| gracias\b| $|$)"
)
# The message asks for paperwork: with a resolution cue, a clinical mention told in the past is history.
PAPERWORK = (
    r"\b(?:need|needs|needed|want|wants|request\w*|send|fax|email|fill (?:out|in)|sign|complete|get|copy of|"
    r"provide|write|necesito|necesita|mandar|enviar)(?: \S+){0,5} (?:letters?|notes?|forms?|paperwork|"
    r"certificate|clearance|excuse|records?|reports?|summary|documentation|proof|nota|carta|constancia|"
    r"justificante|formulario|comprobante|incapacidad)\b"
)
# Signs someone is showing are current ("my dad is showing signs of a stroke"), unlike the signs one reads about
# ("the warning signs of a stroke"); a topic named before "warning signs" ("chest pain warning signs") is read about.
SIGNS_SHOWN = (
    r"(\b(?:having|showing|shows|has|have|had|got|gets|getting|displaying|exhibiting)(?: \S+){0,2}) "
    r"(?:signs?|symptoms?) (?:of|for)\b"
)
WARNING_SIGNS_AFTER = r" (?:early )?warning signs?\b"
SHOWING_BEFORE = r"\b(?:having|showing|shows|has|have|had|got|gets|getting|displaying|exhibiting)(?: \S+){0,2} ?$"
HYPOTHETICAL = (
    r"(?:\b(?:if|in case|whenever) (?:i|you|he|she|they|we|my \S+|the \S+|someone|a \S+)(?: \S+)? "
    r"(?:get|gets|have|has|start|starts|develop|develops|notice|notices|experience|experiences|feel|feels|show|shows)"
    r"(?: \S+){0,3}(?: (?:or|and) (?:\S+ )?(?:\S+)?)?|\b(?:signs?|symptoms?|warning signs?|risk) (?:of|for)(?: \S+)?|"
    r"(?<!what )(?<!sure )(?<!tell )(?<!know )(?<!wondering )(?<!see )(?<!check )(?<!ask )"
    r"\b(?:if|in case|whenever) an?|"
    # "in case she ever [collapses]": the red flag right after its subject
    r"\b(?:if|in case|whenever|should) (?:i|you|he|she|they|we|someone|anyone|somebody|my \S+|the \S+|a \S+)"
    r"(?: ever| suddenly| ever suddenly| one day)?|"
    # "what to do if a driver radios in sick, like chest pain": what a class or a protocol teaches
    r"\bwhat (?:to do|(?:we|they|you|staff|people) should do) (?:if|when|in case)(?: \S+){0,10}|"
    # a form's question or checklist ("have you ever had chest pain", "a checklist: heart disease, seizures")
    r"\b(?:have|has|did) (?:you|he|she|they|anyone|your \S+) ever (?:had|experienced|felt|suffered|been)(?: \S+){0,8}|"
    r"\b(?:checklist|questionnaire|survey|waiver|screening questions|intake form)(?: \S+){0,12}|"
    # a list of risks or side effects ("lists risks as stroke, heart attack, bleeding"), up to a person named
    r"\b(?:risks?|side effects?|complications?) (?:listed )?(?:as|of|for|include|including|are|like|such as)"
    r"(?:(?! (?:i|my|he|she|we|they|his|her|now)\b) \S+){0,8}|"
    # a form or questionnaire that asks whether ("a form asking whether I've had a seizure in the last 5 years")
    r"\b(?:asks?|asking|asked) (?:me |us |you )?(?:whether|if) (?:i|you|he|she|they|we)(?: \S+){0,6}|"
    # a dream told ("a weird dream last night that I had a stroke")
    r"\b(?:dream\w*|nightmares?)(?: last night)? (?:that|about|where|of|in which)(?: \S+){0,6}|"
    # how a message would be handled ("if someone writes 'I can't breathe'")
    r"\b(?:if|when|whenever) (?:someone|somebody|a patient|patients|people|anyone|a person|a caller|callers) "
    r"(?:writes|write|says|say|types|messages|texts|calls|emails|reports|mentions)(?: \S+){0,12}) ?$"
)
# A sentence that ends on a form about to list conditions ("It has a checklist:", "the questionnaire asks
# about"): the bare list in the next sentence is the form's, not a patient's (``safety._form_list``).
FORM_INTRO = (
    r"\b(?:(?:checklist|questionnaire|survey|waiver|screening questions)"
    r"(?: (?:asks|asking|lists|listing|covers|covering|includes|including|has|with|of|about|for))*"
    r"|(?:form|application) (?:asks|lists|covers|includes|has)(?: about)?"
    r"|(?:poster|flyer|sign|handout|brochure|leaflet|card|magnet|sticker)s? (?:reads?|says?|said|lists?|shows?)) ?$"
)
# "If I took 20 of them an hour ago, is that bad?" asks about something done, not a hypothetical.
CONFESSED = (
    r"\bif (?:i|he|she|we|they|my \S+|someone) (?:took|swallowed|ate|drank|had|used|mixed|smoked|snorted|injected)\b"
    r"(?: \S+){0,10} (?:\d+|an?|one|two|few|couple of) (?:minutes?|mins?|hours?|hrs?) ago\b"
)
# An instruction ("if he gets confused, very sleepy or hard to wake, call 911"): every sign listed between the
# "if" and the directive is hypothetical. "what if", "not sure if", "can't tell if" ask about now.
INSTRUCTION = (
    r"(?<!what )(?<!sure )(?<!tell )(?<!know )(?<!wondering )\b(?:if|in case|whenever) (?:you|he|she|they|i|we|"
    r"your \S+|his \S+|her \S+|my \S+|the \S+|someone|anyone)\b(?:(?! (?:now|today|right now|currently)\b) \S+){0,24}?"
    r" ,? (?:please )?(?:call|go|seek|get|come|head|dial|return|contact)\b"
)
_MASKED = (
    r"(?:chest pain|chest|stroke|heart attack|heart|cardiac|breathing|breath|sleep|seizures?|epilepsy|overdose|"
    r"bleeding|allergy|allergies|allergic|pain|fever|wound|depression|anxiety|mental health|headache|migraine|"
    r"trauma|burn|poison|concussion|cough|asthma|pregnancy|diabetes|diabetic|anaphylaxis|anaphylactic|suicide attempt|"
    r"choking|cpr|narcan|naloxone|sepsis|meningitis|fainting|dizziness|poisoning|carbon monoxide)"
)
_SERVICE = (
    r"(?:x ray|x rays|ct|cat scan|mri|scans?|imaging|ultrasound|echo|ekg|ecg|clinics?|cent(?:er|re)s?|unit|"
    r"ward|team|department|dept|program|services?|rehab\w*|specialists?|doctor|dr|nurse|navigator|"
    r"coordinator|follow ?ups?|appointments?|appt|visits?|consult\w*|evaluation|eval|check ?ups?|class(?:es)?|"
    r"groups?|stud(?:y|ies)|trial|tests?|testing|screening|panel|bills?|billing|invoice|charges?|claims?|"
    r"records?|reports?|paperwork|forms?|meds?|medications?|medicines?|prescriptions?|refills?|rx|script|"
    r"care|treatment|management|(?:action |care )?plans?|education|awareness|prevention|events?|training|"
    r"survey|questionnaire|free|protocol|kit|supplies|patch|cream|"
    r"spray|reli\w*|reducers?|killers?|pills?|tablets?|precautions|history|institute|hotline|line|sheet|drops|syrup"
    r"|suppressants?|lozenges|diary|diaries|logs?|training|flyers?|handouts?|brochures?|leaflets?|pamphlets?|posters?"
    r"|calls|runs|shifts|walk ins?|detectors?|alarms?"
    r"|incidents?|hotline|procedures|protocols?|risks?|work ?ups?)"
)
# Replaced by a neutral token before matching (group 1 is kept): services named after a condition, idioms.
# A service may be named with one modifier between ("stroke support group", "overdose reversal kit").
_MODIFIER = (
    r"(?:(?:support|prevention|awareness|action|care|reversal|education|management|screening|research|recovery|"
    r"survivors?|risk|follow|disorders?|response|first aid|loss|arrests?|(?:warning |early )?signs?|symptoms?) ){0,2}"
)
_LESION = r"(?:spots?|moles?|cysts?|lumps?|growths?|skin tags?|warts?|lesions?|polyps?|bumps?|nodules?)"
_REMOVED = (
    r"(?:removed|excised|cut out|took off|taken off|froze off|frozen off|burned off|burnt off|shaved off|biopsied)"
)
MASKS = (
    # a lesion a clinician has taken off is a procedure, not a symptom ("Dr. Brooks removed a spot on my shoulder",
    # "had a mole frozen off"); what it does now is read on its own ("the site is red and hot")
    r"(\b" + _REMOVED + r" (?:a |an |the |my |his |her |two |three |\d+ |some |several )?(?:\S+ )?)" + _LESION + r"\b",
    r"(\b(?:had|got|have had|has had) (?:a |an |the |my |his |her |two |three |\d+ |some |several )?(?:\S+ )?)"
    + _LESION
    + r"(?= (?:\S+ ){0,4}?"
    + _REMOVED
    + r"\b)",
    # a care plan's threshold ("buccal midazolam for seizures lasting over 5 minutes")
    r"()\b(?:seizures?|fits?)(?= (?:lasting|that last|lasts|longer than) (?:over |more than |longer than )?\d+ min)",
    # what may trigger a condition ("the stress can set off my seizures") is not an episode
    r"(\b(?:can|could|may|might|will) (?:set off|trigger|bring on|cause) (?:my |his |her |their |a |an )?)"
    r"(?:seizures?|fits?|migraines?|attacks?|asthma attacks?)\b",
    # idioms: "someone is going to get killed in your parking lot", "overdosed on your survey emails"
    r"()\b(?:someone|somebody) is going to get (?:killed|hurt)(?= (?:in|at|on) (?:your|the|that) (?:parking|lot|garage|"
    r"stairs|lobby|entrance|exit|intersection|crosswalk|driveway|road|street|hallway|elevator)\b)",
    r"()\boverdos\w*(?= on (?:your|these|those|all (?:your|the|these|those)) (?:\S+ )?(?:emails?|surveys?|texts?|"
    r"messages?|reminders?|calls?|newsletters?|notifications?|ads?)\b)",
    r"()\b" + _MASKED + r"(?= " + _MODIFIER + _SERVICE + r"\b)",
    r"()\bsuicide(?= (?:and )?(?:crisis )?(?:life ?line|hotline|crisis line)\b)",
    r"()\bsuicide(?= (?:prevention|awareness|loss|bereavement|survivors?) "
    r"(?:surveys?|events?|training|walk|month|week|class|flyers?|program|day|support|groups?|survivors?|hotline|"
    r"posters?|lines?|numbers?|resources|materials|information|info|helplines?|cards?|wallet cards?)\b)",
    r"(\b(?:clinic|center|centre|institute|department|program|unit|service|support groups?|groups?|classes|class"
    r"|resources|pamphlets?|posters?|information|info|materials?|books?|programs?|talks?|lectures?|presentations?|courses?"
    r"|sessions?|workshops?|triage|triaging|hundreds|dozens|thousands|episodes?|podcasts?|articles?|stor(?:y|ies)"
    r"|segments?|interviews?|documentar(?:y|ies)) (?:for|of|about|on|cover|covering) "
    r"(?:(?!(?:my|his|her|your|their|our|the|a)\b)\S+ ){0,2})" + _MASKED + r"\b",
    r"(\b(?:flyers?|handouts?|brochures?|leaflets?|pamphlets?|posters?|talks?|class(?:es)?|information|info|"
    r"materials?|training|presentation|session|video|refreshers?|courses?|modules?|drills?|certification|workshops?) "
    r"(?:on|about|for|of|covering) (?:recogni[sz]\w* |spotting "
    r"|knowing )?(?:the )?(?:warning |early )?(?:signs? |symptoms? )?(?:of |for )?)"
    + _MASKED
    + r"(?:s)?(?: ,)?(?:(?: ,| and| or| ,? and| ,? or) (?:the )?"
    + _MASKED
    + r"(?:s)?)*\b",
    r"()\b(?:is|was|be|such|what) a (?:real |huge |total |big )?pain\b(?! in (?:my|his|her))",
    r"()\bpain in the (?:neck|butt|ass|rear)\b",
    # population figures are not a patient's event ("the rise in fentanyl overdoses in the county")
    r"(\b(?:rise|increase|spike|surge|jump|drop|decline|trends?|rates?|numbers?|statistics|epidemic|crisis|wave) "
    r"(?:in|of|on) (?:\S+ ){0,2})" + _MASKED + r"(?=(?:s|es)?\b)",
    r"()\bpoison (?:oak|ivy|sumac)\b",
    r"()\bpoison(?= control\b)",
    r"(\b(?:r o|rule out|ruling out|to rule out) )" + _MASKED + r"\b",
    r"(\b(?:the )?(?:movie|film|song|album|play|musical|show) (?:called |titled |named )?)" + _MASKED + r"\b",
    # a death told as a loss ("my nephew who we lost to an overdose", "died of a heart attack in 2019")
    r"(\b(?:lost (?:(?!(?:my|his|her|our|their)\b)\S+ ){0,2}to (?:an? |the )?|(?<!almost )(?<!nearly )"
    r"(?:died|passed away|passed) (?:of|from) (?:an? |the )?))" + _MASKED + r"\b",
    r"(\b(?:books?|novels?|episodes?|podcasts?|articles?|stor(?:y|ies)|documentar(?:y|ies)|movies?|films?) (?:about|on|"
    r"covering) (?:a |an |the )?(?:\S+ )?)" + _MASKED + r"\b",
    # a diagnosis code and its descriptor on a letter or a claim ("R07.9 chest pain, unspecified")
    r"(\b[a-z]\d\d\.[0-9a-z]{1,4} (?:\S+ )?)" + _MASKED + r"\b",
    r"()\bseizure disorders?\b",
    # a condition named as controlled is a diagnosis, not an event ("my seizures are well controlled")
    r"()\b(?:seizures?|epilepsy|asthma|diabetes|blood pressure|heart failure)"
    r"(?= (?:are|is|has been|have been|were|was) (?:\S+ )?(?:well controlled|under control|fully controlled"
    r"|controlled)\b)",
    r"()\boverdos\w* on (?:(?!my |his |her )\S+ ){0,3}(?:e ?mails?|surveys?|messages?|texts?|calls?|reminders?"
    r"|notifications?|coffee|caffeine|sugar|candy|chocolate)\b",
    r"(\b(?:box|label|instructions?|directions|form|bill|statement|website|portal|chart|dosing|app|this|that|it)"
    r" (?:\S+ )?)confus\w*\b",
    r"()\b(?:gave|give|giving|gives|nearly|almost|about to)(?: \S+){0,3} heart attack\b",
    r"()\b(?:dying|die)(?: ,)? (?:to|laughing|of (?:boredom|laughter|embarrassment|curiosity))\b",
)
MASK_TOKEN = "xref"

# Contraction suffixes expanded by ``agent.safety.normalise`` ("'m" -> " am").
CONTRACTED = (("m", "am"), ("re", "are"), ("ve", "have"), ("ll", "will"), ("d", "would"))
# A denial after the match ("chest pain was ruled out").
POST_NEGATION = r"^ (?:was|were|is|has been|have been|got|been) (?:ruled out|negative|excluded)"
# "never had chest pain like this" affirms the symptom it seems to deny.
REAFFIRM = r"^ (?:like this|like that|like it is|this bad|so bad|this severe|this strong|until now)\b"

# Fragments for the patterns of both modules, expanded with ``agent.safety_fragments.MACROS``: words of an errand
# or a document (a "temp job", "forgot to order my insulin"), and units that make a number something other than
# a reading ("45 minutes", "12 dollars").
MACROS = {
    "ADMIN_WORD": (
        r"supplies|supply|refills?|prescriptions?|rx|script|checks?|check ?ups?|appointments?|appt|visits?|class"
        r"|classes|clinic|screening|program|education|forms?|cards?|job|jobs|agency|agencies|work|worker|position|staff"
        r"|password|pass|id|badge|license|tags?|plates?|housing|insurance|coverage|address|number|nurse|help|hire"
        r"|contract|role|assignment|gig|account|code|login|permit|visa|order|delivery|cost|price|bill|charges?"
        r"|copay|due|scheduled|follow|workshop|study|kit|chart|sheet|employee|employment|service"
    ),
    "UNIT": (
        r"am|pm|a m|p m|o clock|oclock|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|dollars|bucks|cents"
        r"|mg|mcg|ml|units?|tablets?|pills?|refills?|strips?|lancets|needles|count|grams?|carbs|calories|lbs?|pounds"
        r"|kg|pages?|percent off|off|day supply"
    ),
}
