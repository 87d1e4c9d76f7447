"""The clinical-safety screen's data: the concepts that decide a verdict.

Data only, read by ``agent.safety_loader``: add phrasings here, never in the engine. Patterns run on *normalised*
text: lowercase ASCII, contractions expanded ("can't" -> "can not"), hyphens as spaces ("x-ray" ->
"x ray"), one space between tokens, commas kept as their own token.

``LEXICON`` holds blocks. A header ``== name: level signal "label" [flags]``, then a body written over as many lines
as needed, joined as they are (so break lines before a ``|``; a combination's lines, which hold concept names, are
joined with a space). A concept's body is one regular expression, where
`` ~N`` means "up to N more words" and ``{MED}``, ``{POSS}``, ``{WHO}``, ``{CHEST}`` ... are the fragments of
``agent.safety_fragments.MACROS`` and ``agent.safety_context.MACROS`` (one may use another). Flags: ``unscoped``
(negation, history and admin context never cancel it), ``personal`` (without a person in its clause -- I, my, she,
baby ... -- it only counts as context), ``combo`` (the body names concepts instead: see
``agent.safety_rules.COMBINATIONS``), ``same_clause`` (a combo's parts must share a clause). Levels: ``emergency``
and ``clinical`` decide a verdict, ``context`` only feeds combos; the context-level blocks live in
``agent.safety_cues.COMBINATION_CUES`` (same format, read with this one; so are the clinical questions of
``agent.safety_lexicon_clinical`` and the acute presentations of ``agent.safety_lexicon_acute``). A combo picks a
different concept for each of its groups, so "a b c & a b c" asks for two distinct cues.
"""

from __future__ import annotations

LEXICON = r"""
# --- emergencies ---
== chest_pain: emergency chest_pain "chest pain"
(?:chest|breast ?bone|sternum) ~6 (?:pains?|painful|hurts?|hurting|aches?|aching|pressure|tight\w*|heav\w*|squeez\w*
|crush\w*|burn\w*|discomfort|killing|stabbing|sharp|pinch\w*|clench\w*|vise|vice|clamp\w*|weight)
|(?:pains?|pressure|tight\w*|heav\w*|squeez\w*|crush\w*|aches?|aching|discomfort|weight|elephant|stabbing|burning
|hurts?|hurting|band|vise|vice|fist|clench\w*|constrict\w*|clamp\w*) ~3 (?:in|on|across|around|of|through|behind|under
|inside|round|beneath|underneath|below) {CHEST}|(?:belt|band|strap|vise|vice|rope) ~5 (?:around|round|across) (?:my
|his|her) (?:chest|ribs|rib ?cage)
|(?:sitting|standing|pressing|pushing|stepping|weighing) (?:down )?on {CHEST}|dolor ~3 (?:pecho|torax)
|(?:clutch\w*|grab\w*|grasp\w*|holding|rubbing) (?:at )?{CHEST}
|(?:duele|arde|quema|presion|opresion|apreta\w*|aprieta|pesadez|ardor|peso|agarr\w*|sujeta\w*) ~4 pecho
|pecho ~2 (?:duele|dolor|apretado
|presion
|pesado)
== cardiac: emergency cardiac "heart attack or arrest"
heart attack|cardiac arrest|(?:heart|pulse) (?:has |is |just )?(?:stopped|not beating)|no pulse
|ataque (?:al|del) corazon|paro cardiaco|infarto
== breathing: emergency breathing "trouble breathing"
(?:can not|could not|can barely|can hardly|can no longer|unable to|not able to|struggl\w* to|hard to|difficult to
|hurts to|fighting to|trouble|difficulty|difficulties|problems?|hard time|struggling) ~1 (?:breath\w*
|catch {POSS} breath|get (?:air|a breath|enough air|a (?:full|deep|proper|good) breath|my breath|his breath
|her breath))|short(?:ness)? (?:of
|on) breath
|(?:ribs|chest|belly|skin) ~3 (?:suck\w* in|pull\w* in|caving in)|nostrils flaring|breathless\w*|gasp\w*|suffocat\w*
|chok(?:e|es|ed|ing)(?! up| hazard)|(?:not|stopped|quit|is not|barely|hardly) (?:really )?breathing|(?:one
|a) breath every
|(?:turn\w*|gone|going|went) (?:blue|purple|gr[ae]y|dusky)|blue (?:lips|face)|claw\w* at (?:her|his|my|their) (?:neck
|throat)
|(?:lips|face|skin|fingers|fingernails|nails|mouth) ~4 (?:blu\w*|purpl\w*|gr[ae]y)
|(?:inhaler|nebuli[sz]er|albuterol) ~3 (?:not|is not|does not) (?:working|helping)|asthma attack
|(?:oxygen|o2|sats|saturation|spo2|pulse ox\w*|oximeter) ~3 (?:[4-8]\d|9[01])\b(?! (?:{UNIT})\b)
|no (?:puedo|puede|podia|pudo|podemos) respirar|(?:me|le|nos) falta (?:el )?aire|falta de aire|(?:me|se|te) ahog\w*
|dificultad (?:para|al) respirar|no respira|no (?:puede|puedo|podia) (?:hablar ni )?(?:toser|respirar)
|(?:se esta poniendo|se puso|se pone|esta) (?:morad[oa]|azul)|(?:se )?(?:atraganto|atoro|atraganta)
== stroke: emergency stroke "stroke signs"
(?:face|mouth|smile|eyelids?|cheek) ~3 (?:droop\w*|sag\w*|lopsided|uneven|crooked|slack|paraly\w*|fallen|frozen)
|droop\w* (?:face|mouth|smile|eyelid)
|(?:one|left|right|half) (?:side|half) ~4 (?:numb\w*|weak\w*|paraly\w*|tingl\w*|dead|heavy|droop\w*|limp|not working
|will not move|can not move)
|half (?:of )?(?:my|his|her|the) (?:face|body) ~3 (?:numb\w*|weak\w*|droop\w*|paraly\w*|dead)
|(?:left|right) (?:arm|leg|hand|foot|side) ~5 (?:numb\w*|weak\w*|limp|dead|heavy|paraly\w*|tingl\w*|useless|gave out
|stopped working|(?:is|will|does|would|can) not (?:work\w*|move|moving|respond\w*|hold))
|(?:can barely|can hardly|can not|could not|unable to|trouble|hard time) (?:get
|getting) (?:a |the |my |his |her )?words? out
|(?:numb\w*|weak\w*|tingl\w*|paraly\w*|droop\w*) ~2 (?:left|right|one) (?:side|arm|leg|hand|foot)
|(?:numb\w*|weak\w*|tingl\w*|paraly\w*) ~2 (?:in|on|down|of) (?:my |his |her |the )?(?:left|right|one) (?:side|arm|leg
|hand|foot)
|(?:can not|could not|unable to|not able to) (?:lift|raise|move|feel|use|hold up) (?:my|his|her|their|the
|either) (?:left |right )?(?:arm|arms|leg|legs|hand|face|side)|slurr\w*
|(?:speech|words|talk|talks|talking|speaking) ~2 (?:garbled|jumbled|mixed up|weird|strange|funny|not making sense
|nonsense)
|(?:can not|could not|unable to|not able to) (?:speak|talk) (?:properly|right(?! (?:now|away|this|at|then|today
|tonight))|clearly|normally|straight|at all|well
|anymore)
|(?:trouble|difficulty|hard time|struggling|problems?) (?:to )?(?:speaking|talking|speak|talk|finding words
|getting words out|forming words)(?! (?:to|with))
|(?:sudden(?:ly)?|out of nowhere|all of a sudden) ~2 (?:weak\w*|numb\w*|confus\w*|blind\w*|vision loss|loss of vision
|lost (?:my |his |her )?vision|double vision|can not (?:see|walk|speak|talk)|trouble (?:seeing|walking|speaking
|talking)|lost (?:my |his |her )?balance|paraly\w*)
|(?:lost|losing|lose) (?:the |my |his |her )?(?:vision|sight) (?:in|of) (?:one|my|his|her|the) (?:left |right )?eye
|stroke(?!s? of (?:luck|genius))|derrame(?: cerebral)?|ictus|cara ~2 (?:caida|torcida|paralizada|dormida|chueca)
|arrastra\w* (?:las )?palabras
|no (?:puedo|puede) (?:hablar|mover|levantar|sentir) (?:bien|el brazo|la pierna|la mano|el lado)
== suicidal: emergency suicidal "suicidal intent"
suicid\w*|kill(?:ing)? (?:myself|my self)
|(?:want|wanted|wanting|going|gonna|plan\w*|thinking about|thought about|ready|decided|tempted|urge
|wish) ~2 (?:to )?(?:die|dying|end\w* (?:my life|it all|it|things|everything)|take my (?:own )?life|not (?:be here
|exist|wake up)|be dead|not be alive)|end\w* (?:my|his|her) (?:own )?life|end\w* it all
|(?:it all|everything|my life) to (?:end|be over)|take my (?:own )?life|better off (?:dead|without me)
|(?:no|(?:do not|can not|could not|did not|not) see (?:the|any)|what is the) point (?:in|of) (?:living|life|going on
|being alive|being here)|(?:tired|sick) of (?:living|being alive)|(?:no|nothing) (?:reason )?to live for
|no reason to (?:live|go on|keep going)|(?:do not|no longer|not|never) want to (?:live|be alive|exist|wake up|go on)
|(?:do not|no longer) want to be here(?: anymore| any more| any longer|$)
|wish (?:i|he|she) (?:was|were|was not|were not|had never been) (?:dead|born|gone|here)
|wish i (?:could )?(?:die|not wake up|disappear forever)|(?:sleep|go to sleep) and (?:not|never) wake up
|(?:ya )?no tengo ganas de vivir|(?:pienso|voy a) tomar\w* (?:\S+ ){0,3}(?:todas|hoy|esta noche)
|junte todas (?:sus |mis |las )?pastillas
|(?:me )?quiero morir\w*|(?:matarme|suicidarme|quitarme la vida)|no quiero (?:seguir )?vivi\w*
|(?:ya )?no (?:quiere|queria|quiero) (?:seguir )?vivir|(?:voy|vamos|quiero|pienso|va|iba) a quitar(?:me|se)? la vida
|me quito la vida|(?:pastillas|pildoras) (?:listas
|guardadas|juntadas)|esta noche ~4 (?:me mato|me voy a matar|me quito)
|acabar con (?:mi vida|todo)|me (?:las|los) (?:voy a|pienso|quiero) tomar tod[ao]s
|(?:se va a|me voy a|voy a|va a|iba a|quiere) tirar(?:se|me)? (?:del|de un|de la|desde el|desde la) (?:puente|edificio
|techo
|azotea|balcon)
|(?:voy a|quiero|pienso) tomar(?:me)? tod[ao]s (?:las|mis|sus) (?:pastillas|pildoras)
== self_harm: emergency self_harm "self-harm"
self (?:harm\w*|injur\w*)
|(?:want|wanting|going|gonna|urge|thinking|thought|tempted|plan\w*|feel like) ~2 (?:hurt|harm|cut|burn|starve) myself
|(?:been|keep|started|start|still|again) (?:cutting|burning|hurting|harming) (?:myself|my (?:arms?|wrists?|legs?
|thighs?))|(?:cut|slit|slice|slash)\w* (?:my|his|her) wrists?|hacerme dano
== overdose: emergency overdose "overdose or poisoning"
(?:took|take|taken|ate|swallowed) (?:my |his |her |the )?(?:\S+ ){0,2}(?:medicine|medication|pills|tablets) (?:many
|so many
|a lot|lots|too much)\b
|(?:the|a) (?:whole|entire|full) (?:box|bottle|pack|packet|strip
|blister pack) of (?:the |my |his |her )?(?:\S+ )?(?:ones
|pills|tablets|{MED})
|overdos\w*|sobredosis|too many ~1 (?:pills|tablets|capsules|meds|gummies|of (?:my|his|her|the|these|those|them))
|too much (?:of )? ~2 ?{MED}
|(?:took|taken|swallowed|ate) (?:the|a|my|his|her) (?:whole|full|entire) (?:pack|packet|bottle|box|strip|blister
|week|weeks|month)(?: s)?(?: worth)?(?: of)?|(?:keep|keeps|kept) nodding off
|(?:took|taken|take|swallowed|ate|eaten|had|drank|gave|given|got into) ~2 (?:an? (?:whole|full|entire) (?:bottle|pack
|box|container)|(?:all|half) (?:of )?(?:my|his|her|the|their)(?: \S+){0,2} {MED}|a (?:bunch|handful|lot|bottle) of
|(?:[5-9]
|\d{2,}|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)(?! (?:minutes?|mins?|hours?|days?|weeks?|months?
|years?|mg|mcg|ml|units?|refills?)) ~3 (?:pills|tablets|capsules|{MED}))
|(?:got|gotten|getting) into ~3 (?:pills?|pill (?:bottle|organizer|box|case)|medicine cabinet|dosette|blister pack
|pill ?box
|{MED})
|(?:took|taken|swallowed|ate|drank) ~3 (?:whole|entire|full) (?:bottle|pack|packet|box|strip|blister)
|(?:ate|eaten|chewed|chewing) ~3 (?:pills|tablets|gummies|meds|medicines?|vitamins)
|(?:\d|two|three|four|five|six) (?:doses|times the dose) ~4 (?:in|within) (?:an? |\d+ |one |two |three )?(?:hours?
|minutes)|(?<!food )poison\w*
|(?:drank|drink|swallowed|swallow|ate|eaten|ingested|got into|licked) ~3 (?:bleach|antifreeze|detergent|cleaner
|laundry pods?|tide pods?|batter(?:y|ies)|pesticide|chemicals?|lighter fluid|gasoline|nicotine|vape (?:juice|liquid)
|lye)|(?:took|taken|swallowed|downed|ate) (?:everything|all|whatever) (?:in|from|that was in|i had in|i could find in)
(?: my| the| his| her| their| our) (?:med\w* |medicine |pill )?(?:cabinet|cupboard|drawer|stash)|carbon monoxide
|envenen\w*|intoxica\w*|(?:muchas|demasiadas|todas las) (?:pastillas|pildoras)
== bleeding: emergency bleeding "severe bleeding"
(?:a|one) (?:\S+ )?pad (?:every|an|each) (?:\d+|ten|fifteen|twenty|thirty|half) ?(?:min|mins|minutes|hour)
|clot (?:\S+ )?(?:bigger|larger) than (?:a |my |an )?(?:fist|golf ball|egg|lemon|plum)
|(?:bleed\w*|blood|hemorrhag\w*) ~3 (?:will not|would not|does not|is not|can not|has not|not) (?:stop|stopping
|slow\w*)
|(?:blood|bleeding) (?:is )?(?:everywhere|all over)|(?:can not|could not|unable to|will not) stop (?:the )?bleed\w*
|nose ?bleed ~6 (?:will not|would not|does not|is not|not|has not) (?:stop|stopping|slow\w*)|(?:gone|went|going) through
(?: a| the)? (?:whole |entire )?(?:roll|box|pack) of (?:paper towels|towels|tissues|gauze|pads)
|bleed\w* ~2 (?:a lot|heavily|heavy|badly|profusely|everywhere|nonstop|non stop|like crazy|all over|really bad|so much
|uncontrollabl\w*)
|(?:heavy|severe|massive|uncontrolled|profuse|lots of|a lot of|so much|much much|pool of|gushing|spurting
|pouring) ~1 (?:bleeding
|blood)(?! (?:work|test|draw|pressure|sugar))
|(?:soak\w*|bled through|bleeding through) ~3 (?:pads?|towels?|bandages?|gauze|shirt|clothes|sheets)
|blood (?:is )?(?:gushing|spurting|pouring)
|(?:cough\w*|vomit\w*|throw\w* up|threw up|puk\w*|spit\w*) ~2 (?:up )?(?:bright |dark )?(?:red )?blood
|(?:vomit\w*|threw up|throw\w* up|puk\w*|cough\w* up) ~8 blood(?! (?:work|tests?|draw|pressure|sugar|type|bank
|donation|drive|thinner))
|blood in  ~1 ?(?:vomit|throw up|puke)|bloody (?:vomit|throw up)|coffee grounds?|black (?:tarry |sticky )?(?:stool|poop)
|tarry (?:stool|poop)|(?:poo|poops?|stools?|bowel movements?|bm|bms) ~4 (?:like tar|tarry|black and (?:sticky|tarry
|shiny))|sangrado (?:abundante|fuerte|mucho)|no (?:para|deja) de sangrar|mucha sangre
|(?:vomit\w*|tos\w*) ~1 sangre|cafe molido|posos de cafe|(?:popo|heces|caca|excremento|evacuaciones|deposiciones)
(?: \S+){0,2} negr\w*
== anaphylaxis: emergency anaphylaxis "severe allergic reaction"
(?<!sore )(?:throat|airway) ~4 (?:clos\w*|swell\w*|swollen(?! (?:glands?|lymph|nodes?|tonsils?))|tight\w*
|constrict\w*)
|(?:lips?|tongue) ~3 (?:swell\w*|swollen|puff\w*|blow\w* up|huge|thick\w*|too big)|(?:swell\w*|swollen) (?:lips?|tongue
|throat)
|anaphyla\w*(?! (?:allerg\w*|(?:emergency )?(?:action |care )?plan|kit))|allergic reactions?
|(?:used|gave|give|giving|had to use|needed|inject\w*) ~2 (?:epi ?pen|epinephrine|auvi q)
|(?:se me|se le) (?:cierra|hincha) la garganta|garganta (?:cerrada|hinchada)|labios hinchados|reaccion alergica
== seizure: emergency seizure "seizure"
seiz\w*|convuls\w*|convulsi\w*|(?:having|had|has|have|into|is|started|keeps|epileptic) (?:a )?fits?\b
|(?:{WHO}|is|started|keeps|been) fitting|grand mal|epileptic (?:attack|episode)
|(?:shaking|jerking|twitching) uncontrollabl\w*|(?:shaking|stiff\w*|twitching) and (?:jerking|twitching|shaking)
|jerking (?:movements|and)|ataque (?:epileptico|de epilepsia)|(?:jerking|shaking|twitching) (?:spell|fit|episode
|attack)
== unconscious: emergency unconscious "unconscious or unresponsive"
unconscious\w*|unrespons\w*|inconsciente|no responde|no (?:se )?despierta
|no (?:lo|la|le) (?:podemos|puedo|pueden|pude|pudimos) despertar
|(?:barely|hardly|semi|not fully|in and out of) (?:conscious\w*|awake|responsive)
|{WHO} ~6 (?:not|stopped|is not|will not|would not|does not|can not) (?:respond\w*|wak\w*|moving|rous\w*)(?! to (?:my
|our|your|the|his|her) (?:e ?mails?|messages?|calls?|texts?|requests?|voicemails?|letters?|portal))
(?!(?: up)? (?:for (?:school|work|class|church|the bus|practice|his shift|her shift|my shift)
|(?:until|till) (?:\d|noon|lunch|late|the afternoon|midday)|in time|on time|early|in the mornings|at \d))
|(?:can not|could not|unable to) (?:wake|rouse) (?:him|her|them|my|the)|(?:will not|would not|has not|is not|not)
(?: come| coming) (?:round|around|to)(?! (?:the|my|your|our|see|visit|pick)\b)|(?:can not|could not
|unable to) get (?:him|her
|them) to (?:respond|wake|answer|open (?:his|her|their) eyes)
|(?:will not|would not|does not|is not|not) (?:wake up|wake|answer|respond)\w* ~2 when (?:we|i|you|they) (?:shake|shook
|call|called|pinch|yell|shout)|(?:gurgl\w*|snor\w*|rattl\w*) (?:noise|sound|breath\w*)(?= .*(?:wake|answer|respond
|floor|fell|collapsed|pills|drunk))|(?:breathing|breath) ~2 (?:loud )?like (?:a )?snor\w*
|(?:passed out|fainted|blacked out|collapsed) ~4 (?:not (?:waking|breathing|responding)|will not wake|unrespons\w*
|still out|can not wake)|collaps\w*|knocked out|(?:lost|lose|loss of|losing) consciousness
== pregnancy_emergency: emergency pregnancy_emergency "pregnancy emergency"
water\w* (?:just |has |have )?(?:broke|broken)|(?:broke|breaking) (?:my|her) water
|(?:baby|babies|bebe|fetus) ~3 (?:not|stopped|has not|have not|does not|did not|is not|barely|hardly) ~2 (?:mov\w*
|kick\w*)|(?:baby|babies|bebe|fetus) ~4 (?:mov\w*|kick\w*) ~3 (?:less|much less|as much|as often|as usual|as before
|like (?:usual|before|normal|yesterday))|(?:not|have not|has not|did not|can not|could not|do not|hardly
|barely) ~2 (?:felt|feel|feeling|noticed) ~2 (?:the |my )?(?:baby|bebe) ~2 (?:mov\w*|kick\w*)|(?:less|no|reduced
|decreased|fewer
|not as much|not as many|hardly any|barely any) (?:fetal )?(?:movements?|kicks|kicking)|kick counts? ~4 (?:low|less
|fewer|not|only)|(?:bebe|el bebe) ~3 (?:no se mueve|se mueve (?:menos|poco)|no patea)|ectopic|miscarr\w*
|(?:preterm|premature|early) labou?r|(?:rompi|se rompio) (?:la )?(?:fuente|bolsa)
== headache_severe: emergency thunderclap_headache "sudden worst headache"
(?:like|as if) (?:someone|somebody|i|she|he)(?: had| was| had been)? (?:hit|smashed|smacked|whacked|struck
|clubbed)(?: me
| her| him)?(?: on the(?: back of the)? head)? (?:with|by) (?:a |an )?(?:\S+ )?(?:bat|hammer|brick|club|axe)
|(?:like|as if|felt like) (?:i was |i had been |someone |somebody )?(?:hit|smashed|smacked|whacked
|struck) (?:me )?(?:on the
(?: back of the)? head )?(?:with|by) a (?:bat|hammer|brick|baseball bat)
|worst ~2 (?:headache|head pain|migraine)|thunderclap|(?:sudden\w*|out of nowhere|explosive) ~3 (?:headache|head pain)
|(?:headache|head pain) ~3 (?:sudden\w*|out of nowhere|like (?:being|getting) hit)
|(?:clap|crack|bolt) of (?:thunder|lightning)|like (?:somebody|someone|something) (?:hit|hitting|smacked|struck
|cracked|whacked|clubbed|bashed|slammed|belted)
(?: me| him| her) ~6 (?:head|skull)|like (?:a )?(?:thunder|bomb went off|gunshot) ~4 (?:head|skull)
|(?:head|skull) ~6 like (?:a )?(?:thunder|bomb|gunshot|explosion)
|(?:head|skull) ~6 like (?:being|getting) (?:hit|smacked|struck|whacked|kicked|clubbed)
|like (?:being|getting) (?:hit|smacked|struck|whacked|clubbed) (?:with|by) (?:a )?(?:baseball )?(?:bat|hammer
|brick) ~8 (?:head|skull)|(?:went|go\w*) pop ~5 (?:head
|skull|brain)|(?:head|skull|brain) ~3 (?:popped|went pop|exploded|burst)
|(?:felt|feel|heard|hear) (?:a |something )?pop ~6 (?:head|skull|brain)
|(?:something|it) (?:went off|exploded|burst|snapped) (?:in|inside) (?:the back of )?(?:my|his|her) (?:head|skull)
|like (?:someone|somebody) (?:took|had taken|taken) an? (?:hatchet|axe|ax|hammer|bat|knife|cleaver) to (?:it|my head
|his head
|her head)
|(?:head|skull) ~10 like (?:i|he|she|you|we) (?:got|get|was|were|had been|just got) (?:hit|smacked|struck|whacked
|clubbed|kicked) (?:with|by) (?:a )?(?:baseball )?(?:bat|hammer|brick|sledge\w*)|like (?:i|he|she|you|we) (?:got|get
|was|were|had been|just got) (?:hit|smacked|struck|whacked|clubbed|kicked) (?:with|by) (?:a )?(?:baseball )?(?:bat
|hammer|brick|sledge\w*) ~8 (?:head|skull)
|(?:head|skull) ~10 like (?:somebody|someone|something) (?:hit|hitting|smacked|struck|cracked|whacked|clubbed|bashed
|slammed|belted)|(?:all at once|out of nowhere|suddenly) ~4 like (?:somebody|someone|something) (?:hit|smacked|struck
|cracked|whacked|clubbed|bashed|slammed)
== head_injury_severe: emergency head_injury "severe head injury"
(?:severe|serious|bad|major|massive) (?:head injury|head trauma|blow to the head)|(?:skull|head) fracture
|fractured skull
|one (?:of (?:his|her|my|their) )?pupils? ~4 (?:bigger|larger|smaller|wider) than the other|(?:unequal|uneven|different
|different sized) pupils
== sepsis: emergency sepsis "sepsis signs"
sepsis|septic(?! tank)
== hypoglycemia: emergency hypoglycemia "very low blood sugar"
(?:sugar|glucose|bg|bs) (?:is |was |at |of |reading |dropped to |down to |reads )+(?:[1-4]\d)\b
|(?:sugar|glucose|meter|glucometer|dexcom|libre|cgm) ~4 lo
== ams: emergency altered_mental_status "confused, disoriented or hard to wake" personal
(?:(?!they\b){WHO}|him|her) ~4 (?:not making|makes no|made no|making no) (?:any )?sense
|(?<!i )(?<!we )(?<!you )(?:does not|did not|do not|can not|could not|no longer|unable to) (?:know|remember|tell(?: me
| us)?
|say|answer) (?:where (?:he|she) (?:is|was)|who (?:he|she|i|we) (?:is|am|are)|what (?:day|year|month) it is)
|(?:(?!they\b){WHO}) ~3 (?:does not|did not|can not|could not|no longer) (?:know|recogni[sz]e|remember) (?:me|us
|(?:his|her|their) (?:own )?(?:wife|husband|family|kids|children|name|mom|dad|daughter|son))
|(?:hard|harder|difficult|impossible) to (?:wake|rouse|arouse)(?! up (?:in|for|on)\b)|(?:barely|hardly) (?:waking
|wakes)
|no (?:me |nos )?reconoce|no sabe (?:donde|quien)|thinks (?:it is|its) (?:still )?(?:19|20)\d\d
|(?:me |nos )?(?:contesta|dice) cosas (?:que )?(?:no tienen|sin) sentido|no (?:se )?(?:quiere )?despierta\w*
== farewell_strong: emergency suicidal "farewell message"
this is (?:my |our )?(?:goodbye|good bye|farewell)|(?:goodbye|good bye|farewell) (?:forever|for good|cruel world)
|(?:my )?(?:final|last) goodbye|(?:by the time|when) (?:you|anyone|someone|somebody) (?:reads?|gets?|sees?
|finds?) this ~3 (?:be |already )?(?:gone|dead|not be here|not be alive)|(?:no one|nobody) will (?:miss|notice
|care about) me
|esta es mi despedida
== severe_pain: emergency severe_pain "worst pain of life"
worst pain ~3 (?:life|ever|experienced|had)
== violence: emergency violence "threat to harm someone"
(?:hearing|voices?|told|telling) ~4 (?:needs? to|has to|must|should) (?:hurt|harm|kill) (?:the baby|her baby|my baby|him
|her|the kids|them)
|that (?:he|she|they) (?:can|could) fly\b
|(?:thinks|says|saying|believes|convinced|sure) (?:that )?(?:he|she|they|i) (?:can|could|is able to) fly
|(?:put|putting) a pillow over (?:his|her|their|the baby s|my baby s) face|(?:scared|afraid|terrified
|frightened) of (?:myself
|what i (?:might|would|will|could) do)
|(?:i am|we are|i will|we will) (?:going to|gonna) (?:get )?(?:killed|murdered|shot|stabbed|beaten up)(?= (?:by|tonight
|if|when)\b)
|(?:telling|tell|tells|told|saying|ordering|commanding) me to (?:hurt|kill|harm|stab|shoot|attack)
|(?:he|she|they|husband|boyfriend|girlfriend|partner|ex) ~3 (?:going to|gonna|will|threatened to|threatening to) (?:kill
|hurt|shoot|stab) (?:me|us|the kids|my kids|the baby|my baby)
|(?:going to|gonna|will|want to|about to|ready to) (?:hurt|harm|beat up
|attack) (?:my |that |the |his |her )?(?:co ?worker|boss
|supervisor|manager|neighbo\w*|wife|husband|partner|ex|roommate|landlord|teacher|guy|girl|man|woman|someone|somebody
|him|her|them)\b|voices? ~6 (?:telling|tell|tells|told|saying|say|says|ordering|order) (?:me )?to (?:hurt|kill|harm
|stab|shoot|attack|end|jump|cut|stop)
|(?:going to|gonna|will|want to|about to|ready to|plan\w* to) (?:end|kill|shoot|stab|murder) (?:him|her|them|someone
|somebody|everyone|people|my (?!self)\S+|that \S+|the \S+)
|(?:got|have|grabbed|loaded|took|taking|brought|bringing|bought|buying|purchased|picked up) (?:\S+ ){0,3}(?:gun
|rifle|pistol|shotgun|firearm) ~12 (?:going (?:over|to)|tonight|end it|end this|kill|shoot|make (?:him|her|them) pay
|teach (?:him|her
|them))
|(?:gun|rifle|pistol|shotgun|firearm|knife) ~10 (?:know|knows) where (?:he|she|they) (?:lives?|works?|sleeps?)
|going (?:over )?to (?:his|her|their) (?:place|house|home|work|job) ~8 (?:end it|end this|kill|shoot|finish (?:it
|this|him|her)|make (?:him|her|them) pay)|(?:got|have|grabbed|loaded|holding) (?:my |a |the )?(?:gun
|rifle|pistol|shotgun|firearm|weapon) ~3 (?:out|ready|loaded|in my hand|waiting)|(?:got|have|grabbed
|took) (?:my |a |the )?\S+ s (?:gun
|rifle|pistol|shotgun) (?:out|down|loaded)|voy a matar\w*
|(?:with|bring\w*|brought) (?:my |a |the |his |her )?(?:\S+ )?(?:gun|rifle|pistol|shotgun|weapon
|knife) ~8 (?:make sure (?:he
|she|they) never|hurt|kill\w*|shoot\w*
|sorry)
|(?:somebody|someone|people) (?:is |are )?(?:going to|gonna|will) (?:get )?(?:hurt|killed|shot|pay)
|(?:going to|gonna|will|want to|about to) (?:run (?:him|her|them) over|beat (?:him|her|them) (?:up|to death))
|(?:thoughts?|urges?|picturing|imagining|images?|pictures|visions|see(?:ing)? myself|keep seeing) ~5 (?:hurting
|harming|killing|drowning|smothering
|putting a pillow|dropping
|shaking|suffocating|holding|pushing) (?:her|him|them|the baby|my baby|my son|my daughter|my kids?|my children)
|(?:kept|keep|keeps) seeing myself (?:letting (?:go|her fall|him fall)|drop\w*)
|(?:thinking|thoughts?|picturing|imagining) (?:about |of )?(?:putting|holding) (?:her|him|the baby|my baby) (?:in|under)
(?: the)? (?:tub|bath|water)|(?:scared|afraid|terrified) of what (?:my hands|i) (?:would|might|will|could) do
|(?:scared|afraid|terrified) (?:to be|of being) (?:alone )?with (?:her|him|the baby|my baby|my newborn)
|(?:do not|can not|could not|no longer) trust myself (?:with|around|near|alone with) (?:her|him|them|the baby|my baby
|my son|my daughter|my kids?|my children|my newborn)
# --- clinical signs that also feed combinations ---
== severe_pain_ctx: clinical symptoms "severe pain" personal
(?:severe|extreme|excruciating|unbearable|terrible|horrible|worst|intense|really bad|sharp|stabbing) ~2 (?:pains?
|cramp\w*|aches?|aching|hurting)|(?:9|10) (?:out of|/) 10|10/10|doubled over
|(?:pain|hurts?|hurting) ~3 worse than (?:when )?(?:i|he|she|you) (?:broke|had|gave birth|delivered|passed)
|(?:pain|hurts?|hurting) ~3 worse than (?:childbirth|labou?r|giving birth|a broken \w+|(?:a )?kidney stones?)
|(?:hurts?|hurting) (?:so |really |real |very )?bad(?:ly)?
== head_hit: clinical head_injury "head injury" personal
(?:hit|hits|banged|bumped|struck|smacked|whacked|cracked|slammed|knocked|hitting|fell on|landed on|clash\w*
|butted) ~6 heads?
|(?:se )?(?:pego|golpeo|dio) (?:en |con )?la cabeza|golpe (?:en|de) la cabeza|head (?:injury|trauma|wound)|concussion
|fell ~3 head|goose ?egg|(?:head|helmet|face) first (?:into|onto)
|(?:big |huge )?(?:bump|lump) on (?:the back of |the side of |the front of )?(?:his|her|my|the)
(?: \S+)? head
== vomiting: clinical symptoms "vomiting" personal
vomit\w*|throw\w* up|threw up|puk\w*|being sick|sick (?:\d+|two|three|four|five|several|a few|many) times|(?:been
|was) sick twice
== confusion: clinical symptoms "confusion" personal
(?:does not|do not|did not) (?:know|no|remember) (?:what day|where (?:he|she|they) (?:is|are|was)|what team|who (?:i
|we) (?:am
|are|was)|the game)
|confus\w*(?! (?:about|by|as to|why|how|if|whether|regarding|because|what|which|when|where)\b)|disorient\w*
|confused about (?:where|who) (?:he|she|i|they) (?:is|am|are)
|not making sense|does not know where|delirious|call\w* (?:me|us) (?:by )?(?:the wrong name|(?:my|his|her
|their) (?:brother|sister|mother|mom|mum|dad|father|son|daughter|wife|husband|aunt|uncle|cousin)(?: s)? name)
|(?:keeps?|kept) asking (?:me |us )?(?:what day|what year|where (?:he
|she) is
|what happened)|(?:keeps?|kept) asking (?:me |us )?(?:the )?same (?:question|thing)
|asking (?:me |us )?(?:the )?same (?:question|thing) over and over|(?:more )?mixed up than (?:his|her|their|my)? ?usual
== blackout: clinical symptoms "loss of consciousness" personal
out cold|knocked out
|passed out|blacked out|fainted|faint\w*|desmay\w*
== fever: clinical symptoms "fever" personal
thermometer (?:says?|said|shows?|reads?|showed) (?:\S+ )?(?:10[0-6]|3[89]|4[01])(?:\.\d+)?
|calentura|(?:esta|muy|bien) calient[ea]
|(?:high|very high|raging|soaring) (?:temperature|temp)\b
|{FEVER}|burning up|hot to the touch
== swelling_face: clinical symptoms "facial swelling" personal
(?:lips?|tongue|face|eyes?) (?:are |is |look |looks |got |have got |went )?(?:very |so |really |super )?(?:big|huge|fat
|puffed up)\b|(?:se le |se me )?hinch\w* (?:la |el |los |las )?(?:boca|lengua|cara|labios|ojos|garganta)
|(?:face|eyes?|mouth|cheeks?) ~2 (?:swell\w*|swollen|puff\w*)|(?:swell\w*|swollen) (?:face|eyes?|mouth)
|hives (?:all over|everywhere)|(?:whole|entire) body ~3 hives|hives ~3 (?:whole|entire) body
|(?:lips?|tongue|mouth) ~2 (?:tingl\w*|itch\w*|numb\w*)
== stiff_neck: clinical symptoms "stiff neck" personal
stiff neck|neck ~2 stiff\w*|cuello (?:\S+ ){0,3}no (?:lo |la )?puede (?:doblar|mover)|(?:can not|could not|unable to
|will not) (?:bend|move|tilt) (?:her|his|my|the) neck
|(?:can not|could not|will not) (?:put|touch|bend|bring) ~2 chin ~2 (?:down
|chest)|(?:light|lights) ~1 hurts? (?:her|his|my) eyes|sensitive to light|photophobia
== sepsis_sign: clinical symptoms "sepsis signs" personal
mottled|blotchy skin|clammy|(?:shaking|uncontrollable) (?:with )?chills|(?:legs|knees|skin|arms) ~4 (?:blotchy|purple)
|rigors|(?:heart|pulse) ~2 (?:racing|very fast|pounding)
|very low blood pressure|(?:hard|impossible) to wake|can (?:barely|hardly) stay awake|letharg\w*|listless|floppy
|not (?:peeing|urinating)|no (?:pee|urine)
== infection: clinical symptoms "infection" personal
infect\w*|cellulitis|abscess|pus\b|(?:toe|foot|feet|wound|leg) ~4 (?:gone black|turned black|black|rotting|smell\w*
|stinks)|utis?|(?:urinary tract|bladder|kidney) infections?
== nonblanching: clinical symptoms "rash that does not fade" personal
rash ~3 (?:not|does not|will not) fade|glass test
|(?:do not|does not|did not|not|will not) (?:go away|go|fade|disappear|go white|turn white|blanch) ~8 (?:press\w*|glass
|tumbler)
|(?:glass|tumbler) ~8 (?:do not|does not|did not|not|will not) (?:go away|fade|disappear)
|non blanching|no se (?:quitan|borran|van|desaparecen) (?:\S+ ){0,4}(?:vaso|aprieto|presiono|apretar\w*)
|purple (?:\S+ )?(?:spots|rash|blotches|dots|specks
|pinpricks)
== headache: clinical symptoms "headache" personal
headaches?|head (?:pain|ache)|migraines?|head ~3 (?:pound\w*|throb\w*|splitting|exploding|killing (?:me|him|her))
== vision_change: clinical symptoms "vision change" personal
{VISION}
"""
