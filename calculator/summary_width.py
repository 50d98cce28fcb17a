"""How wide Keras 3 prints ``model.summary()``, read from the same inputs Keras reads.

Keras 3.15 (``keras/src/utils/summary_utils.py``) takes two widths at each ``summary()`` call:

- **terminal columns**, ``shutil.get_terminal_size().columns``: the ``COLUMNS`` variable, else
  the terminal on ``sys.__stdout__``, else 80. The table's default ``line_length`` is
  ``min(88, columns - 4)`` for a sequential-like model and ``min(108, columns - 4)`` with a
  "Connected to" column (``+ 12`` for ``show_trainable``). So ``COLUMNS=80`` (or output to a
  pipe or file) gives a 76-wide table and any terminal of 92 columns or more gives 88 / 108.
- **console width**, rich's ``Console().width``: in a notebook (IPython's ``ZMQInteractiveShell``,
  Colab, Databricks) ``JUPYTER_COLUMNS`` or 115; else ``COLUMNS``, else the first of stdin,
  stdout, stderr that is a terminal, else 80 (80 too for a ``TERM=dumb`` terminal). It wraps
  the title and total lines and crops a table whose ``line_length`` is wider than itself.

The two can differ: ``python model.py | less`` in a 200-column terminal has stdout on a pipe
(terminal columns 80, so a 76-wide table) but stdin on the terminal (console 200).

``current()`` is what a summary uses: by default the inputs read now (``native()``), as Keras
does; inside ``with columns(n):`` both widths are ``n``, which is what ``COLUMNS=n`` gives
natively outside a notebook. The page uses ``PAGE_COLUMNS`` (200: a wide terminal, where
Keras prints its default 88- and 108-column tables); a summary fence can ask for another.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import os
import shutil
import sys

__all__ = ["Width", "PAGE_COLUMNS", "native", "fixed", "columns", "current", "parse_columns"]

#: The width the page's summaries assume: a terminal wide enough for Keras's default tables.
PAGE_COLUMNS = 200
#: rich's console width in a Jupyter notebook when ``JUPYTER_COLUMNS`` is unset.
JUPYTER_DEFAULT_COLUMNS = 115


@dataclasses.dataclass(frozen=True)
class Width:
    """``terminal``: what ``shutil.get_terminal_size()`` reports; ``console``: rich's width."""

    terminal: int
    console: int


def _in_notebook() -> bool:
    """rich's ``_is_jupyter``: an IPython kernel shell (notebook, qtconsole, Colab, Databricks)."""
    get_ipython = getattr(builtins, "get_ipython", None)
    if get_ipython is None:
        return False
    shell = get_ipython()
    return ("google.colab" in str(type(shell)) or bool(os.getenv("DATABRICKS_RUNTIME_VERSION"))
            or type(shell).__name__ == "ZMQInteractiveShell")


def _is_dumb_terminal() -> bool:
    stream = sys.__stdout__
    try:
        tty = stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        tty = False
    return tty and os.environ.get("TERM", "").lower() in ("dumb", "unknown")


def _console_width() -> int:
    """rich 15's ``Console().width`` for a console printing to standard output (Linux/macOS)."""
    if _in_notebook():
        value = os.environ.get("JUPYTER_COLUMNS")
        return int(value) if value is not None and value.isdigit() else JUPYTER_DEFAULT_COLUMNS
    if _is_dumb_terminal():
        return 80
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    value = os.environ.get("COLUMNS")
    if value is not None and value.isdigit():
        width = int(value)
    return width or 80


def native() -> Width:
    """The widths Keras would use if ``summary()`` were called now in this process."""
    return Width(terminal=shutil.get_terminal_size().columns, console=_console_width())


def fixed(n: int) -> Width:
    """The widths of a terminal of ``n`` columns (as ``COLUMNS=n`` sets them)."""
    return Width(terminal=n, console=n)


_stack: list[Width] = []


@contextlib.contextmanager
def columns(n):
    """Within the block, summaries print as in a terminal ``n`` columns wide (``None``: native)."""
    _stack.append(native() if n is None else fixed(parse_columns(n)))
    try:
        yield
    finally:
        _stack.pop()


def current() -> Width:
    """The widths a summary printed now uses."""
    return _stack[-1] if _stack else native()


def parse_columns(value) -> int:
    """A terminal width from an option: a whole number of columns, 1 or more."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        raise ValueError(f"width must be a whole number of terminal columns, like 80 or 200; "
                         f"got {value!r}")
    return int(text)
