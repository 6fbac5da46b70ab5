"""The bundled example files (the EV maker's year of activity data)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from carbonstd.errors import ActivityDataError

#: Files in ``carbonstd/data/examples`` (documented in its README.md).
EXAMPLES = ("ev-maker-2024.csv", "ev-maker-factors.json")


def example_path(name: str) -> Path:
    """Path of a bundled example file.

    ``ev-maker-2024.csv`` is a year of monthly activity data of an electric-
    vehicle maker with a plant in China and one in the UK (grid electricity,
    natural gas, diesel forklifts, refrigerant top-ups, business travel and
    inbound freight), written for carbonstd; ``ev-maker-factors.json`` is the
    small factor set it needs beside the bundled registry (refrigerant
    top-ups as fugitive emissions, GHG Protocol Corporate Standard ch. 4
    scope 1; a natural-gas calorific value for China). Both are CC0.

    Raises
    ------
    ActivityDataError
        For a name that is not an example file.

    Examples
    --------
    >>> from carbonstd.activities import example_path
    >>> example_path("ev-maker-2024.csv").name
    'ev-maker-2024.csv'
    """
    if name not in EXAMPLES:
        raise ActivityDataError(
            "no such example file",
            value=name,
            source="example_path",
            hint=f"the examples are {', '.join(EXAMPLES)}",
        )
    resource = importlib.resources.files("carbonstd").joinpath("data", "examples", name)
    return Path(str(resource))
