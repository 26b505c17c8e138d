"""Small rules of English that assembled text must keep: which article a word takes, sentence case."""

from __future__ import annotations

import re

# Words spelt with a vowel that start with a consonant sound ("a unanimous decision", "a one-year term");
# "un-in" words ("an unincorporated association") keep the vowel sound.
_A_BEFORE_VOWEL = re.compile(r"^(?:uni(?!n)|unanim|use|usu|usa|ura|ure|uro|uti|ute|ubi|eu|ewe|one\b|once)", re.I)
# Words spelt with a consonant that start with a vowel sound ("an hour", "an honest").
_AN_BEFORE_CONSONANT = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)
# Letters whose names start with a vowel sound, for abbreviations read letter by letter ("an NHS body").
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")


def expects_an(word: str) -> bool | None:
    """Whether `word` takes "an" (True), "a" (False), or None where the rule cannot tell (symbols)."""
    if not word or not word[0].isalnum():
        return None
    if word[0].isdigit():
        digits = word.replace(",", "")
        number = re.match(r"\d+", digits).group(0)
        # eight, eighty, eleven, eighteen (and their thousands): the numbers that start with a vowel sound
        return number.startswith("8") or (number[:2] in ("11", "18") and len(number) % 3 == 2)
    letters = re.match(r"[A-Za-z]+", word)
    head = letters.group(0) if letters else word
    if len(head) >= 2 and head.isupper() or len(head) == 1 and head.isupper():
        return head[0] in _VOWEL_SOUND_LETTERS  # read letter by letter: "an NHS", "a GP", "an MCP"
    if head[0] in "aeiouAEIOU":
        return not _A_BEFORE_VOWEL.match(head)
    return bool(_AN_BEFORE_CONSONANT.match(head))


def with_article(phrase: str) -> str:
    """"an integrated primary and acute care system", "a multispecialty community provider"."""
    return ("an " if expects_an(phrase.split(" ", 1)[0]) else "a ") + phrase


# Words that open a phrase written as a sentence of its own ("In line with ...") but that, pasted into
# the middle of a sentence, take lower case; a proper name or defined term ("NHS England", "Council")
# is never among them, so it keeps its capital.
_COMMON_OPENERS = frozenset("""as at by for from in on under with within without broadly each every
                               subject following after before until unless where when""".split())


def mid_sentence(phrase: str) -> str:
    """A phrase from the file as it reads inside a sentence: "In line with growth" -> "in line with growth"."""
    first = phrase.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first.lower() in _COMMON_OPENERS:
        return phrase[0].lower() + phrase[1:]
    return phrase


def sentence_start(phrase: str) -> str:
    """A phrase from the file as it reads at the start of a sentence: its first letter in capitals."""
    return phrase[:1].upper() + phrase[1:]
