"""The words and patterns people use in Dutch and English, per triage fact.

Kept apart from actions/parsing.py so reviewers can read and extend the vocabulary without
the code around it. Every pattern runs on text that parsing.normalise() made lower case and
free of accents.
"""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "een": 1,
    "een paar": 3,
    "paar": 3,
    "couple": 2,
    "a couple of": 2,
    "few": 3,
    "a few": 3,
    "one": 1,
    "a": 1,
    "an": 1,
    "twee": 2,
    "two": 2,
    "drie": 3,
    "three": 3,
    "vier": 4,
    "four": 4,
    "vijf": 5,
    "five": 5,
    "zes": 6,
    "six": 6,
    "zeven": 7,
    "seven": 7,
    "acht": 8,
    "eight": 8,
    "negen": 9,
    "nine": 9,
    "tien": 10,
    "ten": 10,
    "elf": 11,
    "eleven": 11,
    "twaalf": 12,
    "twelve": 12,
    "dertien": 13,
    "thirteen": 13,
    "veertien": 14,
    "fourteen": 14,
    "vijftien": 15,
    "fifteen": 15,
    "zestien": 16,
    "sixteen": 16,
    "zeventien": 17,
    "seventeen": 17,
    "achttien": 18,
    "eighteen": 18,
    "negentien": 19,
    "nineteen": 19,
    "twintig": 20,
    "twenty": 20,
    "dertig": 30,
    "thirty": 30,
    "veertig": 40,
    "forty": 40,
    "vijftig": 50,
    "fifty": 50,
    "zestig": 60,
    "sixty": 60,
}

# A number of at most three digits (never part of a phone number or postcode) or a word.
NUMBER = (
    r"((?<!\d)\d{1,3}(?!\d)|"
    + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
    + ")"
)

ONGOING = (
    r"\bnog (steeds|altijd|elke dag|iedere dag)\b",
    r"\bgebeurt (het )?nog\b",
    r"\b(het )?gaat (nog )?(steeds )?door\b",
    r"\b(elke|iedere) (dag|week|nacht|keer)\b",
    r"\bsteeds (weer|opnieuw)\b",
    r"\bal (jaren|maanden|weken|een tijd|een tijdje|heel lang|lang)\b",
    r"\bnu nog\b",
    r"\b(is|it's|its|it is) (still )?(going on|happening|ongoing)\b",
    r"\bstill\b",
    r"\bongoing\b",
    r"\b(every|each) (day|week|night|time)\b",
    r"\bkeeps? (on )?happening\b",
    r"\b(for|since) (years|months|weeks|a while|a long time)\b",
    r"\bhas been (going on|happening)\b",
    r"\bright now\b",
    r"\bop dit moment\b",
)

RECENT = (
    r"\b(vandaag|vannacht|vanochtend|vanmorgen|vanmiddag|vanavond|gisteren|gister|gisteravond|"
    r"gisternacht|gisterochtend|eergisteren|zojuist|daarnet|net gebeurd|zonet|afgelopen nacht|"
    r"vorige nacht|dit weekend|afgelopen weekend|vorig weekend|deze week|vorige week|"
    r"afgelopen week|paar dagen geleden|een paar dagen|paar dagen)\b",
    r"\b(op )?(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(avond|nacht|middag|"
    r"ochtend)?\b",
    r"\b(today|tonight|last night|yesterday|this morning|this afternoon|this evening|just now|"
    r"earlier today|the other day|this weekend|last weekend|this week|last week|past week|"
    r"few days ago|couple of days ago|couple days ago|days ago)\b",
    r"\b(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)( night| evening)?\b",
    r"\bnet\b",
    r"\b(minder dan|binnen) (een |1 )?week\b",
    r"\b(less than|within) (a |one |1 )?week\b",
)

LONGER = (
    r"\b(lang|heel lang|jaren|maanden|weken|lange tijd|tijd) geleden\b",
    r"\b(vorige|vorig|afgelopen) (maand|jaar|zomer|winter)\b",
    r"\b(toen ik|als) (klein|kind|jong|tiener|een kind)\b",
    r"\bin mijn (jeugd|kindertijd|tienertijd)\b",
    r"\bvroeger\b",
    r"\blanger geleden\b",
    r"\b(long|ages|years|months|weeks|a long time|a while) ago\b",
    r"\blast (month|year|summer|winter|spring|autumn|fall)\b",
    r"\b(when|as) (i was )?(a )?(kid|child|little|young|teen|teenager)\b",
    r"\bin my (childhood|youth|teens)\b",
    r"\b(longer|more than a week) ago\b",
    r"\bmeer dan (een|1) week\b",
    r"\bin (19|20)\d\d\b",
    r"\b(toen ik|when i was) " + NUMBER + r"\b",
)

UNSURE = (
    r"\b(weet ik niet|weet niet|geen idee|weet het niet|weet ik niet meer|"
    r"kan ik me niet herinneren|weet het niet meer|geen flauw idee)\b",
    r"\b(not sure|dont know|don't know|do not know|idk|dunno|no idea|can't remember|"
    r"cant remember|i don't remember|i dont remember|unsure)\b",
)

UNIT_DAYS = {
    "uur": 0,
    "uren": 0,
    "hour": 0,
    "hours": 0,
    "minuten": 0,
    "minutes": 0,
    "min": 0,
    "dag": 1,
    "dagen": 1,
    "day": 1,
    "days": 1,
    "nacht": 1,
    "nachten": 1,
    "nights": 1,
    "week": 7,
    "weken": 7,
    "weeks": 7,
    "wk": 7,
    "maand": 30,
    "maanden": 30,
    "month": 30,
    "months": 30,
    "jaar": 365,
    "jaren": 365,
    "year": 365,
    "years": 365,
    "jr": 365,
    "yr": 365,
    "yrs": 365,
}

AGE_WORDS = (
    (
        r"\b(jonger dan 12|onder de 12|under 12|younger than 12|below 12|basisschool|"
        r"primary school|kleuter|peuter|baby|toddler|klein kind|little kid|little one|"
        r"small child|young child)\b",
        "under_12",
    ),
    (
        r"\b(tussen 12 en 18|12 tot 18|12 ?- ?17|12 ?- ?18|12 to 17|12 to 18|between 12 and 18|"
        r"minderjarig|minderjarige|tiener|puber|middelbare school|underage|minor|teen|teenager|"
        r"high school|jongere)\b",
        "12_17",
    ),
    (
        r"\b(18\+|18 of ouder|ouder dan 18|boven de 18|volwassen|volwassene|meerderjarig|"
        r"18 or older|over 18|older than 18|adult|grown up|grown-up|an adult)\b",
        "18_plus",
    ),
    (r"\b(kind|kindje|child|kid)\b", "under_12"),
)

HARM_VERBS_NL = (
    r"(verkracht|misbruikt|aangerand|betast|geslagen|mishandeld|bedreigd|gechanteerd|"
    r"afgeperst|uitgebuit|geschopt|gewurgd|gedwongen|lastiggevallen|vastgepakt|aangevallen|"
    r"gestalkt|geintimideerd|verraden|gefilmd|gegroomd)"
)

HARM_VERBS_EN = (
    r"(raped|abused|assaulted|molested|groped|hit|hits|hitting|beat|beats|beating|"
    r"hurt|hurts|hurting|threatened|threatens|blackmailed|blackmails|blackmailing|"
    r"exploited|exploits|kicked|kicks|choked|chokes|forced|forces|touched|touches|"
    r"stalked|stalks|harassed|harasses|filmed|trafficked|attacked|attacks|pimped|grabbed|"
    r"grabs|strangled|strangles|slapped|slaps|punched|punches)"
)

# Someone who can hurt the writer ("mijn knie doet me pijn" is not about a person).
_PERSON_NL = (
    r"(hij|zij|ze|iemand|(mijn|m'n) (\w+ )?(vader|moeder|stiefvader|stiefmoeder|papa|mama|man|"
    r"vrouw|vriend|vriendin|vriendje|ex|broer|zus|oom|tante|opa|oma|partner|baas|leraar|trainer))"
)

VICTIM = (
    r"\bik (ben|werd|word) (\w+ ){0,4}" + HARM_VERBS_NL + r"\b",
    r"\b(heeft|hebben|had) (\w+ ){0,2}(mij|me) (\w+ ){0,4}" + HARM_VERBS_NL + r"\b",
    r"\b(slaat|schopt|bedreigt|chanteert|misbruikt|verkracht|betast|mishandelt|dwingt|"
    r"slaan|schoppen|bedreigen|chanteren|misbruiken|mishandelen|dwingen|perst|persen|"
    r"stalkt|intimideert|gebruikt|verkocht|verkoopt|pakt|vernedert) (\w+ ){0,1}(mij|me)\b",
    r"\b(mij|me) (\w+ ){0,3}(afperst|afpersen|chanteert|chanteren|slaat|slaan)\b",
    r"\b" + _PERSON_NL + r" (doet|deed|doen|deden) (mij|me) (\w+ ){0,2}pijn\b",
    r"\b(pics|pictures|photos|nudes|videos|video|foto|fotos|foto's|filmpje|filmpjes|"
    r"beelden) (of|van) (me|mij|ons|us)\b",
    r"\bi (was|got|have been|am being|was being|get|keep getting) (\w+ ){0,3}"
    + HARM_VERBS_EN
    + r"\b",
    r"\b" + HARM_VERBS_EN + r" (\w+ ){0,1}me\b",
    r"\b(happened|happens|happening) to me\b",
    r"\boverkomen\b",
    r"\bis mij (overkomen|aangedaan)\b",
)

# Children as the object of someone's sexual feelings. Never bare "girls" / "meisjes" or
# "teens": a teenager who likes other teenagers is not a perpetrator.
_CHILDREN_NL = r"(kinderen|kindjes|kids|minderjarigen|(jonge|kleine) (meisjes|jongens|kinderen))"
_CHILDREN_EN = r"(kids|children|minors|underage \w+|(young|little) (girls|boys|kids|children))"
_YOUNG_NL = r"(\w+ ){0,2}" + _CHILDREN_NL
_YOUNG_EN = r"(\w+ ){0,2}" + _CHILDREN_EN
_SEXUAL_FEELINGS_NL = r"(seksuele (gevoelens|gedachten|fantasie[eë]n|behoeften)|fantasie[eë]n)"
_SEXUAL_FEELINGS_EN = r"(sexual (feelings|thoughts|urges|fantasies)|urges|fantasies)"
# Sexual feelings toward children, whoever has them: both sexual violence and child abuse.
SEXUAL_INTEREST_IN_CHILDREN = (
    r"\b(" + _SEXUAL_FEELINGS_NL + r"( heb| had| krijg)? (voor|bij|over|richting|naar)|"
    r"(seksueel )?aangetrokken (tot|door)|valt op|val op) " + _YOUNG_NL + r"\b",
    r"\b("
    + _SEXUAL_FEELINGS_EN
    + r" (for|towards?|about|around)|(sexually )?attracted to) "
    + _YOUNG_EN
    + r"\b",
    r"\b(pedofiel|pedofilie|pedofiele|paedophile|pedophile|paedophilia|pedophilia|"
    r"paedophilic|pedophilic)\b",
)

# Sexual images of children (CSAM): online sexual abuse of a child, wherever it was found.
SEXUAL_IMAGES_OF_CHILDREN = (
    r"\b(seksuele|sexuele|naakt|naakte|sexual|sexualised|sexualized|nude|naked|explicit) "
    r"(foto|fotos|foto's|beelden|plaatjes|filmpjes|video|videos|video's|images|pictures|"
    r"photos|pics|material)( \w+){0,3} (van|of|met|with) (\w+ ){0,1}(kinderen|kind|"
    r"kindjes|minderjarigen|children|child|kids|minors)\b",
)

PERPETRATOR = (
    r"\bik (heb|had) (zelf |ook |zelf ook )?(iets|iemand|mijn \w+|haar|hem|een \w+)"
    r"( \w+){0,4} (gedaan|geslagen|pijn gedaan|verkracht|misbruikt|aangerand|betast|"
    r"geschopt|bedreigd|mishandeld|aangeraakt|gedwongen)\b",
    r"\bik (sla|schop|bedreig|mishandel|misbruik|betast) ",
    r"\bik (kijk|keek) (naar )?(\w+ ){0,3}(plaatjes|foto'?s|beelden|filmpjes|video'?s|porno)"
    r"( \w+){0,3} (kinderen|kids|minderjarigen|kind|meisjes|jongens)\b",
    r"\bik (voel|val|ben)( me| mij)? (\w+ ){0,2}(aangetrokken|op) (tot |door )?"
    r"(kinderen|jonge kinderen|minderjarigen|kids|jonge meisjes|jonge jongens)\b",
    r"\bik (heb|had|voel|krijg|ervaar)( \w+){0,2} "
    + _SEXUAL_FEELINGS_NL
    + r" (voor|bij|over|richting|naar) "
    + _YOUNG_NL
    + r"\b",
    r"\bdat ik( \w+){0,2} "
    + _SEXUAL_FEELINGS_NL
    + r"( \w+){0,2} (voor|bij|over|richting|naar) "
    + _YOUNG_NL
    + r"\b",
    r"\b(ik ben|ben ik) (een )?(pedofiel|pedo)\b",
    r"\b(ik ben|ben ik) (de )?dader\b",
    r"\bik ben bang dat ik (iets|iemand)\b",
    r"\bik word (heel )?(boos|agressief) (en|op)\b",
    r"\bzelf iets gedaan\b",
    r"\bi (did|have done|might do) (something|smth|sth)\b",
    r"\bi (hit|hurt|beat|abused|raped|touched|assaulted|threatened|kicked|choked) "
    r"(my|her|him|them|someone|somebody|a)\b",
    # Only into sex: "i pushed my sister to report it" is helping, not harming.
    r"\bi (pressured|forced|pushed|made) (my \w+|her|him|them|someone|somebody|a \w+)"
    r"( \w+){0,2} (into|to have) (sex|sexual)\b",
    r"\bi (look|looked|watch|watched|download|downloaded) (at )?(\w+ ){0,3}(pictures|pics|images|"
    r"photos|videos|porn|things|stuff)( \w+){0,3} (of )?(kids|children|minors|child|underage|"
    r"young)\b",
    r"\bi look at things i shouldn'?t\b",
    r"\bi'?m (sexually )?attracted to (kids|children|minors|underage|(young|little) "
    r"(kids|children|girls|boys|ones|teens))\b",
    r"\bi (have|had|get|feel|keep having)( \w+){0,2} "
    + _SEXUAL_FEELINGS_EN
    + r" (for|towards?|about|around) "
    + _YOUNG_EN
    + r"\b",
    r"\b(i'?m|i am) (a )?(pedophile|paedophile|pedo)\b",
    r"\b(i'?m|i am) the (one|perpetrator|abuser)\b",
    r"\bi (can'?t|cannot) control (myself|my anger|my urges)\b",
    r"\bi'?m afraid i (will|might) (hurt|do)\b",
    r"\b(hurt|hit) (my|her|him|someone)\b.*\bi (want|need) (to stop|help)\b",
)

PROFESSIONAL = (
    r"\b(ik ben|ben|als|werk als) (een |de )?(docent|leraar|lerares|leerkracht|juf|meester|"
    r"mentor|hulpverlener|huisarts|arts|dokter|verpleegkundige|jeugdwerker|jongerenwerker|"
    r"maatschappelijk werker|coach|trainer|begeleider|zorgverlener|agent|wijkagent|"
    r"vertrouwenspersoon|schoolmaatschappelijk werker|pedagogisch medewerker|gastouder|"
    r"professional|psycholoog|therapeut|verloskundige|wijkverpleegkundige|"
    r"wijkverpleger|intern begeleider|ib'er|"
    r"systeembeheerder|moderator|contentmoderator|content moderator|ict'er|beheerder)\b",
    r"\b(voor|vanuit) (mijn|m'n) (werk|beroep|functie)\b",
    r"\b(mijn|m'n) (leerling|leerlingen|client|clienten|clientes|patient|patienten|"
    r"pupil|cursist)\b",
    r"\b(i'?m|i am|as|work as) (a |an |the )?(teacher|nurse|doctor|gp|social worker|youth worker|"
    r"coach|trainer|counsellor|counselor|school counsellor|therapist|psychologist|police officer|"
    r"care worker|caregiver|carer|childminder|professional|midwife|support worker|"
    r"moderator|content moderator|sysadmin|system administrator|it admin)\b",
    r"\b(for|at) (my )?work\b",
    r"\b(my|a) (student|students|pupil|pupils|client|clients|patient|patients)( of mine)?\b",
    r"\b(student|pupil|client|patient) of mine\b",
)

RELATIVE_NOUNS = (
    r"(zus|zusje|zussen|broer|broertje|broers|dochter|dochtertje|zoon|zoontje|kind|kindje|"
    r"kinderen|moeder|mama|mam|ma|vader|papa|pap|pa|oma|opa|tante|oom|nicht|nichtje|neef|"
    r"neefje|vriendin|vriendinnetje|vriend|vriendje|beste vriend|beste vriendin|partner|vrouw|"
    r"man|echtgenoot|echtgenote|vriendje|stiefdochter|stiefzoon|stiefmoeder|stiefvader|"
    r"schoonzus|schoonmoeder|huisgenoot|huisgenote|kleinkind|kleindochter|kleinzoon|familie|"
    r"familielid|bff|maat|maatje|collega en vriendin)"
)

RELATIVE_NOUNS_EN = (
    r"(sister|little sister|big sister|brother|little brother|daughter|son|kid|kids|child|"
    r"children|mom|mum|mother|mommy|mummy|dad|father|daddy|grandma|grandmother|grandpa|"
    r"grandfather|aunt|uncle|cousin|niece|nephew|girlfriend|boyfriend|gf|bf|friend|best friend|"
    r"bestie|bff|wife|husband|partner|stepdaughter|stepson|stepmom|stepdad|roommate|flatmate|"
    r"housemate|family|family member|grandchild|granddaughter|grandson|mate)"
)

RELATIVE = (
    r"\b(mijn|m'n|mn|onze|ons) " + RELATIVE_NOUNS + r"\b",
    r"\b(my|our) " + RELATIVE_NOUNS_EN + r"\b",
    r"\b(a )?friend of mine\b",
    r"\biemand (uit|in) (mijn|m'n) (familie|gezin)\b",
)

BYSTANDER = (
    r"\b(buurvrouw|buurman|buren|buurmeisje|buurjongen|buurkind|buurkinderen|klasgenoot|"
    r"klasgenote|collega|omstander|getuige|vreemde|onbekende|kennis)\b",
    r"\b(een|het|dat) (kind|meisje|jongen|vrouw|man|stel|gezin)( \w+){0,2} (in|uit|van|op|bij) "
    r"(mijn|m'n|de|het|onze|ons|school|straat)\b",
    r"\biemand (die ik ken|op (mijn |het )?werk|op straat|op school|in mijn straat)\b",
    r"\bik (zag|heb gezien|hoorde|heb gehoord)\b",
    r"\b(neighbour|neighbor|neighbours|neighbors|classmate|colleague|coworker|co-worker|"
    r"stranger|bystander|witness|acquaintance)\b",
    r"\b(a|the|that) (kid|girl|boy|woman|man|child|couple|family|lady|guy)( \w+){0,2} "
    r"(in|from|at|on|next door|across)\b",
    r"\bsomeone (i (know|saw)|at (work|school)|on the street|in my street)\b",
    r"\bi (saw|heard|have seen|witnessed)\b",
    r"\biemand anders\b",
    r"\bsomeone else\b",
)

SELF = (
    r"^(ik|mij|me|mezelf|mijzelf|myself|i|over mij|about me|over mezelf|about myself|voor mij|"
    r"for me|ikzelf|i do|dat ben ik|its me|it's me|thats me|that's me)$",
    r"\b(over|voor) (mij|mezelf|mijzelf)\b",
    r"\b(about|for) (me|myself)\b",
    r"\bit'?s (about )?me\b",
    r"\bgaat om mij\b",
    r"\bhappened to me\b",
)

CONCERN_PATTERNS = {
    "online_sexual_abuse": (
        *SEXUAL_IMAGES_OF_CHILDREN,
        r"\b(foto|fotos|foto's|filmpje|filmpjes|video|videos|video's|beelden|pics|pictures|"
        r"photos|images|nudes|clips?)\b( \w+){0,6} (online gezet|online geplaatst|op internet "
        r"gezet|online gegooid|verspreid|rondgestuurd|gelekt|posted|leaked|uploaded|shared "
        r"online|put online|put them online)\b",
        r"\b(post|share|send|leak|spread|upload|publish|show)( them| it| those| the \w+| my \w+)"
        r"( \w+){0,4} (unless|if i don'?t|if i do not)\b",
        r"\b(online zetten|verspreiden|doorsturen|rondsturen|laten zien)( \w+){0,3} "
        r"(als ik niet|tenzij)\b",
        r"\b(sextortion|sexting|naaktfoto|naaktfotos|naaktfoto's|naaktbeelden|naakt foto|"
        r"nudes?|nude pics?|dickpic|dick pic|webcam|deepfake|deep fake|wraakporno|revenge porn|"
        r"grooming|gegroomd|groomed|online afpersing|leaked|gelekt|verspreid|spread my|"
        r"foto'?s (van mij )?(online|rond|verspreid|doorgestuurd)|filmpje (van mij )?(online|"
        r"rond|verspreid)|sexy foto|pikante foto|intieme (foto|beelden))\b",
        r"\b(afpers|afgeperst|chanteert|chantage|gechanteerd|blackmail|blackmailed|"
        r"blackmailing|extort|extorting)\w*\b.*\b(foto|beeld|filmpje|video|pics|pictures|photos|"
        r"images|nudes)\w*",
        r"\b(foto|beeld|filmpje|video|pics|pictures|photos|images|nudes)\w*\b.*\b(afpers|"
        r"afgeperst|chanteert|chantage|gechanteerd|blackmail|extort|threaten|dreigt)\w*",
    ),
    "child_abuse": (
        *SEXUAL_IMAGES_OF_CHILDREN,
        *SEXUAL_INTEREST_IN_CHILDREN,
        r"\b(kindermishandeling|kinderporno|kinderporno's|csam|child abuse|child porn|"
        r"child pornography|child sexual abuse|pedofiel|pedofilie|pedo|paedophile|pedophile|"
        r"paedophilia|pedophilia|incest|kindermisbruik)\b",
        r"\b(plaatjes|foto'?s|beelden|filmpjes|video'?s|porno|pictures|pics|images|photos|"
        r"videos|porn|things|stuff)( \w+){0,3} (van|of) (kinderen|kids|minderjarigen|kind|"
        r"children|minors|underage|little)\b",
        r"\b(aangetrokken tot|attracted to|feelings for|gevoelens voor) (jonge )?(kinderen|"
        r"minderjarigen|kids|children|minors|little (girls|boys))\b",
        r"\b(kind|kindje|kinderen|child|children|kid|kids|baby|leerling|student|pupil)\b"
        r"( \w+){0,4} (wordt|worden|werd|is|gets|got|being|was) (\w+ ){0,2}(geslagen|mishandeld|"
        r"misbruikt|verwaarloosd|hit|beaten|abused|neglected|hurt)\b",
        r"\b(slaat|slaan|mishandelt|misbruikt|hits|beats|abuses|hurts) (zijn|haar|hun|mijn|"
        r"het|his|her|their|my|the)? ?(kind|kinderen|kindje|dochter|zoon|child|children|kid|kids|"
        r"daughter|son|baby)\b",
        r"\b(verwaarloosd|verwaarlozing|neglected|neglect)\b",
    ),
    "human_trafficking": (
        r"\b(mensenhandel|uitbuiting|uitgebuit|uitbuiten|loverboy|loverboys|pooier|pimp|pimped|"
        r"trafficking|trafficked|trafficker|exploitation|exploited|gedwongen prostitutie|"
        r"forced prostitution|forced labou?r|gedwongen (te )?werken|dwangarbeid|modern slavery|"
        r"moderne slavernij|arbeidsuitbuiting|criminele uitbuiting)\b",
        r"\b(paspoort|passport|papers|id)( \w+){0,2} (afgepakt|ingenomen|afgenomen|taken|took|"
        r"kept|keeps)\b",
        r"\b(took|takes|kept|keeps|afgepakt|afgenomen)( \w+){0,2} (my )?(paspoort|passport)\b",
        r"\b(pakken|pakt|pakte|namen|nemen|neemt|hebben|heeft)( \w+){0,2} (paspoort|papieren|id)"
        r"( \w+)? (af|in)\b",
        r"\b(werken|work|working)( \w+){0,3} (zonder|without) (geld|loon|betaling|pay|money|"
        r"being paid)\b",
        r"\b(seks|sex)( \w+){0,3} (voor|for) (geld|money)\b.*\b(moet|moeten|gedwongen|forced|"
        r"have to|makes me)\b",
        r"\b(moet|gedwongen|forced|has to|have to|makes me)\b.*\b(seks|sex)\b.*\b(voor|for) "
        r"(geld|money)\b",
        r"\b(bordeel|brothel|pooier|loverboy)\b",
        r"\b(moet|moest|gedwongen|forced|made|has to|have to|makes me|making me)\b.*"
        r"\b(prostitutie|prostitution|escort|sekswerk|sex work|tippelen)\b",
        # Signs of exploitation as people describe them: not free to leave, wages taken,
        # sleeping at the workplace, forced to work.
        # (a boss, not a parent: a grounded teenager is not exploited)
        r"\b(boss|employer|owner|agency|manager|bazen|baas|werkgever|eigenaar|bureau)( \w+){0,2} "
        r"(won'?t|doesn'?t|will not|does not|never|laat|laten) (let|lets|allow|allows)? ?"
        r"(him|her|me|them|us|hem|haar|mij|me|ze|hen)( \w+){0,2} (leave|go home|quit|call|"
        r"gaan|weggaan|vertrekken|stoppen|bellen)\b",
        r"\b(takes|took|keeps|kept|steals|stole|pakt|pakken|houdt|houden|neemt|nemen|"
        r"inhouden|afpakken) (\w+ ){0,2}(my|his|her|their|our|mijn|m'n|zijn|haar|hun|ons) "
        r"(salary|wages|pay|paycheck|loon|salaris)\b",
        r"\b(sleep|sleeps|sleeping|slapen|slaapt|wonen|woont|live|lives|living)( \w+){0,3} "
        r"(in the back|at work|at the (shop|salon|farm|restaurant|factory|car wash)|in a container|"
        r"achterin|in de zaak|op het werk|in een container|in de winkel|in de salon)\b",
        r"\b(gedwongen|forced) (om )?(te )?(werken|to work)\b",
        r"\bgedwongen (wordt|worden|werd) (om )?(te )?werken\b",
    ),
    "sexual_violence": (
        *SEXUAL_INTEREST_IN_CHILDREN,
        r"\b(verkracht|verkrachting|verkrachter|verkrachte|aangerand|aanranding|betast|"
        r"seksueel misbruik|seksueel misbruikt|seksueel geweld|seksueel overschrijdend|"
        r"zedendelict|zedenzaak|misbruikt|misbruik|ongewenst aangeraakt|ongewenste seks|"
        r"gedwongen seks|seks tegen mijn wil|tegen mijn wil|groepsverkrachting|vingeren|"
        r"aan mij gezeten|aan me gezeten|aan mij zitten|aan me zitten|gedrogeerd|drogeerde|"
        r"rape|raped|raping|rapist|sexual assault|sexually assaulted|sexual abuse|sexually abused|"
        r"sexual violence|molested|molest|molesting|groped|groping|touched me|touching me|"
        r"forced me to have sex|forced sex|against my will|without consent|didn'?t consent|"
        r"non consensual|nonconsensual|spiked|drugged|stealthing)\b",
        r"\b(gedwongen|dwong|dwingt|dwingen|forced|forces|pressured|pressures)( \w+){0,2} "
        r"(tot|to|into) (seks|sex|have sex|seksuele)\b",
    ),
    "domestic_violence": (
        r"\b(huiselijk geweld|geweld thuis|geweld in huis|partnergeweld|relatiegeweld|"
        r"ouderenmishandeling|huwelijksdwang|eergerelateerd|eerwraak|thuis (is het )?niet veilig|"
        r"domestic violence|domestic abuse|violence at home|abusive (relationship|partner|"
        r"husband|wife|boyfriend|girlfriend|dad|father|mom|mother|parents)|forced marriage|"
        r"honou?r (based )?violence|elder abuse|not safe at home|unsafe at home)\b",
        r"\b(slaat|slaan|sloeg|schopt|schoppen|schopte|wurgt|wurgde|mishandelt|mishandeld|"
        r"duwt|bedreigt|bedreigd|dreigt|knijpt|hits|hitting|hit|beats|beating|beat|kicks|"
        r"kicking|chokes|choking|strangles|pushes|shoves|slaps|slapping|punches|punching|"
        r"threatens|strangled|strangling|gewurgd|(by|at) the throat|"
        r"aan (mijn|m'n|haar|zijn|de) keel|naar (mijn|m'n|haar|zijn|de) keel)\b",
        r"\b" + _PERSON_NL + r" (doet|deed) (mij|me|haar|hem) (\w+ ){0,2}pijn\b",
    ),
}

CONCERN_UNSURE = (*UNSURE, r"\b(iets anders|weet niet wat het is|something else)\b")

NEED_PATTERNS = {
    "report_anonymous": (
        r"\b(anoniem (iets )?(melden|tippen|doorgeven)|anonieme (melding|tip)|melden zonder "
        r"(naam|dat ze weten)|report (it )?anonymously|anonymous (tip|report)|without my name|"
        r"zonder mijn naam|meld misdaad anoniem)\b",
    ),
    "report_police": (
        r"\b(report (it |this |him |her |them )?to (the )?police|(go|went|going) to (the )?police|"
        r"naar (de )?politie( gaan)?)\b",
        r"\b(aangifte|naar de politie|politie (inschakelen|bellen)|report (it )?to the police|"
        r"press charges|file a (police )?report|go to the police|call the police|tell the police|"
        r"police report|report him|report her|report it|aan de politie)\b",
    ),
    "stop_own_behaviour": (
        r"\b(wil|moet|kan) (ik )?(ermee |hiermee |daarmee )?stoppen\b",
        r"\b(hulp om te stoppen|ermee stoppen|hiermee stoppen|stoppen met)\b",
        r"\b(want|need|help me|help) to stop\b",
        r"\bstop (doing|what i'?m doing|myself|watching|looking)\b",
        r"\b(control|beheersen)( myself| mezelf| my anger| my urges)?\b",
    ),
    "medical": (
        r"\b(medisch|medische|dokter|arts|huisarts|ziekenhuis|soa|soa-test|zwanger|"
        r"morning ?after ?pil|noodpil|pep|hiv|gewond|verwond|bloed|onderzoek|"
        # "ik heb pijn" asks for a doctor; "hij doet mij pijn" tells what someone does.
        r"(?<!doet mij )(?<!doet me )(?<!deed mij )(?<!deed me )(?<!doen mij )(?<!doen me )"
        r"pijn(?! (gedaan|doen|doet|te doen)\b)|"
        r"sporenonderzoek|medical|doctor|hospital|std|sti|pregnant|pregnancy|injured|injury|"
        r"bleeding|pain|check ?up|morning after pill|forensic|examination)\b",
    ),
    "mediation": (
        r"\b(bemiddeling|herstelbemiddeling|gesprek met (de dader|hem|haar)|mediation|"
        r"mediator|restorative|talk to (the person|him|her) who|meet the (person|offender))\b",
    ),
    "legal": (
        r"\b(advocaat|juridisch|juridische|mijn rechten|rechtszaak|rechter|schadevergoeding|"
        r"schadefonds|lawyer|attorney|legal|my rights|court|compensation|sue)\b",
    ),
    "advice_helping_someone": (
        r"\b(advies|hoe kan ik (haar|hem|ze|hen|het)? ?helpen|wat kan ik doen|wat moet ik doen|"
        r"hoe help ik|(haar|hem|ze|hen) helpen|advice|how (can|do|should) i help|"
        r"what (can|should) i do|help (her|him|them|my)|support (her|him|them))\b",
    ),
    "talk": (
        r"\b(praten|mijn verhaal (kwijt|vertellen|doen)|luisterend oor|iemand die luistert|"
        r"met iemand (praten|spreken)|talk|talking|someone to listen|vent|get it off my chest|"
        r"speak to someone)\b",
    ),
    "shelter": (
        r"\b(opvang|vrouwenopvang|mannenopvang|blijf van m'?n lijf|onderduiken|ergens anders "
        r"(slapen|wonen)|weg (van|uit) huis|veilige plek|shelter|safe place|somewhere (safe )?to "
        r"(stay|sleep|go)|leave home|get out of the house)\b",
    ),
    "information": (
        r"\b(informatie|info|uitleg|weten hoe het werkt|wat (zijn|heb ik) (mijn|voor) "
        r"(opties|mogelijkheden)|information|just want to know|what are my options|how does it "
        r"work|explain)\b",
    ),
}

CHANNEL_PATTERNS = (
    (
        r"\b((kan|durf|wil|mag) (nu )?niet (bellen|praten|hardop)|"
        r"(can'?t|cannot|don'?t want to|unable to) (call|talk|speak|phone)|niet bellen|no calls?|"
        r"geen telefoon|liever niet bellen|rather not call)\b",
        "chat",
    ),
    (
        r"\b(maakt (me )?niet uit|allebei|alles is goed|doesn'?t matter|don'?t mind|either|"
        r"whatever|any ?way|both)\b",
        "any",
    ),
    (
        r"\b(langskomen|langsgaan|persoonlijk|face to face|face-to-face|in het echt|in person|"
        r"afspraak|visit|walk ?in|in real life|irl|iemand zien|see someone)\b",
        "in_person",
    ),
    (
        r"\b(chat|chatten|typen|appen|whatsapp|app|schrijven|texting|text|type|message|online)\b",
        "chat",
    ),
    (r"\b(bellen|telefoon|telefonisch|bel|call|phone|calling|ring)\b", "phone"),
)

YES = (
    r"^(ja|jaa+|yes|yess+|yep|yup|yeah|ya|ye|jep|jup|jazeker|zeker|klopt|ok|oke|okay|sure|"
    r"correct|inderdaad|y|j|wel|ja hoor|ja echt|ja nu|yes now)\b",
)

NO = (
    r"^(nee|neen|nope|no|nah|nay|neej|neuh|n|niet|nop|nee hoor|no not now|nee nu niet|"
    r"not really|niet echt|helemaal niet)\b",
)

SUICIDE = (
    r"\b(zelfmoord|zelfdoding|suicide|suicidal|su[i1]c[i1]de|kill myself|end my life|"
    r"end it all|want to die|wanna die|wil dood|wil niet meer leven|niet meer leven|"
    r"er een eind aan maken|er een einde aan maken|mezelf (van kant|dood|iets aan\w*)|"
    r"mijzelf (van kant|dood)|hurt myself|mezelf pijn doen)\b",
    # About someone else: thoughts of suicide of a friend or relative also go to 113.
    r"\b(kill (herself|himself|themselves|themself)|end (her|his|their) (own )?life|"
    r"take (her|his|their|my) own life|wants to die|(doesn'?t|does not) want to live|"
    r"zichzelf (van kant|dood|iets aan\w*|wat aan\w*|wil doden)|zelfmoordgedachten|"
    r"(wil|wilt|willen) (er )?niet meer zijn|(haar|zijn) leven (beeindigen|beëindigen))\b",
)

# Danger now to anyone: present-tense violence next to a word for "now".
_HARM_NOW_NL = (
    r"(slaat|slaan|schopt|schoppen|wurgt|wurgen|mishandelt|mishandelen|steekt|steken|"
    r"knijpt|bedreigt|bedreigen|aanvalt|aanvallen|vermoordt|verkrachten)"
)
_HARMED_NL = (
    r"(geslagen|geschopt|gewurgd|mishandeld|verkracht|aangevallen|bedreigd|gestoken|"
    r"aangerand|misbruikt|vermoord)"
)
_HARM_NOW_EN = (
    r"(hitting|beating|choking|strangling|kicking|attacking|hurting|raping|stabbing|"
    r"assaulting|abusing|threatening|killing|being (beaten|hit|hurt|attacked|choked|"
    r"strangled|kicked|raped|stabbed|assaulted|abused|threatened|killed))"
)
# "nu al jaren", "nu niet meer" and "now and then" are not about this moment.
_NOW_NL = r"(nu|op dit moment|op dit ogenblik|nu op dit moment)\b(?! (al|niet|geen|nooit)\b)"
_NOW_EN = r"(right now|now|as we speak|at this moment|at this very moment)\b(?! and then\b)"
# Up to three words in between, none of them "and" / "but": "... en nu wil ik weg" is about
# something else than the violence before it.
_FEW_WORDS = r"( (?!(en|maar|dus|want|toen|and|but|so|then|since)\b)\w+){0,3} "
_PASSIVE_NL = r"(word|wordt|worden)( \w+){0,3} "

DANGER = (
    r"\b(niet veilig|in gevaar|not safe|in danger|bel 112|call 112|hij komt eraan|"
    r"(he|she)'?s? (is )?(hitting|beating|choking) me|"
    r"staat voor de deur|at my door|at the door|breaking in|breekt in)\b",
    r"\b(staat|stond|wacht|loopt) (nu )?(voor|bij|onder|rond|om) (mijn|m'n|het|ons) "
    r"(raam|deur|huis|flat|school)\b",
    r"\b(is|'s|standing|waiting|lurking) (right )?(outside|at|around) (my|our|the) "
    r"(window|door|house|flat|apartment|school)\b",
    # Violence happening now, to the writer or to someone else: a present-tense verb close to
    # "nu" / "right now". Past tenses ("sloeg", "hit ... last year") never match.
    r"\b" + _HARM_NOW_NL + _FEW_WORDS + _NOW_NL,
    r"\b" + _NOW_NL + _FEW_WORDS + _HARM_NOW_NL + r"\b",
    r"\b" + _PASSIVE_NL + _NOW_NL + r"( \w+){0,3} " + _HARMED_NL + r"\b",
    r"\b" + _PASSIVE_NL + _HARMED_NL + _FEW_WORDS + _NOW_NL,
    r"\b" + _NOW_NL + r" " + _PASSIVE_NL + _HARMED_NL + r"\b",
    r"\b" + _HARM_NOW_EN + _FEW_WORDS + _NOW_EN,
    r"\b" + _NOW_EN + _FEW_WORDS + _HARM_NOW_EN + r"\b",
)


# "when I was 10": an age back then, not the age of the person now.
AGE_BACK_THEN = (
    r"\b(toen ik|toen ze|toen hij|when i was|when she was|when he was|at age|at the age of|"
    r"op mijn|op haar|op zijn|vanaf mijn|since i was) (\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\b",
)
