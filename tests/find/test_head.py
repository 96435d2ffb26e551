"""The headline block (arclean.find.head): rule cases in cases/head.toml."""

from __future__ import annotations

import pytest

from tests.find.conftest import load_cases, run_case


@pytest.mark.parametrize("case", load_cases("head"), ids=lambda case: case["name"])
def test_head_case(case: dict) -> None:
    assert run_case(case) == case["labels"], case["why"]
