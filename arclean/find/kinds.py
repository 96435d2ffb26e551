"""The kinds of boilerplate and their block roles, from ``arclean/data/kinds.toml``.

Code never lists kinds: a block rule asks for a role (``kinds_with("footer")``). The rule ids
code may mark lines with are declared here too (``rules``), and checked by ``arclean.find.rules``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from arclean.find.data import DataError, read_toml

#: Roles a kind may play for the block rules (the header of kinds.toml says what each means).
ROLES: tuple[str, ...] = ("embedded", "footer", "in_list", "list", "head_break", "story_end")
#: How a kind is found: by its cues alone, or by a cleaner with rules of its own.
CLEANER_TYPES: tuple[str, ...] = ("cue", "read_also", "related", "tags", "byline", "date", "head")


@dataclass(frozen=True, slots=True)
class Kind:
    """One ``[[kind]]`` of kinds.toml."""

    name: str
    what: str
    cleaner: str
    colour: str
    roles: frozenset[str]
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KindTable:
    kinds: tuple[Kind, ...]  #: in default priority order
    revise_rules: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in self.kinds)

    def code_rules(self) -> frozenset[str]:
        """Every rule id that code (not a cue) may mark lines with."""
        return frozenset(rule for kind in self.kinds for rule in kind.rules) | frozenset(self.revise_rules)


def parse_kinds(data: dict, origin: str = "kinds.toml") -> KindTable:
    """Validate the ``[[kind]]`` entries of a parsed kinds file."""
    kinds: list[Kind] = []
    for position, entry in enumerate(data.get("kind", []), start=1):
        where = f"{origin}: kind #{position} ({entry.get('name', '?')})"
        unknown_fields = entry.keys() - {"name", "what", "cleaner", "colour", "roles", "rules"}
        if unknown_fields:
            raise DataError(f"{where}: unknown field(s) {', '.join(sorted(unknown_fields))}")
        if "name" not in entry or "what" not in entry:
            raise DataError(f"{where}: needs 'name' and 'what'")
        if entry["name"] in {kind.name for kind in kinds}:
            raise DataError(f"{where}: duplicate kind")
        cleaner = entry.get("cleaner", "cue")
        if cleaner not in CLEANER_TYPES:
            raise DataError(f"{where}: cleaner {cleaner!r} is not one of {', '.join(CLEANER_TYPES)}")
        roles = frozenset(entry.get("roles", ()))
        if roles - set(ROLES):
            raise DataError(f"{where}: unknown role(s) {', '.join(sorted(roles - set(ROLES)))}; known: {', '.join(ROLES)}")
        kinds.append(
            Kind(entry["name"], entry["what"], cleaner, str(entry.get("colour", "2")), roles, tuple(entry.get("rules", ())))
        )
    if not kinds:
        raise DataError(f"{origin}: no [[kind]] entries")
    return KindTable(tuple(kinds), tuple(data.get("revise", {}).get("rules", ())))


@functools.cache
def kind_table() -> KindTable:
    """The kinds of ``arclean/data/kinds.toml``, in default priority order."""
    return parse_kinds(read_toml("kinds.toml"))


def kind_names() -> tuple[str, ...]:
    """Every kind, in default priority order."""
    return kind_table().names


def kinds_with(role: str) -> frozenset[str]:
    """The kinds that play ``role`` for the block rules."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
    return frozenset(kind.name for kind in kind_table().kinds if role in kind.roles)
