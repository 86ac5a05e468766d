"""The benchmark's vault generator (benchmarks/generate_vault.py), imported for tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "generate_vault.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_vault", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_vault"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def generated_vault(folder: Path, contacts: int, notes: int, seed: int) -> Path:
    generator().generate(folder, contacts, notes, seed)
    return folder
