"""Pinned CPU kernel selection, so the tiny test model and its outputs match on every x86-64.

PyTorch picks its vectorised kernels (ATen's CPU capability) and MKL picks its code path by
the CPU it runs on. Measured on one AMD EPYC (AVX-512): the same deterministic build gave
different weights natively, with ``ATEN_CPU_CAPABILITY=avx2`` and with ``MKL_CBWR=AVX2``,
so recorded outputs made on one kind of CPU failed on another. These settings select the
same kernels on any x86-64 CPU with AVX2, Intel or AMD, with or without AVX-512:

* ``ATEN_CPU_CAPABILITY=avx2``: ATen's AVX2 kernels, not AVX-512 ones where the CPU has them.
* ``MKL_CBWR=AVX2,STRICT``: MKL's conditional numerical reproducibility on its AVX2 branch;
  ``STRICT`` asks for bit-identical results across processors that support that branch.
* ``ONEDNN_MAX_CPU_ISA=AVX2``: the same ceiling for oneDNN (used by some bf16 and fp16 ops).

Both libraries read these variables once, when torch is loaded: set them in the environment
of a new process (`pinned_environment`) or call `pin_cpu_numerics` before the first
``import torch``. They change nothing for a reader running the examples on a GPU.

This module imports neither torch nor transformers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping

__all__ = [
    "PINNED_CPU_NUMERICS",
    "CpuNumericsError",
    "check_pinned_capability",
    "pin_cpu_numerics",
    "pinned_environment",
]

PINNED_CPU_NUMERICS: Mapping[str, str] = {
    "ATEN_CPU_CAPABILITY": "avx2",
    "MKL_CBWR": "AVX2,STRICT",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
}
"""Environment variables that fix the CPU kernels of torch, MKL and oneDNN."""

EXPECTED_CAPABILITY = "AVX2"
"""What ``torch.backends.cpu.get_cpu_capability()`` reports under the pins."""


class CpuNumericsError(RuntimeError):
    """The pinned kernel selection is not in force (or this CPU cannot provide it)."""


def _unpinned(environ: Mapping[str, str]) -> dict[str, str | None]:
    """The pinned variables ``environ`` lacks or sets otherwise, with their values."""
    return {
        name: environ.get(name)
        for name, value in PINNED_CPU_NUMERICS.items()
        if environ.get(name) != value
    }


def pinned_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of ``base`` (default: ``os.environ``) with the pins set, for a subprocess."""
    environment = dict(os.environ if base is None else base)
    environment.update(PINNED_CPU_NUMERICS)
    return environment


def pin_cpu_numerics(environ: MutableMapping[str, str] | None = None) -> None:
    """Set the pins in this process's environment, before torch is loaded.

    Raises:
        CpuNumericsError: If torch is already imported with other settings: the
            variables would then have no effect, and outputs would silently differ.
    """
    target = os.environ if environ is None else environ
    if "torch" in sys.modules:
        differing = _unpinned(target)
        if differing:
            raise CpuNumericsError(
                "torch was imported before the CPU kernels were pinned "
                f"({', '.join(f'{k}={v!r}' for k, v in differing.items())}); "
                "set "
                + " ".join(f"{k}={v}" for k, v in PINNED_CPU_NUMERICS.items())
                + " in the environment before Python starts"
            )
    target.update(PINNED_CPU_NUMERICS)


def check_pinned_capability() -> str:
    """Return torch's CPU capability; raise unless the pins are in force.

    Raises:
        CpuNumericsError: If the environment lacks the pins, or the CPU has no AVX2 (torch
            then falls back to its scalar kernels and every output differs).
    """
    import torch

    capability = torch.backends.cpu.get_cpu_capability()
    missing = _unpinned(os.environ)
    if missing:
        raise CpuNumericsError(
            f"CPU kernels not pinned: {missing} (want {dict(PINNED_CPU_NUMERICS)})"
        )
    if capability != EXPECTED_CAPABILITY:
        raise CpuNumericsError(
            f"torch runs its {capability} kernels, not {EXPECTED_CAPABILITY}: this CPU "
            "has no AVX2, so the tiny model and the recorded outputs cannot be reproduced"
        )
    return capability
