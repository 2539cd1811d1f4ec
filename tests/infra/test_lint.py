"""ruff (configured in pyproject.toml) keeps the code and notebooks linted and formatted."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ruff() -> list[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if exe is None:
        pytest.fail(
            "ruff is not installed: it comes with the test extra (pip install -e '.[test]')"
        )
    return [exe]


@pytest.mark.parametrize(
    "args", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"]
)
def test_ruff_is_clean(args):
    result = subprocess.run(_ruff() + args, cwd=ROOT, capture_output=True, text=True)
    fix = "ruff check --fix ." if args[0] == "check" else "ruff format ."
    assert result.returncode == 0, (
        f"ruff {' '.join(args)} failed; run `.venv/bin/{fix}`:\n{result.stdout}{result.stderr}"
    )
