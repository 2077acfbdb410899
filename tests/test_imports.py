"""The import graph: no cycles, no module importing one above it, the engine, the parser and the benchmark's
corpus on their own.

Every import counts, those inside functions too (they once hid a cycle).
"""

import ast
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "portal", "zhsearch", "bench")
# What readers, editors and operators reach (URLs, admin, commands) sits on the rest, never under it.
ENTRY_POINTS = ("views", "urls", "admin", "management", "search", "feeds", "sitemaps", "forms")


def modules():
    """{dotted name: (path, is a package)} of every module of the project."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def import_graph():
    """{module: the project's modules it imports}; `from package import module` counts as the module."""
    known = modules()

    def resolve(name):
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for name, (path, is_package) in known.items():
        package = name if is_package else name.rpartition(".")[0]
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(resolve(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                for alias in node.names:
                    imported.add(resolve(f"{base}.{alias.name}") or resolve(base))
        graph[name] = {target for target in imported if target and target != name}
    return graph


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph)))
    try:
        for node in graph:
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return found


def layer(module):
    """0 the engine and the parser, 1 corrections, 2 models, 3 what works on them, 4 entry points, 5 the site,
    6 the benchmark (it drives the whole portal; nothing of the portal imports it)."""
    parts = module.split(".")
    if parts[0] == "bench":
        return 6
    if parts[0] == "zhsearch" or parts[1:2] == ["parsing"]:
        return 0
    if parts[0] == "portal":
        return 5
    if any(part in ENTRY_POINTS for part in parts[1:]):
        return 4
    return {"corrections": 1, "models": 2}.get(parts[-1] if len(parts) == 2 else "", 3)


class ImportGraphTests(SimpleTestCase):
    graph = import_graph()

    def test_the_graph_is_read(self):
        self.assertIn("articles.models", self.graph["articles.importer"])
        self.assertIn("zhsearch.layout", self.graph["zhsearch.backend"])

    def test_no_module_imports_itself_through_others(self):
        self.assertEqual(cycles(self.graph), [])

    def test_no_module_imports_one_above_it(self):
        upward = [
            f"{module} -> {target}"
            for module, targets in sorted(self.graph.items())
            for target in sorted(targets)
            if layer(target) > layer(module)
        ]
        self.assertEqual(upward, [])

    def test_the_search_engine_knows_nothing_of_the_portal(self):
        outside = {
            f"{module} -> {target}"
            for module, targets in self.graph.items()
            if module.startswith("zhsearch")
            for target in targets
            if not target.startswith("zhsearch")
        }
        self.assertEqual(outside, set())

    def test_the_parser_is_plain_python(self):
        for module, (path, _) in modules().items():
            if module.startswith("articles.parsing"):
                tree = ast.parse(path.read_text(encoding="utf-8"))
                names = [
                    alias.name
                    for node in ast.walk(tree)
                    if isinstance(node, ast.Import)
                    for alias in node.names
                ]
                names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
                self.assertFalse([name for name in names if name.startswith("django")], module)
                self.assertTrue(
                    all(target.startswith("articles.parsing") for target in self.graph[module]), module
                )

    def test_the_benchmark_corpus_needs_only_the_parser(self):
        for module, targets in self.graph.items():
            if module.startswith("bench.corpus"):
                self.assertEqual(
                    {t for t in targets if not t.startswith(("bench.corpus", "articles.parsing"))},
                    set(),
                    module,
                )
        self.assertIn("articles.parsing.patterns", self.graph["bench.corpus.stories"])

    def test_a_cycle_is_found(self):
        self.assertEqual(cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}), [["a", "b", "c"]])
