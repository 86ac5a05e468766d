"""Finding a contact from what a person types on the command line (`brief`, `log`). Pure.

A query names a contact when it equals the contact's id, name or an alias, ignoring case,
accents and extra spaces (where that finds several, those spelled exactly as typed win);
failing that, when every word of the query starts a word of one of those spellings (`ada`
finds Ada Lovelace, `lov ad` too). Near misses, for "did you mean",
compare the whole spelling and each of its words, so a typo in a first name is still found.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from netvault.engine.matching import fold
from netvault.model import Contact


def spelling_key(text: str) -> str:
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())


def spellings(contact: Contact) -> list[str]:
    return [contact.id, contact.name, *contact.aliases]


def find_people(contacts: Iterable[Contact], query: str) -> list[Contact]:
    """Exact matches if any, else word-start matches; sorted by name."""
    ordered = sorted(contacts, key=lambda c: (c.name.casefold(), c.id))
    wanted = spelling_key(query)
    exact = [c for c in ordered if wanted in {spelling_key(s) for s in spellings(c)}]
    if len(exact) > 1:  # `AI` (an alias) and `Ai` (a name): the spelling typed wins
        typed = " ".join(unicodedata.normalize("NFC", query).split())
        verbatim = [c for c in exact if typed in {" ".join(s.split()) for s in spellings(c)}]
        exact = verbatim or exact
    if exact or not wanted:
        return exact
    words = wanted.split()
    return [
        c
        for c in ordered
        if any(
            all(any(w.startswith(q) for w in spelling_key(s).split()) for q in words)
            for s in spellings(c)
        )
    ]


def near_misses(contacts: Iterable[Contact], query: str, limit: int = 3) -> list[Contact]:
    """Contacts whose spelling, or one word of it, is close to the query's."""
    by_key: dict[str, Contact] = {}
    for contact in sorted(contacts, key=lambda c: (c.name.casefold(), c.id)):
        for spelling in spellings(contact):
            key = spelling_key(spelling)
            by_key.setdefault(key, contact)
            for word in key.split():
                by_key.setdefault(word, contact)
    close = difflib.get_close_matches(spelling_key(query), list(by_key), n=limit * 3, cutoff=0.6)
    found = list(dict.fromkeys(by_key[key].path for key in close))[:limit]
    paths = {c.path: c for c in by_key.values()}
    return [paths[path] for path in found]
