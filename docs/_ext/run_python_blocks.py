"""Sphinx extension: execute every ```python block of each page at build time.

Blocks of one page share a namespace and run in order, so a tutorial can build
up state. A block whose first line is ``# not-run`` is skipped (for shell-like
snippets that cannot run in the build). An exception becomes a Sphinx warning
with the page and line, and the build runs with ``-W``, so a broken example
fails ``make test``.
"""

from __future__ import annotations

import contextlib
import io
import os
import traceback
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


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
        finally:
            os.chdir(cwd)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _run_blocks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
