"""The domain layer stays pure Python: no Django, and nothing from the rest of the project."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[1]
PROJECT_ROOT = DOMAIN.parents[1]
MODULES = sorted(
    ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in DOMAIN.rglob("*.py")
)
SOURCE_MODULES = [name for name in MODULES if ".tests" not in name]


def _imported_names(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield "." * node.level + (node.module or "")
            else:
                yield node.module or ""


def _forbidden(name):
    if name.startswith("."):
        return False
    return (
        name == "django"
        or name.startswith("django.")
        or (name.startswith("earlyhelp.") and not name.startswith("earlyhelp.domain"))
        or name == "earlyhelp"
    )


@pytest.mark.parametrize("path", sorted(DOMAIN.rglob("*.py")), ids=lambda p: str(p.relative_to(DOMAIN)))
def test_given_a_domain_module_then_it_imports_neither_django_nor_the_rest_of_the_project(path):
    bad = [name for name in _imported_names(path) if _forbidden(name)]
    assert bad == [], f"{path.relative_to(PROJECT_ROOT)} imports {bad}"


def test_given_the_domain_package_then_the_walk_finds_its_modules():
    assert {"earlyhelp.domain.timescales", "earlyhelp.domain.episode_lifecycle"} <= set(SOURCE_MODULES)


def test_given_every_domain_module_when_imported_alone_then_django_is_never_loaded():
    check = "import sys; assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django'"
    for name in SOURCE_MODULES:
        result = subprocess.run(  # noqa: S603 (fixed interpreter and arguments)
            [sys.executable, "-c", f"import {name}; {check}"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{name}: {result.stderr}"
