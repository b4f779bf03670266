"""``breather serve`` without a browser: the missing extra, the command each tab runs, the policy.

The server itself, in a real browser, is tested in tests/browser/test_serve.py.
"""

from __future__ import annotations

import shlex
import sys

import pytest

from breather import cli
from breather.cli import main
from breather.serve import Address, app_command, page_policy, served_by_browser


def test_without_textual_serve_serve_says_how_to_add_it_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # `import` now fails as if absent
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    status = main(["serve", "--no-browser"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""  # no address printed, nothing bound
    assert captured.err == (
        "breather serve needs the optional textual-serve package, which this install does not "
        "have. Add it with: pip install 'breather[serve]' (the terminal app works without it)\n"
    )


def test_the_executable_says_serve_is_not_part_of_it_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each tab would run ``breather -m breather``: the executable leaves textual-serve out."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # as PyInstaller's executable sets
    status = main(["serve", "--no-browser"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.startswith("breather serve is not part of the executable:")
    assert "pip install 'breather[serve]'" in captured.err


def test_each_browser_tab_runs_this_python_on_breathers_library() -> None:
    assert shlex.split(app_command()) == [sys.executable, "-m", "breather"]


def test_the_app_a_tab_runs_opens_the_full_ui_though_its_output_is_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str | None] = []

    def open_ui(ctx: object, exercise_id: str | None, *args: object, **kwargs: object) -> int:
        opened.append(exercise_id)
        return 0

    monkeypatch.setattr(cli, "_open_ui", open_ui)
    assert main([]) == 0  # captured output is no terminal: the list is printed instead
    assert opened == []
    assert "longer-out-breath" in capsys.readouterr().out
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert main([]) == 0
    assert opened == [None]
    assert capsys.readouterr().out == ""
    assert served_by_browser({"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"})
    assert not served_by_browser({})


def test_the_page_may_reach_only_its_own_server() -> None:
    policy = page_policy(Address(8123, "token"))
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["script-src"] == "'self'"
    assert rules["connect-src"] == "'self' ws://127.0.0.1:8123"
    assert rules["font-src"] == "'self'"
    assert Address(8123, "token").url == "http://127.0.0.1:8123/token/"
