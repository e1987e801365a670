"""No circular imports among the simulator's modules (every import that runs, even inside a function)."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest


def import_cycles(package: str) -> list[list[str]]:
    """Each import cycle once, as a chain that starts and ends at its first module (sorted).

    Imports inside functions count (they run); imports under ``if TYPE_CHECKING:`` never run, so they
    don't (two classes naming each other in annotations is not a cycle).
    """
    graph = grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)
    seen: set[frozenset[str]] = set()
    cycles: list[list[str]] = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is None:
                continue
            members = frozenset(back)
            if members not in seen:
                seen.add(members)
                cycles.append([module, *back])
    return sorted(cycles)


def test_the_simulator_has_no_import_cycles() -> None:
    cycles = import_cycles("simulator")
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_cycle_is_found_even_through_a_function_level_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        {
            "cyclepkg/__init__.py": "",
            "cyclepkg/a.py": "from cyclepkg import b\n",
            "cyclepkg/b.py": "def later() -> None:\n    from cyclepkg.sub import c\n",
            "cyclepkg/sub/__init__.py": "",
            "cyclepkg/sub/c.py": "import cyclepkg.a\n",
            # a type-only reference back is not a cycle: it never runs
            "cyclepkg/d.py": "import typing\nif typing.TYPE_CHECKING:\n    from cyclepkg import e\n",
            "cyclepkg/e.py": "from cyclepkg import d\n",
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("cyclepkg") == [["cyclepkg.a", "cyclepkg.b", "cyclepkg.sub.c", "cyclepkg.a"]]
    _write(tmp_path, {"cyclepkg/sub/c.py": "import cyclepkg.d\n"})  # break it
    assert import_cycles("cyclepkg") == []
