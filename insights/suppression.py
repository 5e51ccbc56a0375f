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

An incident group's figures (`suppress_within`, `group_total_publishable`) are the same kind of
table over its signed members' registers, suppressed so that also the rest (all registers minus
the group) holds no computable count below k. Not covered: two overlapping groups set against
each other (a member of both could subtract them); each group is only checked against the
all-registers figures.
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


def _small(n: int, k: int) -> bool:
    return 0 < n < k


def group_total_publishable(part: int, whole: int, k: int) -> bool:
    """A group's total beside the all-registers total: both the group's incidents and the rest
    (the whole minus the group) hold 0 or at least k."""
    return part >= k and not _small(whole - part, k)


def suppress_within(
    part: Mapping[str, int],
    whole: Mapping[str, int],
    published_whole: Mapping[str, int | None],
    k: int,
) -> dict[str, int | None]:
    """A group's counts over one dimension (`part`), safe to show beside the all-registers figures.

    The group's figure and the all-registers figure of the same cell differ by the rest (the
    registers outside the group), so a group cell is shown only when the all-registers cell is
    shown and both the group's count and the rest are 0 or at least k (primary suppression, per
    cell). The published totals then give away the sum of the hidden group cells and the sum of
    the hidden rest cells, so more cells are hidden, smallest first, until both sums are 0 or at
    least k (complementary suppression within the group table). When nothing else can be hidden,
    everything is: the sums are then the group's total and the rest's total, which
    `group_total_publishable` already requires to be safe. A group figure across quarters or
    professions is again a sum of published cells, and its difference with the all-registers
    figure a sum of safe rests or of whole published cells.

    Every value of `whole` appears in the result (0 where the group has none); `part` holds no
    value that `whole` lacks (the group's incidents are among all incidents).
    """
    group = {value: part.get(value, 0) for value in whole}
    rest = {value: n - group[value] for value, n in whole.items()}
    hidden = {
        value
        for value in whole
        if published_whole.get(value) is None or _small(group[value], k) or _small(rest[value], k)
    }
    candidates = sorted(
        (value for value in whole if value not in hidden),
        key=lambda value: (group[value], rest[value], value),
    )

    def unsafe() -> bool:
        return bool(hidden) and (
            _small(sum(group[v] for v in hidden), k) or _small(sum(rest[v] for v in hidden), k)
        )

    while unsafe() and candidates:
        hidden.add(candidates.pop(0))
    return {value: (None if value in hidden else n) for value, n in group.items()}
