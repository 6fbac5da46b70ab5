"""Conformance suite: JSON test vectors that check carbonstd against the standards.

The vectors live in the repository's ``conformance/`` directory, grouped by
standard; each cites its standard and clause, names a method adapter
(``"<domain>.<name>"``, see :mod:`carbonstd.conformance.methods`) and shows
its arithmetic. This package loads and validates vector files
(:func:`load_vectors`, schema ``conformance/schema/vector.schema.json``,
JSON Schema Draft 2020-12), runs them (:func:`run`) and reports the outcome as
a table, JSON or JUnit XML (:class:`Report`).

Examples
--------
>>> from carbonstd import conformance
>>> v = conformance.Vector(
...     id="units-kwh-mj", title="kWh to MJ", standard="SI Brochure, 9th ed. (2019)",
...     clause="Table 8 (kWh is 3.6 MJ)", method="units.factor",
...     input={"from": "kWh", "to": "MJ"}, expected={"factor": 3.6, "from": "kWh", "to": "MJ"},
...     arithmetic="1 kWh = 1000 W x 3600 s = 3.6e6 J = 3.6 MJ")
>>> report = conformance.run([v])
>>> report.ok
True
>>> print(report.to_table())  # doctest: +ELLIPSIS
STATUS  ID            METHOD        ...
ok      units-kwh-mj  units.factor  ...
1 vectors: 1 passed, 0 failed, 0 errors
"""

from __future__ import annotations

from carbonstd.conformance._compare import compare
from carbonstd.conformance._runner import Report, VectorResult, run, run_one
from carbonstd.conformance._vectors import (
    ExpectedError,
    Tolerance,
    Vector,
    default_paths,
    load_file,
    load_vectors,
    validate_document,
    vector_files,
)

__all__ = [
    "ExpectedError",
    "Report",
    "Tolerance",
    "Vector",
    "VectorResult",
    "compare",
    "default_paths",
    "load_file",
    "load_vectors",
    "run",
    "run_one",
    "validate_document",
    "vector_files",
]
