import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "static"
VENDOR = STATIC / "vendor"


@pytest.mark.parametrize("css", sorted(VENDOR.glob("*/*.css")), ids=lambda p: p.name)
def test_every_css_url_resolves_to_a_vendored_file(css):
    refs = re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8"))
    assert refs
    for ref in refs:
        ref = ref.strip("'\"")
        if ref.startswith("data:"):
            continue
        assert not ref.startswith("/"), f"{ref} is absolute: it would miss STATIC_URL"
        assert (css.parent / ref).is_file(), ref


@pytest.mark.parametrize("package", ["govuk-frontend", "moj-frontend", "htmx"])
def test_vendor_folders_have_version_and_licence(package):
    folder = VENDOR / package
    assert re.fullmatch(r"\d+\.\d+\.\d+\n", (folder / "VERSION").read_text())
    assert (folder / "LICENSE").stat().st_size > 0


def test_vendored_files_carry_no_source_map_reference():
    for path in [*VENDOR.glob("*/*.js"), *VENDOR.glob("*/*.css")]:
        assert "sourceMappingURL" not in path.read_text(encoding="utf-8"), path


def test_init_module_imports_files_that_exist():
    init = STATIC / "earlyhelp" / "js" / "init.js"
    imports = re.findall(r"^import .* from '([^']+)'", init.read_text(), re.M)
    assert len(imports) == 2
    for ref in imports:
        assert (init.parent / ref).resolve().is_file(), ref
    assert "govuk-frontend-supported" in init.read_text()
