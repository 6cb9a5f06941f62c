"""How the garbage collector runs through the long stages: a build holds millions of objects for its
whole length, and Python's collector, as it is set by default, walks them again and again."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def survivors_left_alone():
    """Objects that survive a full garbage collection left out of the later ones until the block ends.

    A build holds a record of every article (the conversions', Pelican's cache, the site's memoized
    articles) beside the millions of short-lived objects each stage makes, and Python's collector
    walks every object again each time their number grows by a quarter: after one more article to
    10,000, 13 full collections took 1.8 s of an 11 s build, and found 0 to 10 objects to free. So
    each full collection's survivors are frozen (``gc.freeze``): a later one walks only what was made
    since. Cycles among the frozen that become garbage wait for the block's end; the peak memory of a
    new build of 10,000 articles stayed 680 MB. Forked processes (the index's) inherit the rule, and
    leave the pages they share with this one uncopied.
    """

    def freeze_survivors(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            gc.freeze()

    gc.callbacks.append(freeze_survivors)
    try:
        yield
    finally:
        gc.callbacks.remove(freeze_survivors)
        gc.unfreeze()


YOUNG_EVERY = 100_000
"""Objects made and not yet freed between two young collections in ``rarer_collections`` (Python's default: 700)."""


@contextlib.contextmanager
def rarer_collections():
    """Collections made rarer until the block ends (a decorator too), and what was made before it left out
    of them: a young one every ``YOUNG_EVERY`` objects made and not freed, an older one every 20 of those,
    and everything alive when the block starts frozen (``gc.freeze``, without walking it first).

    The search index and its export make their postings, lists and rows by the million, and free nearly
    all of them by reference counting, without the collector. At 100,000 articles, an update of the search
    after one more article made 27-53 full collections (0.35-0.7 s of 5.8-7.3 s) as Python sets it, and
    none so. After a build's pages (Pelican's leftovers; here 1.5 million small dicts made beforehand, each
    holding a list), the first full collection walked them all (0.57-0.69 s). (Conversion is left as set by
    default: the trees of its parsed pages are cycles, which only a collection frees.) Frozen garbage waits
    for the block's end, or for the end of an enclosing ``survivors_left_alone``.
    """
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.set_threshold(YOUNG_EVERY, 20, thresholds[2])
    gc.freeze()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not frozen:
            gc.unfreeze()
