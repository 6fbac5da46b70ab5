"""The per-gas ledger: gas columns, pseudo-gases for CO2e-only factors, late-bound GWP weights."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from carbonstd.errors import GWPMismatchError
from carbonstd.gwp import GWPSet

#: The ledger column of fossil-free CO2 from biomass (GHG Protocol: reported outside the scopes).
BIOGENIC = "CO2_biogenic"

_PSEUDO = re.compile(r"^CO2e\[(?P<set>[^\]]+)\]$")


def pseudo_gas(gwp_set: str) -> str:
    """The ledger column holding CO2e-only factors built with ``gwp_set``.

    Examples
    --------
    >>> pseudo_gas("AR5-GWP100")
    'CO2e[AR5-GWP100]'
    """
    return f"CO2e[{gwp_set}]"


def pseudo_set(gas: str) -> str | None:
    """The GWP set of a pseudo-gas column, or None for a real gas."""
    match = _PSEUDO.match(gas)
    return match.group("set") if match else None


def gwp_weights(
    gases: Sequence[str],
    gwp: GWPSet,
    *,
    include_biogenic: bool,
    allow_gwp_conversion: bool,
) -> npt.NDArray[np.float64]:
    """GWP of each ledger column under ``gwp`` (kg CO2e per kg of the column).

    Real gases take the set's value; ``CO2_biogenic`` weighs 1 when included
    and 0 otherwise; a pseudo-gas ``CO2e[S]`` weighs 1 when ``S`` is ``gwp``
    (it is already CO2e under that set). Under another set it cannot be
    re-expressed (its gases are unknown): that is a
    :class:`~carbonstd.errors.GWPMismatchError` unless ``allow_gwp_conversion``,
    in which case it is carried over at face value and the results say so.
    """
    weights = np.zeros(len(gases), dtype=np.float64)
    real = [i for i, g in enumerate(gases) if pseudo_set(g) is None and g != BIOGENIC]
    if real:
        weights[real] = gwp.vector([gases[i] for i in real])
    for i, gas in enumerate(gases):
        if gas == BIOGENIC:
            weights[i] = 1.0 if include_biogenic else 0.0
            continue
        built_with = pseudo_set(gas)
        if built_with is None:
            continue
        if built_with == gwp.name or allow_gwp_conversion:
            weights[i] = 1.0
        else:
            raise GWPMismatchError(
                "CO2e-only factors built with another GWP set cannot be re-expressed",
                value=built_with,
                source=f"reporting under {gwp.name}",
                hint=f"report under gwp={built_with!r}, use per-gas factors, or pass "
                "allow_gwp_conversion=True to carry the CO2e over at face value (flagged)",
            )
    return weights


def converted_sets(gases: Sequence[str], gwp: GWPSet) -> tuple[str, ...]:
    """GWP sets of CO2e-only columns that differ from ``gwp`` (carried at face value)."""
    return tuple(s for g in gases if (s := pseudo_set(g)) is not None and s != gwp.name)
