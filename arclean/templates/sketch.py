"""Bounded-memory counting for template learning: a count-min sketch and a bottom-k page sample.

Both merge *exactly*: the sketch of two streams is the element-wise sum of their sketches, and
the bottom-k sample (the ``k`` distinct pages with the smallest hash) of two streams is the
bottom-k of the union of their samples. So learning on shards, on worker processes or on the
whole crawl at once gives the same state, whatever the split and the order.

>>> a, b, whole = CountMinSketch(256, 4), CountMinSketch(256, 4), CountMinSketch(256, 4)
>>> for key in ("x", "y", "x"): a.add(key); whole.add(key)
>>> for key in ("x", "z"): b.add(key); whole.add(key)
>>> a.merge(b); a == whole, a.estimate("x") >= 3
(True, True)
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Iterable
from functools import lru_cache
from hashlib import blake2b

#: Depth is fixed by the hash: one 64-bit digest gives four 16-bit row indices.
DEPTH = 4
MAX_WIDTH = 1 << 16


@lru_cache(maxsize=1 << 16)
def _key_hash(key: str) -> int:
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def page_hash(text: str) -> int:
    """A stable 64-bit hash of a page (the same in every process and Python run)."""
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class CountMinSketch:
    """Counts of arbitrary keys in ``width * depth`` counters; estimates never undercount.

    An estimate exceeds the true count by at most ``2 * total / width`` with probability at
    least ``1 - 2 ** -depth`` (Cormode and Muthukrishnan). Keys are hashed with BLAKE2b, so a
    sketch means the same in every process: sketches of shards can be added.
    """

    __slots__ = ("depth", "mask", "table", "width")

    def __init__(self, width: int, depth: int = DEPTH, table: array | None = None) -> None:
        if width < 2 or width > MAX_WIDTH or width & (width - 1):
            raise ValueError(f"sketch width must be a power of two from 2 to {MAX_WIDTH}, got {width}")
        if not 1 <= depth <= DEPTH:
            raise ValueError(f"sketch depth must be 1 to {DEPTH}, got {depth}")
        self.width, self.depth, self.mask = width, depth, width - 1
        self.table = table if table is not None else array("I", bytes(4 * width * depth))
        if len(self.table) != width * depth:
            raise ValueError(f"sketch table has {len(self.table)} counters, expected {width * depth}")

    def _cells(self, key: str) -> list[int]:
        digest, width, mask = _key_hash(key), self.width, self.mask
        return [row * width + ((digest >> (16 * row)) & mask) for row in range(self.depth)]

    def add(self, key: str, count: int = 1) -> None:
        table = self.table
        for cell in self._cells(key):
            table[cell] += count

    def add_all(self, keys: Iterable[str], count: int = 1) -> None:
        for key in keys:
            self.add(key, count)

    def estimate(self, key: str) -> int:
        table = self.table
        return min(table[cell] for cell in self._cells(key))

    def merge(self, other: CountMinSketch) -> None:
        """Add ``other``'s counts into this sketch (same shape required)."""
        if (other.width, other.depth) != (self.width, self.depth):
            raise ValueError(f"cannot merge a {other.width}x{other.depth} sketch into a {self.width}x{self.depth} one")
        table = self.table
        for index, value in enumerate(other.table):
            if value:
                table[index] += value

    @property
    def nbytes(self) -> int:
        return self.table.itemsize * len(self.table)

    def to_text(self) -> str:
        """The counters as base64 of little-endian 32-bit integers (for state files)."""
        table = self.table if sys.byteorder == "little" else _swapped(self.table)
        return base64.b64encode(table.tobytes()).decode("ascii")

    @classmethod
    def from_text(cls, text: str, width: int, depth: int) -> CountMinSketch:
        table = array("I")
        table.frombytes(base64.b64decode(text))
        return cls(width, depth, table if sys.byteorder == "little" else _swapped(table))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CountMinSketch) and (self.width, self.depth, self.table) == (
            other.width,
            other.depth,
            other.table,
        )

    __hash__ = None  # type: ignore[assignment]


def _swapped(table: array) -> array:
    copy = array(table.typecode, table)
    copy.byteswap()
    return copy
