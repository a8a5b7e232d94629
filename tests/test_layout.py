"""The layout is the architecture: the arrows between the parts point one way.

Read from the source (every ``import``, at any depth, ``TYPE_CHECKING`` blocks included), so
a lazy import inside a function is caught as well as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "core"
SUBPACKAGES = ("batch", "review", "quality")
# The command line is the top of the tree: it reaches every part. ``testing`` is the public
# name of the generator (``pagenorm.testing``), kept where users import it.
TOP = {"cli.py", "testing.py"}
ENGINE_LINES = 3_200  # "about 3,000": the engine grew the hook contract, markup and interrupts


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def engine_modules() -> list[Path]:
    return sorted(path for path in CORE.glob("*.py") if path.name not in TOP)


def reaches(names: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in names)


@pytest.mark.parametrize("path", engine_modules(), ids=lambda path: path.name)
def test_the_engine_never_imports_its_subpackages_or_plugins(path: Path) -> None:
    names = imported(path)
    for package in (*(f"pagenorm.{sub}" for sub in SUBPACKAGES), "pagenorm.plugins"):
        assert not reaches(names, package), f"core/{path.name} imports {package}"


@pytest.mark.parametrize("sub", SUBPACKAGES)
def test_no_subpackage_imports_plugins_or_the_command_line(sub: str) -> None:
    for path in (CORE / sub).rglob("*.py"):
        names = imported(path)
        assert not reaches(names, "pagenorm.plugins"), f"{path} imports pagenorm.plugins"
        assert not reaches(names, "pagenorm.cli"), f"{path} imports pagenorm.cli"


def test_the_review_tools_use_the_batch_never_the_other_way() -> None:
    """The review tools read pages as the batch does (``batch.inputs``) and watch a batch for
    ``convert --review``; the batch knows nothing of them. Quality tools import neither."""
    for path in (CORE / "batch").rglob("*.py"):
        assert not reaches(imported(path), "pagenorm.review"), path
    for path in (CORE / "quality").rglob("*.py"):
        names = imported(path)
        assert not reaches(names, "pagenorm.batch"), path
        assert not reaches(names, "pagenorm.review"), path


def test_plugins_never_import_the_subpackages() -> None:
    for path in (ROOT / "plugins").rglob("*.py"):
        names = imported(path)
        for sub in SUBPACKAGES:
            assert not reaches(names, f"pagenorm.{sub}"), f"{path} imports pagenorm.{sub}"


def test_the_engine_is_small_and_every_module_says_its_job() -> None:
    lines = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in engine_modules())
    assert lines <= ENGINE_LINES, f"the engine is {lines} lines"
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "__main__.py":
            continue
        assert ast.get_docstring(tree), f"{path.relative_to(ROOT)} has no docstring"


def test_the_public_import_paths_keep_working() -> None:
    import pagenorm
    import pagenorm.model
    import pagenorm.testing
    from pagenorm.quality import generator

    for name in ("Normaliser", "normalise", "normalise_records", "hookimpl", "Document"):
        assert hasattr(pagenorm, name)
    assert pagenorm.testing is generator
    assert pagenorm.testing.SHAPES and pagenorm.testing.corpus and pagenorm.testing.GeneratedPage
    from pagenorm import testing

    assert testing is generator
