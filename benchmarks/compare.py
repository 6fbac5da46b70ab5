"""Side-by-side comparison: carbonstd against what a user would otherwise write (issue #3 s. 4).

One seeded workload (``_workload.py``: 10^7 rows by default, 2,000 activity keys x 200
regions of per-gas factors, three gases, about 50,000 groups of scope x category x
facility) is computed by:

- ``carbonstd-exact``: ``calculate(table, factors=registry, gwp="AR6")`` (resolution, unit
  conversion, per-gas ledger, exact sums, lineage) + ``.by("scope", "category",
  "facility")`` + ``.total()``; ``carbonstd-fast``: the same with ``exact=False``; both
  with the compiled kernels of the ``accel`` extra (numba) when it is installed, loaded
  in prep (reported as "kernel load"); ``carbonstd-exact-numpy`` and
  ``carbonstd-fast-numpy``: the same without them (``CARBONSTD_JIT=0``);
- ``pandas``: categorical keys, ``merge`` on (activity, region), vectorized multiply,
  ``groupby(..., observed=True).sum()``;
- ``polars``: lazy ``join`` + ``group_by`` collected on all threads;
- ``numpy``: a hand-written chunked pipeline (buffers reused, GWP folded into the factor
  table, intp gather indices, dense group keys, ``np.bincount``), no exactness, no lineage;
- ``python``: a plain per-row Python loop with dicts (on a sample, extrapolated);
- ``pint``: a per-record pint loop (on a sample, extrapolated).

Every method runs in its own subprocess (memory isolation). Timed: the method's work on
inputs already in its native in-memory form (ActivityTable, DataFrames, arrays); building
those inputs is timed separately (column "prep"). Peak memory: the rise of the process's
peak resident set (VmHWM, reset through /proc/self/clear_refs just before the timed run)
over the resident set at that moment; with --traced, for the numpy-based paths also the
tracemalloc peak of a separate, untimed run. Results are checked against carbonstd-exact: per-group
CO2e within a relative 1e-9 (the sampled loops against an exact reference on the sample).

Usage::

    python benchmarks/compare.py                 # 10^7 rows (make bench)
    python benchmarks/compare.py --quick         # 10^5 rows: check the script works
    python benchmarks/compare.py --rows 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _workload import (
    CATEGORIES_PER_SCOPE,
    GASES,
    GWP_AR6,
    KWH_PER_UNIT,
    YEAR,
    Workload,
    make_workload,
)

Groups = tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]  # (group keys, kg CO2e)

REL_TOL = 1e-9
CHUNK = 1 << 16


# --------------------------------------------------------------------------- helpers


def head(w: Workload, n: int) -> Workload:
    """The first ``n`` rows of a workload (same factors)."""
    cols = ("activity", "region", "unit", "facility", "scope", "category", "amount")
    return replace(w, n_rows=min(n, w.n_rows), **{c: getattr(w, c)[:n] for c in cols})


def reference(w: Workload) -> Groups:
    """Exact reference per group: exact per-gas sums, then CO2e exactly (as carbonstd defines).

    Per row and gas: ``amount * (kWh per unit * factor)``; per group and gas the correctly
    rounded sum (carbonstd._core.group_sum_exact); CO2e = fsum over gases of GWP x sum.
    """
    from carbonstd._core import group_sum_exact

    key = w.group_key()
    keys, codes = np.unique(key, return_inverse=True)
    mult = w.unit_multipliers()[w.unit]
    per_gas = []
    for g in range(len(GASES)):
        eff = mult * w.factors[w.activity, w.region, g]
        per_gas.append(group_sum_exact(w.amount * eff, codes.astype(np.intp), len(keys)))
    gwp = [GWP_AR6[g] for g in GASES]
    co2e = np.array(
        [math.fsum(gwp[g] * float(per_gas[g][i]) for g in range(3)) for i in range(len(keys))]
    )
    return keys.astype(np.int64), co2e


def _label_key(w: Workload) -> Callable[[str, str, str], int]:
    scope = {s: i for i, s in enumerate(w.scope_labels)}
    cat = {c: i for i, c in enumerate(w.category_labels)}
    fac = {f: i for i, f in enumerate(w.facility_labels)}
    nf = w.n_facilities

    def key(s: str, c: str, f: str) -> int:
        return (scope[s] * CATEGORIES_PER_SCOPE + cat[c]) * nf + fac[f]

    return key


# --------------------------------------------------------------------------- carbonstd


def carbonstd_registry(w: Workload) -> Any:
    """One in-memory factor set: a per-gas factor per (activity key, region), per kWh."""
    from carbonstd.factors import EmissionFactor, FactorRegistry, FactorSet, Licence

    acts, regs, f = w.activity_labels, w.region_labels, w.factors.tolist()
    factors = [
        EmissionFactor(
            id=f"f{i}-{j}",
            activity=acts[i],
            unit="kWh",
            region=regs[j],
            year=YEAR,
            gases=dict(zip(GASES, f[i][j], strict=True)),
        )
        for i in range(w.n_activities)
        for j in range(w.n_regions)
    ]
    fs = FactorSet(
        name="bench", version="1", title="Bench", licence=Licence(id="CC0-1.0"), factors=factors
    )
    return FactorRegistry([fs])


def carbonstd_table(w: Workload) -> Any:
    """The ActivityTable built from the workload's columns (categorical codes + labels)."""
    from carbonstd.activities import ActivityTable, Categorical

    return ActivityTable.from_columns(
        activity=Categorical(w.activity, w.activity_labels),
        amount=w.amount,
        unit=Categorical(w.unit, w.unit_labels),
        region=Categorical(w.region, w.region_labels),
        year=np.full(w.n_rows, YEAR, dtype=np.int32),
        tags={
            "scope": Categorical(w.scope, w.scope_labels),
            "category": Categorical(w.category, w.category_labels),
            "facility": Categorical(w.facility, w.facility_labels),
        },
    )


def prepare_carbonstd(w: Workload) -> dict[str, Any]:
    registry = carbonstd_registry(w)
    # The registry's columnar factor index is built on first use and kept on the registry
    # (once per registry, as pandas and polars build their factor frames in their prep); a
    # one-row resolve builds it here, timed on its own and reported as "index_seconds".
    t0 = time.perf_counter()
    registry.resolve(
        np.zeros(1, dtype=np.int64),
        np.zeros(1, dtype=np.int64),
        np.full(1, YEAR),
        activity_labels=w.activity_labels[:1],
        region_labels=w.region_labels[:1],
    )
    index_seconds = time.perf_counter() - t0
    table = carbonstd_table(w)
    # With the accel extra, the first large calculation in a process imports numba and
    # loads the compiled kernels (from numba's cache; compiled on the very first use): a
    # once-per-process cost, timed here on the first 4,096 rows, as the other methods
    # import their libraries in prep.
    t0 = time.perf_counter()
    _warm_kernels(head(w, 4096), registry)
    kernel_seconds = time.perf_counter() - t0
    return {
        "w": w,
        "registry": registry,
        "table": table,
        "index_seconds": index_seconds,
        "kernel_seconds": kernel_seconds,
    }


def prepare_carbonstd_numpy(w: Workload) -> dict[str, Any]:
    os.environ["CARBONSTD_JIT"] = "0"  # this child process only: the chunked numpy path
    return prepare_carbonstd(w)


def _warm_kernels(w: Workload, registry: Any) -> None:
    from carbonstd.calculation import calculate

    if os.environ.get("CARBONSTD_JIT") == "0":
        return
    os.environ["CARBONSTD_JIT"] = "1"
    try:
        for exact in (True, False):
            em = calculate(carbonstd_table(w), factors=registry, gwp="AR6", exact=exact)
            em.by("scope", "category", "facility")
    finally:
        del os.environ["CARBONSTD_JIT"]


def _run_carbonstd(state: dict[str, Any], *, exact: bool) -> Any:
    from carbonstd.calculation import calculate

    em = calculate(state["table"], factors=state["registry"], gwp="AR6", exact=exact)
    groups = em.by("scope", "category", "facility")
    total = em.total()
    return groups, total


def _carbonstd_groups(w: Workload, out: Any) -> Groups:
    groups, _ = out
    key = _label_key(w)
    keys = np.array([key(*label) for label in groups.labels], dtype=np.int64)
    return keys, np.asarray(groups.co2e, dtype=np.float64)


def run_carbonstd_exact(state: dict[str, Any]) -> Any:
    return _run_carbonstd(state, exact=True)


def run_carbonstd_fast(state: dict[str, Any]) -> Any:
    return _run_carbonstd(state, exact=False)


# --------------------------------------------------------------------------- pandas


def prepare_pandas(w: Workload) -> dict[str, Any]:
    import pandas as pd

    def cat(codes: npt.NDArray[np.int32], labels: tuple[str, ...]) -> Any:
        return pd.Categorical.from_codes(codes, categories=pd.Index(list(labels)))

    rows = pd.DataFrame(
        {
            "activity": cat(w.activity, w.activity_labels),
            "region": cat(w.region, w.region_labels),
            "unit": cat(w.unit, w.unit_labels),
            "scope": cat(w.scope, w.scope_labels),
            "category": cat(w.category, w.category_labels),
            "facility": cat(w.facility, w.facility_labels),
            "amount": w.amount,
        }
    )
    ai, ri = np.divmod(np.arange(w.n_activities * w.n_regions), w.n_regions)
    flat = w.factors.reshape(-1, len(GASES))
    factors = pd.DataFrame(
        {
            "activity": cat(ai.astype(np.int32), w.activity_labels),
            "region": cat(ri.astype(np.int32), w.region_labels),
            **{gas: flat[:, g] for g, gas in enumerate(GASES)},
        }
    )
    return {"w": w, "rows": rows, "factors": factors}


def run_pandas(state: dict[str, Any]) -> Any:
    rows, factors = state["rows"], state["factors"]
    df = rows.merge(factors, on=["activity", "region"], how="inner")
    kwh_per_unit = df["unit"].map(KWH_PER_UNIT).astype("float64")
    kwh = df["amount"] * kwh_per_unit
    out = df[["scope", "category", "facility"]].copy()
    for gas in GASES:
        out[gas] = kwh * df[gas]
    out["co2e"] = sum(GWP_AR6[gas] * out[gas] for gas in GASES)
    return out.groupby(["scope", "category", "facility"], observed=True).sum()


def _pandas_groups(w: Workload, out: Any) -> Groups:
    key = _label_key(w)
    keys = np.array([key(*label) for label in out.index], dtype=np.int64)
    return keys, out["co2e"].to_numpy(dtype=np.float64)


# --------------------------------------------------------------------------- polars


def prepare_polars(w: Workload) -> dict[str, Any]:
    import polars as pl

    def enum(codes: npt.NDArray[np.int32], labels: tuple[str, ...]) -> Any:
        return pl.Series(labels).gather(pl.Series(codes)).cast(pl.Enum(list(labels)))

    rows = pl.DataFrame(
        {
            "activity": enum(w.activity, w.activity_labels),
            "region": enum(w.region, w.region_labels),
            "unit": enum(w.unit, w.unit_labels),
            "scope": enum(w.scope, w.scope_labels),
            "category": enum(w.category, w.category_labels),
            "facility": enum(w.facility, w.facility_labels),
            "amount": w.amount,
        }
    )
    ai, ri = np.divmod(np.arange(w.n_activities * w.n_regions), w.n_regions)
    flat = w.factors.reshape(-1, len(GASES))
    factors = pl.DataFrame(
        {
            "activity": enum(ai.astype(np.int32), w.activity_labels),
            "region": enum(ri.astype(np.int32), w.region_labels),
            **{gas: flat[:, g] for g, gas in enumerate(GASES)},
        }
    )
    units = pl.DataFrame(
        {
            "unit": pl.Series(w.unit_labels).cast(pl.Enum(list(w.unit_labels))),
            "kwh_per_unit": [KWH_PER_UNIT[u] for u in w.unit_labels],
        }
    )
    return {"w": w, "rows": rows, "factors": factors, "units": units}


def run_polars(state: dict[str, Any]) -> Any:
    import polars as pl

    kwh = pl.col("amount") * pl.col("kwh_per_unit")
    return (
        state["rows"]
        .lazy()
        .join(state["factors"].lazy(), on=["activity", "region"], how="inner")
        .join(state["units"].lazy(), on="unit", how="inner")
        .with_columns([(kwh * pl.col(gas)).alias(gas) for gas in GASES])
        .with_columns(
            pl.sum_horizontal([GWP_AR6[gas] * pl.col(gas) for gas in GASES]).alias("co2e")
        )
        .group_by(["scope", "category", "facility"])
        .agg(pl.col([*GASES, "co2e"]).sum())
        .collect()
    )


def _polars_groups(w: Workload, out: Any) -> Groups:
    key = _label_key(w)
    cols = (out["scope"].to_list(), out["category"].to_list(), out["facility"].to_list())
    labels = zip(*cols, strict=True)
    keys = np.array([key(*lab) for lab in labels], dtype=np.int64)
    return keys, out["co2e"].to_numpy().astype(np.float64)


# --------------------------------------------------------------------------- numpy


def prepare_numpy(w: Workload) -> dict[str, Any]:
    gwp = np.array([GWP_AR6[g] for g in GASES])
    return {
        "w": w,
        # GWP folded into the factor table once: kg CO2e per kWh, flat (activity, region).
        "co2e_per_kwh": np.ascontiguousarray((w.factors @ gwp).reshape(-1)),
        "kwh_per_unit": w.unit_multipliers(),
    }


def run_numpy(state: dict[str, Any]) -> Any:
    w: Workload = state["w"]
    table, per_unit = state["co2e_per_kwh"], state["kwh_per_unit"]
    n, n_regions, n_fac = w.n_rows, w.n_regions, w.n_facilities
    space = w.n_group_space
    sums = np.zeros(space)
    step = min(CHUNK, max(n, 1))
    idx = np.empty(step, dtype=np.intp)
    key = np.empty(step, dtype=np.intp)
    val = np.empty(step)
    tmp = np.empty(step)
    for start in range(0, n, step):
        stop = min(start + step, n)
        m = stop - start
        i, k, v, t = idx[:m], key[:m], val[:m], tmp[:m]
        np.multiply(w.activity[start:stop], n_regions, out=i)
        np.add(i, w.region[start:stop], out=i)
        np.take(table, i, out=v)
        np.take(per_unit, w.unit[start:stop], out=t)
        np.multiply(v, t, out=v)
        np.multiply(v, w.amount[start:stop], out=v)
        np.multiply(w.scope[start:stop], CATEGORIES_PER_SCOPE, out=k)
        np.add(k, w.category[start:stop], out=k)
        np.multiply(k, n_fac, out=k)
        np.add(k, w.facility[start:stop], out=k)
        sums += np.bincount(k, weights=v, minlength=space)
    return sums


def _numpy_groups(w: Workload, out: Any) -> Groups:
    keys = np.flatnonzero(out)  # amounts and factors are positive: non-zero <=> present
    return keys.astype(np.int64), out[keys]


# --------------------------------------------------------------------------- loops


def prepare_python(w: Workload) -> dict[str, Any]:
    acts, regs, units = w.activity_labels, w.region_labels, w.unit_labels
    f = w.factors.tolist()
    factors = {
        (acts[i], regs[j]): tuple(f[i][j])
        for i in range(w.n_activities)
        for j in range(w.n_regions)
    }
    records = list(
        zip(
            [acts[i] for i in w.activity.tolist()],
            [regs[i] for i in w.region.tolist()],
            [units[i] for i in w.unit.tolist()],
            [w.scope_labels[i] for i in w.scope.tolist()],
            [w.category_labels[i] for i in w.category.tolist()],
            [w.facility_labels[i] for i in w.facility.tolist()],
            w.amount.tolist(),
            strict=True,
        )
    )
    return {"w": w, "factors": factors, "records": records}


def run_python(state: dict[str, Any]) -> Any:
    factors, kwh_per_unit = state["factors"], KWH_PER_UNIT
    g_co2, g_ch4, g_n2o = (GWP_AR6[g] for g in GASES)
    sums: dict[tuple[str, str, str], float] = {}
    for activity, region, unit, scope, category, facility, amount in state["records"]:
        co2, ch4, n2o = factors[activity, region]
        kwh = amount * kwh_per_unit[unit]
        key = (scope, category, facility)
        sums[key] = sums.get(key, 0.0) + (kwh * co2 * g_co2 + kwh * ch4 * g_ch4 + kwh * n2o * g_n2o)
    return sums


def _dict_groups(w: Workload, out: Any) -> Groups:
    key = _label_key(w)
    items = sorted((key(*k), v) for k, v in out.items())
    return np.array([k for k, _ in items], dtype=np.int64), np.array([v for _, v in items])


def prepare_pint(w: Workload) -> dict[str, Any]:
    import pint

    ureg: Any = pint.UnitRegistry()
    state = prepare_python(w)
    state["ureg"] = ureg
    return state


def run_pint(state: dict[str, Any]) -> Any:
    ureg = state["ureg"]
    kg_per_kwh = ureg.kg / ureg.kWh
    factors = state["factors"]
    gwp = [GWP_AR6[g] for g in GASES]
    sums: dict[tuple[str, str, str], Any] = {}
    for activity, region, unit, scope, category, facility, amount in state["records"]:
        quantity = ureg.Quantity(amount, unit)
        co2e = ureg.Quantity(0.0, ureg.kg)
        for g, value in enumerate(factors[activity, region]):
            co2e = co2e + gwp[g] * (quantity * ureg.Quantity(value, kg_per_kwh)).to(ureg.kg)
        key = (scope, category, facility)
        sums[key] = sums[key] + co2e if key in sums else co2e
    return {k: v.to(ureg.kg).magnitude for k, v in sums.items()}


# --------------------------------------------------------------------------- registry


#: name -> (prepare, run, to_groups, sampled, numpy-based)
METHODS: dict[str, tuple[Any, Any, Any, bool, bool]] = {
    "carbonstd-exact": (prepare_carbonstd, run_carbonstd_exact, _carbonstd_groups, False, True),
    "carbonstd-fast": (prepare_carbonstd, run_carbonstd_fast, _carbonstd_groups, False, True),
    "carbonstd-exact-numpy": (
        prepare_carbonstd_numpy,
        run_carbonstd_exact,
        _carbonstd_groups,
        False,
        True,
    ),
    "carbonstd-fast-numpy": (
        prepare_carbonstd_numpy,
        run_carbonstd_fast,
        _carbonstd_groups,
        False,
        True,
    ),
    "pandas": (prepare_pandas, run_pandas, _pandas_groups, False, False),
    "polars": (prepare_polars, run_polars, _polars_groups, False, False),
    "numpy": (prepare_numpy, run_numpy, _numpy_groups, False, True),
    "python": (prepare_python, run_python, _dict_groups, True, False),
    "pint": (prepare_pint, run_pint, _dict_groups, True, False),
}


def max_rel_deviation(got: Groups, want: Groups) -> float:
    """Largest |got - want| / |want| over groups; inf if the group sets differ."""
    gk, gv = got
    wk, wv = want
    order = np.argsort(gk)
    if not np.array_equal(gk[order], wk):
        return math.inf
    return float(np.max(np.abs(gv[order] - wv) / np.abs(wv))) if wv.size else 0.0


# --------------------------------------------------------------------------- child process


def _rss_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        return False
    return True


def run_child(
    method: str, data_dir: Path, repeat: int, sample: int | None, *, traced_run: bool
) -> dict[str, Any]:
    prepare, run, to_groups, sampled, numpy_based = METHODS[method]
    w = load_workload(data_dir)
    if sampled:
        assert sample is not None
        w = head(w, sample)
    t0 = time.perf_counter()
    state = prepare(w)
    prep = time.perf_counter() - t0
    extra: dict[str, float] = {}
    if method.startswith("carbonstd"):
        t0 = time.perf_counter()
        carbonstd_table(w)
        extra["table_seconds"] = time.perf_counter() - t0
        extra["index_seconds"] = state["index_seconds"]
        extra["kernel_seconds"] = state["kernel_seconds"]
    # Peak memory of one run: VmHWM rise over the resident set at the start.
    exact_peak = _reset_peak()
    rss0 = _rss_kib("VmRSS")
    maxrss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    out = run(state)
    times = [time.perf_counter() - t0]
    if exact_peak:
        peak_rss = (_rss_kib("VmHWM") - rss0) * 1024
    else:  # ru_maxrss only rises: a lower bound of the run's peak
        peak_rss = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - maxrss0) * 1024
    keys, co2e = to_groups(w, out)
    del out
    for _ in range(repeat - 1):
        t0 = time.perf_counter()
        again = run(state)
        times.append(time.perf_counter() - t0)
        del again
    traced = None
    if numpy_based and traced_run:
        tracemalloc.start()
        traced_out = run(state)
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del traced_out
    np.save(data_dir / f"out-{method}-keys.npy", keys)
    np.save(data_dir / f"out-{method}-co2e.npy", co2e)
    if sampled:
        rk, rv = reference(w)
        np.save(data_dir / f"ref-{method}-keys.npy", rk)
        np.save(data_dir / f"ref-{method}-co2e.npy", rv)
    return {
        "method": method,
        "rows": w.n_rows,
        "seconds": min(times),
        "all_seconds": times,
        "prep_seconds": prep,
        "peak_rss_bytes": peak_rss,
        "peak_rss_exact": exact_peak,
        "traced_peak_bytes": traced,
        "sampled": sampled,
        **extra,
    }


_ARRAYS = ("activity", "region", "unit", "facility", "scope", "category", "amount", "factors")


def save_workload(w: Workload, data_dir: Path) -> None:
    for name in _ARRAYS:
        np.save(data_dir / f"{name}.npy", getattr(w, name))
    meta = {k: getattr(w, k) for k in ("seed", "n_rows", "n_activities", "n_regions")}
    meta["n_facilities"] = w.n_facilities
    (data_dir / "meta.json").write_text(json.dumps(meta))


def load_workload(data_dir: Path) -> Workload:
    meta = json.loads((data_dir / "meta.json").read_text())
    arrays = {name: np.load(data_dir / f"{name}.npy") for name in _ARRAYS}
    return Workload(**meta, **arrays)


# --------------------------------------------------------------------------- parent


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pandas as pd
    import polars as pl

    try:
        import numba

        accel = f"numba {numba.__version__} ({numba.get_num_threads()} threads)"
    except ImportError:
        accel = "no numba (accel extra not installed)"
    return (
        f"{cpu}, {os.cpu_count()} logical CPUs, {mem:.0f} GiB RAM; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, polars {pl.__version__} ({pl.thread_pool_size()} threads), "
        f"{accel}"
    )


def _mib(n: float | None) -> str:
    return "-" if n is None else f"{n / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=10**7, help="rows of the workload (10^7)")
    p.add_argument("--quick", action="store_true", help="10^5 rows, to check the script")
    p.add_argument("--repeat", type=int, default=1, help="timed runs per method; best kept")
    p.add_argument("--python-sample", type=int, default=1_000_000, help="rows for the loop")
    p.add_argument("--pint-sample", type=int, default=5_000, help="rows for the pint loop")
    p.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset")
    p.add_argument("--seed", type=int, default=20240)
    p.add_argument("--json", type=Path, help="also write the results to this file")
    p.add_argument(
        "--traced",
        action="store_true",
        help="also measure the tracemalloc peak of the numpy-based paths (slow for carbonstd)",
    )
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--sample", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        result = run_child(args.child, args.data, args.repeat, args.sample, traced_run=args.traced)
        print(json.dumps(result))
        return 0
    rows = 10**5 if args.quick else args.rows
    methods = [m for m in args.methods.split(",") if m]
    unknown = [m for m in methods if m not in METHODS]
    if unknown or "carbonstd-exact" not in methods:
        p.error(f"unknown methods {unknown}; carbonstd-exact is required (the reference)")
    print(f"workload: {rows:,} rows, seed {args.seed}")
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="carbonstd-bench-") as tmp:
        data_dir = Path(tmp)
        t0 = time.perf_counter()
        w = make_workload(rows, seed=args.seed)
        save_workload(w, data_dir)
        input_bytes = w.input_nbytes()
        print(
            f"generated in {time.perf_counter() - t0:.1f} s: {w.n_activities} activity keys x "
            f"{w.n_regions} regions of factors, {len(GASES)} gases, "
            f"{len(np.unique(w.group_key())):,} groups, input arrays {_mib(input_bytes)}"
        )
        results: dict[str, dict[str, Any]] = {}
        for method in methods:
            sampled = METHODS[method][3]
            sample = None
            if sampled:
                sample = min(rows, args.pint_sample if method == "pint" else args.python_sample)
            cmd = [sys.executable, __file__, "--child", method, "--data", str(data_dir)]
            cmd += ["--repeat", str(1 if sampled else args.repeat)]
            if args.traced:
                cmd += ["--traced"]
            if sample is not None:
                cmd += ["--sample", str(sample)]
            print(f"  running {method} ...", flush=True)
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stdout + done.stderr, file=sys.stderr)
                return 1
            results[method] = json.loads(done.stdout.strip().splitlines()[-1])
        report(results, data_dir, rows, input_bytes)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "results": results}, indent=2))
    return 0


def deviations(results: dict[str, dict[str, Any]], data_dir: Path) -> dict[str, float]:
    """Max relative deviation of each method's per-group CO2e from the exact result."""

    def load(prefix: str, method: str) -> Groups:
        return (
            np.load(data_dir / f"{prefix}-{method}-keys.npy"),
            np.load(data_dir / f"{prefix}-{method}-co2e.npy"),
        )

    ref = load("out", "carbonstd-exact")
    out = {}
    for method, r in results.items():
        want = load("ref", method) if r["sampled"] else ref
        out[method] = max_rel_deviation(load("out", method), want)
    return out


def report(results: dict[str, dict[str, Any]], data_dir: Path, rows: int, input_bytes: int) -> None:
    dev = deviations(results, data_dir)
    # Per-row rates; sampled loops are extrapolated linearly to the full row count.
    seconds = {m: r["seconds"] * rows / r["rows"] for m, r in results.items()}
    base = seconds["carbonstd-exact"]
    print()
    head_ = (
        f"{'method':<21} {'seconds':>10} {'rows/s':>14} {'vs exact':>9} {'peak (RSS)':>12} "
        f"{'peak (traced)':>14} {'prep s':>8} {'max rel dev':>12}"
    )
    print(head_)
    print("-" * len(head_))
    for m, r in results.items():
        s = seconds[m]
        note = f" (x{rows / r['rows']:.0f} of {r['rows']:,} rows)" if r["sampled"] else ""
        print(
            f"{m:<21} {s:>10.3f} {rows / s:>14,.0f} {s / base:>8.2f}x "
            f"{'-' if r['sampled'] else _mib(r['peak_rss_bytes']):>12} "
            f"{_mib(r['traced_peak_bytes']):>14} {r['prep_seconds']:>8.1f} "
            f"{dev[m]:>12.1e}{note}"
        )
    ex = results["carbonstd-exact"]
    print(
        f"\ncarbonstd: ActivityTable.from_columns took {ex.get('table_seconds', 0):.2f} s, "
        f"the registry's factor index {ex.get('index_seconds', 0):.2f} s (once per registry) "
        "(not in the timings above; registry construction and index are in 'prep'); "
        f"numba import and kernel load {ex.get('kernel_seconds', 0):.2f} s (once per process, "
        "in 'prep')"
    )
    print(f"ratio = seconds / carbonstd-exact seconds; input arrays {_mib(input_bytes)}")
    print("\ntargets:")

    def ratio(slow: str, fast: str) -> float | None:
        return seconds[slow] / seconds[fast] if slow in seconds and fast in seconds else None

    checks = [
        ("exact >= 4x faster than polars", ratio("polars", "carbonstd-exact"), 4.0, True),
        ("exact >= 6x faster than pandas", ratio("pandas", "carbonstd-exact"), 6.0, True),
        ("fast >= 6x faster than polars", ratio("polars", "carbonstd-fast"), 6.0, True),
        ("fast >= 8x faster than pandas", ratio("pandas", "carbonstd-fast"), 8.0, True),
        ("exact costs <= 2x fast", ratio("carbonstd-exact", "carbonstd-fast"), 2.0, False),
        ("exact >= 10,000x faster than pint", ratio("pint", "carbonstd-exact"), 1e4, True),
        ("exact within 1.5x of numpy", ratio("carbonstd-exact", "numpy"), 1.5, False),
        ("fast within 1.5x of numpy", ratio("carbonstd-fast", "numpy"), 1.5, False),
    ]
    for text, value, bound, at_least in checks:
        if value is None:
            print(f"  {text:<36} not measured")
            continue
        met = value >= bound if at_least else value <= bound
        print(f"  {text:<36} {value:>10.2f}x  {'MET' if met else 'NOT MET'}")
    peak = ex["peak_rss_bytes"]
    print(
        f"  {'exact peak < 3x input arrays':<36} {peak / input_bytes:>10.2f}x  "
        f"{'MET' if peak < 3 * input_bytes else 'NOT MET'}"
    )
    worst = max(dev.values())
    print(
        f"  {'all agree within 1e-9 relative':<36} {worst:>10.1e}   "
        f"{'MET' if worst <= REL_TOL else 'NOT MET'}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
