"""The README's examples run."""

from __future__ import annotations

import doctest

from tests.conftest import ROOT


def test_readme_doctests_pass() -> None:
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
