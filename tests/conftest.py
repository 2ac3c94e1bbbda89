"""Shared fixtures: where the project and the optional ../shared material are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLEANER_SHARED", PROJECT.parent / "shared"))


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "samples").is_dir():
        pytest.skip("../shared is not present")
    return SHARED
