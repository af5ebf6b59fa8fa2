"""Amount evidence: projects whose amounts add up to a function line's 项目支出.

A bounded subset-sum, exact on Decimal amounts: single projects, pairs and
triples (a pair table makes triples cheap). Equal sums happen by chance,
the more so for round amounts and larger sets, so each solution size also
gets a *coincidence rate*: the share of decoy targets, just as round as the
real one and close to it (40.00 -> 34.00 ... 46.00; 2162.53 -> 2162.47 ...
2162.59), that the same projects also hit. Evidence is worth what is left
after chance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from itertools import combinations

MAX_SET = 3  # largest set of projects tried for one line
MAX_SOLUTIONS = 8  # beyond this many solutions of one size the amounts say nothing
DECOYS = 6  # decoy targets on each side of the real one

Amounts = dict[int, Decimal]


class AmountIndex:
    """The projects' amounts and all their pair sums, built once per document."""

    def __init__(self, items: Amounts) -> None:
        self.items = {k: a for k, a in items.items() if a > 0}
        self.pairs: dict[Decimal, list[tuple[int, int]]] = defaultdict(list)
        for a, b in combinations(sorted(self.items), 2):
            self.pairs[self.items[a] + self.items[b]].append((a, b))

    def solutions(self, target: Decimal, max_size: int = MAX_SET) -> dict[int, list[frozenset[int]]]:
        """Sets of keys whose amounts sum exactly to ``target``, by set size (1 .. max_size).

        A size with more than ``MAX_SOLUTIONS`` solutions reports just that
        many plus one: enough to tell "unique" from "several" from "many".
        """
        out: dict[int, list[frozenset[int]]] = {}
        for size in range(1, min(max_size, MAX_SET) + 1):
            found = _distinct(self._candidates(target, size))
            if found:
                out[size] = found
        return out

    def coincidence(self, target: Decimal, size: int) -> Decimal:
        """Share of decoy targets (as round as ``target``, near it) that sets of ``size`` also hit."""
        decoys = [d for d in decoy_targets(target) if d > 0]
        if not decoys:
            return Decimal(0)
        hits = sum(1 for d in decoys if next(self._candidates(d, size), None) is not None)
        return (Decimal(hits) / Decimal(len(decoys))).quantize(Decimal("0.01"))

    def _candidates(self, target: Decimal, size: int) -> Iterator[frozenset[int]]:
        """Sets of ``size`` keys summing to ``target`` (a set may come more than once)."""
        items, pairs = self.items, self.pairs
        if size == 1:
            yield from (frozenset([k]) for k in sorted(items) if items[k] == target)
        elif size == 2:
            yield from (frozenset(p) for p in pairs.get(target, []))
        elif size == 3:
            for k in sorted(items):
                for p in pairs.get(target - items[k], []):
                    if k not in p:
                        yield frozenset((k, *p))


def grain(amount: Decimal) -> Decimal:
    """The roundness of an amount: 1 for 40.00, 0.1 for 57.50, 0.01 for 2162.53."""
    cents = int((amount * 100).to_integral_value())
    if cents % 100 == 0:
        return Decimal(1)
    return Decimal("0.1") if cents % 10 == 0 else Decimal("0.01")


def decoy_targets(target: Decimal) -> list[Decimal]:
    """Targets near ``target`` and as round as it, on both sides."""
    step = grain(target)
    return [target + k * step for k in range(-DECOYS, DECOYS + 1) if k]


def _distinct(found: Iterator[frozenset[int]]) -> list[frozenset[int]]:
    out: list[frozenset[int]] = []
    for s in found:
        if s not in out:
            out.append(s)
            if len(out) > MAX_SOLUTIONS:
                break
    return sorted(out, key=sorted)
