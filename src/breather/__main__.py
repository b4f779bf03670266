"""``python -m breather``: the same as the ``breather`` command."""

from breather.cli import main

raise SystemExit(main())
