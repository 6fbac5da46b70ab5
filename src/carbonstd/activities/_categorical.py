"""Categorical columns: integer codes into a tuple of labels."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from carbonstd.errors import ActivityDataError

__all__ = ["Categorical"]


def _readonly_codes(value: object) -> npt.NDArray[np.int32]:
    arr = np.array(value, dtype=np.int32, copy=True)
    if arr.ndim != 1:
        raise ActivityDataError(
            "categorical codes must be one-dimensional", value=arr.shape, source="codes"
        )
    arr.setflags(write=False)
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


class _Encoder:
    """Mutable label dictionary used while building tables (private)."""

    def __init__(self, labels: Sequence[str] = ()) -> None:
        self.labels: list[str] = list(labels)
        self.index: dict[str, int] = {label: i for i, label in enumerate(self.labels)}

    def code(self, label: str) -> int:
        code = self.index.get(label)
        if code is None:
            code = len(self.labels)
            self.index[label] = code
            self.labels.append(label)
        return code

    def encode(self, values: Sequence[str] | npt.NDArray[np.str_]) -> npt.NDArray[np.int32]:
        arr = np.asarray(values, dtype=np.str_)
        if arr.size == 0:
            return np.zeros(0, dtype=np.int32)
        uniq, first, inverse = np.unique(arr, return_index=True, return_inverse=True)
        # Assign new codes in order of first appearance so labels do not depend on sorting.
        order = np.argsort(first, kind="stable")
        mapping = np.empty(len(uniq), dtype=np.int32)
        for pos in order:
            mapping[pos] = self.code(str(uniq[pos]))
        return mapping[inverse.reshape(-1)]

    def remap(self, labels: Sequence[str]) -> npt.NDArray[np.int32]:
        """Codes of ``labels`` in this dictionary (adding new ones)."""
        return np.array([self.code(label) for label in labels], dtype=np.int32)
