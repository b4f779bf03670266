"""The core stays free of Textual, and of the network."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import PROJECT

CORE = ["model", "loader", "timeline", "session", "settings", "paths", "plain", "errors", "cli",
        "library", "yamlsafe", "clock", "schema", "history", "history_report", "readers",
        "durations", "fitting", "tones", "players", "sound", "safetext", "lead", "lead_plain",
        "bigtext", "export", "practice", "doctor", "session_sound"]  # fmt: skip


def test_importing_the_core_and_cli_leaves_textual_out() -> None:
    imports = "; ".join(f"import breather.{name}" for name in CORE)
    check = (
        f"import sys; {imports}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'socket', 'ssl')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, cwd=PROJECT, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "breather", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("breather ")


# -- the UI: screens talk to the app with messages, and never import it -------------------------

UI = PROJECT / "src" / "breather" / "ui"
APP = "breather.ui.app"


def imports_of_the_app(source: str) -> list[int]:
    """The lines of ``source`` that import the app at run time, in any function or at the top.

    An import under ``if TYPE_CHECKING:`` is only for the type checker, and allowed.
    """
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for otherwise in node.orelse:
                visit(otherwise)
            return
        if isinstance(node, ast.ImportFrom) and (
            node.module == APP
            or (node.module == "breather.ui" and any(a.name == "app" for a in node.names))
        ):
            found.append(node.lineno)
        if isinstance(node, ast.Import) and any(a.name == APP for a in node.names):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def test_no_screen_or_widget_imports_the_app_at_run_time() -> None:
    sources = [UI / "messages.py", *sorted((UI / "screens").glob("*.py"))]
    sources += sorted((UI / "widgets").glob("*.py"))
    assert len(sources) > 8  # the screens, the widgets and the messages were all found
    found = {
        str(path.relative_to(PROJECT)): lines
        for path in sources
        if (lines := imports_of_the_app(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_import_check_sees_imports_inside_functions_and_allows_type_checking_ones() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from breather.ui.app import BreatherApp\n"
        "class Screen:\n"
        "    def breather(self):\n"
        "        from breather.ui.app import BreatherApp\n"
        "        import breather.ui.app\n"
        "        from breather.ui import app\n"
    )
    assert imports_of_the_app(source) == [6, 7, 8]
