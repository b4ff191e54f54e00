"""Argument checks shared by the helper modules, so every error reads the same way."""

from __future__ import annotations

from typing import Any


def positive_int(name: str, value: Any) -> int:
    """Return ``value`` if it is an int of at least 1 (not a bool); else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value
