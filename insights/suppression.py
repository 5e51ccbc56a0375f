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
The dimensions share only the totals, which are already known.

**One's own register.** Every practitioner who opted in knows their own register's counts in
every cell and can subtract them: in a group of two, the group figure minus their own is the
other member's; in a profession with two registers, the same holds for the all-registers
table. The attacker we design for therefore also knows one register's counts (any one: every
owner could be the reader), and what they compute about the *other* registers must be 0 or at
least k. Knowing register r's counts x_r turns every published equation into the same equation
over the other registers, with x_r's share subtracted from its right-hand side: the figures are
then exactly those of a world without r, in which r's atom (or the rest, if r is in no group)
and the all-registers table have r's counts taken out, and every hidden set stays as it is. The
argument above used nothing about the counts but that the quantities it names are 0 or at least
k, and the shape of what is hidden; so it holds for that reader as soon as those quantities are
0 or at least k *also with r's share taken out*. Each rule is therefore checked once for anyone
and once per register (`_exposed`: n and n minus each register's part):

- one table: a count is hidden when it or it minus one register's share is 1 to k-1, and hidden
  counts are added until their sum, with any one register's share taken out too, is 0 or at
  least k (`suppress(..., parts)`); a profession and quarter is published only when its total
  minus any one register's total is 0 or at least k (`table_published`), so hiding everything
  but the total always ends it;
- rule 1: every atom's total, also without any one of its registers (`admitted_scopes`);
- rule 2: an atom's shown cells and its hidden incidents, also without any one of its
  registers (`common_hidden(..., atom_parts)`);
- rule 3: m(S) as each reader knows it, m(S) minus r's share (r's cells at S when r is in the
  rest; at S and H_a when r is in an atom a that hides part but not all of S; nothing
  otherwise), and the same "no atom hides only values in S" when that is 0 (`_violation`,
  `_repair`). The rest must hold at least k without any one of its registers, or the shared
  hidden set is used: with one register gone, the rest row that ties the columns together
  must still be there.

Adding one more hidden value to an atom keeps rule 2 for every reader (a sum of counts that are
each 0 or >= k), so the repairs only ever help. For the shared hidden set the block argument
holds per reader in the same way: its rows (each atom's and the rest's hidden incidents) and
columns (all-registers cells and the all-registers hidden sum) are 0 or >= k with any one
register's share taken out. A computed 0 of the others tells the reader that the others'
cells there are 0; the rule's "inside" condition is then checked as for anyone. So whatever a
register's owner computes about the others from all published figures and their own counts is
0 or at least k. Cost: small registers can no longer hide in a table of two; see
docs/architecture.md for the measured figures.

Not covered, by design or for now (docs/architecture.md, "Anonymous trends"): two or more
owners who pool their registers' counts (the rule protects against one register known);
differencing over time (figures before and after a register opts in or out, or a member signs
or leaves); counts that only a bound, not an exact value, can be given for (0 against "at least
1").
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

NOBODY: Mapping[str, int] = {}  # the counts known to a reader without a register in the table


def _small(n: int, k: int) -> bool:
    return 0 < n < k


def _exposed(n: int, parts: Iterable[int], k: int) -> bool:
    """Whether a count (or a sum of counts) would give away 1 to k-1 incidents: to anyone (n
    itself), or to the owner of a register whose share of it is a part (n minus that part)."""
    return _small(n, k) or any(_small(n - part, k) for part in parts)


def table_published(totals: Iterable[int], k: int) -> bool:
    """Whether a table over registers with these totals may be published at all: it holds at
    least k incidents, and no register's owner learns from its total that the others hold 1 to
    k-1 (every dimension's hiding ends, at worst, with everything hidden but the total)."""
    totals = list(totals)
    return sum(totals) >= k and not _exposed(sum(totals), totals, k)


def suppress(
    cells: Mapping[str, int], k: int, parts: Sequence[Mapping[str, int]] = ()
) -> dict[str, int | None]:
    """One table's counts over one dimension, with the hidden ones as None.

    `parts` are the counts of each register in the table (they add up to `cells`): a register's
    owner can subtract their own counts, so a count is hidden also when it minus one register's
    share is 1 to k-1, and the hidden counts must add up to 0 or at least k with any one
    register's share taken out as well. The caller publishes only tables that pass
    `table_published`; then hiding everything but the total would always do."""
    readers = [NOBODY, *parts]
    hidden = {
        value
        for value, n in cells.items()
        if _exposed(n, (part.get(value, 0) for part in parts), k)
    }
    while True:
        short = next(
            (
                reader
                for reader in readers
                if _small(sum(cells[v] - reader.get(v, 0) for v in hidden), k)
            ),
            None,
        )
        if short is None:
            break
        helping = [v for v in cells if v not in hidden and cells[v] - short.get(v, 0) > 0]
        if not helping:
            break  # only for a total that `table_published` refuses
        hidden.add(min(helping, key=lambda value: (cells[value], value)))
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
    incidents (`totals` per unit, a register), also with any one register's incidents taken
    out. A scope without incidents is not published."""
    pieces = [set(totals)]  # the atoms of the scopes admitted so far
    admitted = []
    for scope, members in scopes.items():
        if not sum(totals.get(unit, 0) for unit in members):
            continue
        split = [part for atom in pieces for part in (atom & members, atom - members) if part]
        if not any(
            _exposed(sum(totals[unit] for unit in part), (totals[unit] for unit in part), k)
            for part in split
        ):
            admitted.append(scope)
            pieces = split
    return admitted


def common_hidden(
    atom_counts: Sequence[Mapping[str, int]],
    published_whole: Mapping[str, int | None],
    k: int,
    atom_parts: Sequence[Sequence[Mapping[str, int]]] | None = None,
) -> set[str]:
    """The values of one dimension hidden for all the given atoms together.

    `atom_counts` holds each atom's counts (atoms with totals 0 or >= k, `admitted_scopes`),
    `atom_parts` (if given) each atom's registers' counts, `published_whole` the all-registers
    table (None: hidden there). The result holds the values hidden for everyone and those where
    an atom holds 1 to k-1, or 1 to k-1 without one of its registers; then, while some atom's
    incidents at the hidden values add up to 1 to k-1 (for anyone, or without one of its
    registers), the value with the smallest all-registers count among those where that atom
    (without that register) has incidents. That always ends: with every value hidden, an atom's
    hidden incidents are its total.
    """
    values = list(published_whole)
    parts_of = atom_parts if atom_parts is not None else [()] * len(atom_counts)
    hidden = {
        value
        for value in values
        if published_whole[value] is None
        or any(
            _exposed(counts.get(value, 0), (part.get(value, 0) for part in parts), k)
            for counts, parts in zip(atom_counts, parts_of, strict=True)
        )
    }
    while True:
        short = next(
            (
                (counts, reader)
                for counts, parts in zip(atom_counts, parts_of, strict=True)
                for reader in (NOBODY, *parts)
                if _small(sum(counts.get(v, 0) - reader.get(v, 0) for v in hidden), k)
            ),
            None,
        )
        if short is None:
            return hidden
        counts, reader = short
        helping = [v for v in values if v not in hidden and counts.get(v, 0) - reader.get(v, 0)]
        if not helping:  # cannot happen for an atom total that passed `admitted_scopes`
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


REST = -1  # a reader whose register is in the rest (in no published group)

# A reader: (where their register is: None for nowhere, REST, or an atom's index; its counts per
# column). Their m(S) is m(S) minus their register's share of it.
Reader = tuple[int | None, list[int]]


def _m(subset: int, masks: list[int], sums: list[list[int]], rest: list[int], reader: Reader):
    """m(S) as `reader` knows it, and the atoms that hide only values in S."""
    where, own = reader
    m = sum(rest[i] - (own[i] if where == REST else 0) for i in _bits(subset))
    inside = []
    for c, mask in enumerate(masks):
        if mask and mask & ~subset == 0:
            inside.append(c)
        elif mask & subset:
            m += sum(sums[c][i] - (own[i] if where == c else 0) for i in _bits(mask & subset))
    return m, inside


def _violation(
    masks: list[int], sums: list[list[int]], rest: list[int], k: int, readers: list[Reader]
) -> tuple[int, Reader] | None:
    """A set S of columns (a mask) and a reader for whom m(S) is 1 to k-1, or 0 with an atom
    hiding nothing outside S; None when there is none. Only columns where the rest holds fewer
    than k (for some reader) can make up S: any other column gives m(S) >= k."""
    patterns: dict[int, list[int]] = {}
    for mask, counts in zip(masks, sums, strict=True):
        if mask:
            known = patterns.setdefault(mask, [0] * len(rest))
            for i, n in enumerate(counts):
                known[i] += n
    in_rest = [own for where, own in readers if where == REST]
    candidates = sum(
        1 << i for i, n in enumerate(rest) if n - max((own[i] for own in in_rest), default=0) < k
    )
    # Readers whose register has incidents where it could matter: (reader, their columns).
    concerned = [
        (reader, sum(1 << i for i, n in enumerate(reader[1]) if n))
        for reader in readers
        if reader[0] is not None and any(reader[1])
    ]
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
            return subset, (None, [0] * len(rest))
        for reader, columns in concerned:
            where, own = reader
            if where == REST:
                share = subset & columns
            else:
                mask = masks[where]
                share = mask & subset & columns if mask & ~subset else 0
            if share:
                mine = m - sum(own[i] for i in _bits(share))
                if _small(mine, k) or (mine == 0 and inside):
                    return subset, reader
        subset = (subset - 1) & candidates
    return None


def _repair(
    subset: int, reader: Reader, masks: list[int], sums: list[list[int]], rest: list[int], k: int
) -> bool:
    """Hides one more column in one atom so that the reader's m(subset) grows by at least k or
    no atom lies inside the subset any more; False when no atom can."""
    where, own = reader
    outside = [i for i in range(len(rest)) if not subset >> i & 1]

    def left(c: int, i: int) -> int:  # atom c's count at column i without the reader's share
        return sums[c][i] - (own[i] if where == c else 0)

    def reach_outside(c: int) -> bool:
        free = [i for i in outside if not masks[c] >> i & 1]
        if free:
            masks[c] |= 1 << min(free, key=lambda i: (sums[c][i], i))
        return bool(free)

    m, inside = _m(subset, masks, sums, rest, reader)
    if m == 0 and inside:  # an atom inside the subset: let it reach outside
        return all([reach_outside(c) for c in inside])
    # An atom showing a column of the subset (>= k there) hides it and stays partly outside.
    showing = [
        (left(c, i), c, i)
        for c, mask in enumerate(masks)
        for i in _bits(subset)
        if not mask >> i & 1 and left(c, i) > 0 and (mask | 1 << i) & ~subset
    ]
    if showing:
        _n, c, i = min(showing)
        masks[c] |= 1 << i
        return True
    # An atom inside the subset whose hidden incidents are >= k reaches outside it.
    heavy = [c for c in inside if sum(left(c, i) for i in _bits(masks[c])) >= k]
    return bool(heavy) and reach_outside(heavy[0])


def atom_hidden(
    atom_counts: Sequence[Mapping[str, int]],
    rest: Mapping[str, int],
    published_whole: Mapping[str, int | None],
    k: int,
    atom_parts: Sequence[Sequence[Mapping[str, int]]] | None = None,
    rest_parts: Sequence[Mapping[str, int]] = (),
) -> list[set[str]]:
    """The hidden values of one dimension per atom (a group hides those of all its atoms),
    safe beside the all-registers table and each other (the module's docstring gives why).

    `atom_counts` holds each atom's counts, `rest` the counts of the registers in no published
    group; `atom_parts` and `rest_parts` (if given) their registers' counts, for the readers who
    know one register's. Each atom starts from `common_hidden` over itself alone; then, while
    some set S of values has an m(S) of 1 to k-1 (or 0 with an atom hiding only values in S),
    for anyone or without one register's share, one atom hides one more value. Without a rest of
    at least k (also without any one of its registers), or when nothing repairs S, every atom
    gets the hidden set `common_hidden` gives over all atoms and the rest together.
    """
    parts_of = atom_parts if atom_parts is not None else [()] * len(atom_counts)
    columns = _columns(published_whole)

    def by_column(counts: Mapping[str, int]) -> list[int]:
        return [sum(counts.get(v, 0) for v in column) for column in columns]

    rest_counts = by_column(rest)
    readers: list[Reader] = [(REST, by_column(part)) for part in rest_parts]
    readers += [(c, by_column(part)) for c, parts in enumerate(parts_of) for part in parts]
    rest_total = sum(rest_counts)
    if rest_total >= k and all(rest_total - sum(own) >= k for w, own in readers if w == REST):
        masks = [
            sum(1 << i for i, column in enumerate(columns) if column & values)
            for values in (
                common_hidden([atom], published_whole, k, [parts])
                for atom, parts in zip(atom_counts, parts_of, strict=True)
            )
        ]
        sums = [by_column(atom) for atom in atom_counts]
        for _step in range(len(columns) * len(masks) + 1):
            found = _violation(masks, sums, rest_counts, k, readers)
            if found is None:
                return [
                    {v for i, column in enumerate(columns) if mask >> i & 1 for v in column}
                    for mask in masks
                ]
            if not _repair(*found, masks, sums, rest_counts, k):
                break
    shared = common_hidden([*atom_counts, rest], published_whole, k, [*parts_of, list(rest_parts)])
    return [set(shared) for _atom in atom_counts]
