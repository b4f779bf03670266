"""The terminal UI (Textual). Everything under here draws what the core computes; it owns no
timing of its own. Only ``cli.py`` imports it, and only to open it."""
