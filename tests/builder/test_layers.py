"""The import direction of `builder/`: no stage imports a later one (docs/architecture.md, "Layers").

Every module of the package is read with `ast` (imports inside functions count too) and placed in a
layer; a module may import its own layer and the layers below it, never one above. A new module
must be given a layer here, so that nothing slips past the rule unplaced.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import builder
from builder import targets as registry

PACKAGE = Path(builder.__file__).resolve().parent

#: Lowest first. A module belongs to the layer of the longest prefix that names it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # Neutral pieces that several stages share: the link format, the file tree, interface words, JSON layout, forked
    # workers.
    ("shared", ("builder.urls", "builder.filetree", "builder.i18n", "builder.report", "builder.jsontext",
                "builder.forked")),
    ("load", ("builder.load", "builder.boundary")),
    # The Markdown renderer sits with validation: validation renders to find what does not resolve.
    ("validate", ("builder.validate", "builder.rules", "builder.schema", "builder.links", "builder.media", "builder.embeds",
                  "builder.markdown", "builder.scenario", "builder.reflection")),
    # A translated course is the model again, in another language: built from the validated source.
    ("model", ("builder.model", "builder.translate")),
    # The learner runtime and the reviewer edition are used by targets and know none of them.
    ("renderers", ("builder.runtime", "builder.review")),
    ("targets", ("builder.targets", "builder.target_settings")),
    ("package", ("builder.package",)),
    ("pipeline", ("builder.build", "builder.republish", "builder.snapshot", "builder.clean")),
    # What people run: the CLI and the preview server sit on top of everything.
    ("interface", ("builder.cli", "builder.preview", "builder.scaffold", "builder.schema_export", "builder.guide",
                   "builder.translate.command", "builder.interface_catalogue")),
]
#: Layers that may import less than everything below them: the writer knows file trees, not targets.
NARROWER = {"package": {"shared"}}


def layer_of(module: str, layers: list[tuple[str, tuple[str, ...]]] = LAYERS) -> str | None:
    if module == "builder":
        return "shared"  # the package's own __init__ (its version)
    matches = [(len(prefix), name) for name, prefixes in layers for prefix in prefixes
               if module == prefix or module.startswith(prefix + ".")]
    return max(matches)[1] if matches else None


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path, known: set[str]) -> set[str]:
    """The package's own modules that `path` imports, relative imports resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from . import urls` imports a module; `from .model import Course` a name in one.
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                         for alias in node.names)
    return {module for module in found if module.split(".")[0] == root.name}


def import_graph(root: Path) -> dict[str, set[str]]:
    files = sorted(root.rglob("*.py"))
    known = {module_name(path, root) for path in files}
    return {module_name(path, root): imports_of(path, root, known) for path in files}


def violations(graph: dict[str, set[str]], layers: list[tuple[str, tuple[str, ...]]] = LAYERS,
               narrower: dict[str, set[str]] = NARROWER) -> list[str]:
    rank = {name: index for index, (name, _) in enumerate(layers)}
    rank.setdefault("shared", -1)
    problems = []
    for module, imported in sorted(graph.items()):
        own = layer_of(module, layers)
        if own is None:
            problems.append(f"{module} has no layer: add it to LAYERS in tests/builder/test_layers.py "
                            "and to docs/architecture.md")
            continue
        for target in sorted(imported):
            theirs = layer_of(target, layers)
            if theirs is None:
                continue  # reported as the module it is
            if rank[theirs] > rank[own]:
                problems.append(f"{module} ({own}) imports {target} ({theirs}), a higher layer")
            elif own in narrower and theirs != own and theirs not in narrower[own]:
                problems.append(f"{module} ({own}) imports {target} ({theirs}); {own} may import only "
                                f"{', '.join(sorted(narrower[own]))}")
    return problems


def test_no_module_imports_a_higher_layer():
    assert violations(import_graph(PACKAGE)) == []


def test_the_graph_sees_every_module_and_resolves_relative_imports():
    graph = import_graph(PACKAGE)
    assert "builder.targets.imscc.pages" in graph and "builder.preview.rebuild" in graph
    assert "builder.urls" in graph["builder.targets.imscc.pages"]  # `from ... import i18n, urls`
    assert "builder.model" in graph["builder.targets.web"]  # `from ..model import Course`
    assert "builder.targets" in graph["builder.build"]  # `from . import targets as registry`


def test_a_lower_stage_importing_a_higher_one_fails():
    graph = {"builder.load": {"builder.model"}, "builder.model": {"builder.load"},
             "builder.runtime.bundle": {"builder.targets.base"}}
    assert violations(graph) == [
        "builder.load (load) imports builder.model (model), a higher layer",
        "builder.runtime.bundle (renderers) imports builder.targets.base (targets), a higher layer",
    ]


def test_the_writer_may_not_import_the_stages_it_follows():
    assert violations({"builder.package": {"builder.targets.base", "builder.filetree"}}) == [
        "builder.package (package) imports builder.targets.base (targets); package may import only shared"]


def test_a_module_without_a_layer_fails():
    assert violations({"builder.newthing": set()}) == [
        "builder.newthing has no layer: add it to LAYERS in tests/builder/test_layers.py and to docs/architecture.md"]


def test_the_scanner_reads_a_real_violating_package(tmp_path: Path):
    """Relative, absolute and function-local imports are all seen, in files on disk."""
    root = tmp_path / "builder"
    (root / "targets").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "targets" / "__init__.py").write_text("")
    (root / "targets" / "base.py").write_text("")
    (root / "model.py").write_text("")
    (root / "urls.py").write_text("def late():\n    from .targets import base\n")
    (root / "load.py").write_text("import builder.model\n")
    graph = import_graph(root)
    assert graph["builder.urls"] == {"builder.targets.base"}
    assert violations(graph) == [
        "builder.load (load) imports builder.model (model), a higher layer",
        "builder.urls (shared) imports builder.targets.base (targets), a higher layer",
    ]


@pytest.mark.parametrize("name", sorted(info.name for info in pkgutil.iter_modules(registry.__path__)
                                        if info.name != "base" and not info.name.startswith("_")))
def test_every_public_module_under_targets_is_a_target(name: str):
    """Discovery imports each public module of builder/targets/ as a target; helpers start with `_`."""
    modules = {cls.__module__ for cls in registry.available().values()}
    assert any(module == f"builder.targets.{name}" or module.startswith(f"builder.targets.{name}.")
               for module in modules), f"builder/targets/{name} registers no target: name it _{name}"
