"""What a sentence says, as far as a quote may answer with it: words it denies, words it
says of the person spoken to, and words that say the opposite of the question's.

A quote that holds the question's words does not answer it when

- it denies them: "I don't surf, but reading helps me feel free" says nothing of how its
  speaker feels while surfing;
- they belong to the person spoken to: in "I never knew turtles could be so interesting
  until I met your turtles", the turtles are the listener's, not the speaker's; in "you
  would be getting a third turtle" the listener gets it;
- it says the opposite of a word of the question: "Tilly helps me stay focused and brings
  me joy" does not say what keeps its speaker distracted and brings sadness, "I use my
  influence to help causes I believe in" not what cause they oppose.

``counted_stems`` gives the stems of a sentence that state something of its speaker (the
first two cases left out); ``opposes`` tells the third. Used by ``memory.compose``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from memory.prefill.answers import SECOND_PERSON as ADDRESSING
from memory.text import match_stem, tokens
from memory.whose import SELF_WORDS

NEGATORS = frozenset({"not", "never", "no", "nor", "cannot", "without"})
"""Words that deny what follows them (plus every "...n't")."""
NEGATION_REACH = 2
"""How many words after a negator it denies ("I don't surf", "I don't like surfing");
adverbs in between ("I don't really surf") are not counted."""
_ADVERBS = frozenset(
    "really even ever usually always actually much quite particularly necessarily "
    "generally often".split()
)
SECOND_PERSON = ADDRESSING | {"you'll", "you'd", "yourselves"}
FIRST_PERSON = SELF_WORDS | {"we'll", "ours"}
_DISCOURSE = frozenset({"know", "see", "guys", "too", "thank", "thanks", "so", "much"})
"""Words after "you" that are not what the listener does or has ("you know", "thank you
so much")."""
_CLAUSE = re.compile(r"[,;:.!?()\[\]]|\s[-–—]\s|\b(?:but|and|because|so|though|although)\b", re.I)

OPPOSITES = (
    "love loves loved loving | hate hates hated hating dislike dislikes disliked",
    "like likes liked enjoy enjoys enjoyed | dislike dislikes disliked hate hated",
    "happy happiness joy joyful glad | sad sadness unhappy sorrow grief",
    "calm calmer relaxed peaceful | anxious stressed nervous tense worried",
    "focus focused focusing concentrate | distracted distraction distract",
    "support supports supported supporting believe | oppose opposes opposed opposing against",
    "praise praised admire admired appreciate appreciated | criticize criticized criticise "
    "criticised complain complained",
    "explore explored visit visited seek | avoid avoided avoiding",
    "join joined | leave left quit quitted",
    "start started begin began | stop stopped quit end ended finish finished",
    "win won winning victory | lose lost losing defeat",
    "buy bought | sell sold",
    "best | worst",
    "easy easier | hard harder difficult",
    "success successful succeed succeeded | failure fail failed",
    "remember remembered | forget forgot forgotten",
    "accept accepted | reject rejected refuse refused",
    "agree agreed | disagree disagreed",
    "gain gained | lose lost",
    "increase increased | decrease decreased",
    "strength strengths | weakness weaknesses",
    "positive | negative",
    "excited exciting | bored boring",
    "proud | ashamed embarrassed",
    "brave courage | afraid scared fear",
    "healthy | unhealthy sick",
    "safe | dangerous",
    "cheap | expensive",
    "early | late",
    "first | last",
    "friend friends | enemy enemies",
    "open opened | close closed",
)
"""Groups of words of opposite sense, as data: each line is "one side | the other"."""


def _sides() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in OPPOSITES:
        left, right = (frozenset(match_stem(w) for w in side.split()) for side in line.split("|"))
        for a, b in ((left, right), (right, left)):
            for w in a - b:
                out.setdefault(w, set()).update(b - a)
    return {w: frozenset(o) for w, o in out.items()}


_OPPOSITE_OF = _sides()


def opposite_stems(stem: str) -> frozenset[str]:
    """The stems of words meaning the opposite of ``stem`` (empty when none is known)."""
    return _OPPOSITE_OF.get(stem, frozenset())


def opposes(question: set[str], sentence: set[str]) -> bool:
    """The sentence (its stems) says the opposite of a word of the question and not the
    word itself ("focused" for "distracted", "believe" for "oppose")."""
    return any(q not in sentence and opposite_stems(q) & sentence for q in question)


def denies(text: str) -> bool:
    """The text holds a negation ("don't", "never", "no longer")."""
    return any(t in NEGATORS or t.endswith("n't") for t in tokens(text.replace("’", "'")))


@lru_cache(maxsize=8192)
def counted_stems(sentence: str, of_speaker: bool = True, deny: bool = True) -> frozenset[str]:
    """The stems of ``sentence`` that state something of its speaker: without the words a
    negation denies (``deny``: a question that holds no negation itself), and
    (``of_speaker``) without those said of the person spoken to ("your turtles", "you would
    be getting a third turtle") up to the next "I"/"my" or clause end."""
    out: set[str] = set()
    for clause in _CLAUSE.split(sentence.replace("’", "'")):
        denied = 0
        listener = False
        for tok in tokens(clause):
            if deny and (tok in NEGATORS or tok.endswith("n't")):
                denied = NEGATION_REACH
                continue
            if tok in FIRST_PERSON:
                listener = False
                continue
            if of_speaker and tok in SECOND_PERSON:
                listener = True
                continue
            if listener and tok in _DISCOURSE:
                continue
            if denied and tok in _ADVERBS:
                continue
            if denied:
                denied -= 1
                continue
            if not listener:
                out.add(match_stem(tok))
    return frozenset(out)
