"""The safety screen's farewell cues: the warning signs of a goodbye before a suicide.

Same block format as ``agent.safety_lexicon.LEXICON`` (read with it by ``agent.safety_loader.load_lexicon``). Each
cue is context only; the "farewell" combination of ``agent.safety_rules.COMBINATIONS`` makes two different ones an
emergency ("thanks for everything" + "take care of my dog for me"), unless the message is about moving away or
changing care (``relocation``).
"""

from __future__ import annotations

FAREWELL_CUES = r"""
# farewell: each a different warning sign, two of them make an emergency (see "farewell" below)
== fw_goodbye: context suicidal "says goodbye"
(?:say\w*|said|wanted to say|want to say) (?:my )?(?:goodbye|good bye|goodbyes|farewell)|goodbye (?:everyone|all
|to (?:everyone|you all|all of you|everybody))|(?:adios|me despido) (?:a|de) todos|despedirme
|(?:will not|would not|not going to|do not think i will|may not|might not) be around (?:much longer|by then|by$
|next week|for (?:much )?longer
|for long|anymore|any more|much more)
== fw_reunion: context suicidal "speaks of joining someone who died, or of where they are going"
(?:be )?(?:seeing|see|join\w*|be with) (?:her|him|them|my (?:late )?\S+) ~3 (?:soon|again soon|tonight|real soon)
|where (?:i|he|she) (?:am|is) going(?! (?:to|for|on|next|after)\b)
== fw_thanks: context suicidal "thanks for everything"
(?:thank\w*|grateful) ~8 all (?:these|those) years
|(?:thank\w*|grateful) ~6 (?:for everything|for all (?:you have|you did|you have done)|for all these years
|for always being there|for putting up with me|for all the years|over the years)|(?:gracias|agradezco) ~2 por todo
== fw_letters: context suicidal "letters to family"
(?:written|wrote|writing|left) (?:\S+ )?letters? (?:to|for) (?:my|his|her) (?:kids|children|family|wife|husband|son
|daughter|parents|mom|dad)|(?:dejo|escribio|me dejo|nos dejo) una carta
|
(?:writ\w*|wrote|written|finish\w*|left|leave|leaving) (?:(?:a|some|the|my|goodbye|final|last) )*(?:letters|notes
|goodbye (?:letter|note)s?|(?:letter|note) (?:to|for) each) (?:to|for) (?:my |each of my |all my |the )?(?:family|kids
|children|wife|husband|mom|mother|dad|parents|partner|sons|daughters|loved ones|friends|everyone|everybody)
|(?:left|leave|leaving) (?:a|my) (?:goodbye |final |last )?note (?:to|for) (?:my )?(?:family|wife|husband|kids
|children|mom|mum|dad|parents|partner|sister|brother|son|daughter|best friend|roommate|flatmate)
|(?:cartas?|notas?) (?:de despedida|para (?:mi|mis) (?:familia|hijos|esposa|esposo))
== fw_giveaway: context suicidal "giving belongings away" unscoped
found (?:a )?(?:good |new |loving )?home for
|handed (?:me|us|him|her|them) (?:his|her|my|their) (?:\S+ ){0,3}(?:ring|band|watch|guitar|keys|dog|cat|things
|belongings|jewel\w*|papers|will)
|(?:giv\w*|gave) (?:my |all my |the |our )?(?:dog|cat|pets?|guns?|things|stuff|belongings|jewel\w*) (?:away|to)
|(?:sorted|sorting|put|putting|got|getting) (?:out )?(?:all )?(?:my |the )?(?:papers|affairs|finances
|will)(?: in order)?
|(?:put|putting|got|getting|have|has) (?:everything|it all|all of it|things|my (?:life|house|stuff|things)) in order
|(?:giv\w*|gave) away ~2 (?:my|all|everything|stuff|things|belongings|possessions|clothes|pets?|dog|cat|guns?|jewel\w*
|books|savings|car)|regal\w* (?:todas )?mis cosas
== fw_noneed: context suicidal "will not need care anymore"
(?:will not|would not|do not) need to (?:keep|book|make) (?:my|the|his|her) (?:\S+ )?(?:appointment|appt|visit)
|(?:you )?(?:will not|would not|do not|no longer) (?:need|have) to (?:see|treat|call|worry about) me
|(?:will not|would not|do not|no longer) (?:need|have) to worry about (?:my|his|her) (?:refills?|meds|medications?
|prescriptions?|appointments?)
|
(?<!he )(?<!she )(?<!they )(?:will not|would not|am not going to|do not|no longer|not going to) (?:be )?(?:need\w*
|us\w*|tak\w*) ~4 (?:anymore|any more|any longer|after (?:today|tonight|this week)|ever again)
|(?<!he )(?<!she )(?:will not|no longer) be (?:here|around) (?:for|to|much longer|after|tomorrow|next|anymore)
|(?<!he )(?<!she )(?<!they )(?:will not|would not|am not going to) (?:be )?need\w*
(?: my| the| any| that| those)?(?: next| upcoming| future| last)?(?: week s| weeks| week| month s| months
| month)? (?:appointments?
|appt|refills?|prescriptions?|meds
|medications?|care|visits?)
|ya no (?:voy a )?(?:necesit\w*
|estar)
|(?<!he )(?<!she )(?<!they )(?:will not|would not|am not going to|not going to) (?:be )?need\w* (?:it|them)(?: anymore
| any more| again)?$
== fw_caretake: context suicidal "asks others to care for family"
(?:take|taking|look after|looking after|care of|watch|raise) ~3 (?:my )?(?:kids|children|dog|cat|pets?|babies|family
|son|daughter|mom) (?:for me|when i am gone|after i am gone|once i am gone)|(?:when|after|once) i am gone(?! (?:on|for
|to|out|away|over)\b)|cuid\w* (?:a )?mis hijos|cuando ya no este
|cuid\w* (?:a )?(?:los|mis|nuestros) (?:ninos|hijos|nenes)
|take care of (?:mom|mum|dad|ma|my (?:mom|mum|dad|kids|children|wife|husband|family|babies)) ?(?:,|$|for me)
|take care of (?!(?:this|that|it|these|those|the|a|an|everything|things|business|billing|payment|my)\b)\S+ for me
== fw_last: context suicidal "last message"
(?:this is|this will be|here is|consider this) (?:my|the) (?:last|final) (?:message|email|note|letter|words|time)
|(?:my )?last (?:message|words) (?:to|for) (?:you|everyone|all)|(?:you will|you are) (?:not|never) (?:hear from
|see) me again|(?:mi|este es mi) ultimo mensaje
|esto es el (?:final|fin)|(?:es|este es) mi final
== fw_love: context suicidal "last words of love"
tell (?:my |the )?(?:kids|family|wife|husband|mom|dad|parents|children|everyone|son|daughter) (?:that )?i (?:love
|loved) (?:them|her|him|you)|sorry for everything|forgive me for everything
|(?:nobody|no one|noone|not anyone|not anybody)(?: s|s)? fault
|perdon\w* por todo|perdoname|perdonenme
|tell (?:my )?(?:kids|family|wife|husband|mom|mum|dad|parents|children|everyone|son|daughter) (?:that )?i am sorry
|tell \S+ (?:and|&) \S+ (?:that )?i (?:love|loved) (?:them|you)
|tell (?:my )?(?:sister|brother|nan|gran|grandma|grandpa|friends|boyfriend|girlfriend|partner) (?:that )?i
(?: love| loved) (?:her|him|them|you)
== fw_burden: context suicidal "feels a burden, others better off"
(?:do not|can not) see (?:much |any |the )?point (?:in )?(?:carrying on|going on|living|being here|anymore|any more)
|(?:tired of being|i am|i am just|i feel like|feel like) (?:such )?a burden|(?:easier|better) for (?:everyone|everybody
|you all
|my family)|(?:only|last) (?:thing|option|way) (?:that makes sense|left|out)|no way out|nothing (?:makes sense
|matters)
(?: anymore| any more)?|(?:do not|no need to) bother with (?:my|the) (?:therapy|appointment|referral|refill|meds)
|no reason (?:left|to (?:live|go on|carry on))|ya no aguanto (?:mas|nada)
|(?:can not|could not) (?:do this|go on|keep going|take (?:it|this)) (?:anymore|any more|any longer)
|(?:will not|wont|won t) be a burden (?:much |for )?(?:longer|long|anymore|any more)
|(?:done|tired of|sick of) being a (?:weight|burden)|ya no (?:aguanta|aguantaba|puede) (?:mas|nada)
== fw_method: context suicidal "a place or means named"
made (?:\S+ )?arrangements (?:for )?(?:tonight|today|this weekend|tomorrow)
|(?:bridge|cliff|tracks|ledge|overpass|quarry) ~8 (?:look\w* (?:at|down)|stay out there|jump\w*|the water below)
|(?:made|make|making) (?:my )?peace(?! with (?:the|a|my|his|her) (?:bill|charge|decision|diagnosis))
|(?:knows?|know) to (?:take|feed|look after|care for) (?:the |my )?(?:cat|dog|pets?|kids|fish)
|(?:walk\w*|go\w*|driv\w*|head\w*) to the (?:overpass|bridge|train tracks|railroad tracks|tracks|roof|rooftop|cliff
|ledge)|jump\w* off|(?:bought|got|have|loaded) (?:a |the |my |his |her )?(?:\S+ )?(?:gun|rope)(?= .*(?:tonight|today
|end|over
|sorry))
|(?:have|got|bought|found|tied|hung) (?:a |the |my |up (?:a |the )?)?(?:rope|noose)(?! (?:swing|course|ladder|toy
|light\w*|bridge|climb\w*))|(?:going|gonna|plan\w*) to do it (?:tonight|today|tomorrow|this weekend|soon|on \S+day)
|(?:going|gonna|plan\w*) to (?:take|swallow) (?:them|these|those|all of them|the lot|every one)(?: all)? (?:tonight
|today
|after|when|once|at once)
|(?:got|have|has|had) (?:them|the pills|all (?:the|my) pills|\S+ pills) (?:all )?(?:counted|lined|laid) out
|pills (?:are |were )?(?:all )?(?:counted|lined|laid) (?:up|out) (?:on|in)
|counted out ~4 (?:desk|table|bed|counter|pills)
== fw_unreachable: context suicidal "cannot be reached"
(?:friend|sister|brother|son|daughter|mom|mum|dad|wife|husband|partner)(?: \S+){0,8}? (?:is not|will not|has not
|does not) (?:answer\w*|pick\w* up|respond\w*)
|(?:she|he|they)(?: \S+){0,3}? (?:will not|would not|is not|are not|does not|did not|has not|have not) (?:pick\w* up
|answer\w*
|respond\w*|call\w* back|text\w* back)
== relocation: context admin "moving or changing care"
moving (?:to|away|out|back|states|across|abroad)|moved (?:to|away|out)|relocat\w*|switch\w* (?:to|clinics?|doctors?
|providers?|insurance|plans?|practices?|over)|transferr?\w* (?:to|my care|care|records)|new (?:doctor|clinic|provider
|pcp|insurance|plan|job|practice)|(?:another|a different) (?:clinic|doctor|provider|practice|health system|hospital)
|(?:live|living|lives|settled|staying|based) in (?:another|a different) (?:state|city|country)|leaving (?:the area|town
|the state|the country|your practice|the practice|the clinic)
|retir\w*
|graduat\w*|deploy\w*|me (?:voy a )?mud\w*|otro (?:doctor|medico|estado|pais)
"""
