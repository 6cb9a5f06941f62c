"""Atomic file writes (a reader sees the old file or the new one, never half of either), a lock to wait on,
the fingerprint of the package's own files (what caches of its output are keyed on), and what is
remembered of files by their stamps (an unchanged file is not read again)."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

import msgspec


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> bool:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Returns False, and touches nothing, when the file already holds exactly
    these bytes, so that rerunning a stage leaves the disk unchanged. With
    ``durable=False`` the data is not forced to disk first: for files derived
    from others and remade on the next run, where thousands of fsyncs cost seconds.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


STAMP_SETTLED_NS = 2_000_000_000
"""A file modified this recently is read, not taken by its stamp: a change within the clock's tick could keep its time."""


def file_stamp(stat: os.stat_result) -> str:
    """A file's size, modification and change times and inode: while they stay, so do its bytes (as git's index assumes)."""
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


class StampedFiles:
    """What ``compute`` makes of each file's bytes, remembered in ``memo_file`` with the file's stamp.

    A file whose stamp is the one remembered is not read again: a build that checks
    10,000 unchanged article files reads none of them, where a machine short of page
    cache would read each from disk. ``context`` is what else ``compute`` depends on
    (the corrections, say): a memo made in another context is not used. ``save`` keeps
    only the files asked about or written since it was loaded, each with its stamp once
    it has not changed for ``STAMP_SETTLED_NS`` (a file changing now is read next time).
    A file asked about again in the same run is not stamped again (unless written since).
    With no ``memo_file`` every file is read and nothing is kept.
    """

    def __init__(self, memo_file: Path | None, compute: Callable[[bytes], object], context: str = ""):
        self.memo_file = memo_file
        self._compute = compute
        self._context = context
        self._new: dict[str, list] = {}
        self._written: dict[str, object] = {}
        self._old: dict[str, list] = {}  # none yet, or unreadable: every file is read
        if memo_file is not None:
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
                memo = msgspec.json.decode(memo_file.read_bytes())
                self._old = memo["files"] if memo.get("context") == context else {}

    def of(self, path: Path | str, stat: os.stat_result | None = None):
        """What ``compute`` makes of the file at ``path`` (OSError if it cannot be read); ``stat``: the
        file's, if just taken (by a listing: not taking it again is a third of checking 100,000 files)."""
        key = str(path)
        if (known := self._new.get(key)) is not None:  # stamped already in this run: a build asks up to three times
            return known[1]
        stat = stat if stat is not None else os.stat(path)
        stamp = file_stamp(stat)
        remembered = self._old.get(key)
        if remembered is not None and remembered[0] == stamp:
            self._new[key] = remembered
            return remembered[1]
        value = self._compute(Path(path).read_bytes())
        if self.memo_file and stat.st_mtime_ns <= time.time_ns() - STAMP_SETTLED_NS:  # (one still changing: read next time)
            self._new[key] = [stamp, value]
        return value

    def wrote(self, path: Path, data: bytes) -> None:
        """``data`` was just written to ``path``: remembered with the stamp the file has when the memo is saved."""
        if self.memo_file is None:
            return
        self._new.pop(str(path), None)
        self._written[str(path)] = self._compute(data)

    def save(self) -> None:
        """Write the memo (atomically; a failed build leaves the last one, which only costs reads)."""
        if self.memo_file is None:
            return
        settled = time.time_ns() - STAMP_SETTLED_NS
        for key, value in self._written.items():
            with contextlib.suppress(OSError):
                stat = os.stat(key)
                if stat.st_mtime_ns <= settled:
                    self._new[key] = [file_stamp(stat), value]
        memo = {"context": self._context, "files": dict(sorted(self._new.items()))}
        # (msgspec: the same compact JSON, three times faster to write than json's; 22 MB at 100,000 articles.)
        atomic_write_bytes(self.memo_file, msgspec.json.encode(memo), durable=False)


def resolved(path: Path) -> Path:
    """``path.resolve()``, with each folder resolved once a process: a build resolves the path of every
    capture (each in a folder of its own) and ``resolve`` checks every folder of a path for a link."""
    absolute = os.path.abspath(path)  # (absolute: the same key from any working folder)
    folder, name = os.path.split(absolute)
    if not name or os.path.islink(absolute):
        return Path(absolute).resolve()
    return _resolved_folder(folder) / name


@functools.lru_cache(maxsize=65536)
def _resolved_folder(absolute: str) -> Path:
    parent, name = os.path.split(absolute)
    if not name or parent == absolute or os.path.islink(absolute):
        return Path(absolute).resolve()
    return _resolved_folder(parent) / name


def walk_files(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file under ``folder`` (not under folders it links to), as its path relative to ``folder``
    with / between names, and its stat; in no set order. A tenth of the cost of ``rglob`` and ``stat``."""
    pending = [("", str(folder))]
    while pending:
        relative, absolute = pending.pop()
        with os.scandir(absolute) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{relative}{entry.name}/", entry.path))
                elif entry.is_file():
                    yield f"{relative}{entry.name}", entry.stat()


@contextlib.contextmanager
def waiting_lock(path: Path, note: str):
    """Hold the lock file ``path``; while another process holds it, say ``note`` once and wait.

    The lock is the operating system's (flock): a process killed while holding it lets go.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(note, file=sys.stderr, flush=True)
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def package_fingerprint(modules: frozenset[str] | None = None) -> str:
    """The hash of the package's code and data, and of the versions of the libraries it runs on;
    with ``modules`` (dotted names, as ``modules_run_by`` gives), of those modules' code alone, with all the data."""
    digest = hashlib.sha256()
    for requirement in metadata.requires("newsarchive") or ():
        name = re.match(r"[\w.-]+", requirement).group(0)  # "pelican==4.12.0", "pytest>=8; extra == 'test'"
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())  # an extra not installed
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            if modules is not None and path.suffix == ".py" and _module_name(path) not in modules:
                continue
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\n")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _module_name(path: Path) -> str:
    parts = path.relative_to(_PACKAGE).with_suffix("").parts
    return ".".join((_PACKAGE.name, *(parts[:-1] if parts[-1] == "__init__" else parts)))


def _module_source(name: str) -> Path | None:
    relative = Path(*name.split(".")[1:])
    for candidate in (_PACKAGE / relative / "__init__.py", _PACKAGE / relative.with_suffix(".py")):
        if relative.parts and candidate.is_file():
            return candidate
    return None


@functools.cache
def modules_run_by(*roots: str) -> frozenset[str]:
    """The package's modules that ``roots`` import, directly or through others, read from their source.

    A module brings the packages it is in (their ``__init__`` runs), and a package brings all
    its modules: a registry may load them by name (``newsarchive.sites`` does). Imports are
    found at any depth of the source, in functions too.
    """
    found: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        source = _module_source(name)
        if name in found or source is None:  # (a name imported from a module, not a module)
            continue
        found.add(name)
        pending += [name.rsplit(".", 1)[0]] if name.count(".") > 1 else []
        if source.name == "__init__.py":
            pending += [_module_name(p) for p in source.parent.glob("*.py")]
            pending += [_module_name(p / "__init__.py") for p in source.parent.iterdir() if (p / "__init__.py").is_file()]
        pending += [name for name in _imported(source) if name.split(".")[0] == _PACKAGE.name]
    return frozenset(found)


# An import statement as a line of the source begins it, at any depth: "import a.b as c, d",
# "from a.b import c, d  # why", "from a import (c,\n d)". The same modules as Python's own parser
# finds in every module of the package (a test compares them), in a thirtieth of its time: this
# runs in every build. A docstring line that reads as an import adds a module: harmless here.
_IMPORT = re.compile(
    r"^[ \t]*(?:import[ \t]+(?P<modules>[\w. \t,]+)|from[ \t]+(?P<module>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#;]*))",
    re.MULTILINE,
)


def _imported(source: Path) -> list[str]:
    """The modules (and names of modules) ``source`` imports."""
    found = []
    for statement in _IMPORT.finditer(source.read_text(encoding="utf-8")):
        if statement["modules"] is not None:
            found += [part.split()[0] for part in statement["modules"].split(",") if part.strip()]
        elif statement["module"].startswith("."):
            raise ValueError(f"{source}: a relative import; the package imports by absolute names")
        else:
            names = re.sub(r"#[^\n]*", "", statement["names"]).strip("() \t\n")
            found += [statement["module"], *(f"{statement['module']}.{name.split()[0]}" for name in names.split(",") if name.strip())]
    return found
