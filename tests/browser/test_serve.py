"""``breather serve`` in a real browser with no way out: the library on screen, every request to
the local server, and nobody in without the token.

The terminal in the page is drawn by xterm.js on a canvas (WebGL), so its words are not in the
page's DOM and ``--dump-dom`` cannot find them. The test reads them where xterm.js keeps them:
its screen buffer, the characters the canvas is drawn from. A script added before the page's own
notes each xterm.js ``Terminal`` as it is made (at the moment it sets its ``_core``), and the test
reads the visible rows through xterm.js's public ``buffer`` API. A screenshot of the page is kept
for a person to look at.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.devtools import DevTools
from tests.conftest import under_ci

FIND_TERMINALS = """
(() => {
  window.__breatherTerminals = [];
  Object.defineProperty(Object.prototype, "_core", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "_core", {
        value, writable: true, configurable: true, enumerable: true,
      });
      if (typeof this.loadAddon === "function") window.__breatherTerminals.push(this);
    },
  });
})();
"""
"""Runs before the page's scripts: keeps each xterm.js Terminal (the public one has loadAddon)."""

READ_SCREEN = """
(() => {
  const terminal = (window.__breatherTerminals || [])[0];
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()
"""
"""The terminal's visible rows, as text."""

ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]+)/")


def require_textual_serve() -> None:
    """textual-serve is a test requirement: skip without it, but never under CI."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        reason = "textual-serve is not installed (pip install -r requirements-dev.txt)"
        if under_ci():
            pytest.fail(f"{reason}: CI must run every test", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def served() -> Iterator[str]:
    """``breather serve --no-browser`` running; yields the address it printed."""
    require_textual_serve()
    process = subprocess.Popen(
        [sys.executable, "-m", "breather", "serve", "--no-browser"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        readable, _, _ = select.select([process.stdout], [], [], 30)
        assert readable, "breather serve printed no address within 30 s"
        first = process.stdout.readline()
        found = ADDRESS.search(first)
        assert found, first
        yield found[0]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    _, err = process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err


def status_of(url: str, host: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_only_the_address_with_its_token_is_answered(served: str) -> None:
    found = ADDRESS.search(served)
    assert found
    port, token = found[1], found[2]
    origin = f"http://127.0.0.1:{port}"
    assert len(token) >= 32  # 24 random bytes
    with urllib.request.urlopen(served, timeout=10) as response:
        assert response.status == 200
        policy = response.headers["Content-Security-Policy"]
        page = response.read().decode("utf-8")
    assert "default-src 'none'" in policy
    assert response.headers["Referrer-Policy"] == "no-referrer"
    # Every address in the page is this server's, under the token; nothing from outside.
    addresses = [a for a in re.findall(r'(?:src|href)="([^"]+)"', page) if a != "data:,"]
    addresses += re.findall(r'url\("([^"]+)"\)', page)
    assert addresses
    assert all(address.startswith(f"/{token}/") for address in addresses), addresses
    assert re.findall(r"wss?://[^\"]+", page) == [f"ws://127.0.0.1:{port}/{token}/ws"]
    assert "googleapis" not in page
    assert "https://" not in page
    # Without the token, with another, or for another host name: refused. The other token differs
    # in its last character (1 token in 64 ends in "x", so writing "x" there may change nothing).
    another = token[:-1] + ("y" if token.endswith("x") else "x")
    assert another != token
    refused = {
        "no token": status_of(f"{origin}/"),
        "no token, the app's socket": status_of(f"{origin}/ws"),
        "no token, a script": status_of(f"{origin}/static/js/textual.js"),
        "another token": status_of(f"{origin}/{another}/"),
        "the token in the query": status_of(f"{origin}/?token={token}"),
        "another host name": status_of(served, host=f"attacker.example:{port}"),
    }
    assert refused == dict.fromkeys(refused, 403)
    assert status_of(f"{served}static/js/textual.js") == 200


def test_the_library_shows_in_a_browser_that_fetches_nothing_from_outside(
    served: str, tmp_path: Path
) -> None:
    found = ADDRESS.search(served)
    assert found
    local = f"127.0.0.1:{found[1]}/{found[2]}/"
    with DevTools(tmp_path, "--window-size=1100,760") as browser:
        browser.open(FIND_TERMINALS)
        browser.navigate(served)
        deadline = time.monotonic() + 60
        screen = ""
        while time.monotonic() < deadline:
            screen = browser.evaluate(READ_SCREEN) or ""
            if "Longer out-breath" in screen and "5-4-3-2-1 grounding" in screen:
                break
            time.sleep(0.25)
        picture = browser.screenshot(tmp_path / "served-library.png")
        print(f"the served library: {picture}")
        assert "Longer out-breath" in screen, screen
        assert "5-4-3-2-1 grounding" in screen
        requested = [url for url in browser.requested() if not url.startswith(("data:", "blob:"))]
    assert requested
    outside = [url for url in requested if not url.startswith((f"http://{local}", f"ws://{local}"))]
    assert outside == []
    # The app's own socket, under the token, with the terminal's size.
    assert any(url.startswith(f"ws://{local}ws?width=") for url in requested), requested
    assert os.path.getsize(picture) > 10_000
