"""Red-flag phrases in languages the safety screen does not read, so an emergency in them is still urgent.

``agent.safety.screen`` reads English and Spanish (``SCREENED_LANGUAGES``) with negation, history and context.
A ticket in any other language goes to the nurses undrafted (``agent.pipeline``); without this list a French
"il ne peut plus respirer" waited in the nurses' queue at the clinical priority like a question about a rash.

These are the plain emergency phrases of the languages most often met in US and European clinics, matched
without any context (no negation, no history): a hit makes the ticket urgent for the emergency group, a miss
changes nothing (the ticket still goes to a person, undrafted). So the list errs towards escalating, and it
is never a reason to trust a ticket: "sem dor no peito" (no chest pain) is escalated too. Patterns are
matched on case-folded text without accents (``fold``), and written with them for readability.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

# language (ISO 639-1) -> concept -> phrases (regex alternatives, written as a patient would, accents allowed)
FOREIGN_RED_FLAGS: Mapping[str, Mapping[str, str]] = {
    "pt": {
        "chest pain": r"dor\b.{0,25}\bno peito|aperto no peito|infarto|ataque card[ií]aco",
        "trouble breathing": r"n[ãa]o (?:consigo|consegue|conseguimos) respirar|sufocando"
        r"|l[áa]bios (?:\S+ )?(?:roxos|azuis|arroxeados)|muita falta de ar|dificuldade (?:para|de|em) respirar"
        r"|n[ãa]o consegue (?:deitar|ficar deitad)",
        "severe allergic reaction": r"(?:rosto|cara|l[áa]bios?|l[íi]ngua|boca|garganta|olhos?) (?:\S+ ){0,3}"
        r"inchad[oa]s?|l[íi]ngua grossa|garganta fechando|rea[çc][ãa]o al[ée]rgica",
        "stroke signs": r"\bavc\b|derrame|boca torta|fala enrolada",
        "unconscious": r"desmaiou|desmaiad[oa]|inconsciente|n[ãa]o acorda|perdeu os sentidos|n[ãa]o responde",
        "seizure": r"convuls[ãa]o|convulsionando|ataque epil[ée]ptico|tremendo sem parar",
        "severe bleeding": r"sangrando muito|hemorragia|muito sangue|sangue (?:continua|n[ãa]o para)"
        r"|n[ãa]o para de sangrar",
        "overdose or poisoning": r"overdose|(?:tomou|engoliu|comeu) (?:muitos|todos os|v[áa]rios) (?:rem[ée]dios"
        r"|comprimidos)|envenenad[oa]|(?:tomou|engoliu|tomei|engoli) (?:uma |a |um )?(?:cartela|caixa|frasco"
        r"|embalagem|vidro)(?: inteir[ao])?|(?:tomou|engoliu|tomei|engoli) (?:\d+|uns|umas) (?:comprimidos|rem[ée]dios"
        r"|p[íi]lulas)|engoli\w* (?:uma |um )?(?:bateria|pilha|[íi]m[ãa]|moeda|bot[ãa]o)",
        "suicidal intent": r"suic[ií]d|me matar|tirar (?:a )?minha (?:pr[óo]pria )?vida|quero morrer",
        "head injury with warning signs": r"bateu a cabe[çc]a.{0,80}(?:vomit|confus|desmai|sangr)",
        "meningitis or sepsis signs": r"meningite|rigidez (?:na|de) nuca|encostar o queixo|manchas roxas"
        r"|n[ãa]o (?:me|nos) reconhece|pele (?:manchada|marmorizada)",
    },
    "fr": {
        "chest pain": r"douleur\b.{0,25}\b(?:[àa] la|dans la|de) poitrine|douleur thoracique|crise cardiaque|infarctus",
        "trouble breathing": r"(?:peut|peux|arrive) (?:pas|plus) (?:à |a )?respirer|mal [àa] respirer|[ée]touffe"
        r"|respire (?:bizarrement|tr[èe]s mal|difficilement|par [àa].coups)"
        r"|l[èe]vres (?:bleues|violettes|deviennent bleues)|deviennent bleues",
        "stroke signs": r"\bavc\b|accident vasculaire|visage (?:tomb|paralys)|bouche de travers",
        "unconscious": r"inconscient|ne se r[ée]veille pas|[ée]vanoui|perdu connaissance|s.est effondr[ée]"
        r"|n.arrive pas [àa] (?:la |le )?r[ée]veiller|tout(?:e)? mou(?:lle)?\b|ne r[ée](?:pond|agit) plus",
        "seizure": r"convuls|crise d.[ée]pilepsie",
        "severe bleeding": r"saigne beaucoup|h[ée]morragie|beaucoup de sang",
        "overdose or poisoning": r"overdose|surdose|trop de (?:m[ée]dicaments|comprim[ée]s|pilules)|empoisonn"
        r"|aval[ée] (?:des|plusieurs|tous les|toute la bo[iî]te de) (?:comprim|m[ée]dicament|pilule|cachet)",
        "suicidal intent": r"suicid|me tuer|mettre fin [àa] (?:mes jours|ma vie)|envie de mourir|veux mourir",
        "meningitis or sepsis signs": r"m[ée]ningite|nuque raide|taches (?:violettes|pourpres)"
        r"|ne (?:me|nous) reconna[iî]t plus|marbr[ée]",
    },
    "it": {
        "chest pain": r"dolore al petto|infarto|attacco di cuore",
        "trouble breathing": r"non riesc\w* a respirare|soffoca",
        "stroke signs": r"\bictus\b",
        "unconscious": r"svenut[oa]|incosciente|privo di sensi|non si sveglia",
        "seizure": r"convulsion|crisi epilettica",
        "severe bleeding": r"emorragia|sanguina molto",
        "overdose or poisoning": r"overdose|avvelenat",
        "suicidal intent": r"suicid|ammazzarmi|voglio morire|togliermi la vita",
        "meningitis or sepsis signs": r"meningite|rigidit[àa] nucale|macchie viola|non (?:mi|ci) riconosce",
    },
    "de": {
        "chest pain": r"brustschmerz|schmerzen in der brust|herzinfarkt",
        "trouble breathing": r"keine luft|kann nicht (?:mehr )?atmen|erstick",
        "stroke signs": r"schlaganfall",
        "unconscious": r"bewusstlos|ohnm[äa]chtig|wacht nicht auf",
        "seizure": r"krampfanfall|krampft",
        "severe bleeding": r"starke blutung|blutet stark",
        "overdose or poisoning": r"[üu]berdosis|vergiftet|vergiftung|(?:zu viele|alle|eine ganze packung) (?:\S+ ){0,2}"
        r"(?:tabletten|pillen|medikamente)|(?:tabletten|pillen|medikamente)\b.{0,40}\bgeschluckt",
        "suicidal intent": r"suizid|selbstmord|mich umbringen|sterben will",
        "meningitis or sepsis signs": r"meningitis|hirnhautentz[üu]ndung|nackensteif|erkennt (?:mich|uns) nicht",
        "severe allergic reaction": r"(?:lippen|zunge|augen|gesicht|hals)\b.{0,30}geschwollen|quaddeln.{0,120}(?:heiser"
        r"|schlucken|atmen|luft)|anaphylak",
    },
    "vi": {
        "chest pain": r"đau ngực|đau tim|nhồi máu cơ tim|ngực\b.{0,20}\bnặng|đau lan (?:xuống|ra) (?:cánh )?tay",
        "trouble breathing": r"khó thở|không thở được|ngạt thở",
        "stroke signs": r"đột quỵ|méo miệng|miệng (?:\S+ ){0,2}méo|nói (?:không rõ|ngọng|khó)"
        r"|liệt (?:nửa người|một bên)",
        "unconscious": r"ngất xỉu|bất tỉnh|không tỉnh",
        "seizure": r"co giật",
        "severe bleeding": r"chảy máu nhiều|xuất huyết",
        "overdose or poisoning": r"quá liều|ngộ độc",
        "suicidal intent": r"tự tử|tự sát|muốn chết",
    },
    "tl": {
        "chest pain": r"(?:masakit|sakit|sumakit) (?:ang|sa) dibdib|atake sa puso",
        "trouble breathing": r"hindi makahinga|nahihirapang huminga|hirap (?:na )?huminga",
        "unconscious": r"nawalan ng malay|nahimatay",
        "head injury with warning signs": r"(?:tumama|nauntog|nabagok) (?:ang |sa )?ulo.{0,160}(?:nagsuka|inaantok"
        r"|hindi (?:na )?(?:po )?(?:niya )?(?:ako )?kilala)",
        "seizure": r"kumbulsyon|nangingisay",
        "severe bleeding": r"dumudugo nang marami",
        "suicidal intent": r"magpakamatay|gusto ko nang mamatay",
    },
    # Hindi, in Devanagari and as romanised Hinglish (a detector often names the latter Malay or Indonesian)
    "hi": {
        "chest pain": r"seene (?:me|mein) dard|सीने में दर्द|dil ka daura|दिल का दौरा",
        "trouble breathing": r"saa?ns (?:nahi|nahin|nai) (?:le|aa|ho)|सांस नहीं"
        r"|saa?ns lene mein (?:bahut )?(?:dikkat|taklif)",
        "stroke signs": r"lakwa|लकवा",
        "unconscious": r"behosh|बेहोश",
        "seizure": r"mirgi|मिर्गी|jhatke aa",
        "suicidal intent": r"khudkushi|aatmahatya|आत्महत्या|marna chaht[ai]",
        "meningitis or sepsis signs": r"gardan (?:me |mein )?(?:bahut )?(?:akad|jakad|dard)|chin ko chest tak"
        r"|(?:purple|laal|bangni) (?:dots|daane|spots).{0,80}glass",
    },
    "ro": {
        "chest pain": r"durere (?:\S+ )?[îi]n piept|atac de cord|infarct",
        "trouble breathing": r"nu (?:mai )?(?:poate|pot) respira|nu respir[ăa]|se sufoc[ăa]",
        "stroke signs": r"accident vascular|\bavc\b|gura str[âa]mb[ăa]",
        "unconscious": r"le[șs]in\w*|incon[șs]tient|nu (?:mai )?r[ăa]spunde",
        "severe allergic reaction": r"(?:i|mi) s.a umflat (?:fa[țt]a|limba|g[âa]tul)",
        "suicidal intent": r"sinucid|vreau s[ăa] mor",
    },
    "ht": {
        "chest pain": r"doul[èe]\b.{0,30}\b(?:pwatrin|lestomak)|kriz k[èe]|doul[èe] nan bra goch",
        "trouble breathing": r"pa ka respire",
        "unconscious": r"p[èe]di konesans|endispoze",
        "severe bleeding": r"senyen anpil",
        "suicidal intent": r"touye t[èe]t (?:mwen|li)|vle mouri",
    },
    "zh": {
        "chest pain": r"胸痛|胸口痛|心脏病发作|心梗",
        "trouble breathing": r"呼吸困难|呼吸困難|喘不过气|喘不過氣|不能呼吸|(?:唞|透)唔到氣",
        "stroke signs": r"中风|脑卒中|中風|(?:講|讲)唔到(?:嘢|話|话)|说不出话|說不出話|口歪|嘴歪|面歪"
        r"|(?:手|腳|脚|一邊|一边)冇力|半边身体?没力|半邊身體?無力",
        "unconscious": r"昏迷|晕倒|暈倒|失去知觉|失去知覺|叫唔醒|冇反應|没有?反应|沒有?反應",
        "seizure": r"抽搐|癫痫发作",
        "severe bleeding": r"大出血|流血不止",
        "overdose or poisoning": r"过量|中毒",
        "suicidal intent": r"自杀|想死",
    },
    "uk": {
        "chest pain": r"біль у грудях|інфаркт",
        "trouble breathing": r"важко дихає|важко дихати|не (?:може|можу) дихати|задиха",
        "stroke signs": r"інсульт",
        "unconscious": r"без свідомості|знепритомні|не відповідає|не (?:може|можу) встати",
        "seizure": r"судом",
        "severe bleeding": r"кровотеч",
        "overdose or poisoning": r"передозуванн|отруєнн|отруї",
        "suicidal intent": r"самогубств|покінчити з собою|хочу померти",
    },
    "ja": {
        "chest pain": r"胸が痛|胸の痛み|心筋梗塞|心臓発作",
        "trouble breathing": r"息が(?:変|苦し|でき)|呼吸が(?:変|苦し|でき|おかしい)|息ができない",
        "stroke signs": r"脳卒中|脳梗塞|ろれつが回らない|顔がゆがん",
        "unconscious": r"意識がない|反応がない|反応がありません|倒れ.{0,20}(?:反応|意識|起きない)",
        "seizure": r"けいれん|痙攣|発作",
        "severe bleeding": r"出血が止まらない|血が止まらない",
        "overdose or poisoning": r"過剰摂取|飲みすぎた|オーバードーズ|誤飲",
        "suicidal intent": r"自殺|死にたい",
    },
    "ru": {
        "chest pain": r"боль в груди|инфаркт",
        "trouble breathing": r"не (?:могу|может) дышать|задыха",
        "stroke signs": r"инсульт",
        "unconscious": r"без сознания|потерял\w* сознание",
        "seizure": r"судорог",
        "severe bleeding": r"кровотечение",
        "overdose or poisoning": r"передозировк|отравлен|проглотил\w* (?:\S+ )?таблет|таблетк\w*.{0,60}проглотил"
        r"|не знаю,? сколько (?:он|она)"
        r" (?:съел|съела|выпил|выпила|проглотил)",
        "suicidal intent": r"суицид|покончить с собой|хочу умереть",
    },
    "ar": {
        "chest pain": r"ألم في الصدر|نوبة قلبية",
        "trouble breathing": r"لا أستطيع التنفس|لا يستطيع التنفس|ضيق (?:في )?التنفس",
        "stroke signs": r"جلطة|سكتة دماغية",
        "unconscious": r"فاقد الوعي|فقد الوعي|إغماء",
        "seizure": r"تشنج",
        "severe bleeding": r"نزيف",
        "overdose or poisoning": r"جرعة زائدة|تسمم|ابتلع\w*.{0,30}بطارية|بطارية.{0,40}ابتلع",
        "suicidal intent": r"انتحار|أريد أن أموت",
    },
    "ko": {
        "chest pain": r"가슴 ?통증|가슴이 아파|심장 ?마비",
        "trouble breathing": r"숨을 (?:쉴 수 없|못 쉬)|숨이 차",
        "stroke signs": r"뇌졸중",
        "unconscious": r"의식이 없|기절",
        "seizure": r"발작",
        "severe bleeding": r"출혈",
        "overdose or poisoning": r"과다 ?복용",
        "suicidal intent": r"자살|죽고 싶",
    },
    "pl": {
        "chest pain": r"b[óo]l\b.{0,25}\bklat(?:ce|ki) piersiow|(?<!po )zawa[łl]|atak serca",
        "trouble breathing": r"nie (?:mo[żz]e|mog[ęe]|mo[żz]emy) (?:z[łl]apa[ćc] tchu|oddycha[ćc])|dusi si[ęe]"
        r"|(?:sine|niebieskie) usta|usta (?:ma |mia[łl]a? )?sine",
        "stroke signs": r"\budar\b|opadni[ęe]t\w* (?:k[ąa]cik|twarz)|be[łl]koc",
        "unconscious": r"nieprzytomn|zemdla[łl]|straci[łl]a? przytomno|nie (?:mo[żz]na|mog[ęe]) (?:go|jej) obudzi"
        r"|nie odpowiada"
        r"|dziwnie oddycha",
        "seizure": r"drgawk|napad padaczk",
        "severe bleeding": r"krwotok|mocno krwawi|du[żz]o krwi",
        "overdose or poisoning": r"przedawkowa|po[łl]kn[ąaęe][łl]\w* (?:\S+ )?(?:tabletk|leki|pigu[łl]k)"
        r"|za du[żz]o (?:tabletek|lek[óo]w)",
        "suicidal intent": r"samob[óo]j|zabi[ćc] si[ęe]|nie chc[ęe] (?:ju[żz] )?[żz]y[ćc]|odebra[ćc] sobie [żz]ycie",
    },
    # Somali (py3langid has no Somali model: such a ticket may be named "tl" or another language).
    "so": {
        "chest pain": r"laab\w* .{0,20}xanuun|xanuun\w* .{0,20}laab",
        "trouble breathing": r"ma neefsan kar|neefsan kari",
        "unconscious": r"miyir\w* .{0,20}(?:beel|dhac|lumay|tag)|suuxd|ma toos\w*",
        "severe bleeding": r"dhiig badan",
        "overdose or poisoning": r"liq\w*.{0,40}kiniin|kiniin\w*.{0,40}liq\w*",
        "suicidal intent": r"is dil|isdil",
    },
}


def fold(text: str) -> str:
    """Case-folded, without accents or other combining marks; Hangul and other scripts recomposed as they were."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


@functools.cache
def _compiled() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple(
        (language, concept, re.compile(fold(pattern)))
        for language, concepts in FOREIGN_RED_FLAGS.items()
        for concept, pattern in concepts.items()
    )


def foreign_red_flags(text: str) -> tuple[str, ...]:
    """``"<language>: <concept>"`` for every red-flag phrase found, in any of the languages above (a detector
    can take Portuguese for Galician: every list is tried). Empty when none is found."""
    folded = fold(text)
    return tuple(f"{language}: {concept}" for language, concept, pattern in _compiled() if pattern.search(folded))
