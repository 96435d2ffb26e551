"""Reading the language data files of ``arclean/data`` (TOML), with errors that name the file."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any


class DataError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


def read_toml(name: str) -> dict[str, Any]:
    """The parsed data file ``arclean/data/NAME``."""
    source = resources.files("arclean.data").joinpath(name)
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"arclean/data/{name}: {exc}") from None
