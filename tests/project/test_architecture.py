"""The dependency direction of docs/architecture.md, checked on the source with `ast`:

    project ← groups ← meetings ← sharing → incidents ← insights
                                    ↑
                                reminders (the top: it may import every app; nothing imports it)

Each app imports only the apps to its left (and itself); `insights` (anonymous trends) may import
incidents, groups (membership, for a group's trends) and project, and nothing imports it. Only
`sharing` holds both sides of the privacy boundary (reminders reaches both, but each of its
modules only one side). The composition root
(project/urls.py, routing.py, asgi.py) wires the apps together and may name any of them, but
never both sides of the boundary. There is no import cycle between apps or between files; an
import inside a function counts like any other.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("project", "groups", "incidents", "meetings", "sharing", "reminders", "insights")
# What each app may import besides itself: the dependency direction.
ALLOWED = {
    "project": set(),
    "groups": {"project"},
    "incidents": {"project"},
    "meetings": {"project", "groups"},
    "sharing": {"project", "groups", "meetings", "incidents"},
    "reminders": {"project", "groups", "meetings", "incidents", "sharing"},
    "insights": {"project", "groups", "incidents"},
}
COMPOSITION_ROOT = {"project.urls", "project.routing", "project.asgi"}
BOUNDARY = {"incidents", "meetings"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str) -> set[str]:
    """Every module `source` imports, anywhere in it (relative imports resolved)."""
    found = set()
    package = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package[: len(package) - node.level + 1]
                base = ".".join([*prefix, base] if base else prefix)
            found.add(base)
            # `from app import module` imports app.module.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def app_of(module: str) -> str | None:
    head = module.split(".")[0]
    return head if head in APPS else None


def violations(sources: dict[str, str]) -> list[str]:
    """What breaks the dependency direction in `sources` ({module name: source text})."""
    found = []
    for module, source in sorted(sources.items()):
        app = app_of(module)
        apps = {app_of(name) for name in imported_modules(source, module)} - {None, app}
        if app != "sharing" and apps | {app} >= BOUNDARY:
            found.append(f"{module} reaches both incidents and meetings: only sharing may")
        if module in COMPOSITION_ROOT:
            continue
        for other in sorted(apps - ALLOWED[app]):
            found.append(f"{module} imports {other}, against the direction")
    return found + [f"app cycle: {' → '.join(cycle)}" for cycle in cycles(app_graph(sources))]


def app_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    graph = defaultdict(set)
    for module, source in sources.items():
        if module in COMPOSITION_ROOT:
            continue
        app = app_of(module)
        graph[app] |= {app_of(name) for name in imported_modules(source, module)} - {None, app}
    return graph


def file_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    return {
        module: {name for name in imported_modules(source, module) if name in sources} - {module}
        for module, source in sources.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of nodes that import each other (DFS)."""
    found, done = [], set()

    def visit(node, path):
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, [*path, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return found


def app_sources() -> dict[str, str]:
    sources = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            sources[module_name(path)] = path.read_text()
    return sources


def test_the_apps_follow_the_dependency_direction():
    sources = app_sources()
    assert {"sharing.services", "incidents.services", "meetings.services"} <= set(sources)
    assert violations(sources) == []


def test_no_file_imports_itself_round_a_cycle():
    assert cycles(file_graph(app_sources())) == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "meetings.views",
            "from incidents.models import Incident",
            "meetings.views imports incidents, against the direction",
        ),
        (
            "incidents.sharing",
            "def share():\n    from meetings import services\n",
            "incidents.sharing imports meetings, against the direction",
        ),
        (
            "groups.views",
            "import meetings.selectors",
            "groups.views imports meetings, against the direction",
        ),
        (
            "incidents.views",
            "from insights import selectors",
            "incidents.views imports insights, against the direction",
        ),
        (
            "insights.views",
            "from meetings.models import Meeting",
            "insights.views imports meetings, against the direction",
        ),
        (
            "project.tools",
            "from incidents import services\nfrom meetings import live",
            "project.tools reaches both incidents and meetings: only sharing may",
        ),
        (
            "project.urls",
            "from incidents import views\nimport meetings.urls",
            "project.urls reaches both incidents and meetings: only sharing may",
        ),
    ],
)
def test_the_checker_refuses_a_forbidden_import(module, source, expected):
    sources = app_sources()
    assert violations(sources) == []
    sources[module] = source
    assert expected in violations(sources)


def test_the_checker_allows_sharing_to_reach_both_sides():
    sources = app_sources()
    sources["sharing.extra"] = "from incidents import services\nfrom meetings import services"
    assert violations(sources) == []


def test_the_checker_refuses_an_import_of_reminders_and_a_reminders_module_on_both_sides():
    sources = app_sources()
    sources["sharing.extra"] = "from reminders import services"
    sources["reminders.extra"] = "from incidents import services\nfrom meetings import services"
    found = violations(sources)
    assert "sharing.extra imports reminders, against the direction" in found
    assert "reminders.extra reaches both incidents and meetings: only sharing may" in found


def test_the_checker_finds_an_app_cycle_and_a_file_cycle():
    sources = {
        "groups.a": "from meetings import b",
        "meetings.b": "from groups.a import thing",
    }
    assert "app cycle: groups → meetings → groups" in violations(sources)
    assert cycles(file_graph(sources)) == [["groups.a", "meetings.b", "groups.a"]]
