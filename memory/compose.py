"""Answers composed from memory alone: current facts and verbatim quotes, each cited.

A model that is not capable (the bundled 135M one) never states a fact about the user's
life: ``compose`` builds the answer from what is stored. It is also the fallback when a
capable model's answer is not supported by the memories, and when the model fails.

Rules, each there because an answer broke without it:

- only statements are evidence: questions ("Where do I live and where do I work?"), the
  assistant's replies and Mneme's own answers are never quoted;
- who said it matters: a question naming a person (a speaker of the memory) is answered
  only from that person's own words, never from what someone else said to them; a question
  about "me" only from the user's own words;
- a quote must share most of the question's content words and add something the question
  does not already say ("This was Japan." says nothing about what impressed John);
- the shortest span that carries the answer is quoted, cut only at a clause boundary and
  never after a dangling word ("I was born on");
- facts that answer the question come first: every current fact of the asked kind.

When nothing qualifies, ``compose`` returns None and the caller says it does not know.
Used by ``memory.answer`` (``mneme ask``, the chat, prefill's question box).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from memory.grounding import sentences
from memory.prefill.answers import addressed, first_person, proper_names, question_terms
from memory.query import named_people
from memory.recall import Hit
from memory.text import STOPWORDS, content_terms, fold, match_stem, tokens

NOT_EVIDENCE_ROLES = frozenset({"assistant", "system", "tool"})
"""Chat roles whose words are never evidence: a model's reply asserts nothing."""

QUESTION_START = (
    "who", "what", "when", "where", "which", "why", "how", "whose", "whom", "do ", "does ",
    "did ", "is ", "are ", "was ", "were ", "can ", "could ", "have ", "has ", "tell me",
    "remind me", "remember",
)
FIRST_PERSON = frozenset({"i", "my", "me", "mine", "myself", "i'm", "i've", "i'd"})
DANGLING = frozenset(
    """
    a an the and or but of to in on at for with from by about as into onto than that which
    who whose my your his her their our its is are was were be been am
    """.split()
)
"""Words a quote may not end with: the phrase goes on after them."""
_LEADING_NOISE = re.compile(
    r"^(?:(?:hey|hi|hello|wow|oh|yeah|yes|yep|sure|thanks|thank you|haha|lol|aw+|omg|so|well|"
    r"ah|hmm|totally|absolutely|definitely|great|cool|nice|awesome|amazing|true|right|ok(?:ay)?)"
    r"\b[^\w]*)+",
    re.I,
)
_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+[-–—]\s+")
_CLOSERS = " \t\"'’”)]}*_~…!.😊🙂😀😄😂❤️👍"
MAX_SPAN_WORDS = 30
MIN_COVERAGE = 0.5
CLOSE_MEANING = 0.5
"""A memory this close in meaning (cosine) to the question needs one shared content word
instead of two ("What is my dog called?" / "We adopted a beagle called Biscuit")."""


@dataclass(frozen=True)
class Composed:
    """An answer made of memory: its text (with ``[n]`` citations into the hits given) and
    how it was made (``fact`` or ``extractive``)."""

    text: str
    method: str
    cited: tuple[int, ...]
    """1-based positions, in the hits given, of the memories cited."""


def looks_like_question(text: str) -> bool:
    """A question or a request to recall something (the whole message)."""
    t = text.strip().lower()
    return t.endswith("?") or t.startswith(QUESTION_START)


def is_question(sentence: str) -> bool:
    """A sentence that asks rather than states ("What made you decide to get a snake?")."""
    return sentence.rstrip(_CLOSERS.replace("!", "").replace(".", "")).endswith("?")


def question_part(text: str, limit: int = 20) -> str:
    """The sentences of a message that ask ("Who is my dentist?" of "Who is my dentist? I
    need the name for a form."), each once: what an answer must cover. The whole message
    when none ends with a question mark."""
    asked = list(dict.fromkeys(s for s in sentences(text) if is_question(s)))
    return " ".join(asked[:limit]) if asked else text


_VOCATIVE_LEAD = re.compile(
    r"^(?:(?i:hey|hi|oh|wow|aw+|yes|yeah|thanks|thank you|sorry)[\s,]+)?([A-Z][\w'’-]+)\s*,"
)
_VOCATIVE_TAIL = re.compile(r",\s*([A-Z][\w'’-]+)\s*[!?.…]*\s*$")
_NOT_NAMES = frozenset(
    """
    so well yes no ok okay honestly anyway also actually sure right wow oh haha lol sadly
    luckily unfortunately fortunately hopefully basically first then now today yesterday
    tomorrow recently lately plus besides however still yeah yep nope true totally seriously
    definitely absolutely exactly agreed cool great nice awesome thanks please sorry
    """.split()
)


_FINITE = re.compile(
    r"\b(?:is|are|was|were|can|could|will|would|makes?|helps?|gets?|seems?|sounds?|looks?|"
    r"feels?|means?|keeps?)\b|'s\b|’s\b"
)
_I_TO_YOU = re.compile(
    r"\b(?:I|we)(?:'m|'re| am| are| was)?\s+(?:\w+\s+){0,3}?(?:you|your)\b", re.I
)
_CALENDAR = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d+",
    re.I,
)
"""A month, weekday or number the question names: the memory says "last week", not the date."""
_THAT_IS = re.compile(
    r"(?:that|this|it|which)(?:'s|’s| is| was| sounds| looks)\s+(?:\w+\s+)?(?:awesome|great|"
    r"amazing|cool|nice|wonderful|fantastic|incredible|impressive|lovely|beautiful|inspiring|"
    r"exciting|awesome|brilliant|fun|sweet|adorable|hilarious|crazy|wild|tough|hard|sad)\b",
    re.I,
)
_HEDGE = re.compile(
    r"\b(?:maybe|perhaps|might|someday|some day|one day|i'?d like to|i wish|i hope to|"
    r"if i|i'll|i will|i would|i could|going to|gonna|thinking of|thinking about)\b",
    re.I,
)
_PLANS = re.compile(
    r"\b(?:plan|plans|planning|hope|hopes|hoping|want|wants|wish|will|going to|future|next|"
    r"dream|dreams|goal|goals|intend|would|might|could|thinking)\b",
    re.I,
)


def of_self(sentence: str) -> bool:
    """The speaker speaks of themself: "I", "my", "we", or a sentence that drops its "I"
    ("Researching adoption agencies", "Just got back"); a sentence opening with a gerund as
    its subject ("Winning the tournament is awesome!") is a remark, not about the speaker."""
    plain = sentence.replace("’", "'")
    if addressed(plain):  # "I think you did great" / "I'm so proud of you" are about "you"
        plain = _I_TO_YOU.sub(" ", plain)
    words = set(tokens(plain))
    if words & {"i", "i'm", "im", "i've", "ive", "i'd", "i'll", "my", "me", "mine", "we",
                "we're", "we've", "our", "us", "myself"}:
        return True  # "Taking your advice, I'm sprucing up my plan" is about the speaker
    if addressed(sentence) or not first_person(sentence, elliptical=True):
        return False
    text = _LEADING_NOISE.sub("", sentence)
    first = tokens(text)[:1]
    if not (first and first[0].endswith("ing")):
        return True
    clauses = re.split(r"\s*[,;:]\s+|\s+[-–—]+\s+", text)
    said_of_it = len(clauses) > 1 and _THAT_IS.match(clauses[1])
    return not (_FINITE.search(clauses[0]) or said_of_it)


def vocative(sentence: str) -> bool:
    """The sentence calls someone by name ("Mel, family is the best!", "Sounds great,
    Mel!"): it speaks to them."""
    text = sentence.strip(" \"'")
    for pattern in (_VOCATIVE_LEAD, _VOCATIVE_TAIL):
        m = pattern.search(text)
        name = fold(m.group(1)) if m else ""
        if name and name not in STOPWORDS and name not in _NOT_NAMES:
            return True
    return False


def is_evidence(hit: Hit) -> bool:
    """A memory whose words may answer a question: not a model's reply or Mneme's answer,
    and not the user's own question to Mneme."""
    meta = hit.metadata
    role = str(meta.get("role") or "").lower()
    if role in NOT_EVIDENCE_ROLES:
        return False
    return not (role == "user" and looks_like_question(hit.text))


def statements(text: str) -> list[str]:
    """The sentences of ``text`` that state something: no questions, no bare greetings."""
    out = []
    for sent in sentences(text):
        if is_question(sent):
            continue
        body = _LEADING_NOISE.sub("", sent).strip()
        if body and content_terms(body):
            out.append(body)
    return out


@dataclass(frozen=True)
class Subject:
    """Whose words may answer: ``speaker`` (the named speakers'), ``user`` or ``any``."""

    kind: str
    names: tuple[str, ...] = ()


def subject_of(question: str, speakers: Sequence[str]) -> Subject:
    """Who the question is about, as far as whose words may answer it."""
    named = named_people(question, speakers)
    if named:
        return Subject("speaker", tuple(named))
    if set(tokens(question)) & FIRST_PERSON:
        return Subject("user")
    return Subject("any")


def speaks_for(hit: Hit, subject: Subject, self_names: Sequence[str]) -> bool:
    """True when ``hit`` holds words ``subject`` may be answered from."""
    if subject.kind == "any":
        return True
    who = fold(hit.speaker or "").strip()
    if subject.kind == "user":
        mine = {fold(n).strip() for n in self_names if n.strip()}
        meta = hit.metadata
        return not who or who in mine or meta.get("self") is True or meta.get("role") == "user"
    if not who:
        return False
    if who in {fold(n).strip() for n in subject.names}:
        return True
    firsts = {tokens(n)[0] for n in subject.names if tokens(n)}
    return tokens(who)[0] in firsts


def _stems(text: str) -> set[str]:
    return {match_stem(t) for t in tokens(text) if t not in STOPWORDS}


def span(sentence: str, matched: set[str], question: set[str]) -> str:
    """The shortest part of ``sentence`` that carries the answer, cut at clause boundaries
    only: from the first clause holding a matched word to the clause holding the last word
    the question does not already have."""
    words = sentence.split()
    if len(words) <= MAX_SPAN_WORDS:
        return sentence
    # Clauses as (start, end) offsets into the sentence, so the span is its very text.
    cuts = [0, *(m.start() for m in _CLAUSE.finditer(sentence)), len(sentence)]
    parts = [(a, b) for a, b in itertools.pairwise(cuts) if sentence[a:b].strip()]
    start = next((i for i, (a, b) in enumerate(parts) if _stems(sentence[a:b]) & matched), 0)
    end = start
    for i in range(start, len(parts)):
        if _stems(sentence[parts[i][0] : parts[i][1]]) - question:
            end = i
            break
    chosen = sentence[parts[start][0] : parts[end][1]].strip(" ,;:-–—")
    return sentence if ends_dangling(chosen) else chosen


def ends_dangling(text: str) -> bool:
    """True when ``text`` stops on a word its phrase needs to go on ("born on")."""
    words = tokens(re.sub(r"\[\d+\]", " ", text))
    return bool(words) and words[-1] in DANGLING


@dataclass(frozen=True)
class _Candidate:
    key: tuple[float, int, float, int]
    """coverage, words matched, recall score, -position: the best quote sorts first."""
    text: str
    position: int
    stems: frozenset[str]


def compose(
    question: str,
    hits: Sequence[Hit],
    *,
    speakers: Sequence[str] = (),
    self_names: Sequence[str] = (),
    max_quotes: int = 2,
) -> Composed | None:
    """The answer to ``question`` made of ``hits`` alone, or None when none answers it.

    Args:
        question: what was asked.
        hits: recalled memories, best first (citations number them from 1).
        speakers: speaker names known to the store (to tell whose words count).
        self_names: the names the user goes by in chats.
        max_quotes: most quotes given (from different memories).
    """
    question = question_part(question)
    subject = subject_of(question, speakers)
    wanted = {match_stem(t) for t in question_terms(question, subject.names)}
    facts = _fact_answer(hits, wanted)
    if facts is not None:
        return facts
    if not wanted:
        return None
    asked = _stems(question) | {match_stem(t) for n in subject.names for t in tokens(n)}
    kind = wanted_kind(question)
    need = 1 if len(wanted) <= 2 else 2
    # Names the question gives (not of the person asked about) must be in the memory: a
    # trip to England does not answer a question about a trip to France.
    named = {
        match_stem(t)
        for t in proper_names(question)
        if not _CALENDAR.fullmatch(t) and t not in STOPWORDS  # "The cello?" is no name
    } - {match_stem(t) for n in (*subject.names, *speakers) for t in tokens(n)}
    plans = bool(_PLANS.search(question))
    found: list[_Candidate] = []
    for pos, hit in enumerate(hits, 1):
        if hit.tier != "record" or not is_evidence(hit) or not speaks_for(hit, subject, self_names):
            continue
        if named - _stems(hit.text):
            continue
        own = statements(hit.text)
        if subject.kind == "speaker":
            # In a conversation only what the speaker says of themself answers a question
            # about them: words to someone else ("you", "..., Mel!") and remarks on what
            # the other said ("That sounds great") are about the other person.
            own = [x for x in own if not vocative(x) and of_self(x)]
        if not plans:
            own = [x for x in own if not _HEDGE.search(x)]  # "Maybe I'll write one" is no fact
        quote = _best_quote(
            own, wanted, asked, 1 if hit.cosine >= CLOSE_MEANING else need, kind
        )
        if quote is None:
            continue
        text, coverage, n_matched, words = quote
        found.append(_Candidate((coverage, n_matched, hit.score, -pos), text, pos, words))
    if not found:
        return None
    found.sort(key=lambda c: c.key, reverse=True)
    best = found[0]
    chosen = [best]
    for cand in found[1:]:
        if len(chosen) >= max_quotes:
            break
        if cand.key[0] < best.key[0] or cand.position in {c.position for c in chosen}:
            continue
        if any(cand.stems <= c.stems or c.stems <= cand.stems for c in chosen):
            continue  # says nothing new (an episode quoting its record)
        chosen.append(cand)
    parts = []
    for c in chosen:
        part = f"{c.text} [{c.position}]"
        if kind == "time":
            note = time_note(c.text, hits[c.position - 1].timestamp)
            part += f" {note}" if note else ""
        parts.append(part)
    return Composed(" ".join(parts), "extractive", tuple(c.position for c in chosen))


def _best_quote(
    own: list[str], wanted: set[str], asked: set[str], need: int, kind: str | None = None
) -> tuple[str, float, int, frozenset[str]] | None:
    """The span of a memory's statements ``own`` that answers: one sentence, or two in a row
    when the question's words are spread over both ("This was Japan. I loved the temples"),
    holding most of the question's words (``wanted``) and something the question does not
    say. A question that wants a name, a time or a number (``kind``) is answered only by a
    span that holds one. The best span covers most, then is shortest."""
    stems = [_stems(x) for x in own]
    best: tuple[tuple[float, int, int], str, frozenset[str], set[str]] | None = None
    for i in range(len(own)):
        for j in (i, i + 1):
            if j >= len(own):
                break
            words = stems[i] | stems[j]
            matched = wanted & words
            text = own[i] if i == j else f"{own[i]} {own[j]}"
            if len(matched) < need or len(matched) / len(wanted) < MIN_COVERAGE:
                continue
            if i != j and not (wanted & stems[i] and stems[j] - asked):
                continue  # a second sentence only when the first matches and it adds
            if not words - asked or (kind is not None and not has_kind(text, kind, asked)):
                continue
            key = (len(matched) / len(wanted), len(matched), -len(text.split()))
            if best is None or key > best[0]:
                best = (key, text, frozenset(words), matched)
    if best is None:
        return None
    (coverage, n_matched, _), text, found, hit_words = best
    return span(text, hit_words, asked), coverage, n_matched, found


_WANTS = (
    ("time", re.compile(
        r"\bwhen\b|\bwhat (?:time|year|month|day|date)\b|\bwhich (?:year|month|day)\b|"
        r"\bhow long ago\b|\bsince when\b", re.I)),
    ("number", re.compile(r"\bhow (?:many|much|old)\b", re.I)),
    ("name", re.compile(r"\bname(?:s|d)?\b|\bcalled\b", re.I)),
    ("person", re.compile(r"^\s*(?:who|whom|with whom)\b|\bwith who(?:m)?\b", re.I)),
    ("place", re.compile(r"^\s*where\b|\bwhere (?:is|are|was|were|did|does|do)\b", re.I)),
)
_PLACE = re.compile(
    r"\b(?:in|at|near|on|from|to|into|around|across|inside|outside|behind|under|beside|"
    r"by|through|home|abroad|downtown|upstairs|downstairs|here|there)\b\s+\S+|\bhome\b",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:mom|mum|mother|dad|father|parents?|sister|brother|siblings?|wife|husband|"
    r"partner|boyfriend|girlfriend|fianc[ée]e?|son|daughter|kids|children|child|family|"
    r"friends?|colleagues?|coworkers?|boss|team|neighbou?rs?|cousins?|aunt|uncle|grand\w+|"
    r"teacher|mentor|doctor|dentist|nurse|coach|classmates?|roommates?|everyone|group)\b",
    re.I,
)
_TIME = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:yesterday|today|tonight|tomorrow|"
    r"ago|last|next|this|weekend|morning|afternoon|evening|night|week|month|year|spring|summer|"
    r"autumn|fall|winter|christmas|easter|birthday|since|until|before|after|during|recently|"
    r"earlier|later|soon|once|decade|century)\b",
    re.I,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|a few|a couple|several|half|single|both|"
    r"once|twice)\b",
    re.I,
)
_NAME_WORD = re.compile(r"\b[A-Z][\w'’-]*")


def wanted_kind(question: str) -> str | None:
    """``time``, ``number``, ``name``, ``person`` or ``place`` when the question asks for
    one."""
    return next((kind for kind, pattern in _WANTS if pattern.search(question)), None)


def has_kind(sentence: str, kind: str, asked: set[str]) -> bool:
    """``sentence`` holds what a question of ``kind`` asks for (a name it does not already
    hold, for a name)."""
    if kind == "time":
        return bool(_TIME.search(sentence))
    if kind == "number":
        return bool(_NUMBER.search(sentence))
    if kind == "place":
        return bool(_PLACE.search(sentence))
    if kind == "person" and _PEOPLE.search(sentence):
        return True
    short = len(sentence.split()) <= 3  # "Pixel." is a name; "Went hiking" opens a sentence
    for part in sentences(sentence):
        for m in _NAME_WORD.finditer(part):
            if m.start() == 0 and not short:
                continue
            word = fold(m.group(0))
            if word not in STOPWORDS and word not in _NOT_NAMES and match_stem(word) not in asked:
                return True
    return False


_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
_RELATIVE = re.compile(
    rf"\b(?:yesterday|today|tonight|tomorrow|last night|this morning|"
    rf"(?:last|this past|past) (?:week(?:end)?|month|year|{_DAY})|"
    rf"next (?:week(?:end)?|month|year|{_DAY})|"
    rf"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|\d+) "
    rf"(?:days?|weeks?|months?|years?) ago)\b",
    re.I,
)
TIME_NOTE = re.compile(r"\((?P<phrase>[^():]+): (?P<date>[^()]+)\)")
"""A note ``(yesterday: 27 August 2023)`` after a quote: a relative time in the quote, on
the date of the memory that says it."""


def resolve_relative(phrase: str, timestamp: str | None) -> str | None:
    """What a relative time ("yesterday", "last month") meant on the day ``timestamp`` was
    said: "27 August 2023", "July 2023", "2022", "the week before 28 August 2023"."""
    from datetime import datetime

    if not timestamp:
        return None
    try:
        base = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None
    low = phrase.lower()
    if "weekend" in low:
        return f"the weekend before {base.day} {base:%B %Y}"
    if "week" in low and "ago" not in low:
        return f"the week {'after' if low.startswith('next') else 'before'} {base.day} {base:%B %Y}"
    import dateparser

    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    if low.startswith("next") or low == "tomorrow":
        settings["PREFER_DATES_FROM"] = "future"
    plain = low.replace("this past", "last").replace("past", "last")
    when = dateparser.parse(plain, settings=settings)  # type: ignore[arg-type]
    if when is None:
        return None
    if "year" in low:
        return f"{when:%Y}"
    if "month" in low:
        return f"{when:%B %Y}"
    return f"{when.day} {when:%B %Y}"


def time_note(quote: str, timestamp: str | None) -> str | None:
    """``(yesterday: 27 August 2023)`` for the first relative time in ``quote``."""
    m = _RELATIVE.search(quote)
    if m is None:
        return None
    resolved = resolve_relative(m.group(0), timestamp)
    return f"({m.group(0)}: {resolved})" if resolved else None


def answers_directly(hit: Hit) -> bool:
    """A fact the question asked for, true in the period asked about (``memory.tiers`` marks
    it "answers: ..."; a conflicting fact never answers directly)."""
    return (
        hit.tier == "fact"
        and hit.metadata.get("status") in ("current", "superseded")
        and any(w.startswith("answers:") for w in hit.why)
    )


def _fact_answer(hits: Sequence[Hit], wanted: set[str], limit: int = 6) -> Composed | None:
    """Every fact among ``hits`` of the kind the best answering one answers ("What am I
    allergic to?": peanuts and shellfish), when the memory tiers marked a fact as the answer
    and it speaks of what the question asks ("Your name is Ana Lima." does not answer "What
    is the name of my dentist?")."""
    first = next((h for h in hits if answers_directly(h)), None)
    if first is None:
        return None
    top = first.metadata
    about = _stems(first.text) | _stems(str(top.get("predicate") or "").replace("_", " "))
    if wanted and len(wanted & about) / len(wanted) < MIN_COVERAGE:
        return None
    parts: list[str] = []
    cited: list[int] = []
    seen: set[str] = set()
    for pos, hit in enumerate(hits, 1):
        meta = hit.metadata
        if not answers_directly(hit) or meta.get("predicate") != top.get("predicate"):
            continue
        if meta.get("subject") != top.get("subject") or meta.get("status") != top.get("status"):
            continue
        value = fold(str(meta.get("object") or hit.text))
        if value in seen:
            continue
        seen.add(value)
        parts.append(f"{hit.text.rstrip()} [{pos}]")
        cited.append(pos)
        if len(parts) >= limit:
            break
    return Composed(" ".join(parts), "fact", tuple(cited))


def dedupe_items(text: str) -> str:
    """``text`` with repeated list items shown once ("Sourdough, Bread, Sourdough, ...")."""
    lines = [ln for ln in text.splitlines()]
    seen_lines: set[str] = set()
    kept_lines = []
    for line in lines:
        key = fold(line).strip(" -*•\t")
        if key and key in seen_lines:
            continue
        seen_lines.add(key)
        kept_lines.append(_dedupe_commas(line))
    return "\n".join(kept_lines)


def _dedupe_commas(line: str) -> str:
    items = [p.strip() for p in line.split(",")]
    if len(items) < 3:
        return line
    seen: set[str] = set()
    kept = []
    for item in items:
        key = fold(item).strip(" .")
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return ", ".join(kept) if len(kept) < len(items) else line
