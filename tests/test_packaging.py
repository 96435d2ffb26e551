"""What a user installs: the wheel's contents and metadata, type information, formatting.

The wheel is built as pip builds it (isolated, with the build backend pyproject.toml asks for),
so a licence string or package-data entry the backend rejects or drops fails here.
"""

from __future__ import annotations

import email
import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    target = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(target), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True)
    [path] = target.glob("arclean-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_ships_type_information_data_and_licence(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "arclean/py.typed" in names  # PEP 561: type checkers use arclean's annotations
    assert {f"arclean/data/{path.name}" for path in (ROOT / "arclean" / "data").iterdir()} <= names
    [licence] = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
    assert wheel.read(licence) == (ROOT / "LICENSE").read_bytes()
    [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
    metadata = email.message_from_bytes(wheel.read(metadata_name))
    assert metadata["License-Expression"] == "Apache-2.0"  # SPDX, as PEP 639 asks
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_licence_file_is_the_apache_2_text() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is in the test extra: pip install -e '.[test]'")
def test_mypy_is_clean_with_the_pydantic_plugin() -> None:
    from mypy import api

    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "arclean")])
    assert status == 0, out + err


def test_ruff_format_is_clean() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is in the test extra: pip install -e '.[test]'")
    result = subprocess.run([str(ruff), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
