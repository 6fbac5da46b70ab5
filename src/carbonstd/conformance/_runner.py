"""Run conformance vectors and collect a frozen report."""

from __future__ import annotations

import json
import math
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from carbonstd.conformance._compare import compare
from carbonstd.conformance._vectors import Vector, freeze, thaw
from carbonstd.errors import CarbonStdError, ConformanceError

Status = Literal["passed", "failed", "error"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@attrs.frozen
class VectorResult:
    """The outcome of one vector.

    Attributes
    ----------
    vector
        The vector that was run.
    status
        ``"passed"``; ``"failed"`` (wrong output, wrong or missing error,
        unknown method, malformed input); or ``"error"`` (the adapter let a
        non-carbonstd exception escape, or returned something that is not JSON).
    duration
        Wall-clock seconds spent in the adapter.
    actual
        The adapter's output (JSON-like), or ``{"error": class name,
        "message": text}`` when it raised; ``None`` if it never ran.
    reason
        Why it did not pass (``None`` when it passed).
    """

    vector: Vector
    status: Status
    duration: float
    actual: Any = attrs.field(converter=freeze)
    reason: str | None = None

    @property
    def passed(self) -> bool:
        """Whether the vector passed."""
        return self.status == "passed"


@attrs.frozen
class Report:
    """Results of a conformance run, in the order the vectors were given.

    Examples
    --------
    >>> report = run([])
    >>> report.total, report.passed, report.failed, report.errored, report.ok
    (0, 0, 0, 0, True)
    """

    results: tuple[VectorResult, ...]

    @property
    def total(self) -> int:
        """Number of vectors run."""
        return len(self.results)

    @property
    def passed(self) -> int:
        """Number of vectors that passed."""
        return sum(r.status == "passed" for r in self.results)

    @property
    def failed(self) -> int:
        """Number of vectors that failed."""
        return sum(r.status == "failed" for r in self.results)

    @property
    def errored(self) -> int:
        """Number of vectors whose adapter raised an unexpected exception."""
        return sum(r.status == "error" for r in self.results)

    @property
    def ok(self) -> bool:
        """True when every vector passed."""
        return self.passed == self.total

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-like data (see :meth:`to_json`)."""
        return {
            "summary": {
                "total": self.total,
                "passed": self.passed,
                "failed": self.failed,
                "errored": self.errored,
            },
            "results": [
                {
                    "id": r.vector.id,
                    "suite": r.vector.suite,
                    "title": r.vector.title,
                    "standard": r.vector.standard,
                    "clause": r.vector.clause,
                    "method": r.vector.method,
                    "file": r.vector.file,
                    "json_path": r.vector.json_path,
                    "status": r.status,
                    "duration": r.duration,
                    "actual": thaw(r.actual),
                    "reason": r.reason,
                }
                for r in self.results
            ],
        }

    def to_json(self) -> str:
        """The report as a JSON document (UTF-8 text, keys sorted, 2-space indent).

        Examples
        --------
        >>> import json
        >>> json.loads(run([]).to_json())["summary"]
        {'errored': 0, 'failed': 0, 'passed': 0, 'total': 0}
        """
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, allow_nan=False) + "\n"

    def to_junit_xml(self) -> str:
        """The report as JUnit XML: ``testsuites`` / ``testsuite`` (one per suite) / ``testcase``.

        A failed vector carries a ``failure`` element, an errored one an
        ``error`` element, each with the reason as message and text.

        Examples
        --------
        >>> print(run([]).to_junit_xml().splitlines()[1])  # doctest: +ELLIPSIS
        <testsuites name="carbonstd conformance" tests="0" failures="0" errors="0" ... />
        """
        root = ET.Element(
            "testsuites",
            name="carbonstd conformance",
            tests=str(self.total),
            failures=str(self.failed),
            errors=str(self.errored),
            time=f"{sum(r.duration for r in self.results):.6f}",
        )
        suites: dict[str, list[VectorResult]] = {}
        for r in self.results:
            suites.setdefault(r.vector.suite or "default", []).append(r)
        for name, results in suites.items():
            suite = ET.SubElement(
                root,
                "testsuite",
                name=name,
                tests=str(len(results)),
                failures=str(sum(r.status == "failed" for r in results)),
                errors=str(sum(r.status == "error" for r in results)),
                skipped="0",
                time=f"{sum(r.duration for r in results):.6f}",
            )
            for r in results:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=_xml_text(r.vector.id),
                    classname=_xml_text(f"conformance.{name}.{r.vector.method}"),
                    file=_xml_text(r.vector.file),
                    time=f"{r.duration:.6f}",
                )
                if r.status != "passed":
                    tag = "failure" if r.status == "failed" else "error"
                    reason = _xml_text(r.reason or "")
                    detail = ET.SubElement(
                        case, tag, message=reason.splitlines()[0] if reason else "", type=tag
                    )
                    detail.text = (
                        f"{reason}\n\n{r.vector.standard}, {r.vector.clause}\n"
                        f"{r.vector.file} {r.vector.json_path}"
                    )
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"

    def to_table(self, *, width: int = 100) -> str:
        """The report as fixed-width text: one line per vector and a summary line.

        Examples
        --------
        >>> print(run([]).to_table())
        STATUS  ID  METHOD  MS  REASON
        0 vectors: 0 passed, 0 failed, 0 errors
        """
        rows = [
            (
                r.status.upper() if r.status != "passed" else "ok",
                r.vector.id,
                r.vector.method,
                f"{r.duration * 1000:.1f}",
                (r.reason or "").replace("\n", " "),
            )
            for r in self.results
        ]
        header = ("STATUS", "ID", "METHOD", "MS", "REASON")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
        lines = []
        for row in [header, *rows]:
            left = "  ".join(
                cell.rjust(w) if i == 3 else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row[:4], widths, strict=True))
            )
            reason = row[4]
            room = max(width - len(left) - 2, 20)
            if len(reason) > room:
                reason = reason[: room - 3] + "..."
            lines.append(f"{left}  {reason}".rstrip())
        lines.append(
            f"{self.total} vectors: {self.passed} passed, {self.failed} failed, "
            f"{self.errored} errors"
        )
        return "\n".join(lines)


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("\N{REPLACEMENT CHARACTER}", text)


def _json_problem(value: Any, path: str = "$") -> str | None:
    """Return why ``value`` is not JSON-like, or None."""
    if value is None or isinstance(value, str | bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path} is {value!r}, not a JSON number"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path} has a non-string key {key!r}"
            problem = _json_problem(item, f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(value, Sequence):
        for i, item in enumerate(value):
            problem = _json_problem(item, f"{path}[{i}]")
            if problem:
                return problem
        return None
    return f"{path} is a {type(value).__name__}, not a JSON value"


def _error_matches(exc: CarbonStdError, type_name: str) -> bool:
    return any(cls.__name__ == type_name for cls in type(exc).__mro__)


def run_one(vector: Vector) -> VectorResult:
    """Run one vector through its adapter and judge the outcome.

    Examples
    --------
    >>> from carbonstd.conformance import Vector
    >>> v = Vector(id="x", title="t", standard="s", clause="c", method="units.factor",
    ...            input={"from": "MWh", "to": "GJ"},
    ...            expected={"factor": 3.6, "from": "MWh", "to": "GJ"}, arithmetic="3.6")
    >>> run_one(v).status
    'passed'
    """
    from carbonstd.conformance.methods import resolve

    start = time.perf_counter()
    try:
        adapter = resolve(vector.method)
    except ConformanceError as exc:
        return VectorResult(vector, "failed", time.perf_counter() - start, None, str(exc))
    except Exception as exc:  # a broken adapter module is reported, not raised
        return VectorResult(
            vector,
            "error",
            time.perf_counter() - start,
            None,
            f"importing the adapter for {vector.method!r} raised {type(exc).__name__}: {exc}",
        )
    start = time.perf_counter()
    try:
        output = adapter(vector.input)
    except CarbonStdError as exc:
        duration = time.perf_counter() - start
        actual = {"error": type(exc).__name__, "message": str(exc)}
        want = vector.expected_error
        if want is None:
            return VectorResult(vector, "failed", duration, actual, f"unexpected error: {actual}")
        if not _error_matches(exc, want.type):
            reason = f"expected {want.type}, got {type(exc).__name__}: {exc}"
            return VectorResult(vector, "failed", duration, actual, reason)
        if re.search(want.match, str(exc)) is None:
            reason = f"{type(exc).__name__} message {str(exc)!r} does not match {want.match!r}"
            return VectorResult(vector, "failed", duration, actual, reason)
        return VectorResult(vector, "passed", duration, actual)
    except Exception as exc:  # a bare exception is a bug to report
        duration = time.perf_counter() - start
        actual = {"error": type(exc).__name__, "message": str(exc)}
        reason = f"adapter raised {type(exc).__name__} (not a carbonstd error): {exc}"
        return VectorResult(vector, "error", duration, actual, reason)
    duration = time.perf_counter() - start
    problem = _json_problem(output)
    if problem is not None:
        return VectorResult(vector, "error", duration, None, f"output is not JSON: {problem}")
    if vector.expected_error is not None:
        want = vector.expected_error
        reason = f"expected {want.type} matching {want.match!r}, but got output {thaw(output)!r}"
        return VectorResult(vector, "failed", duration, output, reason)
    problems = compare(vector.expected, output, vector.tolerance)
    if problems:
        return VectorResult(vector, "failed", duration, output, "; ".join(problems))
    return VectorResult(vector, "passed", duration, output)


def run(vectors: Iterable[Vector]) -> Report:
    """Run every vector and return a frozen :class:`Report`.

    Implements the conformance-suite runner of carbonstd (issue #2, section 6;
    ``docs/design-contracts.md``, "Conformance vectors"): each vector's
    ``method`` is resolved to an adapter, run on the vector's ``input`` and
    judged against ``expected`` (recursively, numbers within the tolerance)
    or ``expected_error`` (class name or a base class name, and a regex
    searched in the message). A vector never stops the run: problems become
    failed or errored results with a reason.

    Examples
    --------
    >>> from carbonstd.conformance import Vector
    >>> good = Vector(id="a", title="t", standard="NIST SP 811", clause="B.8",
    ...               method="units.factor", input={"from": "lb", "to": "kg"},
    ...               expected={"factor": 0.45359237, "from": "lb", "to": "kg"},
    ...               arithmetic="1 lb = 0.45359237 kg exactly")
    >>> bad = attrs.evolve(good, id="b", method="units.nosuch")
    >>> report = run([good, bad])
    >>> report.passed, report.failed
    (1, 1)
    >>> report.results[1].reason
    "unknown method: 'units.nosuch' ..."
    """
    return Report(tuple(run_one(v) for v in vectors))
