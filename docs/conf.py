"""Sphinx configuration for carbonstd."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "carbonstd"
author = "the carbonstd developers"
copyright = "2026, the carbonstd developers"

try:
    import carbonstd

    release = carbonstd.__version__
except ImportError:  # pragma: no cover - docs are built with the package installed
    release = "unknown"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "run_python_blocks",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "design-contracts.md"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "undoc-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

intersphinx_mapping: dict[str, tuple[str, None]] = {}

html_theme = "pydata_sphinx_theme"
html_title = "carbonstd"
html_static_path: list[str] = []
html_theme_options = {"navigation_with_keys": False}

nitpicky = False
suppress_warnings = ["myst.xref_missing"]


def _module_examples_as_rubric(  # noqa: PLR0917 - the signature Sphinx calls
    app: object, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Render a module docstring's "Examples" heading as a rubric.

    Module docstrings become page content, and a real section heading called
    "Examples" in every module page would give duplicate labels.
    """
    if what != "module":
        return
    for i in range(len(lines) - 1):
        if lines[i].strip() == "Examples" and set(lines[i + 1].strip()) == {"-"}:
            lines[i] = ".. rubric:: Examples"
            lines[i + 1] = ""


def setup(app: object) -> None:
    app.connect("autodoc-process-docstring", _module_examples_as_rubric, priority=100)  # type: ignore[attr-defined]
