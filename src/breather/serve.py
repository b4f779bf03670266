"""``breather serve``: the same app in a browser window, for staff who will not use a terminal.

The app itself is unchanged: ``textual-serve`` starts ``breather`` as a child process for each
browser tab and relays its screen to xterm.js in the page. It is an optional extra
(``pip install 'breather[serve]'``), imported only here and only when ``serve`` runs, so the
single file and a plain install never need it; without it ``serve`` says how to add it and exits
with status 2.

What this module adds to textual-serve, and why:

- **This computer only.** The server listens on 127.0.0.1, on a port the system chooses, bound
  before the address is printed (no race for the port, nothing listening elsewhere).
- **One person's session.** Each start makes a random token, and every address the server
  answers is under ``/TOKEN/``: the page, its scripts, its font and the WebSocket that drives the
  app. A request without the token (another user on the same machine, a page in another tab
  probing local ports) gets 403 Forbidden, compared in constant time. A request whose ``Host``
  is not this address is refused too, so a web page cannot reach the server by DNS rebinding.
- **Nothing from the internet.** textual-serve's own page loads the Roboto Mono font from Google
  Fonts. Ours is its page without that link: the same font comes from the copy textual-serve
  installs, every script and style from the local server, and a Content-Security-Policy tells
  the browser to fetch nothing from anywhere else, with no referrer sent.

Textual-serve's ``Server`` is reused for what it does well (the WebSocket that runs the app,
its static files); its ``_make_app`` is replaced to put every route under the token. Checked
against textual-serve 1.1.3 (the version pinned for the tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import os
import secrets
import shlex
import signal
import subprocess
import sys
import webbrowser
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from breather.errors import UserError

if TYPE_CHECKING:
    import socket

    from aiohttp import web

HOST = "127.0.0.1"
"""Only this computer: never another address, whatever the command line says."""

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve sets ``TEXTUAL_DRIVER`` to in the app it starts."""

MISSING = (
    "breather serve needs the optional textual-serve package, which this install does not have. "
    "Add it with: pip install 'breather[serve]' (the terminal app works without it)"
)
NOT_IN_EXECUTABLE = (
    "breather serve is not part of the executable: each browser tab starts breather with Python. "
    "Use a Python install of breather with its serve extra (pip install 'breather[serve]'); "
    "the executable's terminal app works as it is"
)


def served_by_browser(environ: dict[str, str] | None = None) -> bool:
    """Whether this process is the app textual-serve started for a browser tab.

    Its output is a pipe to the server, not a terminal, yet it can show the full app.
    """
    environ = dict(os.environ) if environ is None else environ
    return environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def app_command() -> str:
    """The command each browser tab runs: this Python, and breather's library."""
    words = [sys.executable, "-m", "breather"]
    if os.name == "nt":  # pragma: no cover - the shell textual-serve uses on Windows is cmd
        return subprocess.list2cmdline(words)
    return shlex.join(words)


@dataclass(frozen=True)
class Address:
    """Where the server answers: its port and the token every path begins with."""

    port: int
    token: str

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def url(self) -> str:
        """The address to open: the only one that leads to the app."""
        return f"{self.origin}/{self.token}/"


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>breather</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{static}css/xterm.css">
<script src="{static}js/textual.js"></script>
<style>
@font-face {{
  font-family: "Roboto Mono";
  src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
  font-weight: 100 700;
  font-style: normal;
}}
@font-face {{
  font-family: "Roboto Mono";
  src: url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
  font-weight: 100 700;
  font-style: italic;
}}
html, body {{ margin: 0; height: 100%; background: #1a2024; }}
.textual-terminal {{ width: 100vw; height: 100vh; }}
.closed-dialog {{ display: none; }}
body.-closed .closed-dialog {{
  display: flex; position: absolute; inset: 0; z-index: 10;
  align-items: center; justify-content: center; flex-direction: column;
  color: #dde5e8; font: 16px "Roboto Mono", monospace; background: #1a2024;
}}
</style>
</head>
<body>
<div class="closed-dialog">
<p>breather has closed. Reload the page to open it again.</p>
</div>
<div id="terminal" class="textual-terminal"
  data-session-websocket-url="{websocket}" data-font-size="{font_size}"></div>
</body>
</html>
"""
"""textual-serve's page, kept to what the app needs: no font or anything else from outside."""


def page_policy(address: Address) -> str:
    """The page's Content-Security-Policy: this server only, and its own WebSocket."""
    socket_origin = f"ws://{HOST}:{address.port}"
    return (
        "default-src 'none'; "
        "script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
        "img-src 'self' data:; "
        f"connect-src 'self' {socket_origin}; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def bind_free_port() -> socket.socket:
    """A listening socket on 127.0.0.1, on a port the system picked as free."""
    import socket

    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind((HOST, 0))
    listening.listen(100)
    listening.setblocking(False)
    return listening


def make_server(address: Address) -> Any:
    """textual-serve's server, with every route under the token and our own page.

    Raises:
        UserError: textual-serve is not installed, or this is the executable, which leaves it
            out (each tab would start ``breather -m breather``; tools/build_exe.py).
    """
    if getattr(sys, "frozen", False):
        raise UserError(NOT_IN_EXECUTABLE)
    try:
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        raise UserError(MISSING) from None

    prefix = f"/{address.token}"
    host_names = {f"{HOST}:{address.port}", f"localhost:{address.port}"}

    @web.middleware
    async def only_with_the_token(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Answer only requests for this address that carry the token; 403 for the rest."""
        path = request.rel_url.raw_path
        has_token = hmac.compare_digest(path[: len(prefix) + 1], f"{prefix}/")
        if not has_token or request.host not in host_names:
            return web.Response(status=403, text="Forbidden\n")
        response = await handler(request)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    class TokenServer(Server):
        """textual-serve's Server with our routes, under the token, and our page."""

        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[only_with_the_token])
            app.add_routes(
                [
                    web.get(f"{prefix}/", self.handle_index, name="index"),
                    web.get(f"{prefix}/ws", self.handle_websocket, name="websocket"),
                    web.static(f"{prefix}/static", self.statics_path, name="static"),
                ]
            )
            return app

        async def handle_index(self, request: web.Request) -> web.Response:
            font_size = request.query.get("fontsize", "16")
            page = PAGE.format(
                static=html.escape(f"{prefix}/static/"),
                websocket=html.escape(f"ws://{HOST}:{address.port}{prefix}/ws"),
                font_size=int(font_size) if font_size.isdigit() else 16,
            )
            response = web.Response(text=page, content_type="text/html")
            response.headers["Content-Security-Policy"] = page_policy(address)
            return response

    return TokenServer(app_command(), host=HOST, port=address.port, title="breather")


async def _serve(listening: socket.socket, address: Address, ready: Callable[[], None]) -> None:
    """Run the server on the bound socket until SIGINT or SIGTERM."""
    from aiohttp import web

    server = make_server(address)
    runner = web.AppRunner(await server._make_app(), handle_signals=False)
    await runner.setup()
    await web.SockSite(runner, listening).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, stop.set)
    ready()
    try:
        await stop.wait()
    finally:
        await runner.cleanup()  # closes every WebSocket: each tab's app is told to quit


def serve(out: TextIO, *, open_browser: bool = True) -> None:
    """Serve breather to a browser on this computer until Ctrl+C.

    Raises:
        UserError: textual-serve is not installed.
    """
    make_server(Address(0, ""))  # says what is missing before anything is bound or printed
    listening = bind_free_port()
    address = Address(listening.getsockname()[1], secrets.token_urlsafe(24))

    def ready() -> None:
        out.write(f"breather is at {address.url}\n")
        out.write("Only this computer can reach it, and only with this address. Ctrl+C stops.\n")
        out.flush()
        if open_browser:
            webbrowser.open(address.url)

    try:
        asyncio.run(_serve(listening, address, ready))
    finally:
        listening.close()
