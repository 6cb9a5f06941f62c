"""Progress for long work: a bar on a terminal, nothing in logs and tests."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import Progress

T = TypeVar("T")

# Below this many items the work is over before a bar is worth drawing.
SHOW_FROM = 50


def _shown(total: int) -> bool:
    return total >= SHOW_FROM and sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(total: int, description: str) -> Iterator[Callable[[], None]]:
    """A bar for ``total`` steps; the context gives the function that advances it one step."""
    if not _shown(total):
        yield lambda: None
        return
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


def progress_over(items: Sequence[T], description: str) -> Iterator[T]:
    """Iterate over ``items``, drawing a progress bar when there are many and stderr is a terminal."""
    with progress_bar(len(items), description) as advance:
        for item in items:
            yield item
            advance()
