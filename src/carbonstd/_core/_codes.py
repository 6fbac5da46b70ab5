"""Dense group codes from several categorical code arrays."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carbonstd._core._checks import as_codes, check_count, codes_out_of_range
from carbonstd.errors import ActivityDataError

__all__ = ["dense_group_codes"]

#: Largest key space counted directly with bincount instead of np.unique (64 MiB of intp).
_DIRECT_LIMIT = 1 << 23
#: Key spaces at least this large are renumbered column by column first.
_KEY_LIMIT = 1 << 62


def dense_group_codes(
    *code_arrays: npt.NDArray[np.integer], sizes: tuple[int, ...]
) -> tuple[npt.NDArray[np.intp], tuple[npt.NDArray[np.intp], ...]]:
    """Combine categorical code arrays into dense group codes.

    Rows with the same tuple of component codes get the same group code; group
    codes are ``0 .. n_groups - 1`` with no gaps, ordered lexicographically by
    the component codes (first array most significant), so the result does not
    depend on row order. This builds the grouping keys (scope, category,
    facility, gas ...) over which totals are reported (GHG Protocol Corporate
    Standard, Chapter 9).

    Parameters
    ----------
    *code_arrays
        One integer array per grouping column, all of the same length; array
        ``i`` holds codes in ``[0, sizes[i])``.
    sizes
        Number of categories of each column (keyword-only).

    Returns
    -------
    codes : numpy.ndarray
        intp group code per row.
    components : tuple of numpy.ndarray
        For each input column, the component code of every group (length
        ``n_groups``): group ``g`` is ``(components[0][g], components[1][g], ...)``.

    Raises
    ------
    carbonstd.errors.ActivityDataError
        No arrays, a length mismatch, a ``sizes`` entry that is not a positive
        integer, or a code outside ``[0, size)``.

    Notes
    -----
    The combined key is a mixed-radix number. When the key space is at most
    ``2**23`` the present keys are found with :func:`numpy.bincount` (linear
    time); otherwise with :func:`numpy.unique` (a sort). A column whose size
    would make the key overflow int64 is first renumbered densely.

    Examples
    --------
    >>> import numpy as np
    >>> scope = np.array([1, 0, 1, 1])
    >>> site = np.array([2, 0, 2, 0])
    >>> codes, (g_scope, g_site) = dense_group_codes(scope, site, sizes=(3, 4))
    >>> codes
    array([2, 0, 2, 1])
    >>> g_scope, g_site
    (array([0, 1, 1]), array([0, 0, 2]))
    """
    if not code_arrays:
        raise ActivityDataError(
            "dense_group_codes needs at least one code array",
            source="code_arrays",
            hint="pass one integer array per grouping column",
        )
    sizes_obj: object = sizes
    if not isinstance(sizes_obj, tuple) or len(sizes_obj) != len(code_arrays):
        raise ActivityDataError(
            "sizes must be a tuple with one entry per code array",
            value=sizes,
            source="sizes",
            hint=f"pass sizes=(...) with {len(code_arrays)} integers",
        )
    first: object = code_arrays[0]
    n_rows = first.shape[0] if isinstance(first, np.ndarray) and first.ndim == 1 else -1
    arrays: list[npt.NDArray[np.intp]] = []
    checked_sizes: list[int] = []
    for i, (arr, size) in enumerate(zip(code_arrays, sizes, strict=True)):
        name = f"code_arrays[{i}]"
        codes = as_codes(arr, name=name, n_rows=n_rows)
        size_i = check_count(size, name=f"sizes[{i}]", minimum=1)
        if codes.size and (int(codes.min()) < 0 or int(codes.max()) >= size_i):
            raise codes_out_of_range(codes, size_i, name=name)
        arrays.append(codes)
        checked_sizes.append(size_i)

    codes = np.zeros(n_rows, dtype=np.intp)
    n_groups = 1
    # groups[j][g] is the component code of column j for current group g.
    groups: list[npt.NDArray[np.intp]] = []
    for arr, size in zip(arrays, checked_sizes, strict=True):
        column, column_size = arr, size
        labels: npt.NDArray[np.intp] | None = None
        if n_groups * column_size >= _KEY_LIMIT:
            # Renumber this column densely first so the combined key fits int64.
            uniq, inverse = np.unique(arr, return_inverse=True)
            column, column_size = inverse.astype(np.intp).reshape(-1), int(uniq.shape[0])
            labels = uniq.astype(np.intp)
        span = n_groups * column_size
        key = codes * column_size + column  # < n_groups * column_size < 2**62
        if span <= _DIRECT_LIMIT:
            present = np.bincount(key, minlength=span) > 0
            new_code = np.cumsum(present, dtype=np.intp) - 1
            kept = np.flatnonzero(present).astype(np.intp)
            codes = new_code[key]
        else:
            kept_keys, inverse = np.unique(key, return_inverse=True)
            kept = kept_keys.astype(np.intp)
            codes = inverse.astype(np.intp).reshape(-1)
        component = kept % column_size
        groups = [g[kept // column_size] for g in groups]
        groups.append(component if labels is None else labels[component])
        n_groups = int(kept.shape[0])
    return codes, tuple(groups)
