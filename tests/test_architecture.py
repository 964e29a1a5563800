"""The rules of docs/ARCHITECTURE.md that code can check: who imports whom, no import cycles, no
imports inside functions to dodge one, and short functions in the web app."""
from __future__ import annotations

import ast

import pytest

from helpers import ROOT

pytestmark = pytest.mark.unit

PACKAGES = ("styler", "webapp")


def _modules() -> dict[str, ast.Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The project's modules an import statement names (a package's submodules by their name)."""
    package = module.split(".")[0]
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.level:
        base = package if node.module is None else f"{package}.{node.module}"
        names = [f"{base}.{alias.name}" for alias in node.names] + [base]
    else:
        names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module or ""]
    known = set(MODULES)
    return {name for name in names if name in known and name != module}


MODULES = _modules()


def _graph(top_level_only: bool = True) -> dict[str, set[str]]:
    graph = {}
    for module, tree in MODULES.items():
        statements = tree.body if top_level_only else list(ast.walk(tree))
        graph[module] = set().union(*[_imported(module, node) for node in statements
                                      if isinstance(node, (ast.Import, ast.ImportFrom))])
    return graph


def test_there_are_no_import_cycles():
    graph = _graph()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start] - {p for p in PACKAGES}:  # a package's __init__ re-exports: not a cycle
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = [module for module in graph if module not in PACKAGES and reaches(module, module, {module})]
    assert not cycles, f"modules in an import cycle: {cycles}"


def test_no_project_imports_inside_functions():
    for module, tree in MODULES.items():
        for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            inner = [n for n in ast.walk(function) if isinstance(n, (ast.Import, ast.ImportFrom))]
            names = set().union(*[_imported(module, n) for n in inner]) if inner else set()
            assert not names, f"{module}.{function.name} imports {sorted(names)} inside the function"


@pytest.mark.parametrize("forbidden", ["gradio", "webapp"])
def test_the_engine_knows_nothing_of_the_page(forbidden):
    for module, tree in MODULES.items():
        if not module.startswith("styler"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith(forbidden) for a in node.names), module
            elif isinstance(node, ast.ImportFrom) and not node.level:
                assert not (node.module or "").startswith(forbidden), module


def test_web_app_functions_read_at_a_glance():
    for module, tree in MODULES.items():
        if not module.startswith("webapp"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                assert length <= 60, f"{module}.{node.name} is {length} lines long"


# Calls that read the environment or measure the machine: never at import (docs/ARCHITECTURE.md).
READS_AT_IMPORT = ("os.getenv", "os.environ.get", "tempfile.gettempdir", "free_bytes", "mem_get_info",
                   "cpu_precision_probe", "resolve_device", "from_environment")


def _run_at_import(nodes):
    """The nodes a module runs as it is imported: its statements, class bodies, decorators and
    default values; not the bodies of its functions."""
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    yield from ast.walk(part)
        elif isinstance(node, ast.ClassDef):
            for part in node.decorator_list:
                yield from ast.walk(part)
            yield from _run_at_import(node.body)
        else:
            yield from (n for n in ast.walk(node) if not isinstance(n, ast.Lambda))


def test_nothing_reads_the_environment_or_measures_the_machine_at_import():
    for module, tree in MODULES.items():
        for node in _run_at_import(tree.body):
            if isinstance(node, ast.Call):
                called = ast.unparse(node.func)
                assert not called.endswith(READS_AT_IMPORT), f"{module} calls {called} at import (line {node.lineno})"
            if isinstance(node, ast.Subscript):
                assert ast.unparse(node.value) != "os.environ", f"{module} reads os.environ at import ({node.lineno})"
