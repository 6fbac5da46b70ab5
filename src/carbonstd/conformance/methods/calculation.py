"""Conformance adapters for :mod:`carbonstd.calculation`.

Methods
-------
``calculation.emissions``
    input ``{"factor_set": <inline factor-set JSON>, "activities": [{"activity",
    "amount", "unit", "region", "year", ...tags}], "gwp": name}``, optional
    ``"report_gwp"`` (re-express under another set), ``"by"`` (list of
    columns), ``"on_missing"`` (``"raise"``/``"report"``),
    ``"allow_gwp_conversion"`` (bool), ``"include_biogenic"`` (bool).
    Output ``{"kg": {gas: kg}, "kg_co2e": float, "unresolved_rows": int,
    "factor_ids": [factor id or null per row]}``, plus ``"groups": [{"key":
    [...], "kg_co2e": float}]`` when ``by`` is given.

Examples
--------
>>> fs = {"format": "carbonstd.factor-set/1", "name": "t", "version": "1", "title": "T",
...       "licence": {"id": "CC0-1.0", "attribution": ""}, "source": {},
...       "factors": [{"id": "f", "activity": "electricity.grid", "unit": "kWh",
...                    "region": "GB", "year": 2024, "gases": {"CO2": 0.2}}]}
>>> METHODS["calculation.emissions"]({"factor_set": fs, "gwp": "AR6", "activities": [
...     {"activity": "electricity.grid", "amount": 10, "unit": "kWh", "region": "GB",
...      "year": 2024}]})
{'kg': {'CO2': 2.0}, 'kg_co2e': 2.0, 'unresolved_rows': 0, 'factor_ids': ['f']}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from carbonstd.conformance.methods import Adapter, input_str, input_value
from carbonstd.errors import ConformanceError

__all__ = ["METHODS"]


def _flag(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ConformanceError("expected true or false", value=value, json_path=f"$.input.{key}")
    return value


def _emissions(data: Mapping[str, Any]) -> dict[str, Any]:
    from carbonstd.activities import ActivityTable
    from carbonstd.calculation import calculate
    from carbonstd.factors import FactorRegistry, load_json

    factor_set = load_json(input_value(data, "factor_set", Mapping), source="$.input.factor_set")
    rows: Sequence[Any] = input_value(data, "activities", (list, tuple))
    records = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ConformanceError(
                "an activity must be an object", value=row, json_path=f"$.input.activities[{i}]"
            )
        records.append(dict(row))
    table = ActivityTable.from_records(records, source="vector")
    on_missing = data.get("on_missing", "raise")
    emissions = calculate(
        table,
        factors=FactorRegistry([factor_set]),
        gwp=input_str(data, "gwp"),
        on_missing=on_missing,
        allow_gwp_conversion=_flag(data, "allow_gwp_conversion"),
    )
    report = data.get("report_gwp")
    include_biogenic = _flag(data, "include_biogenic")
    ids = [
        None if k < 0 else emissions.lineage[k].resolution.factor.id
        for k in emissions.factor_index.tolist()
    ]
    out: dict[str, Any] = {
        "kg": emissions.gas_totals(),
        "kg_co2e": emissions.total(report, include_biogenic=include_biogenic),
        "unresolved_rows": emissions.unresolved_rows,
        "factor_ids": ids,
    }
    by = data.get("by")
    if by is not None:
        if not isinstance(by, Sequence) or isinstance(by, str):
            raise ConformanceError("by must be a list of columns", value=by, json_path="$.input.by")
        groups = emissions.by(*by, gwp=report, include_biogenic=include_biogenic)
        out["groups"] = [{"key": list(r.key), "kg_co2e": r.co2e} for r in groups.rows()]
    return out


METHODS: Mapping[str, Adapter] = MappingProxyType({"calculation.emissions": _emissions})
