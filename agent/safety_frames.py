"""The safety screen's frames: what a red flag sits inside, when it is nobody's event happening now.

Paperwork and bills ("a bill for chest pain"), who treats a condition ("do you treat seizures?"), a topic ("a talk
on stroke signs"), the reason for a past visit to acute care ("went to the ER for chest pains"), a job or volunteer
application's experience, a story someone watched or read, and a pet's emergency. Read by ``agent.safety``, with
the two small readings that search from the frame onwards (``told_story``, ``animal_subject``); every regex runs on
*normalised* text (see ``agent.safety_lexicon``). Each frame is judged with the clause's tense there: a present
cue near the red flag keeps it current.
"""

from __future__ import annotations

import re

# A job or volunteer application lists work experience ("as a paramedic I have handled cardiac arrests"): in
# a message that applies (APPLICATION, anywhere in it), a clause that tells experience (EXPERIENCE) with no
# present cue near the red flag names a skill, not an event. Both are needed: "I handled the kids while my
# husband had a seizure" is an emergency.
APPLICATION = (
    r"\b(?:applying (?:for|to)|application for|(?:job|position|role) (?:opening|posting|listing|advertised)|"
    r"resume|cv|cover letter|vacancy|job application|hiring|volunteer(?:ed|ing)? (?:as|at|with|for)|"
    r"(?:like|love|want|wish) to volunteer|"
    r"(?:writing|working on) (?:a|my) (?:novel|book|story|screenplay|script)|fiction writer|novelist)\b"
)
EXPERIENCE = (
    r"\b(?:handled|triaged|treated patients|(?:patients )?presenting with|assisted (?:\S+ ){0,2}(?:with|during|in|on)|"
    r"trained (?:in|on|for)|certified (?:in|for)|(?:bls|acls|pals|cpr) certified|certifications?|"
    r"years (?:of )?(?:\S+ ){0,2}experience|experience (?:with|handling|managing|treating|caring for|responding to)|"
    r"dealing with (?:everything|all sorts|anything)|"
    r"(?:cared|caring) for (?:patients|people|residents|clients)|"
    r"(?:my|the) (?:last|previous|former|current) (?:job|position|role|employer)|(?:a|the|my) character|"
    r"(?:lots|plenty|hundreds|dozens|thousands|a lot|a bunch) of (?:\S+ ){1,4}(?:calls|cases|runs|codes)|"
    r"years? (?:on|in|at|with) (?:an? |the )?(?:\S+ ){0,2}(?:ambulance|rig|er|ed|icu|unit|floor|ward|truck|squad|ems|"
    r"urgent care|center|centre|hospital|clinic|a and e|resus|emergency department|emergency room)|"
    r"(?:managing|handling|running|attending) (?:\S+ ){0,2}(?:cardiac arrests|arrests|overdoses|traumas?|strokes|codes|"
    r"calls)|"
    r"(?:we|i) (?:saw|see|treated|handled|ran|worked) (?:a lot of|lots of|"
    r"many|plenty of|hundreds of|dozens of|tons of))\b"
)
# A story someone watched, heard or read ("an episode of that hospital show where a guy had a stroke"): a red
# flag after it belongs to the character, unless the writer or someone close to them comes in between (STORY_SELF).
STORY = (
    r"\b(?:episodes?|(?:tv|hospital|medical|reality|cop|crime) (?:show|drama|series)|"
    r"(?:a|the|that|this) (?:show|series)|"
    r"movies?|films?|documentar(?:y|ies)|podcasts?|news (?:story|report|segment|article)|articles?|novels?|books?|"
    r"soap opera|sitcom)\b(?: \S+){0,6} (?:where|in which|about) (?:(?:a|an|the|this|that|some|one) )?"
    r"(?:guy|man|woman|lady|character|girl|boy|kid|person|patient|doctor|nurse|teen\w*|family|couple|mom|dad|"
    r"mother|father|old man|old lady|athlete|player|actor|actress)\b"
)
STORY_SELF = (
    r"\b(?:i|me|my|we|us|our|myself|husband|wife|son|daughter|baby|mom|mum|mother|dad|father|child|kid|partner|"
    r"brother|sister|grandma|grandpa)\b"
)
# Paperwork, money, calls and cases about a condition ("a bill for chest pain", "records of his stroke"): the red
# flag right after one of these (and a word such as "for", "about", "of") is administrative (ADMIN_FRAME).
_ADMIN_NOUN = (
    r"(?:bills?|billing|billed|invoice|statement|charges?|charged|claims?|records?|chart|paperwork|reports?|"
    r"calls|questions|cases|enquiries|inquiries|procedures|protocols?|polic(?:y|ies)|guidelines|"
    r"copy|copies|receipt|payment|pay|paid|refund|costs?|price|coverage|covered(?! in\b)|cover|authori[sz]ation|auth|"
    r"referral|forms?|letter|notes?|fmla|disability|insurance|eob|estimate|deductible|documentation|summary|"
    r"papers|codes?|diagnosis|ambulance|treat|treats|treating|speciali[sz]e|specializes|experience|bracelets?|necklaces?|"
    r"attendance|hundreds|dozens|thousands|"
    r"came in|went in|was seen|were seen|got seen|was treated|was admitted|visited)"
)
# Who treats a condition is a providers question ("do you treat seizures in kids?").
_PROVIDER = (
    r"(?<!i )(?<!we )(?<!you )(?<!they )(?<!he )(?<!she )(?:do|does|can|who|which \S+) "
    r"(?:you|your \S+|dr \S+|the doctor|doctors?|anyone|someone|treats?|sees?)"
    r"(?: \S+)?(?: (?:treat|see|handle|manage|help with|speciali[sz]e in|work with))?(?: \S+){0,2} ?$|"
)
ADMIN_FRAME = (
    r"\b"
    + _PROVIDER
    + (
        _ADMIN_NOUN
        + r"(?: \S+){0,2} (?:for|from|about|of|regarding|related to|relating to|after|re|concerning|on|covering|"
        r"mentioning|listing|showing|says|say|said|lists|list|shows|show|mentions|mention|with|due to|in|reads|read|"
        r"states|stated|notes|noted|quotes|quoted)"
        r"(?: (?!(?:i|he|she|they|we|you|am|is|are|was|were|have|has|had|having|because|when|and|but|now|it|"
        r"feel|feels)\b)\S+){0,3} ?$"
    )
)
# A red flag a talk, class, article, poster or assignment is about ("come speak about spotting stroke signs", "does
# the class cover heat stroke", "a piece on recognizing heart attack symptoms"): a topic, not anyone's event. The
# gap up to the red flag may hold a list ("bleeding control and choking") but no person, verb of being or time.
_TOPIC_NOUN = (
    r"(?:(?:a|the|our|your|their)(?: \S+)? talks?|talks|speaker|(?:come|comes|came|visit)(?: and| to| in and| in to)? "
    r"(?:speak|talk|present)|presentations?|lectures?|class(?:es)?|courses?|training|workshops?|seminars?|webinars?|"
    r"badges?|podcasts?|interviews?|assignments?|essays?|homework|curriculum|lessons?|modules?|awareness|education|"
    r"teach(?:es|ing)?|taught)"
)
# Printed matter and verbs that name their topic directly, with no "about" ("the poster: chest pain ...", "does it
# cover heat stroke"); a class or a training needs its "about", "on", "for" ... ("at training with really bad pain"
# is someone hurt at training).
_TOPIC_DIRECT = (
    r"(?:articles?|newsletters?|posters?|flyers?|handouts?|brochures?|pamphlets?|leaflets?|"
    r"(?:does|do|will|would|did) (?:it|they|that|this|the(?: \S+){1,2}|your(?: \S+){1,2}) (?:also )?cover|"
    r"covers|"
    r"how to (?:recogni[sz]e|spot|respond to|handle|deal with|help with)|recogni[sz]ing|spotting)"
)
_TOPIC_GAP = (
    r"(?: (?!(?:i|me|he|him|she|they|them|we|us|you|my|his|her|our|their|am|is|are|was|were|be|been|have|has|had|"
    r"having|because|when|while|but|now|then|it|who|suddenly|started|starting|began|feel|feels|felt|today|tonight|"
    r"right|currently|still|again)\b)\S+){0,8}"
)
TOPIC = (
    r"\b(?:"
    + _TOPIC_NOUN
    + r"(?: \S+){0,3}? (?:about|on|regarding|covering|for|of|re|like|including|such as)|"
    + _TOPIC_DIRECT
    + r"(?:(?: \S+){0,3}? (?:about|on|regarding|covering|for|of|re|like|including|such as))?)"
    + _TOPIC_GAP
    + r" ?$"
)
# The reason for a past visit to acute care ("went to the ER for chest pains", "my emergency department attendance
# on 3 February for an anaphylactic reaction", "the ambulance ride for chest pain"): told in a bill, a complaint
# or a records request, it is history. A present cue near the red flag still makes it current (``safety._status``).
_ACUTE_CARE = (
    r"(?:the |your |an? |our |my |his |her )?(?:\S+ )?(?:er|emergency room|emergency department|ed|a and e|urgent care"
    r"|hospital)"
)
CARE_REASON = (
    r"(?:\b(?:went|came|was|were|been|brought|took|rushed|taken|admitted|seen|sat|waited)(?: \S+){0,4}? "
    r"(?:to|in|into|at|by) " + _ACUTE_CARE + r"|\b(?:er|emergency room|emergency department|ed|a and e|ambulance|"
    r"hospital|inpatient|urgent care) (?:visits?|attendance|stays?|admissions?|rides?|trips?|transport))"
    r"(?: (?!(?:is|am|are|has|have|now|still|again|today|tonight|right)\b)\S+){0,8}? (?:for|with|due to|because of)"
    r"(?: (?!(?:is|am|are|has|have|now|still|again|today|tonight|right)\b)\S+){0,3} ?$"
)
# A message about a death ("my father passed away last week", a funeral home, an estate): a red flag told in the
# past there is how someone died.
DEATH = (
    r"\b(?:passed away|has died|have died|died (?:on|last|this|at|in|peacefully)|death certificate|funeral|"
    r"(?:his|her|their|the) estate|executor|deceased|condolences|bereave\w*)\b"
)
# A pet's emergency: in a message that names a vet, a clause about an animal and no person is not a patient's.
VET = r"\b(?:vets?|veterinar\w*|animal (?:hospital|er|emergency)|veterinario)\b"
ANIMAL = (
    r"\b(?:cats?|dogs?|pupp(?:y|ies)|kittens?|pets?|horses?|rabbits?|bunn(?:y|ies)|hamsters?|parrots?|birds?|perro|"
    r"gato)\b"
)
HUMAN = (
    r"\b(?:i|me|myself|we|us|he|him|they|them|son|daughter|baby|husband|wife|mom|mother|dad|father|child|kid|"
    r"grandma|grandpa|brother|sister|partner|patient)\b"
)

_STORY_RE, _STORY_SELF_RE = re.compile(STORY), re.compile(STORY_SELF)
_ANIMAL_RE, _HUMAN_RE = re.compile(ANIMAL), re.compile(HUMAN)


def told_story(prefix: str) -> bool:
    """A show, film or article is named before the red flag with its character ("an episode where a guy had
    a stroke"), and neither the writer nor anyone close to them is named between them."""
    stories = list(_STORY_RE.finditer(prefix))
    return bool(stories) and _STORY_SELF_RE.search(prefix, stories[-1].end()) is None


def animal_subject(prefix: str) -> bool:
    """An animal is named before the red flag with no person between them ("the dog got into the ibuprofen")."""
    animals = list(_ANIMAL_RE.finditer(prefix))
    return bool(animals) and _HUMAN_RE.search(prefix, animals[-1].end()) is None
