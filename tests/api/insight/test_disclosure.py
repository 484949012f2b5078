"""No hidden count can be derived from what is published, over random outcome tables.

The outsider of this test knows everything but the secret key: the shown counts, every
category (so the hidden zeros too), the total of the dimension, and the procedure of
api/insight/disclosure.py. A hidden small count (1 to k-1) counts as derived when every table
that gives the same publication, under any choice the key could make, has the same value in
that cell, or has no other small value there.
"""

from collections.abc import Iterator, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from api.insight import disclosure

SECRET = b"test-secret"


def _chooser(pick: str) -> disclosure.Chooser:
    def choose(candidates: Sequence[str]) -> str:
        return pick if pick in candidates else candidates[0]

    return choose


def _publications(table: dict[str, int], k: int) -> Iterator[dict[str, int]]:
    """Every publication of `table` the procedure can give, one per possible key."""
    large = sorted(name for name, n in table.items() if n >= k) or [""]
    for pick in large:
        yield disclosure.publish(table, table, k=k, choose=_chooser(pick))


def _other_tables(table: dict[str, int], cell: str) -> Iterator[dict[str, int]]:
    """Tables with the same total in which `cell` has another value (brute force, bounded)."""
    names = list(table)
    total = sum(table.values())

    def fill(index: int, left: int, sofar: dict[str, int]) -> Iterator[dict[str, int]]:
        if index == len(names) - 1:
            yield {**sofar, names[index]: left}
            return
        for value in range(left + 1):
            yield from fill(index + 1, left - value, {**sofar, names[index]: value})

    for candidate in fill(0, total, {}):
        if candidate[cell] != table[cell]:
            yield candidate


def derivable_cells(table: dict[str, int], k: int, published: dict[str, int]) -> list[str]:
    """The hidden small cells whose value an outsider can pin down (as a small value)."""
    found = []
    for cell, value in table.items():
        if not 0 < value < k or cell in published:
            continue
        other_small_values = {
            other[cell]
            for other in _other_tables(table, cell)
            if other[cell] < k and published in _publications(other, k)
        }
        if not other_small_values:
            found.append(cell)
    return found


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, int], int]:
    k = draw(st.integers(min_value=2, max_value=5))
    size = draw(st.integers(min_value=2, max_value=5))
    counts = draw(
        st.lists(st.integers(min_value=0, max_value=2 * k + 2), min_size=size, max_size=size)
    )
    return {f"c{i}": n for i, n in enumerate(counts)}, k


@settings(max_examples=150, deadline=None)
@given(tables(), st.text(min_size=1, max_size=8))
def test_no_hidden_small_count_can_be_derived(drawn: tuple[dict[str, int], int], week: str) -> None:
    table, k = drawn
    published = disclosure.publish(table, table, k=k, choose=disclosure.keyed_chooser(SECRET, week))
    assert derivable_cells(table, k, published) == []


@settings(max_examples=200, deadline=None)
@given(tables(), st.text(min_size=1, max_size=8))
def test_shown_counts_are_exact_and_never_small(
    drawn: tuple[dict[str, int], int], week: str
) -> None:
    table, k = drawn
    published = disclosure.publish(table, table, k=k, choose=disclosure.keyed_chooser(SECRET, week))
    assert all(table[name] == n and n >= k for name, n in published.items())
    below_k = any(n < k for n in table.values())
    large = [name for name, n in table.items() if n >= k]
    # With any count below k, exactly one large count is hidden too; else all are shown.
    assert len(published) == len(large) - (1 if below_k and large else 0)


def test_the_check_finds_what_plain_suppression_gives_away() -> None:
    # Hiding only the small count: total 15 minus the shown 6 and 7 is the hidden 2.
    table = {"victim": 6, "relative": 7, "bystander": 2}
    only_small_hidden = {"victim": 6, "relative": 7}
    assert not any(p == only_small_hidden for p in _publications(table, 5))
    assert derivable_cells_of_plain(table, 5) == ["bystander"]


def derivable_cells_of_plain(table: dict[str, int], k: int) -> list[str]:
    """The same outsider against plain suppression (hide every count below k, nothing else)."""

    def plain(t: dict[str, int]) -> dict[str, int]:
        return {name: n for name, n in t.items() if n >= k}

    published = plain(table)
    return [
        cell
        for cell, value in table.items()
        if 0 < value < k
        and not {
            o[cell] for o in _other_tables(table, cell) if o[cell] < k and plain(o) == published
        }
    ]


def test_keyed_choice_is_stable_and_depends_on_the_key() -> None:
    candidates = [f"c{i}" for i in range(8)]
    one = disclosure.keyed_chooser(SECRET, "2026-W48|role")
    assert one(candidates) == one(candidates)
    picks = {disclosure.keyed_chooser(bytes([i]), "2026-W48|role")(candidates) for i in range(40)}
    assert len(picks) > 1
