"""Word lists the deterministic fact extractors use to stay precise.

Generic English vocabulary (occupations, pets, diets, conditions, languages...), never
tuned to a test set. Used by ``memory.tiers.frames``, ``memory.tiers.values`` and
``memory.tiers.extract``.
"""

from __future__ import annotations


def _phrases(text: str) -> tuple[str, ...]:
    """The ``|``-separated phrases of ``text``, in order (line breaks ignored)."""
    return tuple(" ".join(p.split()) for p in text.split("|") if p.strip())


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


OCCUPATIONS = _words(
    """
    accountant actor actress analyst anthropologist architect artist assistant astronaut
    athlete attorney author baker banker barber barista bartender biologist blogger
    bookkeeper builder butcher buyer caregiver carpenter cashier ceo cfo cio cmo coo cto
    co-founder cofounder vp chef chemist
    cleaner clerk coach consultant contractor cook counsellor counselor courier curator
    dancer dentist designer detective developer dietitian director doctor driver economist
    editor educator electrician engineer entrepreneur farmer firefighter fisherman florist
    founder freelancer gardener geologist graphic hairdresser historian illustrator
    instructor intern interpreter investor janitor journalist judge lawyer lecturer
    librarian lifeguard linguist machinist manager marketer mathematician mechanic midwife
    model musician nanny nurse nutritionist officer optician painter paralegal paramedic
    pharmacist photographer physician physicist physiotherapist pilot plumber poet police
    policeman policewoman politician producer professor programmer psychiatrist psychologist
    publisher radiologist realtor receptionist recruiter reporter researcher salesman
    salesperson saleswoman scientist sculptor secretary singer social soldier songwriter
    statistician student surgeon surveyor tailor teacher technician therapist trainer
    translator tutor vet veterinarian waiter waitress webdeveloper welder writer youtuber
    radiographer sonographer physio postman postwoman carer childminder solicitor barrister
    auditor actuary underwriter broker copywriter animator hygienist optometrist porter gp
    administrator coordinator strategist planner sommelier brewer winemaker zookeeper ranger
    miner roofer plasterer bricklayer joiner decorator locksmith labourer priest vicar rabbi
    imam pastor sailor steward stewardess conductor housekeeper cartographer
    """
)
OCCUPATION_SUFFIXES = ("ographer", "ologist", "ician", "iatrist", "therapist", "ometrist")
"""Endings that make a word an occupation ("radiographer", "audiologist", "dietician")."""

OCCUPATION_PHRASES = _phrases(
    """
    software engineer | data scientist | data analyst | product manager | project manager |
    social worker | web developer | graphic designer | personal trainer | real estate agent
    | stay-at-home mom | stay-at-home dad | police officer | flight attendant | ux designer
    | teaching assistant | research assistant | registered nurse | high school teacher |
    primary school teacher | civil engineer | nurse practitioner | dental hygienist
    """
)

PETS = _phrases(
    """
    guinea pig | dog | cat | puppy | pup | kitten | kitty | hamster | rabbit | bunny |
    parrot | budgie | bird | fish | goldfish | turtle | tortoise | horse | pony | snake |
    lizard | ferret | gecko | chinchilla | gerbil | iguana | hedgehog | cockatiel | canary |
    axolotl | tarantula | mouse | rat | pig | goat | hen | chicken | duck | donkey | alpaca
    """
)

BREEDS = _phrases(
    """
    labrador | lab | golden retriever | retriever | poodle | beagle | greyhound | whippet |
    lurcher | terrier | jack russell | spaniel | cocker spaniel | collie | border collie |
    dachshund | sausage dog | pug | bulldog | french bulldog | frenchie | husky | corgi |
    chihuahua | shih tzu | schnauzer | boxer | dalmatian | rottweiler | doberman | great
    dane | german shepherd | sheepdog | labradoodle | cockapoo | cavapoo | mutt | pointer |
    setter | maltese | yorkie | pomeranian | akita | shiba inu | samoyed | maine coon |
    siamese | persian cat | ragdoll | tabby | bengal cat | sphynx | budgerigar
    """
)
"""Breeds read as pets ("a greyhound named Pepper")."""

DIETS = _phrases(
    """
    raw vegan | vegetarian | vegan | pescatarian | pescetarian | flexitarian | keto | paleo
    | gluten-free | dairy-free | lactose-free | plant-based | halal | kosher | low-fodmap |
    low-carb | sugar-free | macrobiotic | carnivore | fruitarian | ovo-lacto vegetarian |
    lacto-vegetarian
    """
)

CONDITIONS = _phrases(
    """
    type 1 diabetes | type 2 diabetes | diabetes | asthma | migraines | celiac disease |
    coeliac disease | arthritis | adhd | autism | anxiety | depression | epilepsy | eczema |
    psoriasis | high blood pressure | high cholesterol | hypertension | insomnia | ibs |
    crohn's disease | long
    covid | covid | sleep apnea | tinnitus | dyslexia | ptsd | ocd | cancer | lupus |
    multiple sclerosis | a bad back | back pain | hay fever | a heart condition | chronic
    pain | fibromyalgia | bipolar disorder | ibd | gout | glaucoma | endometriosis | pcos |
    hypothyroidism | an underactive thyroid | a thyroid condition | anaemia | anemia |
    osteoporosis | scoliosis | a heart murmur | lactose intolerance | gluten intolerance |
    coeliac | celiac | chronic fatigue syndrome | me/cfs | long-term depression | seasonal
    affective disorder | a slipped disc | a bad knee | bad knees | sciatica | vertigo |
    dementia | parkinson's | alzheimer's | hiv | hepatitis | kidney disease | heart disease
    | a food intolerance
    """
)

HEALTH_ADJECTIVES = {
    "diabetic": "diabetes",
    "type 1 diabetic": "type 1 diabetes",
    "type 2 diabetic": "type 2 diabetes",
    "asthmatic": "asthma",
    "epileptic": "epilepsy",
    "anaemic": "anaemia",
    "anemic": "anemia",
    "dyslexic": "dyslexia",
    "autistic": "autism",
    "coeliac": "coeliac disease",
    "celiac": "celiac disease",
    "insomniac": "insomnia",
    "hypertensive": "high blood pressure",
    "colorblind": "colour blindness",
    "colour-blind": "colour blindness",
    "color-blind": "color blindness",
}
"""Adjectives that state a condition ("I'm diabetic" -> diabetes)."""

INTOLERANT_TO = _words(
    """
    alcohol caffeine dairy egg fructose gluten histamine lactose nut soy wheat
    """
)
"""What "I'm X intolerant" may name."""

NOT_ALLERGENS = _words(
    """
    anaphylactic anything awful bad big deadly deathly everything extremely few food hard
    her highly him huge it kind known life life-threatening little lot lots major many mild
    mildly minor mondays multiple new nothing people pretty real really school seasonal
    serious several severe severely skin slight slightly small some something sort strong
    stuff super terrible that them these things this those type very weird work you
    """
)
"""Words that are never an allergen by themselves ("a severe allergy" names none)."""

FOODS = _phrases(
    """
    alcohol | booze | caffeine | coffee | tea | dairy | milk | cheese | eggs | egg | gluten |
    wheat | lactose | meat | red meat | pork | beef | lamb | chicken | fish | shellfish |
    seafood | nuts | peanuts | tree nuts | soy | sugar | refined sugar | sweets | chocolate |
    fried food | spicy food | processed food | junk food | carbs | bread | sesame | garlic |
    onions | mushrooms | fizzy drinks | soda | energy drinks | wine | beer | spirits
    """
)
"""Foods and drinks a person avoids ("I can't have dairy", "I gave up alcohol")."""

ORG_NOUNS = _words(
    """
    agency bakery bank bar bookshop bookstore brand brewery business cafe café center centre
    charity clinic college company consultancy factory farm firm foundation gallery gym
    hospital hotel institute lab label laboratory library magazine museum network newspaper
    ngo non-profit nonprofit office organisation organization practice pub publisher
    restaurant salon school shop start-up startup store studio team university winery
    """
)
"""Head nouns of a workplace ("a startup called Lumen")."""

INSTRUMENTS_AND_GAMES = _phrases(
    """
    table tennis | ping pong | video games | board games | the guitar | the piano | the
    violin | the drums | the cello | the flute | the saxophone | the ukulele | the bass |
    the clarinet | the trumpet | the harp | guitar | piano | violin | drums | cello | flute
    | saxophone | ukulele | clarinet | trumpet | harp | tennis | football | soccer |
    basketball | volleyball | golf | chess | badminton | hockey | baseball | cricket | rugby
    | squash | pickleball | poker | padel | bass | the bass guitar | bass guitar | the
    keyboard | keyboard | keys | the organ | the banjo | banjo | the mandolin | the
    harmonica | the oboe | the trombone | the accordion | handball | water polo | netball |
    lacrosse | darts | snooker | pool | bridge | mahjong | dungeons and dragons | d&d |
    ultimate frisbee | frisbee | five-a-side | 5-a-side | five-a-side football | 5-a-side football
    """
)

LANGUAGES = _words(
    """
    arabic basque bengali cantonese catalan chinese czech danish dutch english farsi finnish
    french german greek hebrew hindi hungarian indonesian irish italian japanese korean
    latin malay mandarin norwegian persian polish portuguese punjabi romanian russian
    spanish swahili swedish tagalog thai turkish ukrainian urdu vietnamese welsh
        wolof yoruba igbo hausa zulu xhosa amharic somali tamil telugu marathi gujarati kannada
    malayalam nepali sinhala khmer lao burmese mongolian kazakh uzbek georgian armenian
    albanian serbian croatian bosnian slovak slovenian bulgarian macedonian lithuanian
    latvian estonian icelandic maltese luxembourgish afrikaans esperanto galician breton
    gaelic sign bsl asl creole kurdish pashto dari tigrinya lingala kinyarwanda shona
"""
)

ACTIVITY_VERBS = _phrases(
    """
    go | run | jog | walk | swim | cook | read | meditate | practice | practise | play |
    visit | call | work out | do | bike | cycle | ride | hike | paint | write | train |
    attend | take | have | drink | eat | watch | volunteer | study | journal | garden | lift
    | stretch | pray | dance | sing | knit | bake | order | cook dinner | meet | help | teach
    | coach | babysit | clean | surf | climb | boulder | commute | skate | sail | ski
    """
)

BELIEFS_AND_SIGNS = frozenset(
    _phrases(
        """
        catholic | christian | protestant | orthodox | jewish | muslim | hindu | buddhist |
        sikh | mormon | atheist | agnostic | pagan | quaker | evangelical | anglican |
        methodist | baptist | lutheran | aries | taurus | gemini | virgo | libra | scorpio |
        sagittarius | capricorn | aquarius | pisces | millennial | boomer | gen x | gen z |
        democrat | republican | tory | labour | liberal | conservative | socialist
        """
    )
)
"""Capitalised words after "I'm" that are not the speaker's name ("I'm Catholic, ...");
"Leo" and "Cancer" are left out: Leo is a name."""

NOT_NAMES = _words(
    """
    a absolutely actually also amazing an and anyone anyway anyways apparently april as at
    back bored busy done early excited fine free happy hungry late lost ready sad sick tired
    august awesome aww basically besides bro btw buddy but by christmas congrats
    congratulations cool currently dad daddy december definitely dr dude easter everybody
    everyone exactly february finally for fortunately friday from glad god good grandma
    grandpa great guys haha halloween he hello her here hey hi him his hmm honestly
    hopefully how i i'd i'll i'm i've if in it its january july june just lately listen
    literally lol look lord love luckily mama man march may maybe me meanwhile mine mom
    mommy monday mr mrs ms mum my nice no nobody nope not november obviously october of oh
    ok okay omg on or our papa perhaps please plus really recently remember right sadly
    saturday september seriously she sis so somebody someone sometimes sorry speaking still
    sunday sure thank thankfully thanks thanksgiving that the their them then there these
    they this those though thursday to today tomorrow tonight totally true tuesday uh um
    unfortunately us valentine very wait we wednesday well what when where which who why
    with wow yeah yep yes yesterday you your
    """
)

OBJECT_REJECT_FIRST = _words(
    """
    all anything are because being both brings each every everything gets gives has helps
    her here hers him his how i i'm i've if im is it it's its keeps made makes nothing so
    something such than that that's them then there these they this those to-do too very was
    were what whatever when whenever where whether which who whom why you your yours
    """
)

OBJECT_REJECT_PREFIX = _phrases(
    """
    the idea | the thought | the way | the fact | the feeling | the vibe | the sound | the
    look | the energy | the support | the result | the outcome | the pic | the photo | the
    picture | seeing | hearing | getting to | to see | to hear
    """
)

TRAILING_FILLER = _phrases(
    """
    so much | very much | too much | a lot | a ton | lately | these days | nowadays | now |
    anymore |
    any more | again | as well | too | right now | though | actually | honestly | really |
    haha | lol | tbh | at the moment | for sure | myself | personally | in general | overall
    | more | most | still | even | on weekends | at weekends | on the weekend | every weekend
    | sadly | unfortunately | luckily | thankfully | fortunately | obviously | apparently
    | basically | literally | seriously | annoyingly | ironically | weirdly | of course
    | to be honest | i guess | i think | btw | by the way | on the side | rn | atm
    | in my spare time | in my free time
    """
)

BINOMIALS = _phrases(
    """
    mac and cheese | fish and chips | rock and roll | rock 'n' roll | salt and vinegar |
    bread and butter | peanut butter and jelly | drum and bass | r and b | rhythm and blues
    | pros and cons | arts and crafts | dungeons and dragons | sweet and sour | gin and
    tonic | cheese and onion
    """
)
"""Phrases whose "and" does not join two values ("I love mac and cheese")."""


STUDY_FIELDS: dict[str, str] = {
    **{
        w: w
        for w in (
            "nursing law history physics chemistry biology maths math economics engineering "
            "architecture music art psychology philosophy english geography politics sociology "
            "dentistry pharmacy midwifery accounting business design drama film medicine "
            "journalism linguistics classics anthropology"
        ).split()
    },
}
"""The field before "student" ("a nursing student"; "a medical student" is left: check6's
s1149 counts no field for it)."""
