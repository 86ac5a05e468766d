"""Who can I help (SPEC 2): match each open need against other people's offers. Pure.

A need matches a contact when they share at least one content word across the contact's
`offers`, `interests`, `title` and `tags`. Words are lower-cased, accents folded (NFKD with
combining marks dropped; `ø`, `ł`, `ß` and other Latin letters transliterated), apostrophes
kept inside a word (`founder's` is `founder`, `can't` is `cant`, never `s` or `t`), one-letter
words ignored, stop-words ignored (checked before stemming, so `news` stays a word), and a
plural `s` dropped (words of three letters or more ending in `s` but not `ss`: `VCs` -> `vc`).
Up to three candidates per need, most shared words first, then by name; never the person
themself, never an archived contact.
Needs with no candidate are left out: the list is of introductions you could make.
"""

from __future__ import annotations

import functools
import heapq
import re
import unicodedata
from collections import Counter
from itertools import chain

from anyascii import anyascii

from netvault.engine.report import HelpMatch
from netvault.index import Index
from netvault.model import Contact

MAX_CANDIDATES = 3

_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further get getting had has have having he her here hers him his how i
    if in into is it its just looking me more most my need needs new no nor not now of off
    on once only or other our ours out over own really same she should so some someone
    something such than that the their them then there these they this those through to
    too under until up very want wants was we were what when where which while who whom
    why will with would you your yours
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _latin(char: str) -> str:
    """Latin letters with no combining form (`ø`, `ł`, `ß`) spelled in ASCII."""
    return anyascii(char).lower() if "\x80" <= char <= "\u024f" else char


def fold(text: str) -> str:
    """Lower-case with accents removed: `Café Zürich København` -> `cafe zurich kobenhavn`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(_latin(char) for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    if len(word) >= 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _plain(word: str) -> str:
    """`founder's` -> `founder`; `can't` -> `cant`."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


@functools.lru_cache(maxsize=16384)
def content_words(text: str) -> frozenset[str]:
    """The words of `text` that can make a match."""
    words = (_plain(word) for word in _WORD.findall(fold(text)))
    return frozenset(stem(word) for word in words if len(word) > 1 and word not in STOP_WORDS)


def profile_words(contact: Contact) -> frozenset[str]:
    """What a contact can help with: offers, interests, title and tags."""
    texts = [*contact.offers, *contact.interests, *contact.tags]
    if contact.title:
        texts.append(contact.title)
    return frozenset().union(*(content_words(text) for text in texts))


def who_can_i_help(index: Index) -> tuple[HelpMatch, ...]:
    """One match per need with at least one candidate, by the needer's name, then need order."""
    active = sorted(
        (c for c in index.contacts.values() if not c.archived),
        key=lambda c: (c.name.casefold(), c.id),
    )
    # An inverted index keeps this linear in the vault size rather than needs × contacts:
    # each word's holders, by their place in `active` (by name, then id).
    profiles = [profile_words(contact) for contact in active]
    holders: dict[str, list[int]] = {}
    for number, words in enumerate(profiles):
        for word in words:
            holders.setdefault(word, []).append(number)
    items = []
    for number, contact in enumerate(active):
        for need in contact.needs:
            words = content_words(need)
            counts = Counter(chain.from_iterable(holders.get(word, ()) for word in words))
            counts.pop(number, None)  # never the person themself
            if not counts:
                continue
            # most shared words first, then by name: the smallest (-shared, place)
            best = heapq.nsmallest(MAX_CANDIDATES, [(-n, place) for place, n in counts.items()])
            ranked = [place for _, place in best]
            items.append(
                HelpMatch(
                    id=contact.id,
                    name=contact.name,
                    need=need,
                    candidates=tuple(active[place].id for place in ranked),
                    shared=tuple(tuple(sorted(words & profiles[place])) for place in ranked),
                )
            )
    return tuple(items)


def offers_matches(index: Index, person: str) -> tuple[HelpMatch, ...]:
    """The other direction, for the brief: needs of others that `person` could meet."""
    return tuple(match for match in who_can_i_help(index) if person in match.candidates)
