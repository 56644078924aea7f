"""Word lists the deterministic fact extractors use to stay precise.

Generic English vocabulary (occupations, pets, diets, conditions, languages...), never
tuned to a test set. Used by ``memory.tiers.rules`` and ``memory.tiers.extract``.
"""

from __future__ import annotations

OCCUPATIONS = frozenset(
    """
    accountant actor actress analyst anthropologist architect artist assistant astronaut
    athlete attorney author baker banker barber barista bartender biologist blogger bookkeeper
    builder butcher buyer carpenter cashier caregiver ceo cfo chef chemist cleaner clerk coach
    consultant contractor cook counselor counsellor courier curator dancer dentist designer
    detective developer dietitian director doctor driver economist editor educator electrician
    engineer entrepreneur farmer firefighter fisherman florist founder freelancer gardener
    geologist graphic hairdresser historian illustrator instructor intern interpreter
    investor janitor journalist judge lawyer lecturer librarian lifeguard linguist machinist
    manager marketer mathematician mechanic midwife model musician nanny nurse nutritionist
    officer optician painter paralegal paramedic pharmacist photographer physician
    physicist physiotherapist pilot plumber poet police policeman policewoman politician
    producer professor programmer psychiatrist psychologist publisher radiologist
    realtor receptionist recruiter reporter researcher salesman saleswoman salesperson
    scientist sculptor secretary singer social soldier songwriter statistician student
    surgeon surveyor tailor teacher technician therapist trainer translator tutor
    veterinarian vet waiter waitress webdeveloper welder writer youtuber
    """.split()
)
OCCUPATION_PHRASES = (
    "software engineer",
    "data scientist",
    "data analyst",
    "product manager",
    "project manager",
    "social worker",
    "web developer",
    "graphic designer",
    "personal trainer",
    "real estate agent",
    "stay-at-home mom",
    "stay-at-home dad",
    "police officer",
    "flight attendant",
    "ux designer",
    "teaching assistant",
    "research assistant",
    "registered nurse",
    "high school teacher",
    "primary school teacher",
    "civil engineer",
    "nurse practitioner",
    "dental hygienist",
)

PETS = (
    "guinea pig",
    "dog",
    "cat",
    "puppy",
    "pup",
    "kitten",
    "kitty",
    "hamster",
    "rabbit",
    "bunny",
    "parrot",
    "budgie",
    "bird",
    "fish",
    "goldfish",
    "turtle",
    "tortoise",
    "horse",
    "pony",
    "snake",
    "lizard",
    "ferret",
    "gecko",
    "chinchilla",
    "gerbil",
    "iguana",
    "hedgehog",
)

DIETS = (
    "raw vegan",
    "vegetarian",
    "vegan",
    "pescatarian",
    "pescetarian",
    "flexitarian",
    "keto",
    "paleo",
    "gluten-free",
    "dairy-free",
    "lactose-free",
    "plant-based",
    "halal",
    "kosher",
)

CONDITIONS = (
    "type 1 diabetes",
    "type 2 diabetes",
    "diabetes",
    "asthma",
    "migraines",
    "celiac disease",
    "coeliac disease",
    "arthritis",
    "adhd",
    "autism",
    "anxiety",
    "depression",
    "epilepsy",
    "eczema",
    "psoriasis",
    "high blood pressure",
    "hypertension",
    "insomnia",
    "ibs",
    "crohn's disease",
    "long covid",
    "covid",
    "sleep apnea",
    "tinnitus",
    "dyslexia",
    "ptsd",
    "ocd",
    "cancer",
    "lupus",
    "multiple sclerosis",
    "a bad back",
    "back pain",
    "hay fever",
    "a heart condition",
    "chronic pain",
    "fibromyalgia",
    "bipolar disorder",
)

INSTRUMENTS_AND_GAMES = (
    "table tennis",
    "ping pong",
    "video games",
    "board games",
    "the guitar",
    "the piano",
    "the violin",
    "the drums",
    "the cello",
    "the flute",
    "the saxophone",
    "the ukulele",
    "the bass",
    "the clarinet",
    "the trumpet",
    "the harp",
    "guitar",
    "piano",
    "violin",
    "drums",
    "cello",
    "flute",
    "saxophone",
    "ukulele",
    "clarinet",
    "trumpet",
    "harp",
    "tennis",
    "football",
    "soccer",
    "basketball",
    "volleyball",
    "golf",
    "chess",
    "badminton",
    "hockey",
    "baseball",
    "cricket",
    "rugby",
    "squash",
    "pickleball",
    "poker",
    "padel",
)

LANGUAGES = frozenset(
    """
    english spanish french german italian portuguese dutch swedish norwegian danish finnish
    polish russian ukrainian czech greek turkish arabic hebrew hindi urdu bengali punjabi
    chinese mandarin cantonese japanese korean vietnamese thai indonesian malay tagalog
    swahili persian farsi romanian hungarian catalan basque irish welsh latin
    """.split()
)

ACTIVITY_VERBS = (
    "go",
    "run",
    "jog",
    "walk",
    "swim",
    "cook",
    "read",
    "meditate",
    "practice",
    "practise",
    "play",
    "visit",
    "call",
    "work out",
    "do",
    "bike",
    "cycle",
    "ride",
    "hike",
    "paint",
    "write",
    "train",
    "attend",
    "take",
    "have",
    "drink",
    "eat",
    "watch",
    "volunteer",
    "study",
    "journal",
    "garden",
    "lift",
    "stretch",
    "pray",
    "dance",
    "sing",
    "knit",
    "bake",
)

NOT_NAMES = frozenset(
    """
    i i'm i've i'd i'll me my mine we us our you your he him his she her they them their it
    its the a an and but or so if then this that these those there here what when where who
    why how which yes no not hey hi hello thanks thank ok okay oh wow well sure sorry please
    god lord mom mum dad mommy daddy grandma grandpa mama papa sis bro dude man guys buddy
    today tomorrow yesterday tonight everyone everybody someone somebody anyone nobody
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter halloween
    thanksgiving valentine mr mrs ms dr also just really very lol haha omg
    by with at in on for from to of as thankfully honestly luckily actually sadly finally
    recently hopefully basically seriously obviously unfortunately fortunately apparently
    definitely totally literally anyway anyways well yeah yep nope speaking btw lately
    currently sometimes still plus besides meanwhile though congrats congratulations awesome
    cool nice great absolutely exactly aww haha hmm um uh glad good amazing love thanks
    right true wait look listen remember maybe perhaps
    """.split()
)

OBJECT_REJECT_FIRST = frozenset(
    """
    it it's its that that's this those these them they you your yours him her hers his how
    what when where why who whom which there here everything anything something nothing all
    both such so being to-do because whatever whenever if whether than then too very every
    each i i'm i've im makes is was has are were gets keeps helps brings gives made
    """.split()
)
OBJECT_REJECT_PREFIX = (
    "the idea",
    "the thought",
    "the way",
    "the fact",
    "the feeling",
    "the vibe",
    "the sound",
    "the look",
    "the energy",
    "the support",
    "the result",
    "the outcome",
    "the pic",
    "the photo",
    "the picture",
    "seeing",
    "hearing",
    "getting to",
    "to see",
    "to hear",
)

TRAILING_FILLER = (
    "so much",
    "very much",
    "a lot",
    "a ton",
    "lately",
    "these days",
    "nowadays",
    "now",
    "anymore",
    "any more",
    "again",
    "as well",
    "too",
    "right now",
    "though",
    "actually",
    "honestly",
    "really",
    "though",
    "haha",
    "lol",
    "tbh",
    "at the moment",
    "for sure",
    "myself",
    "personally",
    "in general",
    "overall",
    "more",
    "most",
    "still",
)
