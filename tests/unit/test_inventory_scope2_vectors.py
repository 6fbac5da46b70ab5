"""Run the Scope 2 conformance vectors through the adapter module directly.

``tests/conformance/test_vectors.py`` runs every vector file through
``carbonstd.conformance.methods.inventory`` once the adapters are merged
there; this test checks the same files against ``inventory_scope2.METHODS``
so they are exercised independently of the merge.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carbonstd.conformance import Vector, compare, load_file
from carbonstd.conformance.methods.inventory_scope2 import METHODS
from carbonstd.errors import CarbonStdError

FILES = sorted(
    (Path(__file__).resolve().parents[2] / "conformance" / "inventory").glob("scope2*.json")
)
VECTORS = [v for f in FILES for v in load_file(f)]


def test_vector_files_found() -> None:
    assert FILES
    assert len(VECTORS) >= 20
    assert {v.method for v in VECTORS} == set(METHODS)


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_scope2_vector(vector: Vector) -> None:
    adapter = METHODS[vector.method]
    if vector.expected_error is None:
        actual = adapter(vector.input)
        problems = compare(vector.expected, actual, vector.tolerance)
        assert not problems, "\n".join(problems)
    else:
        with pytest.raises(CarbonStdError) as info:
            adapter(vector.input)
        assert type(info.value).__name__ == vector.expected_error.type
        assert re.search(vector.expected_error.match, str(info.value))
