"""Progress for long work: a bar on a terminal, nothing in logs and tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import track

T = TypeVar("T")

# Below this many items the work is over before a bar is worth drawing.
SHOW_FROM = 50


def progress_over(items: Sequence[T], description: str) -> Iterator[T]:
    """Iterate over ``items``, drawing a progress bar when there are many and stderr is a terminal."""
    if len(items) < SHOW_FROM or not sys.stderr.isatty():
        yield from items
        return
    yield from track(items, description=description, total=len(items), transient=True, console=Console(stderr=True))
