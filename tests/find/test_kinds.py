"""kinds.toml: the kinds, their block roles, and the rule ids code may name."""

from __future__ import annotations

import pytest

import arclean
from arclean.find.data import DataError
from arclean.find.kinds import ROLES, kind_table, kinds_with, parse_kinds
from arclean.find.rules import NAMED_IN_CODE, known_rules, rule_id


def test_every_code_rule_declared_is_named_in_code_and_the_reverse() -> None:
    import arclean.find.registry  # noqa: F401  (imports every cleaner module)

    declared = kind_table().code_rules()
    assert declared <= NAMED_IN_CODE, f"declared in kinds.toml, used by no code: {sorted(declared - NAMED_IN_CODE)}"


def test_a_rule_id_the_data_does_not_declare_fails_loudly() -> None:
    with pytest.raises(DataError, match=r"'byline\.nonsense' is named in code but declared neither"):
        rule_id("byline.nonsense")


def test_the_block_roles_are_the_kinds_the_rules_used_to_list() -> None:
    assert kinds_with("footer") == {"tags", "source", "byline", "copyright", "disclaimer", "social", "related", "comments"}
    assert kinds_with("embedded") == {"date", "source", "other", "caption", "byline"}
    assert kinds_with("in_list") == {"date", "other"}
    assert kinds_with("list") == {"read_also", "related", "tags"}
    assert kinds_with("head_break") == {"byline", "date", "source"}
    with pytest.raises(ValueError, match="unknown role"):
        kinds_with("sideways")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "x"}, "needs 'name' and 'what'"),
        ({"name": "x", "what": "y", "roles": ["sideways"]}, "unknown role"),
        ({"name": "x", "what": "y", "cleaner": "magic"}, "cleaner 'magic'"),
        ({"name": "x", "what": "y", "colour": "1", "colr": "2"}, "unknown field"),
    ],
)
def test_bad_kind_entries_are_rejected(entry: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_kinds({"kind": [entry]}, origin="test.toml")


def test_every_role_is_played_by_some_kind() -> None:
    assert all(kinds_with(role) for role in ROLES)


def test_every_rule_a_removal_carries_is_declared() -> None:

    text = open(arclean.__file__.replace("__init__.py", "data/sample.txt"), encoding="utf-8").read()
    rules = {removal.rule for removal in arclean.clean(text).removed}
    assert rules and rules <= known_rules()
