"""Widgets that draw the engine's state: the breath visual, timers, tallies and checklists."""
