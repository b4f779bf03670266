"""A small DevTools client for headless Chromium, over a pipe (no port, no extra package).

``--remote-debugging-pipe`` makes Chromium read DevTools commands from file descriptor 3 and write
answers and events to 4, each a JSON message ended by a NUL byte. That is enough to open a page,
watch every request it makes, run a line of JavaScript in it and take a screenshot, with nothing
listening on a port that another user of the machine could reach.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.browser.chromium import OFFLINE, TIMEOUT
from tests.conftest import require_tool


class DevTools:
    """Headless Chromium driven over its DevTools pipe; a context manager that closes it."""

    def __init__(self, tmp_path: Path, *arguments: str) -> None:
        program = require_tool("chromium", "chromium")
        profile = tmp_path / "chromium-profile"
        profile.mkdir(exist_ok=True)
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def on_fds_3_and_4() -> None:  # in the child, before Chromium starts
            reading, writing = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [
                program,
                "--headless",
                "--no-sandbox",  # tests run as root in CI, where Chromium's sandbox cannot start
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                OFFLINE,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                *arguments,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # Python's own descriptors are not inherited (PEP 446); 3, 4 are
            preexec_fn=on_fds_3_and_4,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._next_id = 0
        self._buffer = b""
        self.events: list[dict[str, Any]] = []
        """Every event the browser sent, in order (requests, WebSockets, console...)."""
        self.session = ""

    def __enter__(self) -> DevTools:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Ask the browser to close, and make sure it has."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError, AssertionError, TimeoutError):
                self.call("Browser.close", session=False, timeout=10)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for descriptor in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(descriptor)

    # -- the protocol ---------------------------------------------------------------------------

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: bool = True,
        timeout: float = TIMEOUT,
    ) -> dict[str, Any]:
        """Send one command and wait for its answer; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for answer in self._read(deadline):
                if answer.get("id") == self._next_id:
                    assert "error" not in answer, (method, answer["error"])
                    result: dict[str, Any] = answer.get("result", {})
                    return result
                if "method" in answer:
                    self.events.append(answer)

    def _read(self, deadline: float) -> list[dict[str, Any]]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("Chromium did not answer in time")
        readable, _, _ = select.select([self._from_browser], [], [], left)
        if not readable:
            raise TimeoutError("Chromium did not answer in time")
        chunk = os.read(self._from_browser, 1 << 16)
        assert chunk, "Chromium closed its DevTools pipe"
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        return [json.loads(message) for message in messages]

    # -- what the tests do ----------------------------------------------------------------------

    def open(self, script: str = "") -> None:
        """Open a blank tab and attach to it; ``script`` runs in every page before its own."""
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        self.session = attached["sessionId"]
        self.call("Network.enable")
        self.call("Page.enable")
        if script:
            self.call("Page.addScriptToEvaluateOnNewDocument", {"source": script})

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values only)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        """Save what the page shows as a PNG."""
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def requested(self) -> list[str]:
        """Every address the page asked for: documents, scripts, styles, fonts, WebSockets."""
        urls = []
        for event in self.events:
            if event["method"] == "Network.requestWillBeSent":
                urls.append(event["params"]["request"]["url"])
            elif event["method"] == "Network.webSocketCreated":
                urls.append(event["params"]["url"])
        return urls
