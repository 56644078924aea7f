"""Architecture: modules stay small enough to read (issue 15, deliverable 6): no module of
the app, the memory core, the importers or the model layer is over 450 lines."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "memory", "importers", "models")
LIMIT = 450


def module_lines() -> dict[str, int]:
    sizes = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            with path.open(encoding="utf-8") as f:
                sizes[str(path.relative_to(ROOT))] = sum(1 for _ in f)
    return sizes


def test_every_package_is_read() -> None:
    sizes = module_lines()
    for package in PACKAGES:
        assert any(name.startswith(package + "/") for name in sizes), package
    assert len(sizes) > 100


def test_no_module_is_over_the_limit() -> None:
    over = {name: n for name, n in module_lines().items() if n > LIMIT}
    assert not over, f"modules over {LIMIT} lines (split them where the split shows the design): {over}"
