"""The one base class for errors a user can cause and fix.

A NewsarchiveError's message names the file, setting or option and the problem;
the tasks print it in one line. Any other exception is a bug and keeps its traceback.
"""


class NewsarchiveError(Exception):
    """Something the user can fix: bad input, a wrong setting, a missing file; the message says which."""


class UsageError(NewsarchiveError):
    """A task was asked for something it cannot do (options that do not go together, a missing file)."""
