"""The figures quoted in README.md and docs/ are what the code gives (benchmarks/figures.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, shared_file


@pytest.fixture(scope="module")
def figures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_figures", ROOT / "benchmarks" / "figures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_figures_match_the_code(figures: ModuleType) -> None:
    shared_file("eval", "dev.jsonl")
    assert figures.stale_blocks() == [], "figures are stale: run python benchmarks/figures.py"


def test_every_figures_block_is_in_the_docs(figures: ModuleType) -> None:
    found = {match["name"] for path in figures.DOCUMENTS for match in figures.BLOCK.finditer(path.read_text(encoding="utf-8"))}
    assert found == set(figures.RENDERERS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- figures:dev-summary -->" in readme  # the headline F1 is generated, not typed


def test_a_stale_block_is_named_and_rewritten(figures: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "ROOT", tmp_path)
    monkeypatch.setattr(figures, "RENDERERS", {"answer": lambda: "F1 0.968\n"})
    page = tmp_path / "page.md"
    page.write_text("Intro typed by hand.\n<!-- figures:answer -->\nF1 0.974\n<!-- /figures -->\nOutro.\n", encoding="utf-8")
    assert figures.stale_blocks([page]) == ["page.md: answer"]
    fresh = figures.render(page.read_text(encoding="utf-8"))
    assert fresh == "Intro typed by hand.\n<!-- figures:answer -->\nF1 0.968\n<!-- /figures -->\nOutro.\n"
    page.write_text(fresh, encoding="utf-8")
    assert figures.stale_blocks([page]) == []
    with pytest.raises(KeyError, match=r"page\.md: unknown figures block 'typo'"):
        figures.render("<!-- figures:typo -->\nx\n<!-- /figures -->\n", "page.md")
