"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import widgets

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen

KeysShown = tuple[tuple[object, ...], ...]
"""Each key the footer shows, with its words, its action and whether it is enabled."""


def keys_shown(screen: Screen[object]) -> KeysShown:
    """What a footer on ``screen`` shows now: the bindings it would draw, in order."""
    return tuple(
        (*_words(binding), enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


def _words(binding: Binding) -> tuple[object, ...]:
    return (binding.key, binding.key_display, binding.description, binding.action, binding.group)


class Footer(widgets.Footer):
    """The keys of the screen, as Textual's footer draws them; the same keys cost nothing.

    Textual's footer (checked against 8.2.8) removes and mounts one widget per key whenever the
    screen's bindings are refreshed: at every change of focus or screen, and whenever the player
    says what space does now. Most of those refreshes leave the keys as they were (about two in
    three while the UI tests play), and each rebuild restyles every key twice. This one rebuilds
    only when what it would show differs from what it shows, as the player's lines redraw only
    when their text changes.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: KeysShown | None = None
        """The keys last drawn; None until the footer has drawn the screen's bindings."""

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        # Before the screen's bindings are ready Textual's footer draws nothing; only a footer
        # that drew them may skip the next refresh.
        self._shown = keys_shown(self.screen) if keys else None
        yield from keys

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild as Textual's footer does, unless the keys to show are those shown."""
        if self._shown is not None and screen is self.screen and keys_shown(screen) == self._shown:
            return
        super().bindings_changed(screen)
