"""Adapters that run arclean inside data-processing frameworks.

Each adapter lives in its own module and imports its framework only there, so ``import arclean``
never needs them:

- :mod:`arclean.integrations.datatrove`: ``ArcleanCleaner``, a datatrove pipeline step
  (``pip install 'arclean[datatrove]'``).
- :mod:`arclean.integrations.hf`: ``batch_cleaner`` and ``clean_dataset``, for Hugging Face
  ``datasets.Dataset.map(batched=True, num_proc=N)`` (``pip install 'arclean[hf]'``).

Both share the CLI's ``on_error`` policy (``fail`` | ``skip`` | ``keep``) and the helpers below.

>>> json_type_name(None), json_type_name(3), json_type_name(["a"]), json_type_name({"a": 1})
('null', 'number', 'array', 'object')
>>> fingerprint().startswith(arclean.__version__ + "+")
True
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, get_args

import arclean
from arclean.batch import OnError

__all__ = ["ON_ERROR", "check_on_error", "data_digest", "fingerprint", "json_type_name"]

#: The values of every ``on_error`` argument, as in ``arclean clean --on-error``.
ON_ERROR: tuple[str, ...] = get_args(OnError)


def check_on_error(on_error: str) -> OnError:
    """``on_error`` itself, or a ``ValueError`` naming the allowed values."""
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(map(repr, ON_ERROR))}, not {on_error!r}")
    return on_error  # type: ignore[return-value]


def json_type_name(value: Any) -> str:
    """JSON's name for the type of ``value`` (null, boolean, number, string, array, object).

    Error messages speak the language of the data (a JSONL or Parquet column), not Python's.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def data_digest(directory: Traversable | None = None) -> str:
    """SHA-256 (hex, first 16 digits) over the names and bytes of every file in ``arclean/data``.

    The cue phrases and word lists are data: editing them changes what arclean removes without a
    version bump, so anything that caches arclean's output (``datasets``' fingerprint) keys on this.
    """
    folder = directory if directory is not None else resources.files("arclean.data")
    digest = hashlib.sha256()
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.is_file() and not entry.name.startswith("."):
            content = entry.read_bytes()
            digest.update(f"{entry.name}\0{len(content)}\0".encode())
            digest.update(content)
    return digest.hexdigest()[:16]


def fingerprint() -> str:
    """``"<arclean version>+<data digest>"``: what, besides the config, decides arclean's output."""
    return f"{arclean.__version__}+{data_digest()}"
