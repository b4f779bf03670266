"""A byte from the keyboard that is not UTF-8 becomes U+FFFD; it never ends the app."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from textual import events
from textual.app import App
from textual.message import Message

if sys.platform == "win32":
    pytest.skip("Textual's Linux driver is POSIX only", allow_module_level=True)
assert sys.platform != "win32"  # for mypy: the rest is POSIX only


@pytest.fixture
def signals_kept() -> Iterator[None]:
    """The driver takes SIGTSTP and SIGCONT when it is made; the test process gets them back."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGTSTP, signal.SIGCONT)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


async def test_a_latin1_byte_typed_or_pasted_reaches_the_app_as_a_replacement(
    signals_kept: None,
) -> None:
    from breather.ui.terminal_driver import TerminalDriver

    seen: list[Message] = []

    class Keys(TerminalDriver):
        """The driver as breather runs it, keeping what it would send the app."""

        def process_message(self, message: Message) -> None:
            seen.append(message)

    def typed() -> str:
        return "".join(m.character or "" for m in seen if isinstance(m, events.Key))

    driver = Keys(App[None]())  # a driver is made inside the app's event loop
    keyboard, typing = os.pipe()
    driver.fileno = keyboard
    failed: list[BaseException] = []

    def read_keys() -> None:
        try:
            driver.run_input_thread()
        except BaseException as error:  # what would end the app
            failed.append(error)

    thread = threading.Thread(target=read_keys, daemon=True)
    thread.start()
    try:
        os.write(typing, b"ok caf\xe9 done")  # Latin-1: the single byte E9 is not UTF-8
        deadline = time.monotonic() + 10
        while not typed().endswith("done") and not failed and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        driver.exit_event.set()
        thread.join(timeout=10)
        os.close(typing)
        os.close(keyboard)
    assert not failed, failed
    assert typed() == "ok caf\ufffd done"
