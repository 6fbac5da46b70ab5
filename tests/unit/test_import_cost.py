"""Importing carbonstd's packages does no work: pint is imported only when a unit is parsed.

Review finding #2 §1 / review 8: module-level ``parse()`` calls built the pint registry
(~0.4 s) on ``import carbonstd.factors`` and on every package above it. Each import runs in a
fresh interpreter, since the test process itself has pint loaded already.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

_CHECK = (
    "import sys\n"
    "{statement}\n"
    "from carbonstd.units import _registry\n"
    "assert 'pint' not in sys.modules, 'pint was imported'\n"
    "assert not _registry.is_built(), 'the unit registry was built'\n"
)


def _run(statement: str) -> subprocess.CompletedProcess[str]:
    code = _CHECK.format(statement=statement)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "module",
    [
        "carbonstd",
        "carbonstd.units",
        "carbonstd.gwp",
        "carbonstd.factors",
        "carbonstd.activities",
        "carbonstd.calculation",
        "carbonstd.allocation",
        "carbonstd.inventory",
    ],
)
def test_import_does_not_import_pint(module: str) -> None:
    done = _run(f"import {module}")
    assert done.returncode == 0, done.stderr


def test_touching_carbonstd_calculate_does_not_import_pint() -> None:
    done = _run("import carbonstd\ncarbonstd.calculate")
    assert done.returncode == 0, done.stderr


def test_parsing_a_unit_does_import_pint() -> None:
    # The check above can fail: parsing a unit is what builds the registry.
    done = _run("import carbonstd.factors\ncarbonstd.units.parse('kg')")
    assert done.returncode != 0
    assert "pint was imported" in done.stderr
