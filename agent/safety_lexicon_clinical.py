"""The safety screen's clinical-question concepts: what only a nurse or doctor may answer.

Same block format as ``agent.safety_lexicon.LEXICON`` (read with it, in this order, by
``agent.safety_loader.load_lexicon``) and the same fragments (``agent.safety_fragments.MACROS``). The emergency
red flags and the clinical signs that feed combinations stay in ``agent.safety_lexicon``; here are the
symptoms, dose and adherence questions, side effects, interactions, results and home readings that make a
ticket clinical on their own, and the questions that ask for medical advice without a symptom word ("do I need
antibiotics", "can I drink wine on doxycycline", "can it be 100mg instead").
"""

from __future__ import annotations

CLINICAL_LEXICON = r"""
# --- clinical questions ---
== symptom: clinical symptoms "symptoms" personal
cloudy (?:wee|pee|urine)|(?:wee|pee|urine) (?:is )?(?:\S+ ){0,2}(?:cloudy|smelly|strong smelling|foamy)|hardly eating
|burn\w* (?:when|while|during) (?:i |he |she )?(?:pee|peeing|urinat\w*)|blood (?:when|after) (?:i )?wip\w*|hemorr?hoids?
|hemroids|forgetful|memory (?:loss|problems|getting worse)|mole ~3 (?:chang\w*|grow\w*|bigger|bleed\w*|darker)
|spit\w* up|wet\w* the bed|bed ?wetting|(?:rolled|twisted|sprained|turned) (?:my|his|her|their) (?:ankle|wrist|knee
|foot)
|stepped on (?:a )?(?:nail|glass|needle)
|rash\w*|hives|cough\w*|ringing|tinnitus|vertigo|heartburn|reflux|bloat\w*|spasm\w*|twitch\w*|stiff\w*|hot flashes
|hair loss|puffy|nits|head lice|lice|scabies|pinworms?|ringworm|hair ~3 (?:coming out|falling out|thinning)|(?:pulled
|removed|took|found) (?:a |the )?ticks?|tick bites?
|cysts?|ulcers?|blurr\w*|floaters|phlegm|mucus|incontinen\w*|nause\w*|diarrh\w*|dizz\w*|lighthead\w*
|sore throat|swell\w*|swollen|oozing|itch\w*|lump|bruis\w*|blister\w*|numb(?:ness|ing|ed)?|tingl\w*|cramp\w*|spotting
|bleed\w*|bled
|discharge(?! (?:papers?|summary|instructions|date|planning|planner|nurse|letter|forms?))|constipat\w*|palpitations
|(?:mole|moles|freckle|birthmark|lesion|growth|wart|skin tag|lunar)(?: (?!(?:{ADMIN_WORD}|remov\w*)\b)\S+){0,8}
(?: bigger| larger| grow\w*| darker| chang\w*| uneven| irregular| bleed\w*| crust\w*| raised| black)
|(?:heart|pulse) ~1 (?:rac\w*|pound\w*|skipp\w*|flutter\w*)|wheez\w*|out of breath|congest\w*|runny nose|chills
|night sweats
|fatigue|exhausted|insomnia|(?:ear|tooth|stomach|back|belly) ?aches?|nose ?bleeds?|sprain\w*|fractur\w*
|burning (?:when|while) (?:i |he |she )?(?:pee|urinat)\w*|(?:going|pee\w*|urinat\w*) (?:every \d+|all the time
|constantly)|blood in ~1 (?:urine|stool|pee|poop)
|(?:pains?|painful|hurts?|hurting|aches?|aching|sore|tender|throbbing)(?! (?:in the (?:neck|butt)))
|(?:incision|wound|stitches|sutures|staples|scar|surgical site|bite|scrape|cut) ~6 (?:red\w*|warm|hot|oozing|leak\w*
|drain\w*|open\w*|pus|smell\w*|weep\w*|yellow|green|streak\w*|apart|split\w*|loose)
|(?:stitches|sutures|staples|incision|wound) ~4 (?:(?:coming |came |come )?apart|split\w*|loose)
|(?:not|have not|has not|did not) (?:eaten|eating|drinking|peed|pooped)|food poisoning|spot(?:ting|s)?|jitter\w*|shaky
|drowsy|groggy|tired(?! of)
== swallowing: clinical symptoms "trouble swallowing" personal
(?:hard|difficult|trouble|difficulty|painful|hurts|can not|could not|unable) (?:to )?swallow\w*
== mental_health: clinical mental_health "mental health symptoms" personal
depress\w*|(?:anxiety|panic) attacks?|(?:my|i have|having|bad|severe|with) anxiety
|(?:feel|feeling|felt|feels|so|very|really) anxious
|(?:can not|could not) (?:leave|get out of) (?:the |my )?(?:house|home)
|(?:feel|feeling|felt|feels) ~1 (?:hopeless|worthless|empty|numb|down|low|depressed|overwhelmed|on edge|like a burden
|paranoid)|(?:can not|could not) (?:stop crying|cope|function|get out of bed|sleep)|(?:hearing|hear|hears) voices
|intrusive thoughts|mental (?:breakdown|health crisis)|manic|psychosis|psychotic|hallucinat\w*|eating disorder
|bulimi\w*|anorexi\w*|binge\w*|flashbacks|nightmares
== dosing: clinical dosing "dose question" unscoped
how much (?:\S+ ){0,3}{MED} (?:for|to give|can|should|do)|(?:take|give|have) (?:an |one )?extra (?:\S+ ){0,2}(?:{MED}
|dose|pill
|tablet)|(?:confirm|clarify|check|query) (?:the )?(?:intended )?(?:dose|dosage|frequency|strength|directions)
|(?:what|which|right|correct|max\w*|how much|safe|usual|proper) (?:\S+ )?(?:dose|dosage)
|how (?:much|many) ~3 (?:can|should|do) (?:i|we|he|she) (?:take|give|use)
|(?:dose|dosage) ~4 (?:too|enough|change|adjust\w*|increas\w*|decreas\w*|higher|lower|wrong)
|(?:took|take|taken|gave|given) ~3 (?:twice|two times|double|(?:\d|two|three|four|five|extra) (?:doses|extra doses))
|(?:double|doubled|doubling|extra|two|2) (?:up|dose|doses|the dose)
|\d+ ?(?:mg|mcg|ml|units?) ~2 (?:too much|too many|enough|safe|ok|okay|normal|too high)
|how long after (?:the |my |his |her )?(?:last |first )?(?:pill|dose|tablet|shot|injection|antibiotic\w*) (?:can|should
|do|until|before)|(?:need|have|supposed) to taper|taper (?:off|down|it|(?:the |my |his |her )?{MED})
|(?:how|when) (?:do|should|can|would) (?:i|we|he|she) (?:come down|come off|taper|wean|step down)(?: (?:off|from|on))?
(?: (?:it|them|the \S+|my \S+|{MED}))?$
|generic ~3 (?:weaker|stronger|as strong|as effective|as good)
|(?:exactly )?the same as the brand|weaker than the brand
|(?:can|could|should|may) (?:i|we|he|she|you) (?:cut|split|halve|crush|break) (?:\S+ ){0,3}(?:in half|in two
|in halves|into halves|in quarters)
== adherence: clinical dosing "dose missed, late, doubled or wrong" unscoped
# "skipped two days of my eliquis", "took my ozempic a day late", "not sure if I took my pill", "olvide la pastilla"
(?<!never )(?<!not )(?<!to )(?:miss|missed|missing|forgot|forget|forgetting|forgotten|skip|skipped|skipping
|did not take|have not taken|had not taken|never took|did not get|could not take|was not able to take|did not use
|stopped|quit|(?:been|was|were|am|is|are|went|gone|came) off|olvide|olvido|se me olvido|se le olvido|se me paso
|no (?:me )?tome|no (?:se )?tomo|no me puse|me salte|salte){DOSE_GAP} {DOSE}(?! (?:at|in) (?:school|home
|work|daycare|camp|the car|the office|my car)| in (?:the|my) (?:order|delivery|box|bag))
|(?:took|take|taken|taking|gave|give|given|had|used|injected|tome|tomo|me tome
|se tomo) (?:\S+ ){0,3}?{DOSE} ~3 (?:late
|too late|early|too early|too soon|twice|two times|at the wrong time|(?:by|por) (?:mistake|accident|error)|instead of
|dos veces|doble|tarde)
|(?:took|taken|gave|given|had|injected) (?:an |one |a |two |2 )?extra ~2 {DOSE}|double (?:dosed|dosing)
|(?:accidentally|mistakenly|by mistake|by accident) (?:took|taken|gave|given|swallowed|injected|doubled
|used) ~3 {DOSE}
|(?:took|taken|take|gave|given|swallowed|injected) (?:\S+ ){0,2}?wrong (?:\S+ )?(?:{DOSE}|med|medicine)
|(?:took|taken|gave|given|swallowed) (?:my |his |her |the )?(?:husband|wife|mom|dad|son|daughter|sister|brother
|roommate|partner|friend|someone else)s? (?:\S+ )?{DOSE}
|(?:not sure|forgot|forget|do not remember|can not remember|do not know|unsure|wondering) (?:if|whether) (?:i|he|she
|we|they) (?:took|taken|gave|given|had|already took|already gave) ~3 {DOSE}
|(?:\d+|one|two|three|four|five|a few|several|a couple of) (?:hours?|days?|weeks?) late (?:for|on|with|taking)?
(?: \S+){0,2}? {DOSE}|late (?:for|on|with) (?:my|his|her|the) (?:\S+ )?{DOSE}
== side_effects: clinical side_effects "side effects" unscoped
(?:rash|hives|itch\w*|swelling|diarrh\w*|vomit\w*|dizz\w*) after (?:taking |starting )?(?:the |my |his |her )?{MED}
|{MED} (?:is |has been )?(?:making|made|makes|giving|gives|gave|causing|causes|caused) (?:me|my|him|her|his)\b
|side effects?|(?:will|would|could|can|do|does) (?:i|he|she|we|they) (?:have|get|go through) (?:any )?withdrawals?
|(?<!weeks )(?<!months )(?<!days )(?:since|after) (?:i )?(?:start\w*|began|switch\w*|taking) ~3 {MED}
|{MED} (?:is|are|has been|have been|keeps?|seems? to be) (?:\S+ )?(?:making|giving) (?:me|him|her)
|reaction to ~3 (?:{MED}|shots?|vaccines?|injections?|{VAX})
== interaction: clinical interaction "drug interaction" unscoped
(?:^|, |or )take (?:them )?both\b
|(?:ok|okay|safe|alright|fine) to take with (?:it|them|my \S+|his \S+|her \S+)|(?:can|could|should) (?:i|we|he|she)
(?: \S+){0,3} take (?:them )?both\b
|{MED} (?:with|plus) (?:my |his |her |the )?{MED}$|{MED} (?:with|and) (?:coffee|alcohol|wine|beer|food|milk|grapefruit
|juice|tea) (?:ok|okay|safe|fine|alright)|(?:puedo|podemos|se puede|puede) (?:tomar|darle|dar|usar|mezclar|combinar)
(?: \S+){1,3} con (?:mi|su|el|la|los|las) (?:\S+ )?(?:pastilla|medicina|medicamento|tratamiento|pildora)s?
|interact\w*|(?:mix|mixing|combine|combining) ~4 (?:with|and)
|(?:drink|drinking|have|having) (?:alcohol|wine|beer|a beer|a drink|drinks|liquor) ~2 (?:on|with|while)
|(?:take|taking|use|using) ~3 (?:together with|along with|while on|while taking|at the same time as)
|grapefruit ~10 {MED}|{MED} ~10 grapefruit|(?:make|makes|making) (?:my |the |her )?(?:birth control|the pill|pill
|contraceptives?|implant|nexplanon) (?:not work|less effective|stop working|fail|useless)
== critical_result: clinical critical_result "result flagged critical" unscoped
(?:result|results|value|lab|labs|level|levels|test) ~3 (?:critical|panic)|critical (?:result|value|lab|level)s?
== result_flag: clinical result_interpretation "result interpretation" unscoped
(?:results?|labs?|levels?|count|reading|a1c|psa|tsh|cholesterol|glucose|sugar|potassium|creatinine|hemoglobin
|platelets
|biopsy|mammogram|pap|scan|mri|x ray) ~3 (?:is|are|was|were|came back|come back|looks?|showed|shows
|says?) (?:\S+ )?(?:high|low|elevated|abnormal|positive|borderline|out of range|off|bad|concerning|flagged|not normal
|irregular)
|is (?:a |an |my )?(?:\S+ )?(?:of )?\d+(?:[./]\d+)? ~2 (?:normal|high|low|bad|ok|okay|dangerous|too high|too low)
== reading: clinical symptoms "home reading or vital sign"
# a value after a vital ("sugars running 250 300", "bp 170/105", "temp 102.5"); a device that shows one
# ("the machine says 182/96"); a blood pressure on its own ("around 165/98"); a vital told high or low
{VITAL}{VGAP} {READING}|{TEMP}{VGAP} {TEMP_VALUE}
|(?:meter|monitor|machine|cuff|cgm|dexcom|libre|oximeter|pulse ox\w*|thermometer|sensor|watch|fitbit) ~2 (?:says
|said|reads|read|reading|shows|showed|showing|gave me|is showing|keeps saying|went up to|hit|registered) ~2 {READING}
|(?:[7-9]\d|1\d\d|2[0-5]\d)s?(?:/| over )(?:[4-9]\d|1[0-4]\d)s?(?![^ ])(?! (?:{UNIT})\b)
|(?!(?:hr|readings?)\b|(?:oxygen|o2)(?! (?:levels?|sats?|saturation)\b)){VITAL}{VGAP} {HIGH_LOW}
(?! (?:school|quality|risk|priority)\b)
== weight_change: clinical symptoms "sudden weight change" personal
(?:gained|gaining|put on|lost|losing|dropped|up|down) (?:\d+|two|three|four|five|ten|a few|several) (?:lbs?|pounds
|kilos?|kg) ~3 (?:in (?:a|one|two|three|\d+) (?:days?|weeks?)|overnight|since|this week|without trying)
== exposure: clinical sexual_health "possible infection exposure (time-critical treatment)" unscoped
condom (?:broke|broken|split|came off|slipped)|window period|post ?exposure|pre ?exposure|(?:hiv|std|sti)
(?: \S+)? exposure|(?:exposed|exposure) to (?:hiv|hepatitis|syphilis|chlamydia|gonorrh\w*)|needle ?stick
== aftercare: clinical symptoms "symptom after a procedure or shot"
{AFTER_SIGN} ~4 (?:after|since|following|from|post|despues de|desde) (?:the |my |his |her |a |an |this |that |their
|la |el |mi )?(?:\S+ )?{PROCEDURE}|(?<!after )(?<!before )(?<!for )(?:the |my |his |her |this )(?!delivery){PROCEDURE}
(?: site| area| spot| wound| incision| arm)? ~3 (?:is|are|was|has been|have been|keeps|still|started|feels|looks
|made|making|left)(?: \S+){0,2} {AFTER_SIGN}
|(?:the|that|this) (?:area|site) (?:where (?:\S+ ){1,6})?(?:is|are|was|has been|looks|feels|keeps|got|is getting)
(?: \S+){0,2} {AFTER_SIGN}
# --- questions that ask for medical advice without a symptom word (found by blind probes) ---
== dose_change: clinical dosing "dose change" unscoped
(?:higher|lower|bigger|smaller|stronger|weaker|increas\w*|decreas\w*|up|upping|bump\w* up|raise|raising|lower\w*
|cutting|double)
(?: the| my| his| her)? (?:dose|dosage|strength)|\d+ ?(?:mg|mcg) ~3 instead of|instead of (?:the )?\d+ ?(?:mg|mcg)
|(?:bottle|label|pharmacy|pharmacist) (?:says|said) ~10 (?:but|and) (?:the )?(?:doctor|dr|nurse) (?:said|says|told)
== treatment_need: clinical medication_question "asks whether a treatment is needed" unscoped
(?:do|should|can) (?:i|we|he|she) (?:start|begin|take|use) (?:the |my |his |her )?(?:\S+ ){0,2}(?:{MED}|rescue pack
|standby
|antibiotic\w*|steroids?)|(?:do|does|should) (?:i|we|he|she|they
|all) (?:\S+ )?need (?:a )?(?:tetanus |flu |covid )?(?:shot|jab|booster
|treating|treatment|to be treated)\b(?! (?:appointment|record|card))|{MED} or {MED} (?:better|best|safer)|(?:send|give
|prescribe) (?:him |her |me
|them )?(?:some )?antibiotics?
|need (?:a )?tetanus(?: shot| jab| booster)?|how long ~4 contagious|what (?:cream|ointment|lotion|shampoo|spray) (?:can
|could|should|do) (?:i|we) (?:use|put|try|get)
|(?:something|anything) stronger|(?:{MED}|statins?|meds?|medication|pills) or (?:try )?(?:diet|exercise
|lifestyle|wait)
|(?:which|what) (?:vaccines?|shots?|vaccinations|immuni[sz]ations|jabs) (?:do|does|should|will) (?:i|we|he|she
|they|my \S+|the kids|the children|the baby) (?:need|get|have)
|(?:do|does|should|will|whether|if) (?:i|we|he|she|they) (?:need|have to|should)(?: to start| start| to take| to be on
| go on| to go on
| be on
| to get| to do (?:anything|something)(?: like| such as)?)?(?: a| an| any| some)?(?: malaria| travel| allergy| pain
| sleeping| nausea)? (?:statins?|x ?rays?|xrays?|scans?
|a cast|a brace|a splint|crutches
|antibiotics?|medication|medicine|treatment|steroids?|stitches|tetanus|rabies|{MED}|(?:eye |ear )?drops|creams?
|ointments?|inhalers?)(?! (?:refills?
|forms?|appointments?|prescriptions?|renew\w*|sent|filled|orders?|referrals?|requisitions?))
|(?:is there |anything |something )(?:i|we|he|she) (?:can|could|should) (?:take|give|use|put on)(?! to\b)
|(?:what|anything|something) (?:can|could|should) (?:i|we|he|she|they) (?:take|give|use|put on)(?! to\b)
|(?:anything|something) (?:i|we) can (?:put|take|use|give)(?! to\b)
|(?:do|does|should) (?:i|we|he|she|they) (?:need|have) to (?:treat|be treated)|(?:which|what) (?:shampoo|cream|ointment
|medicine|drops|spray|lotion|pill) ~4 (?:works?|should|best|do you recommend|is good|helps?)
|heat or ice|ice or heat|(?:warm|cold|hot) compress(?:es)?\b|(?:finish|stop|keep taking|complete) (?:the|my|his
|her) (?:course|antibiotic\w*)
|(?:strep|covid|flu|uti|mono|pregnancy) test (?:needed|necessary)
|is it (?:safe|ok|okay|alright|fine)(?: for (?:me|him|her|my \S+(?: \S+){0,2}))? to (?:get|have|take|give|mix|combine
|use) ~4 (?:{VAX}|{MED}|together
|at the same time|both)|(?:should|can|could) (?:i|we|he|she) (?:try|start|begin) ~2 {MED}
|(?:que|cual|cuales) (?:(?!(?:dia|dias|hora|horas|fecha|cita|citas|horario|turno|nombre|numero)\b)\S+ ){0,3}(?:le|les
|me|te) (?:puedo|podemos|debo|debemos) (?:poner|dar|aplicar|usar|tomar)(?! (?:la |una |el |un )?(?:cita|turno|fecha
|hora|nombre|numero|correo|cuenta)\b)
|(?:que|cual|cuales) (?:champu|crema|pomada|gotas|jarabe|medicina|medicamento|pastilla)s? (?:\S+ ){0,3}(?:sirve|funciona
|recomienda\w*|es seguro|es segura)
== interaction_more: clinical interaction "drug interaction" unscoped
(?:does|will|would|could|can|might) (?:that|this|it|(?:the|an?|this|that|my|his|her) (?:\S+ )?\S+) (?:change
|affect|mess with|mess up|interfere with|throw off|raise|lower|spike) (?:my|his|her|their) (?:inr|levels?|blood
(?: sugars?| thinner| thinning)|sugars?|{MED})(?! (?:{ADMIN_WORD})\b)
|(?:a problem|ok|okay|safe|bad|fine|dangerous|an issue) (?:with|while on|while taking|on) (?:his |her |their )?{MED}
|(?:ok|okay|safe|alright|fine) to (?:take|use|give|start|mix) {MED}
|is it (?:ok|okay|safe|fine|alright) to ~4 (?:while on|while taking|when on|on (?:that|this|it|these|those|{MED}))
|(?:a problem|ok|okay|safe|bad|fine|dangerous|an issue) (?:with|while on|while taking|on) (?:my |the |this )?{MED}
|(?:do not|can not|should not|are not supposed to) (?:go|be taken|mix|work) together
|{MED} (?:and|with|plus) (?:my |his |her |the )?{MED} ~4 (?:ok|okay|safe|fine|alright|together|interact\w*)
|(?:is|are) (?:that|this|the|these|those) (?:combination|combo|mix) (?:ok|okay|safe|fine|alright|dangerous)
|(?:alcohol|wine|beer|drinks?|liquor|cocktails?|grapefruit) ~6 (?:while on|while taking|(?:with
|and) (?:my |the |this )?{MED}
|on (?:my |the |this )?{MED})
== result_high: clinical result_interpretation "result interpretation" unscoped
{LAB} (?:is |was |of |at |level |levels )?\d+(?:\.\d+)?(?= (?:bad|high|low|ok|okay|normal|good|too|dangerous|worrying
|concerning|is that))
|{LAB} (?:came back|come back|was|is|at|of|reading|read|result) (?:as |at )?\d
|{LAB} (?:\S+ ){0,3}(?:slightly |a bit |a little |very |really |too )?(?:high|low|elevated|abnormal|flagged)
|{LAB} (?:is |was |of |at |came back )?\d+(?:\.\d+)? ~4 (?:h|high|l|low|flag\w*)(?![^ ])
|(?:it is|it was|they are|they were|was|were|is|are|been|got|came back) flagged (?:as )?(?:high|low|abnormal|critical
|out of range|red)(?! (?:risk|priority|alert|account))
|(?:results?|labs?|pap|biopsy|test|scan|mri|culture|screen\w*) ~2 (?:says|said|shows|showed|came back
|come back) ~4 (?:positive
|abnormal|high|low|elevated|atypical|not normal)
== eye_symptom: clinical symptoms "eye symptoms" personal
(?:eye|eyes) ~3 (?:red|crusty|goopy|gunky|pink|glued|swollen|weeping|oozing)|pink ?eye|conjunctivitis|warts?
|loose stools?
|verruca\w*
"""
