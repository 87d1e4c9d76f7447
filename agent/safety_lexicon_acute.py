"""More of the safety screen's data: acute presentations found missing by blind probes.

Same block format as ``agent.safety_lexicon.LEXICON`` (read with it by ``agent.safety_loader.load_lexicon``). These were
written by concept after a set of patient messages composed without sight of the lexicon showed what it missed:
burns and scalds, wounds that keep bleeding, a child who swallowed something, breathing in children and after
opioids, a swollen tongue or hoarse voice after a sting, stockpiled pills, a patient who will not
open their eyes, very high blood sugar, infant dehydration, testicle pain, and more (the questions that ask for
medical advice without a symptom word, found the same way, are in ``agent.safety_lexicon_clinical``).
"""

from __future__ import annotations

ACUTE_LEXICON = r"""
# --- emergencies ---
== burn_severe: emergency burn "severe burn or scald"
(?:severe|bad|serious|major|big|large|deep|third degree|3rd degree|second degree|2nd degree) burns?(?! (?:unit|center
|centre|clinic|class|course|cream|gel|kit))|burn\w* ~5 (?:white|leathery|charred|black|waxy|(?:big|large|huge|whole)
(?: \S+)? (?:area|patch|part))|(?:boiling|scalding|hot) (?:water|oil|grease|soup|tea|coffee|milk) ~5 (?:on|over
|all over|down|onto) (?:{POSS} \S+|him|her|them|himself|herself|myself)|(?:pulled|spilled|knocked|tipped
|dropped) ~3 (?:kettle|pot|pan|boiling|hot water|coffee|tea|oil) ~3 (?:on|over
|onto) (?:him|her|them|himself|herself|myself|{POSS})
|(?:splash\w*|spill\w*|spray\w*|squirt\w*|got) ~3 (?:with |by |some )?(?:the )?(?:{CAUSTIC}|acid|battery acid
|chemical\w*|caustic|pool chlorine) ~6 (?:skin|eyes?|face|arm|forearm|hand|leg|blister\w*|white|peel\w*|burn\w*)
|scald\w* ~5 (?:blister\w*|peel\w*|face|chest|arm|leg|back|belly|hand)|(?:skin|blisters?) ~4 (?:peel\w* off
|all blistered|white and)|quemadura (?:grave|grande|fuerte|de tercer)|white and leathery|(?:big|huge
|large) blisters ~4 (?:hand|arm|leg|face
|chest|back|foot|all over)
|skin (?:is )?(?:coming|came|peeling|sliding|falling) off|(?:white|leathery|charred) in (?:places|patches)
== bleeding_wound: emergency bleeding "severe bleeding"
(?:arm|hand|leg|foot|fingers?|forearm|thumb|toes?) ~4 (?:mangled|degloved|severed|cut off|amputated
|hanging off)|(?:caught|pulled|sucked|stuck|trapped) (?:in|into|under) (?:the |a )?(?:\S+ )?(?:machine|roller|conveyor
|press|auger|gears?|wood ?chipper|mixer|belt)
|(?:can|could) see (?:the )?(?:bone|tendon|fat|something white|white stuff|inside)
|(?:pour\w*|gush\w*|spurt\w*|soak\w*) (?:right |straight )?(?:through|out|everywhere)|(?:pump\w*|pulsing) (?:out )?blood
|blood (?:is )?pumping|blood ~2 (?:squirt\w*|spray\w*|shooting out|shoots out|spurt\w*)
|(?:it|cut|wound|gash|blood|artery|vein) (?:is |keeps |was |started |has been )?(?:still )?(?:spurt\w*|squirt\w*
|pumping|pulsing|spraying)
|(?:blood|it) (?:is )?(?:still )?(?:coming|seeping|leaking) (?:right |straight )?through
|(?:can|could) see (?:like |some |the |a )?(?:\S+ )?(?:fat|bone|tendon|intestines?|bowel|guts)\b
|(?:something|intestines?|bowel|guts|insides) ~3 (?:pushing|poking|bulging|coming|sticking|hanging) out
|(?:sangrando|sangra) (?:mucho|muchisimo|demasiado|sin parar|a chorros)
|(?:hueso|huesos) (?:se ve |se le ve |esta )?(?:salido
|afuera|expuesto|de fuera)|(?:se le ve|se ve|veo) el hueso
|(?:put|got|tied|tie|made|using|used|applied|have|has) ~3 (?:a )?(?:tourniquet|belt (?:round|around) (?:it|the|his|her
|my|their))|(?:filled|fill\w*) (?:a |the |half a )?(?:\S+ )?(?:bowl|cup|bucket|sink|basin) (?:with|of) (?:blood|clots)
|blood (?:through|soaking through|soaked through) (?:the |a |my |his |her )?(?:towels?|shirt|bandages?|rags?|jeans)
|(?:towels?|pads?|gauze|tissues?|shirt|rags?) (?:are |is |all )?(?:soaked|drenched|full of blood)
|bleed\w* (?:for )?(?:like |about |around )?(?:\d{2,} ?(?:min|mins|minutes))|through (?:like |about )?(?:\d+
|two|three|four|several) (?:towels|pads|shirts|rags|t shirts)
|bleed\w* (?:for )?(?:over |more than |almost |nearly )(?:an hour|\d+ (?:hours|minutes)|half an hour|(?:two|three
|four) hours)
|(?:cut|wound|gash|bleeding) ~10 (?:is |it is )?(?:not stopping|will not stop|would not stop|keeps? bleeding)
|(?:pressing|pressure|holding|pressed|held) ~8 (?:still|keeps?|will not stop|not stopping
|is not stopping) ~2 (?:bleed\w*|pour\w*|gush\w*|soak\w*|coming)|(?:mouthfuls|cups?|cupfuls?
|handfuls?) of (?:bright |dark )?(?:red )?blood
|(?:a lot|lots|so much|tons|loads) of (?:bright |dark )?(?:red )?blood(?! (?:work|tests?|draws?|pressure|sugar))
|(?:vomit\w*|threw up|throw\w* up|puk\w*|coughing up|coughed up) ~5 (?:clots|blood clots)|sangre (?:sale )?a borbotones
|empap\w* (?:\S+ ){0,2}toallas|no (?:para|deja) de sangrar|sigue sangrando|(?:couple of|few|several
|two|three) mouthfuls
== ingestion: emergency overdose "swallowed something harmful"
(?:bit|bitten|chewed|ate|swallowed|sucked on|got into) (?:\S+ ){0,3}(?:laundry|detergent|dishwasher|tide) pods?
|(?:laundry
|detergent|dishwasher|tide) pods? ~6 (?:bitten|chewed|open|in (?:her|his) mouth|swallowed)
|(?:took|taken|swallowed|ate) (?:her|his|my|the|their) (?:whole|entire) (?:\S+ )?(?:pill ?box|pill organi[sz]er
|pill case|week s pills|weekly pills)
|{CHILD} ~8 (?:ate|eat|eats|eaten|swallowed|chewed|drank|drunk|got into|licked|sucked on|se tomo|se trago|se comio|trago
|comio|bebio) ~6 {SWALLOWED}
|(?:casi )?tod[oa] (?:el|la) (?:frasco|bote|botella|caja)
|pills (?:all )?(?:everywhere|all over the floor)|(?:some |a few |several )?(?:pills|tablets) (?:are )?(?:gone|missing)
|(?:will not|would not) (?:tell|say) (?:me|us) how many|swallow\w* ~6 (?:batter(?:y|ies)|magnets?)|(?:can not tell
|do not know|not sure|no idea) how many (?:were|pills
|tablets) ~3 (?:in (?:there|it|the bottle)|missing|left|gone)
|(?:ate|eaten|swallowed|chewed|chewing|drank|drinking|licked|ingested|bit into|biting) ~6 (?:dishwasher\w*
|laundry (?:pods?
|detergent)|detergent pods?|bleach|antifreeze|pesticide|weed killer|rat poison|lamp oil|button batter\w*)
|{CAUSTIC} ~10 (?:took|had|drank|taken|takes) (?:a )?(?:swig|sip|gulp|mouthful|drink|taste)
|{CAUSTIC} ~14 (?:drank|drunk|swallowed|ate|eaten|licked|sipped|had|took) (?:some|a bit|a little|it|a mouthful|a sip)|
(?:swig|sip|gulp
|mouthful|taste) (?:straight )?(?:of|from|out of) ~3 {CAUSTIC}
|(?:tomo|trago|bebio|comio|tomaron|se tomo) ~3 (?:liquido (?:\S+ )?(?:de|para) limpi\w*|limpiador|desinfectante
|cloro|detergente|veneno|insecticida|raticida|gasolina|lejia
|blanqueador|limpiador)|pupils ~2 (?:tiny|pinpoint|pin point)|pinpoint pupils
|(?:coin|button|round|flat|disc|disk|watch)(?: \S+)? (?:cell )?batter(?:y|ies) ~4 (?:missing|gone|swallow\w*|in (?:his
|her) (?:mouth|throat))
|(?:ate|eaten|eating|cooked) ~4 mushrooms ~6 (?:picked|found|woods|yard|wild|forest|foraged|lawn|magic)
|(?:took|taken|swallowed|ate|had) (?:like |about |around |maybe |almost |over )?(?:\d{2,}|twenty|thirty|forty
|fifty) ~5 (?:pills
|tablets|capsules|{MED})
|(?:do not|did not|not sure|no idea|can not tell|unsure|do not know) (?:know )?how (?:many|much) (?:he|she|they
|the baby|it) ~1 (?:took|ate|swallowed|drank|had|taken|eaten|got)|(?:no se|no sabemos|no sabe) cuant[ao]s(?! (?:dias
|veces
|citas|recetas|semanas))
== choking_signs: emergency breathing "choking"
(?:cough|cry|breath\w*|talk)\w* ~4 (?:no sound|not making (?:a|any) sound|silent\w*)|no sound (?:is )?(?:coming
|comes) out
|(?:inhaled|breathed in|sucked in|aspirated) (?:a |an |one of the |the |some )?(?:\S+ ){0,3}(?:piece|lego|bead|toy
|peanut|nut
|coin|button|popcorn|grape|candy|part|marble)s?|(?:breathed|sucked) (?:a |an |one of the |the )?(?:\S+ ){0,3}(?:piece
|lego
|bead|toy|peanut|nut|coin|button|popcorn|grape|candy|part|marble)s? in\b
|stuck ~4 (?:not making (?:any |a )?(?:noise|sound)|(?:can not|could not|is not|not) (?:breath\w*|cough\w*|talk\w*
|cry\w*|make a sound))
== breathing_signs: emergency breathing "trouble breathing"
stridor|(?:high|squeaky|squeaking|whistling|crowing|honking) (?:pitched )?(?:sound|noise|squeak) (?:when|as)
(?: he| she| they| i| the baby) breath\w* in|drool\w* ~8 (?:leaning|leaned|sitting|sits) (?:\S+ )?forward
|(?:he|she|i|baby|they|the baby) (?:no|not|can not|could not|is not) breath\w* (?:good|well|right|properly)
|blue (?:around|round) (?:the )?(?:mouth|lips)
|(?:suck\w*|pull\w*|caving) in ~3 (?:under )?(?:{POSS} )?(?:ribs|chest|belly|neck|throat)|grunt\w*|(?:went|gone|going
|goes|turned|turning|go) limp
|(?:turn\w*|went|gone|going) (?:kind of |sort of |a bit |a little |slightly )(?:blue|purple|gr[ae]y)
|blue (?:around|round) (?:her|his|the) (?:mouth|lips)
|(?:can not|could not|unable to|not able to) (?:finish|complete|get through|say)
(?: a| his| her| my| full| whole)* sentences?
|(?:inhaler|nebuli[sz]er|albuterol|puffer) ~4 (?:is not|does not|not|is|are) (?:doing anything|doing much
|doing nothing|helping at all|making a difference|useless)|(?:breathing|breaths) ~3 (?:slow|shallow|irregular|noisy
|gurgl\w*|rattl\w*)|(?:\d|six|eight|ten) breaths (?:a|per) minute
|(?:me|le|nos|te) cuesta (?:mucho )?respirar|respira (?:mal|con dificultad|muy rapido)
|cough\w* (?:up )?(?:\S+ )?(?:pink|frothy|foamy|bubbly pink) ~2 (?:froth|foam|spit\w*|sputum|phlegm|mucus|stuff)
|(?:pink|bloody) (?:froth|foam|frothy spit\w*|frothy sputum)|pink (?:foamy|frothy|bubbly) (?:spit\w*|sputum|phlegm
|mucus)
|(?:frothy|foamy) pink|lips? (?:\S+ ){0,3}(?:blue|blew|purple|dusky)|(?:only )?(?:gets?|getting|say\w*) (?:\d|one|two
|three|four|a few)(?: \d)? words (?:out|at a time) ~4 (?:stop|breath\w*)|us(?:es|ing) (?:his|her|my
|their) (?:shoulders|neck
|stomach|belly) (?:muscles )?to breathe
|(?:only )?(?:say|get out|speak|talk)\w* (?:like |about |maybe )?(?:\d|one|two|three|four|a few)(?: or (?:\d|two|three
|four|five))? words ~6 (?:stop|breath\w*)|(?:inhaler|nebuli[sz]er|albuterol|puffer|ventolin) ~4 (?:barely|hardly
|not) (?:touching|helping|working|doing anything)|(?:used|taken|given|had|took|gave) ~2 (?:inhaler|albuterol|puffer
|nebuli[sz]er|ventolin|nebs?|breathing treatments?) (?:\d+|three|four|five|six|seven|eight|several|many|so many) times
(?: in| within) (?:the )?(?:last |past )?(?:an? |one |two |\d )?(?:hour|hours|hr|hrs)
== anaphylaxis_signs: emergency anaphylaxis "severe allergic reaction"
(?:over |more than )?(?:[2-9]\d|\d{3}|dozens of|hundreds of|tons of) (?:bee |wasp |hornet |yellow ?jacket )?stings
|(?:got |was |been )?swarmed by (?:bees|wasps|hornets|yellow ?jackets)
|(?:tongue|lips?|throat) ~3 (?:fat|thick|huge|closing|tight\w*|balloon\w*)|hives (?:head to toe|from head to toe)
|(?:hinchando|hinchada|hinchados|hincha) ~3 (?:cara
|labios|lengua|garganta)|(?:cara|labios|lengua) ~3 (?:hinch\w*)
== suicidal_plan: emergency suicidal "suicidal intent"
(?:pills|tablets|meds) ~4 lined up
|(?:{MED}|pills|tablets|meds) (?:\S+ )?saved up|enough (?:of )?(?:my |his |her )?(?:\S+ )?(?:pills|tablets
|meds) (?:saved
|stored|put away|stockpiled)|(?:thinking|thought|planning) (?:about |of )?(?:taking|swallowing) (?:the lot
|all of (?:them|it)|them all
|the whole (?:lot|bottle|box)|everything)
|end (?:it|it all|things|my life) (?:tonight|tonite|today|this weekend)
|noose|(?:got|have|put|set|tied) (?:up )?(?:the |a |my )?rope (?:set up|ready|tied|hung|up)
|(?:need|want) (?:someone|somebody|you|anyone) to stop me
|(?:saving|saved|stockpil\w*|hoard\w*|stash\w*) (?:up )?(?:all )?(?:of )?(?:my |his |her |the )?(?:\S+ )?(?:{MED}|pills
|meds|tablets|medications?|sleeping pills|pain pills)
|(?:saving|saved|stockpil\w*|hoard\w*|stash\w*) (?:up )?(?:from|out of) (?:my|his|her|the) (?:\S+ )?(?:{MED}|pills
|meds|tablets|medications?|prescriptions?)|tonight (?:is|s|might be|could be|will be|may be) the night|tonight (?:is
|s) it\b|(?:i )?know (?:how|when|where) (?:i am|im|i m) (?:going|gonna) to do it|
(?:saving|saved|keeping|kept) ~6 for (?:herself|himself
|myself|themselves)|talk me down|(?:scared|afraid
|terrified) of myself|(?:scared|afraid|terrified|worried) (?:that )?i (?:might|will|could|am going to|would)
(?: actually| really)? (?:do it|go through with it|hurt (?:her|him|them|the baby|myself)|harm (?:her|him|them
|the baby|myself))|end it (?:all )?(?:for good|tonight|once and for all|today)|(?:the |a )?rope (?:is )?(?:in|ready|up
|tied)|(?:made|making) my decision(?= .*(?:peace|over|ready|goodbye|sorry))
|go with (?:mom|mum|dad|her|him
|my \S+) when (?:she|he)
(?: passes| dies| goes| is gone)|(?:loaded
|cleaned) (?:my |the |a |his |her )?(?:pistol
|gun|rifle|revolver|shotgun|handgun)|(?:pistol|gun|rifle|revolver|shotgun|handgun) (?:is )?(?:loaded|on the (?:table
|bed|counter))
|before i do something(?: stupid| bad| i regret)?(?![^ ])|(?:want\w*|wish\w*|need\w*) (?:everything
|it all|the pain|it) to (?:stop|end|be over)|(?:want\w*|wish\w*
|going) ~2 (?:to )?sleep forever
|(?:cut|cutting|burn\w*|hurt\w*|harm\w*) myself ~3 (?:again|on purpose|deeper|deliberately|tonight)|deeper than
(?: usual| normal| before| last time| (?:i|she|he) (?:meant|wanted|intended)(?: to)?)
|(?:have|got) everything ready (?:for )?(?:tonight|today|tomorrow)
|(?:look\w* up|googl\w*|search\w*|research\w*|read\w* up on|figur\w* out) how many ~6 (?:it would take|would it take
|it takes|to (?:die|kill|overdose|end))
|(?:want|wanting|urge|need) to keep (?:going|cutting)(?= .*(?:cut|blood|deep))
== note_left: emergency suicidal "a note for whoever finds it" unscoped
(?:for|to) whoever finds (?:this|me|him|her|the \S+)
== unresponsive_signs: emergency unconscious "unconscious or unresponsive"
(?<!would )(?<!will )(?<!did )(?<!does )(?:no|not) wake (?:up)?\b(?! (?:for|until|till|in time|early|on time|at|before
|when))|(?:he|she) (?:not|is not) answer\w* (?:mi|me|us) when
|(?:not|is not|are not) (?:really )?respond\w* (?:to (?:me|us|anything|his name|her name|their name)|at all)
|(?:he|she|baby|the baby|toddler) (?:is|seems|feels|looks|went|has gone) (?:all |really |so |very |completely )?limp
|(?:will not|would not|does not|did not|is not|not) (?:respond\w*|answer\w*) (?:to (?:her|his|their|my) name
|when (?:i|we) (?:call|calls|called|say|shake|shook))
|(?:shake|shook|shaking|shakes|pinch\w*|slap\w*) (?:him|her|them) ~3 (?:no|not|does not|will not|would not
|can not) (?:wake|respond|answer|move)\w*
|(?:will not|would not|can not|does not|is not|not) (?:open|opening) (?:his|her|their|my) eyes
|(?:he|she|mom|dad|husband|wife|son|daughter|baby) ~2 (?:will not|would not|does not|can not|is not) (?:answer\w*
|respond\w*)
(?: me| us| when)
== stroke_signs: emergency stroke "stroke signs"
(?:mouth|face|lip|smile) ~3 (?:go\w*|went|hang\w*|hung|pull\w*|slid\w*|fall\w*|fell) (?:down|to one side|lopsided)
|one side of (?:his|her|she|my|the|their) (?:mouth|face|lip) ~3 (?:hang\w*|down|droop\w*|sag\w*|slack|numb\w*)
== stroke_more: emergency stroke "stroke signs"
(?:talking|saying|speaking) (?:\S+ )?(?:words|things) (?:that )?(?:do not|does not) make (?:any )?sense|(?:torci\w*
|ladea\w*
|caid\w*) (?:la )?(?:boca|cara)|no le salen las palabras|(?:dice|habla) (?:cosas )?sin sentido|se le cae el brazo
|(?:mouth|tongue) (?:will not|would not|can not|could not) (?:make|form|say|get) (?:the )?words|words (?:will not
|would not
|are not) (?:come|coming) out (?:right|properly)|words (?:come|coming) out (?:wrong|jumbled|garbled|mixed up)
|(?:sound|sounds|sounding|talk\w*|speak\w*) (?:like (?:i am|she is|he is) )?drunk
|(?:arm|leg|hand) ~3 (?:flops|floppy|dead weight|just drops)|word salad|(?:talk\w*|speak\w*|words) ~3 (?:gibberish
|nonsense|muddled)|(?:wonky|lopsided|droopy|crooked|uneven) ~4 side of (?:his|her|my|the|their) face
|(?:can not|could not|unable to) (?:lift|hold|grip|pick up) ~4 with (?:his|her|my|their) (?:left|right) (?:hand|arm)
|(?:lost|losing|lose) (?:the )?use of (?:his|her|my|their) (?:left|right) (?:hand|arm|leg|side)
|(?:can not|could not|unable to) (?:lift|hold|grip|pick up) ~4 in (?:his|her|my|their) (?:left|right) (?:hand|arm)
|(?:left|right) (?:leg|foot) ~2 (?:dragging|drags|dragged)|words (?:come out |coming out |came out )?in the wrong order
|(?:left|right) (?:arm|hand|leg) (?:just )?(?:dropped|fell|went limp|gave out|flopped)|corner of (?:her|his|my
|their) mouth
(?: is not| will not| would not| does not| not)? (?:moving|move|droop\w*|drooping)|(?:mouth|mout) ~2 twist\w*
|(?:cyaan|can not|cant) see (?:outta|out of) (?:di |the )?one side
|(?:cyaan|can not|cant) talk (?:proper|properly|straight)\b|(?:words?|werds) (?:dem )?(?:a )?(?:come
|coming|came) out
(?: all)? mix(?:ed)? up|(?:mout|mouth|face) (?:\S+ ){0,2}slid\w* down|(?:cyaan|can not|cant) hold (?:di|the) (?:cup
|glass|spoon|fork
|mug) (?:inna|in) (?:har|her|his|him|di) (?:right|left) hand|walk\w* into (?:the )?door ?frames?
|(?:boca|cara) (?:torcida|chueca|caida|de lado)|habla ~2 (?:enredad\w*|arrastrad\w*|trabad\w*)
|marbles in (?:his|her|my|their) mouth|(?:can not|could not) feel (?:the |my |his |her )?(?:left|right) side
|(?:werds|wrds) (?:\S+ )?wrong|(?:saying|says|said|using|uses|used) (?:all )?wrong words
|(?:can not|could not) get (?:his|her|my|their) (?:left|right) (?:hand|arm|leg|foot|fingers) to
|(?:my|his|her|their) words (?:are|r|were|is|came|come|coming|keep coming) (?:out )?(?:all )?(?:wrong|jumbled|garbled
|mixed up|scrambled|backwards)|(?:are|were|r) (?:all )?the wrong words|(?:says|said|saying|uses|using|used|picks
|picking) (?:all )?the wrong words?|(?:can not|could not|unable to|not able to) (?:get|getting) (?:a |one )?(?:full
|whole |complete |single )?sentences? out|(?:my|his|her|their) (?:whole |entire )?(?:left|right) side ~2 (?:went
|goes|gone|going|feels?|felt|is|was|got) (?:all |really |so )?(?:weird|funny|strange|wrong|off)
|(?:my|his|her|their) (?:\S+ )?words ~4 (?:came|come|coming|comes) out (?:all )?(?:wrong|jumbled|garbled|mixed up
|scrambled
|backwards|nonsense|as nonsense|funny|weird|slurred)
== seizure_signs: emergency seizure "seizure"
(?:shaking|jerking|twitching|fitting|convulsing) (?:on the (?:\S+ )?floor
|for (?:like |about |over |more than )?\d+ (?:min
|mins|minutes))|foam\w* at (?:the |her |his |their )?mouth
|(?:fell|fall|fall down|dropped) and (?:shake|shaking|shook|jerk\w*|twitch\w*)
|(?:shaking|jerking|twitching|convulsing) (?:all over|everywhere|his whole body|her whole body)
|on the floor ~3 (?:shaking|jerking
|twitching)
|eyes ~2 (?:roll\w*|rolled) (?:back|up)|(?:having|had|has) an? (?:sieve or|seize her|seizer|siezure|seazure)
|jerking ~3 (?:will not|would not|can not|does not) stop|temblando todo el cuerpo|ojos (?:volteados|en blanco|virados)
|no para de (?:temblar|convulsionar|sacudirse)|(?:will not|would not|can not|does not) stop (?:shaking|jerking|twitching
|convuls\w*) ~4 (?:on the floor|on the ground|minutes|mins)
== household_poisoning: emergency poisoning "a whole household ill at once (carbon monoxide?)"
(?:everyone|everybody|whole family|all of us|all (?:two|three|four|five|six|\d) of (?:us|them)|the whole house|we all
|they all|all the kids|both kids|(?:her|him|me) and (?:the|both|all the|my) kids) ~10 (?:headach\w*|(?:pounding
|splitting|throbbing) heads?
|dizzy|nause\w*
|throw\w* up|threw up|vomit\w*)|(?:furnace|space heater|generator|gas heater) ~20 (?:headaches?|(?:pounding|splitting
|throbbing) heads?|dizzy|nause\w*
|passed out)
|carbon monoxide|co (?:alarm|detector) ~3 (?:going off|beeping|went off)
|(?:car|engine|truck|motor) (?:was |is )?(?:still )?running ~6 (?:garage|door (?:down|closed|shut))
|garage ~8 (?:car|engine|truck|motor) (?:was |is )?(?:still )?running
|(?:calentador|estufa|calefactor|generador|boiler|caldera) ~14 (?:dolor de cabeza|mareo|vomit\w*|nause\w*|desmay\w*)
|todos (?:en la casa|en casa|nosotros) ~6 (?:dolor de cabeza|mareo\w*|vomit\w*)
|(?:calentador|estufa|calefactor|generador|boiler|caldera) ~14 (?:a todos|todos) ~4 (?:duele la cabeza|mareados)
== chest_weight: emergency chest_pain "chest pain"
(?:chest|breast ?bone|sternum) ~6 (?:elephant|sitting on (?:it|me|him|her)|ton of bricks|a brick|a weight|a vice
|a band|(?:kneeling|standing|stood|sat|pressing|stepping|squeezing|sitting|laying|lying)(?: down)? on (?:it|me|him
|her))
|(?:someone|somebody|something) (?:is )?(?:kneeling|sitting|standing|pressing|squeezing|stepping) on (?:my|his|her
|their) chest
|dolor ~6 (?:pecho|torax|brazo izquierdo)|chess (?:pains?|pressure|tight\w*|hurts?)
|like (?:\S+ ){0,2}(?:parked|parking|sitting|sat|standing|stood|dropped) (?:a |an )?(?:truck|car|elephant|piano|anvil
|bus
|fridge) on (?:me|him
|her|my chest|his chest|her chest)
|(?:can not|could not|hard to|trouble) (?:breed|breeding|breth\w*)
== vision_loss: emergency vision_loss "sudden vision loss or painful eye"
(?:shadow|curtain|blind|veil) ~6 (?:over|across|came down|coming down) ~4 (?:vision|eye|sight)|(?:curtain
|shadow) (?:came
|coming|come) down
|(?:vision|sight|eye) ~6 (?:went out|went dark|went black|gone dark|gone black|curtain|shade)
|curtain ~4 (?:down|over|across)|(?:shadow|shade|veil) ~4 (?:over|across|covering) ~4 (?:eye|vision
|sight)|(?:can barely|can hardly|can not|could not|barely|hardly) see (?:out of|with|from) (?:my|his|her|the|one
|left|right)(?: \S+)? eye|(?:lost|losing) (?:the |my |his |her |all )?(?:vision|sight) (?:in|of|from) (?:my|his
|her|one|the)(?: \S+)? eye|(?:went|gone|suddenly) blind
|(?:eye|eyes) ~5 sudden\w* ~3 (?:pain\w*|hurt\w*)|sudden\w* ~3 (?:eye pain|painful eye)|sudden\w* ~3 pain ~4 eye
|rainbow (?:rings|halos?|circles)
|halos? (?:around|round) ~1 lights? ~6 (?:pain\w*|hurt\w*|red)
|(?:severe|sudden|abrupt|excruciating|terrible|intense|extreme|horrible|unbearable) ~3 pain ~3 (?:in )?(?:my|his|her
|the|one)(?: left| right)? eye
|like a (?:blind|curtain|shade|veil|window shade) (?:being )?(?:pulled|drawn|coming|came|dropping|dropped)
== pinpoint_pupils: emergency overdose "pinpoint pupils"
(?:pupils|eyes) (?:are |look |went )?(?:tiny |like )?(?:pinpoint\w*|pin ?pricks?|pinholes|tiny dots)
== skin_reaction: emergency severe_skin_reaction "skin blistering or peeling off, with mouth or eye sores"
(?:skin|blisters?) ~6 (?:coming off|peeling off|sloughing|falling off) ~3 (?:in sheets|everywhere|all over)|(?:coming
|peeling
|falling) off in sheets|(?:blister\w*|peeling) ~6 like a (?:bad )?(?:sunburn|burn) ~10 (?:mouth|lips|eyes)
== snakebite: emergency snakebite "a snakebite"
snake ?bite|bitten by a (?:\S+ )?snake|snake (?:bit|got|struck)|(?:rattlesnake|rattler|copperhead|cottonmouth
|water moccasin|coral snake|viper|adder) ~3 (?:bit|got|struck|bite)|(?:picado|mordido
|mordio) (?:por )?(?:una )?(?:vibora
|serpiente|culebra)
== cauda_equina: emergency spinal "numbness around the groin or loss of bladder control with weak legs"
numb\w* ~4 (?:around|between) (?:my|his|her|the) (?:privates|groin|bottom|genitals|inner thighs|saddle)|(?:wet|peed
|soiled)
(?: myself| himself| herself) without (?:even )?(?:feeling|noticing|knowing)
== heat_stroke: emergency heat_stroke "heat stroke"
heat ?stroke|(?:stopped|quit) sweating|(?:skin|he|she) (?:is |feels |s )?(?:\S+ ){0,3}hot and (?:bone )?dry
|(?:dry|hot) ~3 (?:not|no longer|is not|was not) sweating|(?:heat|hot|sun|fire) ~8 (?:not|no longer) sweating
== tearing_pain: emergency severe_pain "tearing pain"
(?:ripping|tearing) (?:kind of |sort of |type of )?(?:pain|feeling|sensation|ache)|pain (?:tear|tearing|rip
|ripping)\w* (?:from|through|into)
(?: \S+)? (?:chest|back)|(?:pain\w*
|hurt\w*) ~4 like (?:ripping|tearing|something tore)
|(?:chest|back|shoulder blades) ~8 like (?:something|it) (?:ripped|tore|was ripping|was tearing|is ripping|is tearing)
== hyperglycemia: emergency hyperglycemia "very high blood sugar with warning signs"
(?:meter|glucometer|monitor|dexcom|libre|cgm|sugar|glucose|reading) ~3 (?:says|reads|read|shows
|showing|just says|is) ~1 hi|breath ~4 (?:fruity|nail polish|acetone)|(?:ketones|keytones) ~3 (?:high|large|moderate
|positive|dark purple)
|(?:sugar|glucose|bg|bs) (?:is |was |at |of |reading |reads |went up to |up to )+(?:[5-9]\d\d)(?![^ ])
== hypoglycemia_more: emergency hypoglycemia "very low blood sugar"
(?:took|taken|gave|given|injected|did) (?:my |his |her |the )?(?:\S+ )?(?:insulin|insuln|novolog|humalog
|lantus)(?: \S+){0,3} (?:twice|two times|double|2x|again by mistake)
|(?:sugar|glucose|bg|bs|meter|glucometer|reading) ~3 (?:it is|its|at|was|reads?|read|said
|says) (?:[1-4]\d)(?![^ ])(?! (?:{UNIT})\b)
== hypoglycemia_meter: emergency hypoglycemia "very low blood sugar"
(?:read|reads|reading|was|at|showed|shows) ([1-4]\d) on (?:her|his|my|the|their) (?:meter|glucometer|monitor|dexcom
|libre|cgm)|azucar ~6 (?:dice|marca|salio|esta en|en) [1-4]\d\b
== infant_signs: emergency infant "infant warning signs"
{CHILD} ~6 (?:really |very |so |all |gone |been )?(?:limp|floppy)(?! wrist)
|
(?:soft spot|fontanel\w*|mollera\w*) ~8 (?:sunken|sunk|sinking|bulging|dipped|dipping|caved|indented|caida|hundida)
|llora sin lagrimas|no (?:ha )?mojado (?:el |los |su )?panal\w*
|no (?:wet )?(?:diapers?|nappies
|pee) ~4 (?:\d+|six|eight|ten|twelve) (?:hours|hrs)
|no (?:wet )?(?:diapers?|nappies|pee) since|(?:nappy|nappies|diapers?) ~3 dry since|not crying (?:any )?tears
|no tears (?:come|came|coming)
|no tears when (?:crying|(?:he
|she) cries)
== torsion: emergency torsion "sudden testicle pain"
(?:sudden\w*|severe|really bad|very bad|terrible|excruciating|worst|woke up with
|screaming (?:with|about|in|from)) ~6 (?:pain )?(?:in )?(?:one |his
|my |the |a |left |right )?(?:testicles?|testicular|scrot\w*|balls?|privates|private parts|groin)|(?:testicles?
|testicular|scrot\w*|(?:left|right|one) (?:ball|nut)|balls|nuts|privates|private parts) ~4 (?:hurt\w*|pain\w*|swollen
|swelling|throbbing) ~4 (?:really bad|so bad|severe|out of nowhere|sudden\w*|worse than anything)|(?:testicle|ball|nut
|one side) ~6 (?:higher
|high up|pulled up|sitting higher) than (?:the )?other|(?:testicles?
|testicular
|scrot\w*|privates|private parts) ~5 (?:swollen
|swelling) ~5 (?:vomit\w*|throw\w* up|threw up|thrown up|puk\w*)
|(?:swollen|hurt\w*|pain\w*) ~4 (?:and )?(?:higher|sitting higher|pulled up|higher up) than the other (?:one|side)
|(?:ball|nut|testicle) on (?:the|my|his) (?:left|right)(?: side)? ~3 (?:hurt\w*|pain\w*|swollen|killing)
== fall_down: emergency fall "a fall and cannot get up, or help asked to come"
(?:grandma|grandpa|granny|mom|mum|dad|husband|wife|he|she|her|him) (?:is |was )?(?:on|lying on|laying on
|down on) (?:the )?(?:\S+ )?floor
(?! (?:playing|with the|reading))
|(?:can not|could not|unable to) get (?:up )?(?:off |up off |from |up from )(?:the )?floor
|(?:fell|fallen|fall|collapsed|slipped|tripped) ~10 (?:can not|could not|unable to|not able to) (?:get up|stand up
|stand|move|get off the floor|bear weight|put (?:any )?weight)|(?:have not|has not|had not) been able to (?:get up
|stand|move)|(?:still|stuck|lying|laying|been) on the (?:\S+ )?floor
|(?:on|off) the floor ~4 (?:can not|could not
|unable to) (?:get up|move)|(?:i|he|she|they|mom|dad|mum|husband|wife|grandma|grandpa) (?:can not|could not
|is unable to|am unable to) get up
(?: off the floor| from the floor| again)?$|(?:send|need|call) (?:me |us |him |her )?(?:an ambulance|paramedics
|help to (?:my|the
|our|his|her) (?:address|house|home|apartment|flat))|call (?:911|999|112) for (?:me|us|him|her)
# --- context cues of these presentations (their combinations are in safety_rules) ---
== halos: context vision_loss "halos or rainbows round lights"
(?:halos?|rainbows?|rings?) (?:round|around) (?:the )?lights
== slow_pulse: context palpitations "a very slow pulse"
(?:pulse|heart rate|heartbeat
|hr)(?: and)?(?: it)? (?:is |was |of |at |s )?(?:only |just )?(?:[1-3]\d)(?![^ ])(?! (?:years?|minutes?|mins?|kg|lbs?))
== rigid_jerky: context overdose "stiff or jerking muscles"
(?:muscles?|legs?|arms?|body|jaw) ~3 (?:stiff|rigid|jerking|twitching)(?: \S+){0,2} (?:like (?:a )?boards?|by (?:them
|it)sel(?:f|ves)
|on (?:their|its) own)
== smoke_ctx: context breathing "smoke breathed in"
singed|smoke inhalation|(?:cough\w*|spit\w*|bring\w*) (?:up )?(?:black|soot)|(?:got|pulled|dragged) (?:him|her|them
|my \S+) out
(?: of the)? (?:\S+ )?(?:fire|smoke)|after the (?:\S+ )?(?:caught fire|fire)
== cold_limb: context vascular "a limb gone cold and pale"
(?:leg|foot|arm|hand|toes|fingers) ~8 (?:very |ice |freezing )?cold ~6 (?:white|pale|blue|grey|gray|mottled)
== purple_spots: context meningitis "purple dots or spots"
purpl\w* (?:\S+ )?(?:dots|spots|blotches|rash)|petechiae|pin ?prick (?:spots|dots|rash)
== no_fade: context meningitis "spots that do not fade"
(?:do not|does not|did not|will not|not) (?:fade|go away|disappear|blanch)
"""
