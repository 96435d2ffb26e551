"""The examples of the README and of docs/design.md run."""

from __future__ import annotations

import doctest

from tests.conftest import ROOT


def test_readme_doctests_pass() -> None:
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_design_doctests_pass() -> None:
    failures, tried = doctest.testfile(str(ROOT / "docs" / "design.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
