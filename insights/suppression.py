"""Minimum cell size and complementary suppression, as pure functions (tested on their own).

**One table.** Within one profession and quarter (published only when it holds at least k
incidents, and then with its total), each dimension splits the same incidents. A count from 1 to
k-1 is hidden (primary suppression). The total then gives away the hidden cells' sum, so more
cells are hidden, smallest first, until the hidden cells together hold 0 or at least k incidents
and no single hidden cell can be computed (complementary suppression, `suppress`). Every figure
across tables ("alle beroepen", "alle kwartalen") is a sum of published cells only, so it adds
nothing that the tables themselves do not give away.

The ICPS dimension coarsens the categories; an ICPS cell is published only when every category
in it is, as their sum, so it can never be set against the categories to reveal one (`coarsen`).

**Overlapping register sets.** Besides the table over all opted-in registers, every incident
group has the same table over its signed members' opted-in registers, and one practitioner may
sign in several groups. An attacker who signed in all of them sees every table and can add and
subtract any of them: regio minus kring when kring lies inside regio, kring + regio minus all
registers when the two overlap and cover everyone, and so on. Checking each group against the
all-registers table alone does not stop that. Within one profession and quarter the tables are
therefore built on *atoms*: the registers split by the set of published groups they belong to
(`atoms`). Every published set of registers (all of them, or one group's) is a union of atoms,
so every published group figure is a sum of atom figures. The rule is that the atoms' figures
would be safe to publish themselves, beside the all-registers table:

1. every atom's total is 0 or at least k; a group that would split off an atom below k is not
   published for that profession and quarter (`admitted_scopes`; groups are considered in a
   fixed order, oldest first, so a new group never pushes out an older one, though it can make
   it hide more cells);
2. per dimension every atom a has a set of hidden values H_a (`atom_hidden`), and a group hides
   the values hidden in any of its atoms. H_a holds every value hidden in the all-registers
   table, every value at which a holds 1 to k-1, and more until a's incidents at H_a add up to
   0 or at least k (`common_hidden` over a alone);
3. for every set S of values, m(S) is 0 or at least k, where m(S) counts the incidents at S of
   the rest (the registers in no published group) and of every atom that hides part but not all
   of S (at S and H_a); and when m(S) = 0, no atom hides only values in S. Where this fails an
   atom hides one more value (`_repair`); if nothing repairs it, or there is no rest, every atom
   gets one shared hidden set, `common_hidden` over all atoms and the rest together.

Why this is enough: whatever the attacker computes from the group tables they could compute from
the atoms' own tables (each atom's total and its cells outside H_a, all 0 or >= k). Beside the
all-registers table, the unknowns are the cells (a, v in H_a) and every cell of the rest, which
we count as unknown throughout (where it can be worked out, m of that one value covers it). The
known sums over them are rows (each atom's hidden incidents, 0 or >= k by rule 2; the rest's
total, >= k) and columns (an all-registers cell minus the shown atom cells; the values hidden in
the all-registers table form one column, as only their sum is known, and every H_a holds them
all). A count that can be computed from row and column sums is a 0/1 combination
alpha(row) + beta(column) over the unknowns. With the rest's row, which meets every column, at
alpha = 0, every beta is 0 or 1: the columns with beta = 1 form a set S, an atom that hides
part of S adds its cells at S, and an atom hiding none of S or only values in S adds its whole
hidden row or nothing. So the count is m(S) plus whole hidden rows: with rule 3, 0 or >= k. A
computed 0 tells that each cell in it is 0; if no atom hides only values in S, taking those
cells out leaves a table of the same shape in which every m is an m of the whole table, so
nothing more follows. Any count with shown cells in it adds shown cells (0 or >= k each). In
particular two figures over nested register sets (A inside B) differ by 0 or at least k, or one
of them is hidden. With one shared hidden set H the same holds more simply: the unknowns form
the full block "atoms and rest x H", in which only unions of rows or of columns can be computed.
The dimensions share only the totals, which are already known. `tests/insights/
test_differencing.py` checks all of this with an exact linear-algebra audit.

Not covered, by design or for now (docs/architecture.md, "Anonymous trends"): a member subtracting
their *own* register's counts from a group or all-registers figure; differencing over time
(figures before and after a register opts in or out, or a member signs or leaves); counts that
only a bound, not an exact value, can be given for (0 against "at least 1").
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence


def suppress(cells: Mapping[str, int], k: int) -> dict[str, int | None]:
    """One table's counts over one dimension, with the hidden ones as None."""
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


def atoms(units: Iterable[Hashable], scopes: Mapping[Hashable, set]) -> dict[frozenset, frozenset]:
    """The units (registers) split by the scopes (groups) they belong to: {the scopes: the
    units}. Every scope is a union of atoms; the units in no scope form the atom of the empty
    set (the rest of all registers)."""
    by_signature: dict[frozenset, set] = {}
    for unit in units:
        signature = frozenset(scope for scope, members in scopes.items() if unit in members)
        by_signature.setdefault(signature, set()).add(unit)
    return {signature: frozenset(members) for signature, members in by_signature.items()}


def admitted_scopes(
    totals: Mapping[Hashable, int], scopes: Mapping[Hashable, set], k: int
) -> list[Hashable]:
    """The scopes (in the given order) that may be published beside all units: each one is
    admitted only when, with the ones admitted before it, every atom holds 0 or at least k
    incidents (`totals` per unit). A scope without incidents is not published."""
    pieces = [set(totals)]  # the atoms of the scopes admitted so far
    admitted = []
    for scope, members in scopes.items():
        if not sum(totals.get(unit, 0) for unit in members):
            continue
        split = [part for atom in pieces for part in (atom & members, atom - members) if part]
        if not any(_small(sum(totals[unit] for unit in part), k) for part in split):
            admitted.append(scope)
            pieces = split
    return admitted


def common_hidden(
    atom_counts: Sequence[Mapping[str, int]], published_whole: Mapping[str, int | None], k: int
) -> set[str]:
    """The values of one dimension hidden for all the given atoms together.

    `atom_counts` holds each atom's counts (atoms with totals 0 or >= k, `admitted_scopes`),
    `published_whole` the all-registers table (None: hidden there). The result holds the values
    hidden for everyone and those where an atom holds 1 to k-1; then, while some atom's incidents
    at the hidden values add up to 1 to k-1, the value with the smallest all-registers count
    among those where that atom has incidents. That always ends: with every value hidden, an
    atom's hidden incidents are its total.
    """
    values = list(published_whole)
    hidden = {
        value
        for value in values
        if published_whole[value] is None
        or any(_small(counts.get(value, 0), k) for counts in atom_counts)
    }
    while True:
        short = [c for c in atom_counts if _small(sum(c.get(v, 0) for v in hidden), k)]
        if not short:
            return hidden
        helping = [v for v in values if v not in hidden and short[0].get(v, 0)]
        if not helping:  # cannot happen for an atom total of 0 or >= k; hide all to be safe
            return set(values)
        hidden.add(min(helping, key=lambda value: (published_whole[value], value)))


def _columns(published_whole: Mapping[str, int | None]) -> list[frozenset]:
    """The values as columns; the values hidden in the all-registers table form one column,
    since only their sum is known."""
    everyone_hidden = frozenset(v for v, n in published_whole.items() if n is None)
    shown = [frozenset({v}) for v, n in published_whole.items() if n is not None]
    return ([everyone_hidden] if everyone_hidden else []) + shown


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _violation(masks: list[int], sums: list[list[int]], rest: list[int], k: int) -> int | None:
    """A set S of columns (a mask) whose m(S) is 1 to k-1, or 0 with an atom hiding nothing
    outside S; None when there is none. Only columns where the rest holds fewer than k can
    make up S: any other column gives m(S) >= k."""
    patterns: dict[int, list[int]] = {}
    for mask, counts in zip(masks, sums, strict=True):
        if mask:
            known = patterns.setdefault(mask, [0] * len(rest))
            for i, n in enumerate(counts):
                known[i] += n
    candidates = sum(1 << i for i, n in enumerate(rest) if n < k)
    subset = candidates
    while subset:
        m = sum(rest[i] for i in _bits(subset))
        inside = False
        for mask, counts in patterns.items():
            if mask & ~subset == 0:
                inside = True
            elif mask & subset:
                m += sum(counts[i] for i in _bits(mask & subset))
        if _small(m, k) or (m == 0 and inside):
            return subset
        subset = (subset - 1) & candidates
    return None


def _repair(subset: int, masks: list[int], sums: list[list[int]], rest: list[int], k: int):
    """Hides one more column in one atom so that m(subset) grows by at least k or no atom lies
    inside the subset any more; False when no atom can."""
    outside = [i for i in range(len(rest)) if not subset >> i & 1]

    def cheapest_outside(c: int) -> int:
        return min((i for i in outside if not masks[c] >> i & 1), key=lambda i: (sums[c][i], i))

    m = sum(rest[i] for i in _bits(subset)) + sum(
        sum(sums[c][i] for i in _bits(mask & subset))
        for c, mask in enumerate(masks)
        if mask & subset and mask & ~subset
    )
    inside = [c for c, mask in enumerate(masks) if mask and mask & ~subset == 0]
    if m == 0:  # an atom inside the subset: let it reach outside
        for c in inside:
            masks[c] |= 1 << cheapest_outside(c)
        return True
    # An atom showing a column of the subset (>= k there) hides it and stays partly outside.
    showing = [
        (sums[c][i], c, i)
        for c, mask in enumerate(masks)
        for i in _bits(subset)
        if not mask >> i & 1 and sums[c][i] and (mask | 1 << i) & ~subset
    ]
    if showing:
        _n, c, i = min(showing)
        masks[c] |= 1 << i
        return True
    # An atom inside the subset whose hidden incidents are >= k reaches outside it.
    heavy = [c for c in inside if sum(sums[c][i] for i in _bits(masks[c])) >= k]
    if heavy:
        masks[heavy[0]] |= 1 << cheapest_outside(heavy[0])
        return True
    return False


def atom_hidden(
    atom_counts: Sequence[Mapping[str, int]],
    rest: Mapping[str, int],
    published_whole: Mapping[str, int | None],
    k: int,
) -> list[set[str]]:
    """The hidden values of one dimension per atom (a group hides those of all its atoms),
    safe beside the all-registers table and each other (the module's docstring gives why).

    `atom_counts` holds each atom's counts, `rest` the counts of the registers in no published
    group. Each atom starts from `common_hidden` over itself alone; then, while some set S of
    values has an m(S) of 1 to k-1 (or 0 with an atom hiding only values in S), one atom hides
    one more value. Without a rest of at least k, or when nothing repairs S, every atom gets the
    hidden set `common_hidden` gives over all atoms together.
    """
    columns = _columns(published_whole)
    rest_counts = [sum(rest.get(v, 0) for v in column) for column in columns]
    if sum(rest_counts) >= k:
        masks = [
            sum(1 << i for i, column in enumerate(columns) if column & values)
            for values in (common_hidden([atom], published_whole, k) for atom in atom_counts)
        ]
        sums = [[sum(atom.get(v, 0) for v in column) for column in columns] for atom in atom_counts]
        for _step in range(len(columns) * len(masks) + 1):
            subset = _violation(masks, sums, rest_counts, k)
            if subset is None:
                return [
                    {v for i, column in enumerate(columns) if mask >> i & 1 for v in column}
                    for mask in masks
                ]
            if not _repair(subset, masks, sums, rest_counts, k):
                break
    shared = common_hidden([*atom_counts, rest], published_whole, k)
    return [set(shared) for _atom in atom_counts]
