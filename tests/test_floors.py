"""The evaluation gate: removal F1 and body-line loss per shared evaluation file, floors that only tighten."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from arclean.evaluate import evaluate
from tests.conftest import shared_file

FLOORS = tomllib.loads((Path(__file__).resolve().parent / "floors.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS["files"]))
def test_scores_hold_their_floors(name: str) -> None:
    floor = FLOORS["files"][name]
    summary = evaluate(shared_file("eval", name)).summary
    f1, loss = summary["removal_f1"], summary["body_line_loss"]
    assert f1 >= floor["removal_f1"] - 1e-9, f"{name}: removal F1 {f1:.4f} fell below its floor {floor['removal_f1']}"
    assert loss <= floor["body_line_loss"] + 1e-9, f"{name}: body-line loss {loss:.4f} rose above {floor['body_line_loss']}"
    assert f1 <= floor["removal_f1"] + FLOORS["slack_f1"], f"{name}: removal F1 is {f1:.4f}: raise its floor in tests/floors.toml"
    assert loss >= floor["body_line_loss"] - FLOORS["slack_loss"], (
        f"{name}: body-line loss is {loss:.4f}: lower its ceiling in tests/floors.toml"
    )
