"""Lint checks that need the judge's sentence encoder: offers whose phrasings mean nearly the same."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from simulator.scenario.model import Scenario

Embed = Callable[[Sequence[str]], NDArray[np.float32]]
Warn = Callable[[str, str], None]


OFFERS_TOO_CLOSE = 0.86  # cosine between two offers' phrasings at which the judge may confuse them


def check_offer_overlap(warn: Warn, s: Scenario, embed: Embed) -> None:
    """Two offers whose phrasings mean nearly the same: the judge matches offers by meaning, so a trainee's
    words for one may be cited as the other."""
    rows = [(i, j, p) for i, o in enumerate(s.offers) for j, p in enumerate(o.phrases)]
    if len(s.offers) < 2 or not rows:
        return
    vectors = embed([p for _, _, p in rows])
    sims = vectors @ vectors.T
    warned: set[tuple[int, int]] = set()
    for a, (i, j, p) in enumerate(rows):
        for b, (k, _, q) in enumerate(rows):
            if k <= i or (i, k) in warned or sims[a, b] < OFFERS_TOO_CLOSE or _adds_to(p, q):
                continue
            warned.add((i, k))
            warn(
                f"offers[{i}].phrases[{j}]",
                f"offer '{s.offers[i].id}' phrase '{p}' means nearly the same as '{q}' of offer "
                f"'{s.offers[k].id}' (similarity {sims[a, b]:.2f}): reword one so that trainees' words "
                "land on the right offer",
            )


_JOINERS = ("and ", "also ", "plus ", "as well as ")


def _adds_to(p: str, q: str) -> bool:
    """'and refund the fee' beside 'refund the fee': a combined offer adding a fix to another, on purpose."""
    a, b = p.lower().strip(), q.lower().strip()
    return any(a == j + b or b == j + a for j in _JOINERS)
