"""Summary width: the inputs Keras reads (COLUMNS, terminal, notebook) and the tables at each width.

The tables are compared with real Keras 3 printing ``tests/fixtures/widths/*.py`` at
``COLUMNS`` 20, 60, 80, 91, 92, 120 and 200 (``generate_script_corpus.py``).
"""

import builtins
import json
import os
from pathlib import Path

import pytest

from calculator import api, runner, summary_width

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _width_cases():
    return [(p.stem, int(c)) for p in sorted((FIXTURES / "widths_expected").glob("*.json"))
            for c in json.loads(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("name,columns", _width_cases())
def test_summary_matches_keras_at_width(name, columns):
    want = json.loads((FIXTURES / "widths_expected" / f"{name}.json").read_text(
        encoding="utf-8"))[str(columns)]
    code = (FIXTURES / "widths" / f"{name}.py").read_text(encoding="utf-8")
    with summary_width.columns(columns):
        try:
            got = {"stdout": runner.run_script(code).stdout, "error": None}
        except ValueError as exc:
            got = {"stdout": exc.stdout, "error": {"type": "ValueError", "line": exc.line}}
    assert got["stdout"] == want["stdout"]
    if want["error"] is None:
        assert got["error"] is None
    else:
        assert got["error"] == {"type": want["error"]["type"], "line": want["error"]["line"]}


def _no_terminal(monkeypatch):
    def no_tty(fd=None):
        raise OSError("not a terminal")
    monkeypatch.setattr(os, "get_terminal_size", no_tty)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("JUPYTER_COLUMNS", raising=False)
    monkeypatch.delattr(builtins, "get_ipython", raising=False)


def test_native_without_terminal_is_80_columns(monkeypatch):
    _no_terminal(monkeypatch)
    assert summary_width.native() == summary_width.Width(terminal=80, console=80)


def test_native_reads_columns_like_shutil_and_rich(monkeypatch):
    _no_terminal(monkeypatch)
    monkeypatch.setenv("COLUMNS", "123")
    assert summary_width.native() == summary_width.Width(terminal=123, console=123)


def test_native_console_follows_a_terminal_on_stdin(monkeypatch):
    # `python model.py | less`: stdout is a pipe (shutil: 80) but stdin is a 150-column tty.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delattr(builtins, "get_ipython", raising=False)

    def size(fd=None):
        if fd == 0:
            return os.terminal_size((150, 40))
        raise OSError("not a terminal")
    monkeypatch.setattr(os, "get_terminal_size", size)
    assert summary_width.native() == summary_width.Width(terminal=80, console=150)


def test_native_in_a_notebook_uses_rich_jupyter_width(monkeypatch):
    _no_terminal(monkeypatch)

    class ZMQInteractiveShell:
        pass
    monkeypatch.setattr(builtins, "get_ipython", ZMQInteractiveShell, raising=False)
    assert summary_width.native().console == 115
    monkeypatch.setenv("JUPYTER_COLUMNS", "140")
    assert summary_width.native().console == 140


def test_columns_context_nests_and_restores():
    outer = summary_width.current()
    with summary_width.columns(200):
        assert summary_width.current() == summary_width.Width(200, 200)
        with summary_width.columns("92"):
            assert summary_width.current().terminal == 92
        assert summary_width.current().terminal == 200
    assert summary_width.current() == outer


@pytest.mark.parametrize("bad", ["0", "-3", "wide", "", "8.5", True])
def test_width_must_be_a_whole_number(bad):
    with pytest.raises(ValueError, match="whole number of terminal columns"):
        summary_width.parse_columns(bad)


def test_api_run_takes_a_width_and_reports_a_bad_one():
    code = ("import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"
            "m.summary()\n")
    widths = {}
    for columns in (80, 200):
        lines = api.handle({"op": "run", "code": code, "width": columns})["stdout"].splitlines()
        widths[columns] = len(lines[1])
    # min(88, columns - 4): 76 at 80 columns, Keras's default 88 from 92 columns up.
    assert widths == {80: 76, 200: 88}
    resp = api.handle({"op": "run", "code": code, "width": "wide"})
    assert not resp["ok"] and resp["error"]["field"] == "width"
