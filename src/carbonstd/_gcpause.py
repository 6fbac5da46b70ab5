"""Pausing the cyclic garbage collector around loops that build many small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are made.

    Per-combination loops allocate hundreds of thousands of tuples and frozen
    objects, none of them cyclic garbage; with a large factor registry alive, the
    collections they trigger cost as much as the loop itself. The collector is
    re-enabled on exit only if it was enabled on entry.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
