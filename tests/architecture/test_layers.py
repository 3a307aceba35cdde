"""The layers contract (pyproject.toml, [tool.importlinter]): portal | alerts → agreements | accounts → people →
records."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["portal", "alerts", "accounts", "agreements", "people", "records"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree):
    return subprocess.run(  # noqa: S603 - our own tool on our own files
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def tree(tmp_path):
    """A copy of the project's Python packages and its import-linter configuration."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_project_keeps_its_layers(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward_import"),
    [
        ("records/models.py", "from people.models import Person"),
        ("people/models.py", "import agreements.models"),
        ("agreements/views.py", "from portal import views"),
        ("agreements/views.py", "from alerts import targets"),
        ("alerts/views.py", "from portal import views"),
    ],
)
def test_an_upward_import_breaks_the_contract(tree, module, upward_import):
    with open(tree / module, "a") as source:
        source.write(f"\n{upward_import}  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    assert module.replace("/", ".").removesuffix(".py") in result.stdout
