"""Did-you-mean suggestions for misspelt keys, layer types and names."""

from __future__ import annotations


def closest(word: str, candidates, cutoff: float = 0.75) -> str | None:
    """The single best candidate, case-insensitive first (`Lstm` -> `LSTM`)."""
    import difflib  # imported when a suggestion is needed, not at every start-up

    candidates = list(candidates)
    folded = {c.lower(): c for c in candidates}
    if word.lower() in folded:
        return folded[word.lower()]
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    if match:
        return match[0]
    match = difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def nearest(word: str, candidates, count: int = 5) -> list[str]:
    """The `count` candidates most like `word`, best first (when none is close enough for a
    did-you-mean, a short list beats a list of every name)."""
    import difflib

    folded = {c.lower(): c for c in candidates}
    return [folded[m] for m in difflib.get_close_matches(word.lower(), list(folded), n=count,
                                                         cutoff=0.0)]
