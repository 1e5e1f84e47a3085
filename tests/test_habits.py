"""The project's habits about size: short functions and modules, everywhere in the package."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "labexport"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _name(path):
    return path.relative_to(PACKAGE.parent).as_posix()


def _long_functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                yield f"{_name(path)}:{node.lineno} {node.name} is {length} lines"


def test_the_package_has_modules():
    assert len(_modules()) > 20


def test_no_function_of_the_package_is_longer_than_60_lines():
    assert [msg for path in _modules() for msg in _long_functions(path)] == []


def test_no_module_of_the_package_is_longer_than_400_lines():
    lengths = {_name(path): len(path.read_text(encoding="utf-8").splitlines())
               for path in _modules()}
    assert {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}
