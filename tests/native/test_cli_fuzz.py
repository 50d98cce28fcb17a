"""CLI fuzz (issue 10, point 3): whatever the arguments or the script, ``python -m calculator``
exits 0, 1 or 2, and a failure is exactly one line on stderr, never a traceback.

Subprocesses, so it lives outside ``tests/calculator`` (which also runs inside Pyodide).
Seeded (``derandomize=True``); each case starts a fresh interpreter, so the count is small.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HUGE = "9" * 5000
ARGS = ["1-2-3", "1..11", "-", "", "1e200", "1e30", HUGE, "x", "0", "-5", "3", "1-100000000",
        "valid,same", ",,,", "\u00e9", "(1, 2)", "1" * 30, "--json"]


def run(*argv, stdin=None):
    p = subprocess.run([sys.executable, "-m", "calculator", *argv], input=stdin,
                       capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def assert_clean(code, err):
    assert "Traceback" not in err, err[-2000:]
    if code == 0:
        return
    assert code in (1, 2), (code, err[-500:])
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), err[-2000:]


@pytest.mark.parametrize("argv", [
    ["solve", "--input", "128", "--output", "64", "--kernel", "1-2-3"],
    ["solve", "--input", HUGE, "--output", "64"],
    ["solve", "--input", "128", "--output", "64", "--kernel", "1-100000000"],
    ["solve", "--input", "128", "--output", "64", "--kernel", "1-1000", "--stride", "1-1000"],
    ["layer", "Conv2D", "--input-shape", "1e200,3,3", "--filters", "3", "--kernel-size", "3"],
    ["layer", "Conv2D", "--input-shape", "8,8,3", "--filters", HUGE, "--kernel-size", "3"],
    ["summary", "vgg16", "--input-shape", "1e30,1e30,3", "--include-top", "false"],
    ["layer"], ["solve", "--bogus"], ["nope"],
])
def test_reported_cases_fail_in_one_line(argv):
    code, _, err = run(*argv)
    assert code in (1, 2)
    assert_clean(code, err)


def test_non_utf8_script(tmp_path):
    script = tmp_path / "latin1.py"
    script.write_bytes(b'print("caf\xe9")\n')
    code, _, err = run("run", str(script))
    assert code == 1 and "not UTF-8" in err and "0xe9" in err
    assert_clean(code, err)
    code, _, err = run("run", "-", stdin=b"\xff\xfe")
    assert code == 1 and "standard input is not UTF-8" in err


def test_script_raising_base_exceptions(tmp_path):
    for body in ("raise KeyboardInterrupt", "raise SystemExit(4)", "raise GeneratorExit",
                 "def f(): f()\nf()", "x = ("):
        script = tmp_path / "s.py"
        script.write_text(body + "\n")
        code, _, err = run("run", str(script))
        assert code == 1
        assert_clean(code, err)


@settings(derandomize=True, deadline=None, database=None, max_examples=60,
          suppress_health_check=list(HealthCheck))
@given(command=st.sampled_from(["solve", "layer", "summary", "run"]),
       values=st.lists(st.one_of(st.sampled_from(ARGS), st.text(max_size=12).filter(
           lambda t: "\x00" not in t)), min_size=1, max_size=4),
       flags=st.lists(st.sampled_from(["--input", "--output", "--kernel", "--stride",
                                       "--dilation", "--padding", "--input-shape",
                                       "--filters", "--kernel-size", "--strides", "--style"]),
                      max_size=4))
def test_cli_fuzz(command, values, flags):
    argv = [command]
    if command == "layer":
        argv.append("Conv2D")
    if command == "summary":
        argv.append("lenet5")
    for i, v in enumerate(values):
        if i < len(flags):
            argv.append(flags[i])
        argv.append(v)
    try:
        code, _, err = run(*argv)
    except ValueError:  # a surrogate the OS cannot pass as an argument
        return
    assert_clean(code, err)
