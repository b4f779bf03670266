"""The guard that never leaves breather running: each part, without a terminal or a signal sent.

Each test makes its own :class:`Guard` with a stand-in for ``os._exit``, so nothing here ends
the test run. Real terminals, real signals and real pipes are in tests/tmux/.
"""

from __future__ import annotations

import io
import os
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from breather.clock import FakeClock
from breather.hangup import SUPPORTED, Guard, Stop, StopRequested, output_gone
from breather.model import ChecklistStep, Exercise, TextStep
from breather.plain import play_plain
from breather.timeline import PlanOptions, plan

pytestmark = pytest.mark.skipif(not SUPPORTED, reason="POSIX signals and poll() on pipes")

EXERCISE = Exercise(
    id="t",
    title="Test",
    steps=(TextStep("Arrive.", 10), ChecklistStep(("Log off",), None), TextStep("Go.", 10)),
)


class Ended:
    """Stands in for os._exit: records the status and wakes the test."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.event = threading.Event()

    def __call__(self, status: int) -> None:
        self.statuses.append(status)
        self.event.set()


@pytest.fixture
def ended() -> Ended:
    return Ended()


@pytest.fixture
def keeper(ended: Ended, tmp_path: Path) -> Iterator[Guard]:
    """A guard with no signals of its own: its handler is called directly by the tests."""
    made = Guard(deadline=0.2, leave=ended, reports=tmp_path / "reports")
    assert made.install(())
    yield made
    if made.stop is not None:  # its deadline holds: let it pass while this test still runs
        assert ended.event.wait(5)
    made.uninstall()


def heard(keeper: Guard) -> tuple[list[Stop], threading.Event]:
    stops: list[Stop] = []
    event = threading.Event()

    def listener(stop: Stop) -> None:
        stops.append(stop)
        event.set()

    keeper.listen(listener)
    return stops, event


def test_a_recorded_signal_becomes_a_stop_for_the_listeners(keeper: Guard) -> None:
    stops, event = heard(keeper)
    keeper._record(signal.SIGTERM, None)  # what the handler does when SIGTERM arrives
    assert event.wait(5)
    assert stops == [Stop("SIGTERM", terminal_gone=False)]


def test_a_listener_that_comes_late_still_hears_of_the_stop(keeper: Guard) -> None:
    first, event = heard(keeper)
    keeper._record(signal.SIGHUP, None)  # type: ignore[attr-defined, unused-ignore]  # POSIX only
    assert event.wait(5)
    late, _ = heard(keeper)
    assert late == first == [Stop("SIGHUP", terminal_gone=False)]


def test_a_pipe_whose_reader_goes_is_a_closed_output(keeper: Guard) -> None:
    read_end, write_end = os.pipe()
    try:
        keeper.install((), watch=[write_end])
        stops, event = heard(keeper)
        assert not output_gone(write_end)
        os.close(read_end)
        assert event.wait(5)
        assert stops == [Stop("closed output", terminal_gone=True)]
        os.write(write_end, b"written to nothing now, and no error")
    finally:
        os.close(write_end)


def test_the_deadline_ends_the_process_with_a_report(
    keeper: Guard, ended: Ended, tmp_path: Path
) -> None:
    restored: list[bool] = []
    keeper.restore_with(restored.append)
    keeper.output_lost()  # as when Textual's writer thread meets EIO
    assert ended.event.wait(5)
    assert ended.statuses == [1]
    assert restored == [True]  # the terminal is gone: restore modes, write nothing
    (report,) = (tmp_path / "reports").glob("breather-stuck-*.txt")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600  # for the user alone
    story = report.read_text(encoding="utf-8")
    assert "did not leave within 0.2 s of hang-up" in story
    assert story.count("hread 0x") >= 2  # every thread's stack: the test's and the guardian's


def test_the_leaving_hooks_run_once_after_a_stop(keeper: Guard) -> None:
    kept: list[Stop] = []
    keeper.on_leaving(kept.append)
    keeper.leaving()
    assert kept == []  # no stop yet: nothing to keep
    _, event = heard(keeper)
    keeper._record(signal.SIGTERM, None)
    assert event.wait(5)
    keeper.leaving()
    keeper.leaving()
    assert kept == [Stop("SIGTERM", terminal_gone=False)]


def test_sleep_wakes_at_a_stop(keeper: Guard) -> None:
    keeper.sleep(0.01)
    threading.Timer(0.05, keeper._record, (signal.SIGTERM, None)).start()
    with pytest.raises(StopRequested) as raised:
        keeper.sleep(30)
    assert raised.value.stop.why == "SIGTERM"


def test_waiting_for_enter_ends_at_the_end_of_the_input(keeper: Guard) -> None:
    read_end, write_end = os.pipe()
    os.close(write_end)
    with os.fdopen(read_end) as stdin:
        keeper.wait_for_enter(stdin)  # returns: nobody can press Enter any more


def test_waiting_for_enter_wakes_at_a_stop(keeper: Guard) -> None:
    read_end, write_end = os.pipe()
    try:
        with os.fdopen(read_end) as stdin:
            threading.Timer(0.05, keeper._record, (signal.SIGTERM, None)).start()
            with pytest.raises(StopRequested):
                keeper.wait_for_enter(stdin)
    finally:
        os.close(write_end)


def test_uninstall_gives_the_signals_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    made = Guard(leave=Ended())
    assert made.install(("SIGTERM",))
    assert signal.getsignal(signal.SIGTERM) == made._record
    made.uninstall()
    assert signal.getsignal(signal.SIGTERM) == before


# -- the line player with the guard ------------------------------------------------------------


def test_the_line_player_stops_with_a_last_line_when_told_to() -> None:
    out = io.StringIO()

    def told(seconds: float) -> None:
        raise StopRequested(Stop("SIGTERM", terminal_gone=False))

    assert not play_plain(plan(EXERCISE, PlanOptions()), out, clock=FakeClock(), sleep=told)
    assert out.getvalue().splitlines()[-1].endswith("Stopped. You can come back any time.")


def test_the_line_player_writes_nothing_more_when_the_terminal_is_gone() -> None:
    out = io.StringIO()

    def gone(seconds: float) -> None:
        raise StopRequested(Stop("hang-up", terminal_gone=True))

    assert not play_plain(plan(EXERCISE, PlanOptions()), out, clock=FakeClock(), sleep=gone)
    assert "Stopped" not in out.getvalue()


def test_a_failed_write_stops_the_line_player_quietly() -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    timeline = plan(EXERCISE, PlanOptions())
    assert not play_plain(timeline, ClosedPipe(), clock=FakeClock(), sleep=lambda seconds: None)


def test_the_guard_leaves_textual_out() -> None:
    import subprocess

    check = "import sys, breather.hangup; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check], check=False).returncode == 0
