"""A keyword screen for signs of risk in word and text answers.

It looks for phrases (not single ambiguous words) that suggest a risk of
suicide, self-harm or violence, so that such an answer is stored flagged,
never shown on the projector or exported, the facilitator gets a private
notice and the phone shows support resources at once.

It is a screen, not an assessment: it misses most ways a man might say he is
in danger and it sometimes flags an answer that is fine. docs/safety.md says
so plainly; nothing here replaces a facilitator who listens.

How it works: the text is normalized (Unicode NFKC, case-folded, curly quotes
made straight, contractions written out with or without their apostrophe:
"don't", "don’t" and "dont" all become "do not"; punctuation other than
sentence ends dropped, whitespace collapsed), then matched against phrase
patterns per category. Sentence ends become a " ." token, so a pattern can
require that a phrase ends a sentence ("I can't go on." but not "I can't go
on holiday"). Negated mentions ("I'm not suicidal") are flagged on purpose:
the subject was raised, and a quiet word from the facilitator costs little.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Category = Literal["suicide", "self-harm", "violence"]


@dataclass(frozen=True)
class Screening:
    """The outcome of ``screen``: ``category`` is ``None`` exactly when not flagged."""

    flagged: bool
    category: Category | None = None


# --- Normalization ---------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)

# Contractions with an apostrophe, most specific first.
_APOSTROPHE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(what|that|it|he|she|there|who|life|everything|nothing)'s\b"), r"\1 is"),
)

# The same words typed without the apostrophe (phones, haste). Words that are
# also ordinary words ("ill", "id", "well", "its") are left alone.
_BARE_FORMS: dict[str, str] = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "aint": "is not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "theyre": "they are",
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "tryna": "trying to",
    "noone": "no one",
    "everyones": "everyone is",
    "anymore": "any more",
    "selfharm": "self harm",
    "bout": "about",
    "abt": "about",
}

_SENTENCE_END = re.compile(r"[.!?;\n]+")
_NOT_WORD = re.compile(r"[^0-9a-z. ]+")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The form the patterns are matched against (see the module docstring)."""
    value = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    for pattern, replacement in _APOSTROPHE_FORMS:
        value = pattern.sub(replacement, value)
    value = value.replace("'", "")  # possessives: "dad's" -> "dads"
    value = _SENTENCE_END.sub(" . ", value)
    value = _NOT_WORD.sub(" ", value)  # hyphens, commas, emoji: word breaks
    words = [_BARE_FORMS.get(word, word) for word in value.split()]
    value = " ".join(words)
    value = value.replace("my self", "myself")
    value = re.sub(r"(?: \.)+", " .", value)
    return _SPACES.sub(" ", value).strip(" .")


# --- Patterns ---------------------------------------------------------------------

# A phrase that must end its sentence: followed by a sentence end or nothing.
_END = r"(?= \.|$)"

# People an act of violence could be aimed at. Things ("the printer", "time",
# "it", "a pint") are deliberately absent: "kill time", "murder a pint".
_PERSON = (
    r"(?:him|her|them|someone|somebody|anyone|anybody|everyone|everybody|people"
    r"|(?:that|this|the) (?:guy|man|bloke|bastard|prick|asshole|arsehole|idiot|woman|bitch"
    r"|kid|neighbour|neighbor|boss|driver|lad|fella|fucker|cunt|twat|dickhead)"
    r"|my (?:\w+ )?(?:wife|ex|partner|girlfriend|boyfriend|husband|boss|manager|dad|father"
    r"|mum|mom|mother|brother|sister|son|daughter|kid|kids|children|child|baby|neighbour"
    r"|neighbor|stepdad|stepfather|stepson|stepdaughter|landlord|colleague|coworker"
    r"|family|missus|mrs|cousin|uncle|mate|friend|girl|boy|lad)s?)"
)

# Words that, straight after a person, turn violence into something else:
# "hurt her feelings", "beat him at chess", "shot him a message".
_NOT_VIOLENT_AFTER = (
    r"(?! (?:feelings|pride|ego|trust|chances|at|to it|up|by|a |an |out of the house|off the"
    r"|in (?:the |a )?(?:game|match|final|race|round|quiz|debate|argument|chess|cards|golf"
    r"|pool|darts|squash|tennis)))"
)

_INTENT = (
    r"(?:want|wanted|wanting|going|planning|plan|planned|about|ready|tempted|urge|urges"
    r"|decided|need|needed|trying|tried|got)"
)

# "I could", "I really would", "I'll": the speaker's own intent. Without "i",
# "my wife will kill him" is someone else's (usually joking) intent.
_I_MODAL = r"i (?:(?!not |never )\w+ )?(?:could|will|would|might|may|shall)"

_SUICIDE: tuple[str, ...] = (
    # "kill myself", but not "killed myself laughing / at the gym / on the bike".
    r"\bkill(?:ing|ed)? myself\b"
    r"(?! (?:laughing|with laughter|with work|at|on|getting|trying to|to get|to finish|working))",
    r"\b(?:end|ending|ended|take|taking|took) my (?:own )?life\b"
    r"(?! (?:back|into my own hands|in my (?:own )?hands|around|in a new))",
    r"\bend(?:ing)? it all\b",
    # "thought about ending it" — but not "ending it with her" or "end it early".
    r"\b(?:thought|thoughts|thinking|think|considered|considering|consider|planning|planned"
    r"|plan|want|wanted|wanting|tempted|close|ready|going|urge|urges|decided|wish i could)"
    r" (?:about |of |to )?(?:just )?end(?:ing)? (?:it|things)\b"
    r"(?! (?:with|between|off|for|early|there|here|now with|at|on|after|before|by|and start))",
    r"\bsuicidal\b",
    r"\b(?:thought|thoughts|thinking|think|considered|considering|consider|contemplat\w*"
    r"|attempt|attempted|attempting|tried|plan|planned|planning|close to|urge|urges|feel like"
    r"|felt like) (?:about |of |to )?(?:commit(?:ting)? |doing )?suicide\b",
    r"\b(?:my )?suicide (?:note|plan|attempt)\b",
    # Waking up: "sometimes I don't want to wake up", "hope I never wake up".
    r"\b(?:not|never|no longer|rather not) (?:want|wanting|wish|wishing|care|caring)?"
    r" ?(?:to )?wake up\b(?! (?:early|at|before|for work|for|in time|so|on|the|my|yet))",
    r"\b(?:wish|wished|hope|hoped|hoping|pray|prayed|praying) (?:that )?i (?:\w+ ){0,2}"
    r"(?:not|never) (?:to )?wake up\b(?! (?:early|at|before|for work|in time))",
    r"\bsleep and (?:\w+ )?(?:not|never) wake up\b",
    # Wanting to die or be dead.
    r"\b(?:want|wanted|wanting|wish|wished|ready|longing) to die\b"
    r"(?! (?:laughing|of|from|in (?:a|my) (?:bed|sleep) (?:at|when)|old|happy|doing|on))",
    r"\b(?:want|wanted|wanting|wish|wished) to be dead\b",
    r"\bwish(?:ed)? i (?:was|were|could be|could just be) dead\b",
    r"\bwish(?:ed)? i (?:could|would) (?:just )?die\b",
    r"\bwish(?:ed)? i (?:had|would|was|were|had been) (?:never|not) (?:been )?born\b",
    r"\bfeel(?:ing|s)? like dying\b(?! (?:of|laughing|from))",
    r"\bbetter off dead\b",
    r"\bbetter off without me\b",
    r"\bbetter off (?:if|when) i (?:\w+ ){0,3}"
    r"(?:dead|gone|died|die|not here|not around|not alive|not exist|never born|disappeared)\b",
    r"\b(?:no one|nobody) (?:would|will) (?:even |really )?"
    r"(?:miss me|notice if i|care if i (?:died|was gone|were gone|was dead|disappeared))",
    # Not wanting to live (but "not want to live in this town").
    r"\b(?:not|no longer) (?:want|wanting|wish) to (?:be alive|exist|live)\b"
    r"(?! (?:in|here|there|with|near|at|on|abroad|alone|next|like (?!this)|through))",
    r"\b(?:not|no longer) (?:want|wanting|wish) to be (?:here|around) any more\b",
    r"\bno (?:reason|point|purpose|will) (?:in |to |for )?"
    r"(?:living|go on|going on|carry on|carrying on|being alive|be alive|being here|live"
    r"|keep going|keep living|trying any more|me being here)\b(?! (?:with|about|and|at|in))",
    r"\bnothing (?:left )?to live for\b",
    r"\bwhat is the point (?:of )?(?:living|going on|carrying on|life|being alive|being here"
    r"|any more|of it all|in living|in anything|of anything)\b",
    r"\b(?:life|it) (?:is|was|feels) (?:not|no longer|hardly) worth (?:living|it any more)\b",
    r"\bnot worth living\b",
    r"\b(?:can not|could not|can no longer) (?:go|carry) on(?: like this| living| any more)*"
    + _END,
    r"\b(?:tired|sick|done) (?:of|with) (?:living|life|being alive|it all)"
    r"(?: like this| any more)*" + _END,
    r"\b(?:will not|would not|might not|may not|not going to) be (?:here|around)"
    r" (?:much longer|for much longer|for long|any more)\b",
    r"\bdisappear (?:forever|for good)\b",
    r"\b(?:do not|can not|no longer) see (?:the|any) point"
    r" (?:any more|(?:in|of) (?:living|life|anything|going on|being here|being alive))\b",
    r"\b(?:i am|i feel|i feel like|i feel like i am|i have become|i am just|i am nothing but)"
    r" (?:a |such a |nothing but a |just a )?burden\b",
    r"\b(?:would|had) rather (?:be dead|die|not be alive|not exist|not be here)\b(?! than)",
    r"\b(?:better|easier|happier) (?:off )?(?:for (?:everyone|everybody|them|my family) )?"
    r"(?:if|when) i (?:\w+ ){0,3}(?:dead|gone|died|die|not here|not around|not alive"
    r"|not exist|never born|disappeared)\b(?! (?:for|to|by|on|at|in|this|next|tomorrow))",
    r"\b(?:happier|easier) without me(?: around)?" + _END,
    r"\bi (?:would|will|am|might) (?:be )?better off (?:gone|not here|not around|not alive)\b"
    r"(?! (?:from|to|for))",
    r"\b(?:having|had|have|been having|getting|get|got|with|more|of) (?:some |these |those |the "
    r"|really |very |a lot of |lots of )?dark thoughts\b",
    r"\bwant (?:it all|my life|life) to (?:end|stop)" + _END,
    r"\bwant (?:it all|everything|my life|life) to (?:end|stop)(?: \.)?"
    r" (?:permanently|for good|forever)\b",
    r"\b(?:want to|going to|about to|might|i will|ready to) kms\b",
    # Means.
    r"\b(?:took|take|taking|swallowed|swallow|swallowing) (?:too many|all (?:my|the|of my)"
    r"|a bottle of|a handful of|a load of|loads of) (?:\w+ )?(?:pills|tablets|painkillers)\b"
    r"(?! (?:by accident|accidentally|for my))",
    r"\b(?:hang|hanging|hanged|shoot|shooting|drown|drowning|overdose|overdosing|poison"
    r"|poisoning|gas|gassing|unalive|unaliving|top|topping|off|offing) myself\b"
    r"(?! (?:up|in the foot|in (?:work|coffee|beer|paperwork|tears|admin)))",
    r"\b(?:take|taking|took|taken) (?:an |a )?(?:overdose|od)\b",
    r"\bslit(?:ting)? my (?:wrist|wrists|throat)\b",
    r"\bjump(?:ing)? (?:off|from) (?:a |the |that )?(?:bridge|building|roof|cliff|balcony)\b",
    r"\b(?:jump|jumping|step|stepping|walk|walking|throw myself|throwing myself|drive|driving"
    r"|crash|crashing) (?:my car )?(?:in front of|into|under) (?:a |the )?"
    r"(?:train|bus|truck|lorry|traffic|tree|wall)\b(?! (?:at work|of))",
    r"\b(?:gun|pistol|shotgun|rifle) (?:to|against|in) my (?:own )?(?:head|mouth)\b",
    r"\bblow(?:ing)? my (?:own )?brains out\b",
    r"\bunalive\b",
)

_SELF_HARM: tuple[str, ...] = (
    # "hurt myself", but not "hurt myself at the gym / shaving / playing".
    r"\b(?:hurt|hurting|harm|harming|harmed|cut|cutting|burn|burning|burnt|burned|starve"
    r"|starving|starved|hit|hitting|punch|punching|punched|scratch|scratching|injure|injuring"
    r"|bruise|bruising|bite|biting|choke|choking|strangle|strangling) myself\b"
    r"(?! (?:at|in (?!the (?:head|face|stomach|chest|mouth)\b)|on (?!purpose)"
    r"|playing|lifting|running|while|doing|during|training|falling"
    r"|fell|when i (?:fell|slipped|tripped)|shaving|cooking|by accident|accidentally|slightly"
    r"|a bit|skiing|cycling|climbing|up|out|off|to sleep|with work|opening|fixing|moving))",
    r"\bself harm(?:ing|ed)?\b",
    r"\bself (?:injury|injuring|injure|mutilation|mutilating)\b",
    r"\b(?:cut|cutting|slash|slashing|slashed|burn|burning|scratch|scratching) my"
    r" (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|chest)\b"
    r"(?! (?:on|at|in|while|shaving|doing|playing|off))",
    r"\b(?:make|made|making) myself (?:bleed|throw up|vomit|hurt)\b",
    r"\b(?:started|start|been|back to|keep|kept|relapsed and|urge to|urges to) cutting"
    r"(?: again| myself)?" + _END,
    r"\bcutting again\b",
    r"\bdrink(?:ing)? myself to death\b",
    r"\b(?:urge|urges|want|wanted|tempted|need|needed) to (?:hurt|harm|cut|burn|punish) myself\b",
)

_VIOLENCE: tuple[str, ...] = (
    # Intent to kill: "I could kill him", "I'm going to kill my ex", "I'll kill him".
    r"\b(?:(?:" + _INTENT + r") to|" + _I_MODAL + r")"
    r" (?:(?!not |never )\w+ ){0,3}"
    r"(?:kill|murder|stab|shoot|strangle|choke|beat up|batter|knife|glass|run over)"
    r" " + _PERSON + r"\b" + _NOT_VIOLENT_AFTER + r"(?! with kindness)",
    # Intent to hurt: "I want to hurt someone", "I'm going to hit her".
    r"(?<!not )\b(?:(?:" + _INTENT + r") to|" + _I_MODAL + r")"
    r" (?:(?!not |never )\w+ ){0,3}(?:hurt|harm|hit|punch|beat|slap|kick|smack|attack|strangle"
    r"|choke|break) " + _PERSON + r"\b" + _NOT_VIOLENT_AFTER,
    # Fear of oneself: "I'm scared I'll hurt someone", "afraid I might hit my son".
    r"\b(?:afraid|scared|worried|frightened|terrified|fear|frightens me|scares me) (?:that )?"
    r"i (?:will|would|might|could|am going to|may) (?:\w+ ){0,3}"
    r"(?:hurt|hit|kill|harm|strangle|choke|attack|beat|stab|lose it with) " + _PERSON + r"\b"
    r"(?! (?:feelings|pride))",
    # Disclosure: "I hit my wife", "I punched her", "I've hit her again".
    r"\bi (?:(?!not |never |did not )\w+ ){0,2}"
    r"(?:hit|punched|slapped|choked|strangled|kicked|smacked|beat|battered|shoved|stabbed"
    r"|shot|hurt|pinned) " + _PERSON + r"\b" + _NOT_VIOLENT_AFTER,
    # Thoughts and urges: "thoughts about hurting people", "I keep hitting her".
    r"\b(?:thoughts|thought|thinking|fantasi[sz]e|fantasi[sz]ing|dream|dreaming|urge|urges"
    r"|picture|picturing|imagine|imagining|feel like|felt like|feeling like|end up|ended up)"
    r" (?:about |of )?(?:\w+ )?(?:hurting|killing|harming|stabbing|shooting|strangling|attacking"
    r"|beating|hitting|murdering) " + _PERSON + r"\b" + _NOT_VIOLENT_AFTER,
    r"\bkeep (?:on )?(?:hurting|hitting|beating|punching|slapping) "
    + _PERSON
    + r"\b"
    + _NOT_VIOLENT_AFTER,
    r"\bbeat(?:ing)? the (?:shit|crap|hell|living daylights|life) out of " + _PERSON + r"\b",
    r"\b(?:smash|smashing|punch|kick|cave|bash|knock) (?:his|her|their) (?:face|head|teeth"
    r"|skull|brains) (?:in|off|out)\b",
    r"\bbreak (?:his|her|their) (?:legs|neck|jaw|nose|arms|face)\b",
    r"\bbeat(?:ing)? " + _PERSON + r" up\b",
    r"\b(?:attacked|assaulted|pushed|shoved|threw) " + _PERSON + r"\b"
    r"(?! (?:to|into (?:it|doing|taking|going)|out|too|a |an |under the bus))",
    r"\bfinish (?:him|her) off\b",
    r"\bwant (?:him|her|them|that \w+|my \w+) dead\b",
    r"\bhands? (?:were |was |went )?(?:round|around|on) (?:her|his|their|my \w+s)"
    r" (?:throat|neck)\b",
    r"\bmake (?:him|her|them) (?:suffer|bleed|pay for what)\b",
    r"\bshoot (?:up )?(?:the place|everyone|everybody|them all|the lot|the school|the office)\b",
    r"\b(?:get|got|grab|bring|take|taking) (?:my|a|the) (?:gun|shotgun|rifle|knife|machete)"
    r" (?:and|to) (?:\w+ ){0,2}(?:him|her|them|his|her|their|round|over|after)\b",
)

_CATEGORIES: tuple[tuple[Category, re.Pattern[str]], ...] = (
    ("suicide", re.compile("|".join(f"(?:{pattern})" for pattern in _SUICIDE))),
    ("self-harm", re.compile("|".join(f"(?:{pattern})" for pattern in _SELF_HARM))),
    ("violence", re.compile("|".join(f"(?:{pattern})" for pattern in _VIOLENCE))),
)
"""In order of precedence: an answer that matches several gets the first."""


def screen(text: str) -> Screening:
    """Screen a word or text answer for phrases suggesting risk.

    Returns ``Screening(True, category)`` for the first matching category in
    the order suicide, self-harm, violence; ``Screening(False, None)``
    otherwise. A keyword screen: see docs/safety.md for what it misses.
    """
    normalized = normalize(text)
    for category, pattern in _CATEGORIES:
        if pattern.search(normalized):
            return Screening(flagged=True, category=category)
    return Screening(flagged=False, category=None)
