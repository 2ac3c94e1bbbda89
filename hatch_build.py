"""Build hook: compile the optional C helper `cleaner._speedups`.

The helper holds compiled twins of per-page steps (the line counts, scores, vocabulary
counts and region search of `cleaner.lines`, the rule prefilter's scan, case fold and
lowercase bound of `cleaner.apply`, the screen and whitespace check of `cleaner.repair`,
the fragment and spacing counts and the table-grid search of `cleaner.layout`);
the package has NumPy and Python versions that give the same results (`cleaner.compiled`).
So a machine without a C compiler still installs and runs cleaner, slower (the median page
takes about 1.8 times as long): the build warns (`pip install -v` shows it) and the wheel
stays pure Python. Set
CLEANER_PURE_PYTHON=1 to skip the helper.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "cleaner._speedups"
SOURCE = "cleaner/_speedups.c"


class SpeedupsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or os.environ.get("CLEANER_PURE_PYTHON"):
            return
        with tempfile.TemporaryDirectory() as scratch:
            try:
                built = _compile(Path(self.root), Path(scratch))
            except Exception as error:  # no compiler, no Python headers: the Python twins do the job
                self.app.display_warning(f"cleaner: C helper not built ({error}); using the Python versions")
                return
            target = Path(self.root) / "cleaner" / built.name
            if version == "editable":  # the package is imported from the source tree
                shutil.copyfile(built, target)
            else:
                kept = Path(self.directory) / ".speedups" / built.name
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(built, kept)
                build_data["force_include"][str(kept)] = f"cleaner/{built.name}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True


def _compile(root: Path, scratch: Path) -> Path:
    from setuptools import Distribution, Extension

    extension = Extension(MODULE, [str(root / SOURCE)])
    command = Distribution({"name": "cleaner", "ext_modules": [extension]}).get_command_obj("build_ext")
    command.build_lib = str(scratch / "lib")
    command.build_temp = str(scratch / "temp")
    command.ensure_finalized()
    command.run()
    return Path(command.get_ext_fullpath(MODULE))
