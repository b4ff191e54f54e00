"""Argument checks shared by the helper modules, so every error reads the same way.

Each checker names the argument, returns the value as a plain Python type (numpy and
other `numbers` types are accepted), and raises:

* `ArgumentTypeError` (a `TypeError` that is also a `ValueError`) for a value of the
  wrong type: ``None``, ``"2"``, ``True`` where a number is expected, ``2.5`` where an
  integer is expected. Code that catches either class keeps working.
* `ValueError` for a value of the right type out of range: ``0``, ``-1``, ``inf``, ``nan``.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "MAX_BATCH_SIZE",
    "MAX_CONTEXT_TOKENS",
    "ArgumentTypeError",
    "boolean",
    "checked_cache",
    "finite_float",
    "hashable",
    "positive_float",
    "positive_int",
    "text",
]


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type; also a `ValueError`, which older callers catch."""


def _type_name(value: Any) -> str:
    return type(value).__name__


MAX_CONTEXT_TOKENS = 10**9
"""Most tokens per sequence the sizing helpers accept: a thousand times Qwen3's longest
context, and small enough that byte counts stay exact in floating point."""

MAX_BATCH_SIZE = 10**7
"""Most concurrent sequences the sizing helpers accept (same reason)."""


def positive_int(name: str, value: Any, *, maximum: int | None = None) -> int:
    """Return ``value`` as an int if it is an integer of at least 1 (and ``maximum``).

    Accepts any `numbers.Integral` (``int``, ``numpy.int64``, ...) but not ``bool``.
    Callers use the returned plain int: a ``numpy.int32`` kept as it is overflows in
    later arithmetic.

    Raises:
        ArgumentTypeError: If ``value`` is not an integer (``None``, ``"2"``, ``2.5``, ``True``).
        ValueError: If it is below 1 or above ``maximum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(
            f"{name} must be a positive integer, got {value!r} ({_type_name(value)})"
        )
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(
            f"{name} must be a positive integer of at most {maximum:,}, got {value!r}"
        )
    return int(value)


def finite_float(
    name: str,
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    include_minimum: bool = True,
    include_maximum: bool = True,
    requirement: str | None = None,
) -> float:
    """Return ``value`` as a float if it is a finite real number within the bounds.

    Accepts any `numbers.Real` (``int``, ``float``, ``numpy.float32``, ...) but not ``bool``.

    Args:
        name: The argument's name, for the message.
        value: The value to check.
        minimum: Lower bound, or None for none.
        maximum: Upper bound, or None for none.
        include_minimum: Whether ``minimum`` itself is allowed.
        include_maximum: Whether ``maximum`` itself is allowed.
        requirement: How the message states the rule, e.g. ``"between 0 and 1"``; by
            default it is derived from the bounds.

    Raises:
        ArgumentTypeError: If ``value`` is not a real number.
        ValueError: If it is ``nan``, infinite or out of bounds.
    """
    if requirement is None:
        requirement = _describe(minimum, maximum, include_minimum, include_maximum)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(
            f"{name} must be {requirement}, got {value!r} ({_type_name(value)})"
        )
    try:
        number = float(value)
    except OverflowError:  # an int such as 10**400
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(
            f"{name} must be {requirement}; got {value!r}, which is not finite"
        )
    too_low = minimum is not None and (
        number < minimum or (not include_minimum and number == minimum)
    )
    too_high = maximum is not None and (
        number > maximum or (not include_maximum and number == maximum)
    )
    if too_low or too_high:
        raise ValueError(f"{name} must be {requirement}, got {value!r}")
    return number


def _describe(
    minimum: float | None,
    maximum: float | None,
    include_minimum: bool,
    include_maximum: bool,
) -> str:
    if minimum is None and maximum is None:
        return "a real number"
    if maximum is None:
        if minimum == 0 and not include_minimum:
            return "a positive number"
        return f"a number {'>=' if include_minimum else '>'} {minimum:g}"
    if minimum is None:
        return f"a number {'<=' if include_maximum else '<'} {maximum:g}"
    left = "[" if include_minimum else "("
    right = "]" if include_maximum else ")"
    return f"a number in {left}{minimum:g}, {maximum:g}{right}"


def positive_float(name: str, value: Any, *, requirement: str | None = None) -> float:
    """Return ``value`` as a float if it is a finite number above 0 (see `finite_float`)."""
    return finite_float(
        name, value, minimum=0, include_minimum=False, requirement=requirement
    )


def boolean(name: str, value: Any) -> bool:
    """Return ``value`` if it is a bool (or ``numpy.bool_``); else raise `ArgumentTypeError`.

    Strings such as ``"no"`` and ``None`` are refused rather than read by truthiness.
    """
    if isinstance(value, bool):
        return value
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"):
        return bool(value)
    raise ArgumentTypeError(
        f"{name} must be True or False, got {value!r} ({_type_name(value)})"
    )


def text(name: str, value: Any) -> str:
    """Return ``value`` if it is a str; else raise `ArgumentTypeError`."""
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{name} must be a string, got {value!r} ({_type_name(value)})"
        )
    return value


def hashable(name: str, value: Any) -> Any:
    """Return ``value`` if it can be hashed (a cache key); else raise `ArgumentTypeError`."""
    try:
        hash(value)
    except TypeError:
        raise ArgumentTypeError(
            f"{name} must be a string or another hashable value, got {_type_name(value)}"
        ) from None
    return value


def checked_cache(function: F) -> F:
    """`functools.cache`, but an unhashable argument raises `ArgumentTypeError` naming it.

    Plain ``@cache`` fails with ``TypeError: unhashable type: 'list'`` before the function
    body (and its argument checks) ever runs.
    """
    cached = functools.cache(function)
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return cached(*args, **kwargs)
        except TypeError:
            bound = signature.bind_partial(*args, **kwargs)
            for name, value in bound.arguments.items():
                hashable(name, value)
            raise

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
