"""Runs the simulator's tests in an order other than unittest's alphabetical one, to show
that none depends on another having run before it.

    python3 tools/sim/tests/run_in_order.py [--order shuffle|reverse|default] [--seed N]
                                            [-k PATTERN]

`shuffle` (the default) shuffles the test classes and the tests inside each class (a
class keeps its one simulator from setUpClass); the seed is printed first, so an order
that fails can be run again with --seed (or PARLEY_SIM_TEST_SEED). `reverse` runs
everything backwards. Exit status 0 when every test passed, 1 otherwise.
"""

import argparse
import os
import random
import sys
import time
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SIM_DIR = os.path.dirname(TESTS_DIR)


def flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from flatten(item)
        else:
            yield item


def by_class(tests):
    """[(class, [tests...])] in first-seen order."""
    groups = {}
    for test in tests:
        groups.setdefault(type(test), []).append(test)
    return list(groups.items())


def ordered(tests, order, rng):
    groups = by_class(tests)
    if order == "reverse":
        return [t for _, members in reversed(groups) for t in reversed(members)]
    if order == "shuffle":
        rng.shuffle(groups)
        for _, members in groups:
            rng.shuffle(members)
    return [t for _, members in groups for t in members]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--order", choices=("shuffle", "reverse", "default"), default="shuffle")
    parser.add_argument("--seed", type=int,
                        default=int(os.environ.get("PARLEY_SIM_TEST_SEED", "0")) or None)
    parser.add_argument("-k", dest="pattern", help="only tests whose id contains PATTERN")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time() * 1000) % 1_000_000
    print(f"simulator tests, order {args.order}, seed {seed} "
          f"(again: {os.path.basename(__file__)} --order {args.order} --seed {seed})", flush=True)

    sys.path.insert(0, SIM_DIR)
    loaded = unittest.defaultTestLoader.discover(TESTS_DIR, top_level_dir=SIM_DIR)
    tests = [t for t in flatten(loaded) if not args.pattern or args.pattern in t.id()]
    failed_imports = [t for t in tests if type(t).__name__ == "_FailedTest"]
    suite = unittest.TestSuite(ordered(tests, args.order, random.Random(seed)))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    return 0 if result.wasSuccessful() and not failed_imports else 1


if __name__ == "__main__":
    sys.exit(main())
