"""Progress for long work: a bar on a terminal, nothing in logs and tests."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rich.console import Console
from rich.progress import Progress

T = TypeVar("T")

# Below this many items the work is over before a bar is worth drawing.
SHOW_FROM = 50


def shown(total: int) -> bool:
    """Whether work of ``total`` steps gets a bar (else, where it matters, a line a step)."""
    return total >= SHOW_FROM and sys.stderr.isatty() and not _BARS_OFF


_BARS_OFF: list[bool] = []  # not empty in a process whose work runs beside another's log (the index beside Pelican)


@contextlib.contextmanager
def bars_off() -> Iterator[None]:
    """No bars drawn in this process while the block runs: work beside another's output would garble it."""
    _BARS_OFF.append(True)
    try:
        yield
    finally:
        _BARS_OFF.pop()


@dataclass
class Work:
    """Long work under way: what it is, and how far it got (told when it is interrupted)."""

    description: str
    total: int
    done: int = 0


_UNDER_WAY: list[Work] = []  # the work of this process now, outermost first
# Work left before its end, innermost first: an interrupted loop is closed (and leaves
# _UNDER_WAY) before the interruption reaches the code that tells the user.
_STOPPED: list[Work] = []


@contextlib.contextmanager
def progress_bar(total: int, description: str) -> Iterator[Callable[[], None]]:
    """A bar for ``total`` steps; the context gives the function that advances it one step."""
    work = Work(description, total)
    if not _UNDER_WAY:
        _STOPPED.clear()
    _UNDER_WAY.append(work)
    try:
        if not shown(total):
            yield lambda: setattr(work, "done", work.done + 1)
            return
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(description, total=total)

            def advance() -> None:
                work.done += 1
                progress.advance(task)

            yield advance
    finally:
        _UNDER_WAY.remove(work)
        if work.done < work.total:
            _STOPPED.append(work)


def progress_over(items: Sequence[T], description: str) -> Iterator[T]:
    """Iterate over ``items``, drawing a progress bar when there are many and stderr is a terminal."""
    with progress_bar(len(items), description) as advance:
        for item in items:
            yield item
            advance()


def interrupted() -> str:
    """What to tell a user who pressed Ctrl-C: where the work stood, and that what finished is kept."""
    stood = [*_UNDER_WAY, *reversed(_STOPPED)]
    where = "".join(f"; {w.description.lower()}: {w.done:,} of {w.total:,} done" for w in stood)
    return f"interrupted{where}. What finished is kept; run the same command again to go on"
