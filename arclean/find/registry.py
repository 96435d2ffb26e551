"""Which cleaner an id names: the built-in ones (one per kind of ``kinds.toml``) and custom ones.

The registry maps ids to factories, so a config (a list of ids) rebuilds the same pipeline in
another process. Registrations can be scoped (``with CLEANERS.scope(): ...``): what is
registered inside is gone on exit, so tests and plug-ins do not leak ids into each other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from arclean.find.blocks import ReadAlsoCleaner, RelatedCleaner, TagsCleaner
from arclean.find.byline import BylineCleaner
from arclean.find.cleaner import Cleaner, CueCleaner
from arclean.find.dates import DateCleaner
from arclean.find.head import TitleCleaner
from arclean.find.kinds import Kind, kind_table

Factory = Callable[[], Cleaner]

#: the cleaner class behind each ``cleaner =`` value of kinds.toml
CLEANER_CLASSES: dict[str, type[Cleaner]] = {
    "cue": CueCleaner,
    "read_also": ReadAlsoCleaner,
    "related": RelatedCleaner,
    "tags": TagsCleaner,
    "byline": BylineCleaner,
    "date": DateCleaner,
    "head": TitleCleaner,
}


def _builtin_factory(kind: Kind) -> Factory:
    cls = CLEANER_CLASSES[kind.cleaner]
    if issubclass(cls, CueCleaner):
        return functools.partial(cls, kind.name)
    return cls


BUILTIN_CLEANERS: dict[str, Factory] = {kind.name: _builtin_factory(kind) for kind in kind_table().kinds}
"""Factories of the built-in cleaners by id, in default priority order (first claim wins)."""


class Registry(Mapping[str, Factory]):
    """id -> cleaner factory, in registration order; built-ins first, in priority order."""

    def __init__(self, builtins: Mapping[str, Factory]) -> None:
        self._layers: list[dict[str, Factory]] = [dict(builtins)]

    def register(self, cleaner_id: str, factory: Factory) -> None:
        """Make a custom cleaner nameable in configs (in the innermost scope)."""
        if not cleaner_id or not isinstance(cleaner_id, str):
            raise ValueError(f"a cleaner id is a non-empty string, got {cleaner_id!r}")
        if cleaner_id in self:
            raise ValueError(f"a cleaner with id {cleaner_id!r} is already registered")
        self._layers[-1][cleaner_id] = factory

    @contextmanager
    def scope(self) -> Iterator[Registry]:
        """Registrations made inside the ``with`` block are undone when it ends."""
        self._layers.append({})
        try:
            yield self
        finally:
            self._layers.pop()

    def check(self, cleaner_id: str) -> None:
        """An unknown id is a ValueError listing the known ones."""
        if cleaner_id not in self:
            raise ValueError(f"unknown cleaner id {cleaner_id!r}; known ids: {', '.join(sorted(self))}")

    def build(self, cleaner_id: str) -> Cleaner:
        """A new cleaner for ``cleaner_id`` (an unknown id is a ValueError, see ``check``)."""
        self.check(cleaner_id)
        return self[cleaner_id]()

    def __getitem__(self, cleaner_id: str) -> Factory:
        for layer in reversed(self._layers):
            if cleaner_id in layer:
                return layer[cleaner_id]
        raise KeyError(cleaner_id)

    def __iter__(self) -> Iterator[str]:
        for layer in self._layers:
            yield from layer

    def __len__(self) -> int:
        return sum(map(len, self._layers))


#: Every cleaner a config may name. ``register_cleaner`` adds to it.
CLEANERS = Registry(BUILTIN_CLEANERS)
DEFAULT_CLEANER_IDS: tuple[str, ...] = tuple(BUILTIN_CLEANERS)


def register_cleaner(cleaner_id: str, factory: Factory) -> None:
    """Make a custom cleaner nameable in configs (``Pipeline.from_config``).

    Inside ``with CLEANERS.scope():`` the registration lasts until the block ends.
    """
    CLEANERS.register(cleaner_id, factory)
