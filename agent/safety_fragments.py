"""Named fragments the safety lexicon's patterns share: ``{MED}``, ``{VITAL}``, ``{READING}``, ``{FEVER}`` ...

Data only. ``agent.safety_loader`` expands each ``{NAME}`` in the bodies of ``agent.safety_lexicon``,
``agent.safety_cues``, ``agent.safety_lexicon_clinical`` and ``agent.safety_lexicon_acute`` (one fragment may use
another). Patterns run on normalised text, as the lexicon's (see ``agent.safety_lexicon``).
"""

from __future__ import annotations

MACROS = {
    # --- home readings: a vital sign, a short gap without an admin word, then a value shaped like a reading
    "VITAL": (
        r"(?:blood pressures?|bp|b p|systolic|diastolic|(?:my|his|her|their|the|your) pressure|heart ?rates?"
        r"|hr(?= (?:of |at |is |was |in the )?\d)|pulse|blood sugars?|sugars?|bs|bg|(?:blood )?glucose"
        r"|fasting (?:sugars?|glucose|numbers?|levels?)|a1c"
        r"|hba1c|oxygen(?: levels?| sats?| saturation)?|o2(?: sats?| levels?)?|spo2|sats|saturation|pulse ?ox\w*"
        r"|oximeter|ketones|peak flow|readings|(?:my|his|her|the|this|that|last|latest|morning|a) reading"
        r"|(?:my|his|her|their|the|your) numbers|(?<!phone )(?<!account )(?<!card )(?<!id )(?<!claim )(?<!fax )"
        r"numbers(?= (?:have|has|are|were|been|running|keep|stay))|presion(?: arterial)?|azucar|glucosa|oxigeno"
        r"|saturacion|pulso)"
    ),
    "TEMP": r"(?:temps?|temperatures?|temperatura)(?! (?:{ADMIN_WORD})\b)",
    # a value: "160/100", "150s over 90s", "250", "9.1"; never a time, a duration, a price or a quantity
    "READING": (
        r"(?:(?:[6-9]\d|1\d\d|2\d\d)s?(?:/| / | over )(?:[3-9]\d|1[0-4]\d)s?|\d{2,3}s?|\d{1,3}\.\d+)(?![^ ])"
        r"(?! (?:{UNIT})\b)"
    ),
    "TEMP_VALUE": (
        r"(?:99\.[5-9]\d*|1[01]\d(?:\.\d+)?|3[89](?:\.\d+)?|4[0-2](?:\.\d+)?|9[0-5](?:\.\d+)?|3[0-5]\.\d+)(?![^ ])"
        r"(?! (?:{UNIT})\b)"
    ),
    "VGAP": r"(?: (?!(?:{ADMIN_WORD}|meds?|medications?|medicines?|pills?|tablets?|cuffs?|monitors?|meters?|machines?"
    r"|strips?|tests?|testing|logs?|diary|sensors?|pumps?|tanks?|concentrator|free|cravings?|drinks?|intake|drops"
    r"|substitutes?|am|old|years|goals?|targets?)\b)[^ ,]+){0,5}",
    "HIGH_LOW": (
        r"(?:high|higher|highs|low|lower|lows|elevated|spik\w*|dropp\w*|tank\w*|crash\w*|climb\w*|rising|creeping up"
        r"|through the roof|off the charts|all over the place|out of control|out of whack|(?:is|are|was|were|been|be"
        r"|going|goes|went|keeps?|stay\w*|running|runs|ran|shot) (?:\S+ )?(?:up|down)|will not (?:come|go) down"
        r"|not (?:coming|going) down|alt[ao]s?|baj[ao]s?|elevad\w*|por las nubes)"
    ),
    # --- doses: what a dose is, and a gap without an errand in it ("forgot to order my insulin" is a refill)
    "DOSE": (
        r"(?:{MED}|shots?|injections?|patch|ring|depo|nexplanon|pastillas?|pildoras?|insulina|inyeccion|dosis"
        r"|medicinas?|medicamentos?|anticonceptiv\w*)"
        r"(?! (?:appointment|appt|visit|clinic|refill|prescription|class|training|teaching)s?\b)"
    ),
    "DOSE_GAP": (
        r"(?: (?!(?:{ADMIN_WORD}|reorder\w*|pick\w*|bring|brought|call\w*|renew\w*|request\w*|ask\w*|mention\w*"
        r"|tell|told|update\w*|list|pharmacy|mail|payment|send|sent|includ\w*|ship\w*|fill\w*|fax\w*|pack\w*|cover\w*"
        r"|carry\w*|stock\w*)\b)\S+){0,4}"
    ),
    # --- procedures and what may follow them ---
    "PROCEDURE": (
        r"(?:colonoscopy|endoscopy|egd|biops(?:y|ies)|surgery|surgical|procedure|operation|extraction|tooth"
        r" (?:pulled|removed|extracted)|wisdom teeth|stitches|sutures|iud|implant|nexplanon|injection|shots?|vaccines?"
        r"|vaccinations?|booster|jab|infusion|iv|blood draw|lab draw|cath\w*|stent|c section|mammogram|pap"
        r"|colposcopy|leep|cystoscopy|vasectomy|circumcision|removal|excision|cortisone|epidural|spinal tap"
        r"|lumbar puncture|ablation|transfusion|dialysis|chemo\w*|radiation|contrast|dye|filling|root canal|piercing"
        r"|cirugia|operacion|vacuna|inyeccion|biopsia|procedimiento)"
    ),
    "AFTER_SIGN": (
        r"(?:bleed\w*|bled|blood(?! (?:work|tests?|draw|drive|pressure|sugar|type|bank|donation))|pain|pains|painful"
        r"|hurts?|hurting|sore|soreness|aches?|aching|swell\w*|swollen|fever\w*|chills|cramp\w*|spotting|nause\w*|vomit\w*"
        r"|throw\w* up|threw up|ooz\w*|drain\w*|leak\w*|pus|bruis\w*|numb(?:ness|ing|ed)?|dizz\w*|rash\w*|itch\w*"
        r"|red(?! cross)|redness|warm|infect\w*|discharge|diarrh\w*|constipat\w*|headaches?|lump|knot|fainted|sangr\w*"
        r"|dolor|duele|hinchad\w*|fiebre)"
    ),
    "VAX": (
        r"(?:vaccines?|vaccinat\w*|shots?|boosters?|jabs?|immuni[sz]ations?|flu ?mist|covid|mmr|tdap|dtap|shingrix"
        r"|shingles|rsv|hpv|gardasil|pneumo\w*|prevnar|hep(?:atitis)? [ab]|tetanus|varicella|chicken ?pox|mening\w*"
        r"|polio|vacunas?|vacunar\w*|refuerzo)"
    ),
    # "my chest", "the middle of my chest", "his breastbone"
    "CHEST": r"(?:(?:{POSS} )?(?:(?:middle|center|centre|left|right|front|top|upper|left side|right side) of )?{POSS} "
    r"|(?:in|on|across|behind|under|round) )(?:chest|breast ?bone|sternum|rib ?cage)",
    "POSS": r"(?:my|his|her|their|our|the|your|a|an|its)",
    "VISION": (
        r"(?:seeing|see|saw|seen|sees|notic\w*|have|having|getting) ~2 (?:spots|sparkles|sparkly|stars|flash\w*"
        r"|flicker\w*|floaters|zig ?zags|squiggl\w*|lights|dots)|(?:spots|sparkles|flash\w*|flicker\w*|lights|dots"
        r"|floaters) ~4 (?:vision|eyes?|sight)|(?:vision|eyesight|sight|eyes?) ~3 (?:blurr\w*|fuzzy|dim\w*|dark\w*"
        r"|weird|funny|off|strange|spotty|wavy|double|changed|changing|changes?|spots)|blurr\w* vision|double vision"
        r"|(?:flashing|flickering|sparkling) lights?|seeing double|(?:seeing|sees|see|saw) (?:two|2) of (?:me|you|us"
        r"|everything|everyone|things|them)|(?:seeing|sees|see|saw) (?:everything|things) (?:double|twice)"
        r"|(?:veo|vista) ~2 (?:borrosa|lucecitas|luces|puntos|manchas"
        r"|estrellas)"
    ),
    "WHO": (
        r"(?:he|she|they|baby|son|daughter|husband|wife|mom|mother|dad|father|child|kid|toddler|grandma|"
        r"grandpa|grandmother|grandfather|brother|sister|partner|boyfriend|girlfriend|friend|roommate|patient)"
    ),
    "MED": (
        r"(?:meds?|medications?|medicines?|pills?|tablets?|capsules?|doses?|dosage|insulin|inhaler|antibiotic\w*|"
        r"antidepressants?|steroids?|blood thinners?|birth control|vitamins?|supplements?|gummies|tylenol|"
        r"acetaminophen|paracetamol|advil|motrin|ibuprofen|aleve|naproxen|aspirin|benadryl|zyrtec|claritin|"
        r"sudafed|nyquil|melatonin|metformin|levothyroxine|synthroid|warfarin|coumadin|eliquis|xarelto|plavix|"
        r"gabapentin|lyrica|zoloft|prozac|lexapro|wellbutrin|bupropion|trazodone|xanax|ativan|klonopin|adderall|"
        r"ritalin|percocet|vicodin|norco|tramadol|morphine|codeine|suboxone|methadone|augmentin|z ?pack|keflex|"
        r"bactrim|flagyl|albuterol|ozempic|wegovy|mounjaro|jardiance|januvia|lasix|hctz|keppra|lamictal|"
        r"tums|rolaids|miralax|pepto|imodium|dulcolax|senna|colace|mucinex|robitussin|dayquil|flonase|pepcid|amoxil|zofran|"
        r"methylphenidate|isotretinoin|accutane|codamol|methotrexate|digoxin|tretinoin|"
        r"prilosec|nexium|allegra|xyzal|ginseng|st johns? s? ?wort|turmeric|fish oil|"
        r"depakote|topamax|lithium|seroquel|abilify|epi ?pen|nitro|statins?|plan b|morning after pill|"
        r"muscle relaxers?|muscle relaxants?|flexeril|robaxin|zanaflex|tizanidine|baclofen|soma|"
        r"\w{3,}(?:pril|sartan|olol|statin|cillin|mycin|cycline|floxacin|prazole|dipine|zepam|zolam|oxetine|afil|"
        r"gliptin|glutide|formin|profen|codone|triptan|sone|lone|opram|aline|faxine|tyline|apine|thiazide|semide|"
        r"lukast|izine|tadine|tidine|setron|cyclovir|azole|benzaprine|carbamol|alexin|dinir|triaxone|uroxime))"
    ),
    "FEVER": (
        r"(?:had|has|have|running|got|with) a (?:high )?(?:temp|temperature)"
        r"(?! (?:check|reading|scan|of (?:9[0-8]|3[0-7])))|"
        r"(?:(?:he|she|baby|they|skin|forehead|body|head|old|infant|newborn|son|daughter|child|kid) (?:is |feels "
        r"|felt |seems )?(?:very |really |so |burning |boiling |red )?hot|"
        r"(?:feels?|felt|seems?) (?:very |really |so |a bit |a little )?"
        r"(?:hot|warm)|fever\w*|febrile|fiebre|calentura|{TEMP} ~3 {TEMP_VALUE}"
        r"|(?:99\.[5-9]\d*|10[0-6](?:\.\d+)?|3[89](?:\.\d+)?|4[01](?:\.\d+)?) (?:rectal\w*|orally|oral|axillary"
        r"|under (?:the |his |her )?arm|in (?:the |his |her )?ear|on (?:the |his |her )?forehead|degrees"
        r"|on (?:the |his |her |a )?(?:\S+ )?thermometer))"
    ),
    # --- ingestion, results and children (the acute concepts of agent.safety_lexicon_acute)
    # A child (whoever swallowed something is more often a child: the same words from an adult about their own
    # pills are a dose question, not an ingestion).
    "CHILD": (
        r"(?:toddler|baby|infant|son|daughter|kid|child|grandson|granddaughter|little one|twins?|boy|girl|nephew|niece"
        r"|(?:\d{1,2}|one|two|three|four|five|six) (?:year|yr|month|mo)s? old|\d{1,2} ?(?:yo|y o)|nino|nina|hijo|hija"
        r"|bebe|nieto|nieta)"
    ),
    "SWALLOWED": (
        r"(?:pills?|tablets?|capsules?|gummies|gummy|meds|medicines?|medications?|vitamins|button batter\w*"
        r"|batter(?:y|ies)|magnets?|pods?|bleach|iron|hierro|detergent|dishwasher\w*|cleaner|cleaning \S+|chemicals?"
        r"|antifreeze|lighter fluid|lamp oil|(?:windshield |windscreen )?washer fluid|drain cleaner|lye|methanol"
        r"|gasoline|kerosene"
        r"|paint thinner|nail polish remover|oven cleaner|liquido (?:para|de) destapar|destapa\w*|sosa caustica"
        r"|nicotine|vape \S+|edibles?|rat poison|weed killer|mouthwash|hand sanitizer|{MED}|pastillas|pildoras"
        r"|medicinas?|medicamentos?|vitaminas|cloro|detergente|jabon)"
    ),
    "LAB": (
        r"(?:potassium|sodium|calcium|ldl|hdl|cholesterol|triglycerides|a1c|hba1c|tsh|t4|psa|creatinine|egfr|gfr|alt|ast"
        r"|bilirubin|hemoglobin|hgb|hematocrit|platelets?|wbc|white count|white blood (?:cell )?count|iron|ferritin"
        r"|vitamin d|b12|inr|glucose|protein|magnesium|uric acid|liver (?:enzymes|tests?|numbers)|kidney (?:function"
        r"|numbers))"
    ),
    # Household chemicals that burn or poison in a mouthful (a swig of one is an emergency; a sip with pills is not).
    "CAUSTIC": (
        r"(?:bleach|drain cleaner|lye|antifreeze|oven cleaner|toilet (?:bowl )?cleaner|detergent|laundry pods?"
        r"|dishwasher (?:pods?|detergent)|gasoline|kerosene|lamp oil|lighter fluid|paint thinner|methanol|washer fluid"
        r"|nail polish remover|pesticide|weed killer|rat poison|ammonia|screen ?wash"
        r"|(?:windshield|windscreen) washer(?: \S+)?|cloro|lejia)"
    ),
}
