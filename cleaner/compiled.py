"""The optional compiled helper `cleaner._speedups`, or None when the build had no C
compiler (see hatch_build.py); every function in it has a Python twin that runs then.

Also its ASCII lowering, shared by the case mappings that take it (`apply.casefold`,
`despin._lower_view`): a page whose only characters the mapping changes are ASCII
capitals, the usual case, is mapped in one compiled pass.
"""

from __future__ import annotations

import functools

try:
    from cleaner import _speedups as speedups
except ImportError:  # installed without a C compiler
    speedups = None


@functools.cache
def _changed_by(mapping: str) -> bytes:
    """A byte per BMP character: whether ``str.<mapping>`` changes it, outside ASCII."""
    method = getattr(str, mapping)
    return bytes(c >= 128 and method(chr(c)) != chr(c) for c in range(0x10000))


def ascii_mapped(text: str, mapping: str) -> str | None:
    """``getattr(text, mapping)()`` (``"lower"``, ``"casefold"``) when that only lowers
    ASCII capitals, computed by the compiled helper; None when it would change another
    character (or an astral one is there), or without the helper."""
    if speedups is None:
        return None
    return speedups.ascii_lower(text, _changed_by(mapping))
