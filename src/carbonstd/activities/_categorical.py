"""Categorical columns: integer codes into a tuple of labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.errors import ActivityDataError

__all__ = ["Categorical"]


def frozen_array(value: object, dtype: npt.DTypeLike | None = None) -> npt.NDArray[Any]:
    """A read-only array of ``value``; shared, not copied, when it already is one.

    An array that is read-only and owns its memory (as every array of a table
    or :class:`Categorical` is) has no writable view through which it could
    change, so it is shared; anything else (a list, a writable array, a view)
    is copied.
    """
    if (
        isinstance(value, np.ndarray)
        and not value.flags.writeable
        and value.flags.owndata
        and (dtype is None or value.dtype == np.dtype(dtype))
    ):
        return value
    arr = np.array(value, dtype=dtype, copy=True)
    arr.setflags(write=False)
    return arr


def _readonly_codes(value: object) -> npt.NDArray[np.int32]:
    arr = frozen_array(value, np.int32)
    if arr.ndim != 1:
        raise ActivityDataError(
            "categorical codes must be one-dimensional", value=arr.shape, source="codes"
        )
    return arr


def _labels(value: Sequence[str]) -> tuple[str, ...]:
    labels = tuple(value)
    for label in labels:
        if not isinstance(label, str):
            raise ActivityDataError(
                "categorical labels must be strings", value=label, source="labels"
            )
    return labels


@attrs.frozen(eq=False)
class Categorical:
    """A categorical column: ``int32`` codes indexing a tuple of string labels.

    Every activity-table column that holds text (activity key, unit, region,
    facility, scope, free tags) is stored this way, so each distinct string is
    kept, parsed and compared once, and the rows hold only small integers.
    Part of the activity-data model of the GHG Protocol Corporate Standard,
    chapter 6 (activity data times emission factor).

    Parameters
    ----------
    codes
        One code per row, ``0 <= code < len(labels)`` (copied, made read-only).
    labels
        The distinct labels. They need not all be used, and may contain ``""``
        for an empty cell of an optional column.

    Raises
    ------
    ActivityDataError
        If a code is outside the label range or the labels repeat.

    Examples
    --------
    >>> from carbonstd.activities import Categorical
    >>> c = Categorical([1, 0, 1], ("kWh", "L"))
    >>> c.values()
    ('L', 'kWh', 'L')
    >>> c.used_labels()
    ('L', 'kWh')
    """

    codes: npt.NDArray[np.int32] = attrs.field(converter=_readonly_codes)
    labels: tuple[str, ...] = attrs.field(converter=_labels)

    def __attrs_post_init__(self) -> None:
        if self.codes.size and (
            int(self.codes.min()) < 0 or int(self.codes.max()) >= len(self.labels)
        ):
            bad = int(self.codes.min()) if int(self.codes.min()) < 0 else int(self.codes.max())
            raise ActivityDataError(
                "categorical code out of range",
                value=bad,
                source="codes",
                hint=f"codes must index the {len(self.labels)} labels",
            )
        if len(set(self.labels)) != len(self.labels):
            dup = next(label for label in self.labels if self.labels.count(label) > 1)
            raise ActivityDataError(
                "categorical labels repeat", value=dup, source="labels", hint="labels are distinct"
            )

    @classmethod
    def from_values(cls, values: Sequence[str] | npt.NDArray[np.str_]) -> Categorical:
        """Encode strings: labels in order of first appearance.

        Examples
        --------
        >>> from carbonstd.activities import Categorical
        >>> c = Categorical.from_values(["b", "a", "b"])
        >>> c.codes.tolist(), c.labels
        ([0, 1, 0], ('b', 'a'))
        """
        encoder = _Encoder()
        return cls(encoder.encode(values), tuple(encoder.labels))

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def values(self) -> tuple[str, ...]:
        """The label of every row (creates one Python string reference per row)."""
        labels = self.labels
        return tuple(labels[int(c)] for c in self.codes)

    def used_labels(self) -> tuple[str, ...]:
        """The labels that at least one row uses, sorted."""
        used = np.unique(self.codes)
        return tuple(sorted(self.labels[int(c)] for c in used))

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Categorical:
        """The rows selected by an index or boolean mask, with the same labels."""
        return Categorical(self.codes[index], self.labels)

    def __repr__(self) -> str:
        return f"Categorical(rows={len(self)}, labels={len(self.labels)})"


#: Rows turned into Python strings at a time while encoding text (bounds the memory used).
_BLOCK = 1 << 16


class _Index(dict[str, int]):
    """Label -> code; looking up a new label gives it the next code and appends it to ``labels``."""

    __slots__ = ("labels",)

    def __init__(self, labels: list[str]) -> None:
        super().__init__((label, i) for i, label in enumerate(labels))
        self.labels = labels

    def __missing__(self, key: str) -> int:
        code = len(self.labels)
        self[key] = code
        self.labels.append(key)
        return code


def _text_block(block: Sequence[Any] | npt.NDArray[Any], *, strip: bool) -> list[str]:
    """One block of a text column as Python strings (None -> ""), optionally stripped."""
    if isinstance(block, np.ndarray) and block.dtype.kind != "O":
        if block.dtype.kind == "S":
            block = block.astype(np.str_)
        if block.dtype.kind in "UT":
            items: list[str] = (np.strings.strip(block) if strip else block).tolist()
            return items
        return [str(v) for v in block.tolist()]
    values = block.tolist() if isinstance(block, np.ndarray) else block
    if strip:
        try:
            return list(map(str.strip, values))  # all str (e.g. CSV cells): one C-level pass
        except TypeError:
            return ["" if v is None else str(v).strip() for v in values]
    return ["" if v is None else str(v) for v in values]


class _Encoder:
    """Mutable label dictionary used while building tables (private)."""

    def __init__(self, labels: Sequence[str] = ()) -> None:
        self.labels: list[str] = list(labels)
        self.index: _Index = _Index(self.labels)

    def code(self, label: str) -> int:
        return self.index[label]

    def encode(
        self, values: Sequence[Any] | npt.NDArray[Any], *, strip: bool = False
    ) -> npt.NDArray[np.int32]:
        """Codes of text values; new labels get codes in order of first appearance.

        One dictionary look-up per row, in blocks of :data:`_BLOCK` rows (a
        hash look-up per row is several times faster than sorting the strings).
        """
        n = len(values)
        out = np.empty(n, dtype=np.int32)
        lookup = self.index.__getitem__
        for start in range(0, n, _BLOCK):
            items = _text_block(values[start : start + _BLOCK], strip=strip)
            out[start : start + len(items)] = np.fromiter(
                map(lookup, items), dtype=np.int32, count=len(items)
            )
        return out

    def remap(self, labels: Sequence[str]) -> npt.NDArray[np.int32]:
        """Codes of ``labels`` in this dictionary (adding new ones)."""
        return np.array([self.code(label) for label in labels], dtype=np.int32)

    def encode_categorical(self, column: Categorical) -> npt.NDArray[np.int32]:
        """Codes of a categorical column in this dictionary; only labels rows use are added.

        When the column's used labels get the codes they already have (a fresh
        dictionary and a column whose labels are all used), its codes array is
        returned as it is, without a pass over the rows.
        """
        n_labels = len(column.labels)
        if len(column) == 0 or n_labels == 0:
            return np.zeros(0, dtype=np.int32)
        used = np.flatnonzero(np.bincount(column.codes, minlength=n_labels))
        mapping = np.zeros(n_labels, dtype=np.int32)
        mapping[used] = self.remap([column.labels[i] for i in used.tolist()])
        if used.size == n_labels and bool((mapping == np.arange(n_labels)).all()):
            return column.codes
        return mapping[column.codes]

    def keep_used(self, base: int, codes: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        """Drop the labels added since ``base`` that no code uses; return the codes renumbered.

        Labels before ``base`` (committed by earlier chunks) keep their codes,
        so a code means the same label in every chunk; later labels that only
        left-out rows used are forgotten.
        """
        size = len(self.labels)
        if size == base:
            return codes
        used = np.bincount(codes, minlength=size)[base:] > 0
        if bool(used.all()):
            return codes
        kept = [label for label, u in zip(self.labels[base:], used.tolist(), strict=True) if u]
        for label in self.labels[base:]:
            del self.index[label]
        del self.labels[base:]
        mapping = np.arange(size, dtype=np.int32)
        mapping[base:][used] = self.remap(kept)
        return mapping[codes]
