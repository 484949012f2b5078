"""Small counts that stay hidden even to someone who knows the totals and how we hide them.

One dimension of one week (e.g. the roles of that week's outcome rows) is published as the
counts of its categories. A count from 1 to k-1 (a "small cell") could point at a person, so it
is hidden. Hiding it is not enough on its own: the total of a dimension can be known (it is
published, or it is the sum of another dimension over the same rows), and total minus the
shown counts is the hidden count. So whenever a dimension hides any count (a small one or a
zero), one more cell of k or more (the "complementary cell") is hidden too, chosen with a
secret key, so that an outsider cannot tell which of the hidden cells is the large one.

What an outsider knows: the shown counts, every category that exists (hidden zeros included),
the total of the dimension, and this procedure, but not the key. For any small cell with count
v, the table where one person moves from it into the complementary cell (v-1, c+1) gives the
same publication under some key (and when nothing is shown at all, moving that person into
any other cell does): so no small cell can be derived, not even "it is small, so it is v".
tests/api/insight/test_disclosure.py checks this over random tables. Cells that are 0 stay
hidden (and may be known to be 0: that points at nobody). A dimension needs two categories at
least, and a week fewer than k rows is not published at all.
"""

import hashlib
import hmac
from collections.abc import Callable, Iterable, Mapping, Sequence

# Chooses one of the cells (sorted names, at least one) that may serve as the complementary cell.
Chooser = Callable[[Sequence[str]], str]


def keyed_chooser(secret: bytes, context: str) -> Chooser:
    """A choice that is the same every time for the same secret, context (e.g. week and
    dimension) and candidates, and unpredictable without the secret."""

    def choose(candidates: Sequence[str]) -> str:
        digest = hmac.new(secret, f"{context}|{'|'.join(candidates)}".encode(), hashlib.sha256)
        return candidates[int.from_bytes(digest.digest()[:8], "big") % len(candidates)]

    return choose


def cells(counts: Mapping[str, int], universe: Iterable[str]) -> dict[str, int]:
    """Every category of the dimension with its count (0 for those without rows)."""
    found = {name: 0 for name in universe}
    found.update({name: n for name, n in counts.items() if n})
    return found


def publish(
    counts: Mapping[str, int], universe: Iterable[str], *, k: int, choose: Chooser
) -> dict[str, int]:
    """The counts that may be shown: every count of at least `k`, except the complementary
    cell when any count is below `k`. Order: largest first, then by name."""
    table = cells(counts, universe)
    shown = {name: n for name, n in table.items() if n >= k}
    # Any count below k (0 included) triggers it: if only counts of 1..k-1 did, moving a
    # person out of a small cell into a zero cell could change whether it triggers.
    hidden_below_k = len(shown) < len(table)
    if hidden_below_k and shown:
        del shown[choose(sorted(shown))]
    return dict(sorted(shown.items(), key=lambda item: (-item[1], item[0])))
