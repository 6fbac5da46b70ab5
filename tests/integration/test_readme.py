"""The README's python blocks run as written (they are the first thing users copy)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_blocks() -> None:
    assert len(BLOCKS) >= 4


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8").splitlines()[:10]
    text = "\n".join(head)
    assert "make demo" in text
    assert "make test" in text


def test_readme_blocks_run_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for index, block in enumerate(BLOCKS):
        try:
            exec(compile(block, f"README.md block {index}", "exec"), namespace)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"README block {index} failed: {exc!r}\n{block}")
    out = capsys.readouterr().out
    assert "3.6" in out
