"""Dependencies point one way. The packages below the app (rooms, events, the store, the rules,
accounts, exports) know nothing of the running app's state, its routes or its edge; the wire
contract (`schemas/`) knows nothing of the server; and a route module is never another's
helper. Read from the source, so a cycle cannot come back unnoticed."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from server.api.routes import ROUTES

REPO = Path(__file__).resolve().parents[1]
LOWER = ("actions", "collab", "events", "db", "domain", "auth", "export")
LOWER_MODULES = ("batching", "config", "moments", "sealing")
ABOVE = ("server.chorus", "server.app", "server.api", "server.edge")


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool = False) -> Iterator[tuple[int, str]]:
    """(line, module) for each import in the file; with `top_level_only`, those that run when
    the module is imported (not inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    nodes = tree.body if top_level_only else ast.walk(tree)
    package = _module_name(path).rpartition(".")[0]
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            yield node.lineno, base
            # `from server import chorus` names the module in the alias.
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _is_under(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_nothing_below_the_app_imports_the_running_app_routes_or_edge() -> None:
    files = [f for p in LOWER for f in sorted((REPO / "server" / p).rglob("*.py"))]
    files += [REPO / "server" / f"{m}.py" for m in LOWER_MODULES]
    assert len(files) > 40, "the walk found too few modules to mean anything"
    upward = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for path in files
        if "migrations" not in path.parts
        for line, module in _imports(path)
        if _is_under(module, ABOVE)
    ]
    assert upward == []


def test_the_wire_contract_does_not_load_the_server() -> None:
    # `python -m schemas.openapi` asks the server for its route table inside its `main`;
    # importing any module of schemas/ loads nothing of the server.
    upward = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for path in sorted((REPO / "schemas").rglob("*.py"))
        for line, module in _imports(path, top_level_only=True)
        if _is_under(module, ("server",))
    ]
    assert upward == []


def test_no_route_module_imports_another() -> None:
    # The route modules are those the route table takes its handlers from.
    table = REPO / "server" / "api" / "routes.py"
    route_modules = {
        module for _, module in _imports(table) if module.startswith("server.api.")
    } - {"server.api.routes", "server.api.errors"}
    route_modules = {m for m in route_modules if (REPO / (m.replace(".", "/") + ".py")).exists()}
    defined = {
        name
        for module in route_modules
        for name in _defined_in(REPO / (module.replace(".", "/") + ".py"))
    }
    assert {route.handler.__name__ for route in ROUTES} <= defined
    helpers = [
        f"{module} imports {imported}"
        for module in sorted(route_modules)
        for _, imported in _imports(REPO / (module.replace(".", "/") + ".py"))
        if imported in route_modules and imported != module
    ]
    assert helpers == []


def _defined_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef)}
