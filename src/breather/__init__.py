"""breather: a calm terminal player for short guided exercises."""

__version__ = "0.1.0"
