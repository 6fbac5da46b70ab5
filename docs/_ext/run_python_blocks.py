"""Sphinx extension: execute every ```python block of each page at build time.

Blocks of one page share a namespace and run in order, so a tutorial can build
up state. A block whose first line is ``# not-run`` is skipped (for snippets
that cannot run in the build).

Printed output shown in the page is checked too: the ``# ...`` comment lines
that directly follow a ``print(...)`` statement are the expected output, and
each must appear in what the block printed (``...`` matches anything, runs of
white space match any white space). A failure or a mismatch becomes a Sphinx
warning with the page and line, and the build runs with ``-W``, so a broken or
stale example fails ``make test``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import traceback
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

_PRINT = re.compile(r"\s*print\(")


def expected_outputs(code: str) -> list[str]:
    """The comment lines that directly follow each ``print(...)`` statement."""
    lines = code.splitlines()
    expected: list[str] = []
    i = 0
    while i < len(lines):
        if not _PRINT.match(lines[i]):
            i += 1
            continue
        depth = 0
        j = i
        while j < len(lines):
            depth += lines[j].count("(") - lines[j].count(")")
            if depth <= 0:
                break
            j += 1
        k = j + 1
        while k < len(lines) and lines[k].startswith("# "):
            expected.append(lines[k][2:].strip())
            k += 1
        i = k
    return expected


def _pattern(line: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in line.split("...")]
    text = ".*".join(parts)
    return re.compile(re.sub(r"(\\ )+", r"\\s+", text))


def _run_blocks(app: Sphinx, doctree: nodes.document) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    docname = app.env.docname
    for block in doctree.findall(nodes.literal_block):
        if block.get("language") not in {"python", "py"}:
            continue
        code = block.astext()
        if code.lstrip().startswith("# not-run"):
            continue
        cwd = os.getcwd()
        out = io.StringIO()
        try:
            os.chdir(app.srcdir)
            with contextlib.redirect_stdout(out):
                exec(compile(code, f"<{docname}.md>", "exec"), namespace)
        except Exception:
            logger.warning(
                "python block failed:\n%s", traceback.format_exc(limit=4), location=block
            )
            continue
        finally:
            os.chdir(cwd)
        printed = out.getvalue()
        for line in expected_outputs(code):
            if not _pattern(line).search(printed):
                logger.warning(
                    "python block printed output that the page does not show: expected %r in:\n%s",
                    line,
                    printed[:2000],
                    location=block,
                )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _run_blocks)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
