"""The predicates a newer budgetkg adds to the same synthetic corpus (for ``synth.py --predicates``).

    .venv/bin/python benchmarks/predicate_delta.py OLD.nq NEW.nq > predicates.txt

OLD.nq and NEW.nq are ``synth.py N --seed S --out`` from the older and the
newer budgetkg (same N and seed). Prints each predicate that has quads in NEW
that OLD lacks. Topping up a store built by the older version with
``synth.py N --seed S --store DIR --predicates predicates.txt`` gives the
newer store only when the newer version adds and removes nothing (loading
every quad of those predicates again is harmless: a store holds a quad
once): so this fails (exit 1) if OLD holds a quad NEW does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox


def quads(path: Path) -> set[ox.Quad]:
    return set(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))


def main(argv: list[str]) -> int:
    old, new = quads(Path(argv[0])), quads(Path(argv[1]))
    lost = old - new
    added = new - old
    predicates = sorted({q.predicate.value for q in added})
    for p in predicates:
        print(p)
    print(f"{len(added)} quads added, {len(lost)} lost; {len(predicates)} predicates", file=sys.stderr)
    if lost:
        print(f"not a pure addition: {len(lost)} quads of OLD are not in NEW", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
