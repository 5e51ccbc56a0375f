"""Minimum cell size and complementary suppression, as pure functions (tested on their own).

Within one profession and quarter (a "group", published only when it holds at least k incidents,
and then with its total), each dimension splits the same incidents. A count from 1 to k-1 is
hidden (primary suppression). The total then gives away the hidden cells' sum, so more cells are
hidden, smallest first, until the hidden cells together hold 0 or at least k incidents and no
single hidden cell can be computed (complementary suppression). Every figure across groups
("alle beroepen", "alle kwartalen") is a sum of published cells only, so two figures that differ
by one filter value differ by published cells: never by a count below k.

The ICPS dimension coarsens the categories; an ICPS cell is published only when every category
in it is, as their sum, so it can never be set against the categories to reveal one.
"""

from collections.abc import Mapping


def suppress(cells: Mapping[str, int], k: int) -> dict[str, int | None]:
    """One group's counts over one dimension, with the hidden ones as None."""
    hidden = {value for value, n in cells.items() if 0 < n < k}
    candidates = sorted(
        (value for value, n in cells.items() if n >= k), key=lambda value: (cells[value], value)
    )
    while hidden and sum(cells[value] for value in hidden) < k and candidates:
        hidden.add(candidates.pop(0))
    return {value: (None if value in hidden else n) for value, n in cells.items()}


def coarsen(published: Mapping[str, int | None], parent_of: Mapping[str, str]) -> dict:
    """Published counts summed into coarser values; hidden if any part is hidden."""
    coarse: dict[str, int | None] = {}
    for value, n in published.items():
        parent = parent_of[value]
        if n is None or (parent in coarse and coarse[parent] is None):
            coarse[parent] = None
        else:
            coarse[parent] = coarse.get(parent, 0) + n
    return coarse
