"""ruff, as configured in pyproject.toml, finds nothing to say: the linter and the formatter both."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO

RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_satisfied(command):
    assert RUFF, "ruff is not installed (pip install -e '.[test]')"
    result = subprocess.run([RUFF, *command, "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
