"""Rule ids: every rule a removal may carry is declared in data, and code that names one is checked.

A rule id is a cue id of ``cues.toml`` or a code rule of ``kinds.toml``. Code names rule ids
through :func:`rule_id` (at import, as module constants), so a typo or a renamed cue fails at
once with a message naming the id, instead of a rule that silently never fires.
"""

from __future__ import annotations

import functools

from arclean.find.cues import cues
from arclean.find.data import DataError
from arclean.find.kinds import kind_table


@functools.cache
def known_rules() -> frozenset[str]:
    """Every rule id a removal may carry: the cue ids and the code rules of kinds.toml."""
    return frozenset(cue.id for cue in cues()) | kind_table().code_rules()


#: every rule id code has named through :func:`rule_id` (a test checks each declared code rule is one)
NAMED_IN_CODE: set[str] = set()


def rule_id(rule: str) -> str:
    """``rule``, checked against the data: code that names a rule id goes through here.

    >>> rule_id("date.line")
    'date.line'
    """
    if rule not in known_rules():
        raise DataError(f"rule id {rule!r} is named in code but declared neither in cues.toml nor in kinds.toml")
    NAMED_IN_CODE.add(rule)
    return rule
