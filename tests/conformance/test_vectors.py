"""Run every conformance vector file under the repository's conformance/ as its own test.

Each vector is one test case whose id is the vector id. A file that cannot be
loaded (bad JSON, schema violation, unknown error class) becomes one failing
case named after the file, so a broken file never hides the others.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonstd.conformance import Vector, load_file, load_vectors, run_one, vector_files
from carbonstd.errors import ConformanceError

ROOT = Path(__file__).resolve().parents[2] / "conformance"


def _cases() -> list[object]:
    cases: list[object] = []
    for file in vector_files([ROOT]):
        try:
            vectors = load_file(file)
        except ConformanceError as exc:
            rel = file.relative_to(ROOT).as_posix()
            cases.append(pytest.param(str(exc), id=f"LOAD-ERROR:{rel}"))
            continue
        cases.extend(pytest.param(v, id=v.id) for v in vectors)
    return cases


@pytest.mark.parametrize("vector", _cases())
def test_vector(vector: Vector | str) -> None:
    if isinstance(vector, str):
        pytest.fail(vector, pytrace=False)
    result = run_one(vector)
    if not result.passed:
        pytest.fail(
            f"{result.status}: {result.reason}\n"
            f"  {vector.standard}, {vector.clause}\n  {vector.file} {vector.json_path}",
            pytrace=False,
        )


def test_whole_suite_loads_with_unique_ids() -> None:
    vectors = load_vectors([ROOT])
    assert len({v.id for v in vectors}) == len(vectors)
    assert any(v.suite == "units" for v in vectors)


def test_packaged_schema_is_the_repository_schema() -> None:
    packaged = Path(__file__).resolve().parents[2] / "src/carbonstd/conformance/vector.schema.json"
    assert packaged.read_bytes() == (ROOT / "schema" / "vector.schema.json").read_bytes()
