"""calculator.cli: commands, --json, exit codes (0 ok, 1 user error without traceback)."""

import json
import sys

import pytest

from calculator.cli import main

LESSON = """from keras.models import Sequential
from keras.layers import Conv2D
model = Sequential()
model.add(Conv2D(filters=16, kernel_size=2, strides=2, padding='valid',
                 activation='relu', input_shape=(200, 200, 1)))
model.summary()
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_layer_command(capsys):
    code, out, err = run(capsys, "layer", "Conv2D", "--filters", "32", "--kernel-size", "3",
                         "--strides", "2", "--padding", "same", "--input-shape", "128,128,3")
    assert code == 0 and err == ""
    assert ("Conv2D(filters=32, kernel_size=3, strides=2, padding='same', "
            "input_shape=(128, 128, 3))") in out
    assert "Output shape: (None, 64, 64, 32)" in out and "Parameters: 896" in out
    assert "1. What goes in" in out and "extra pixel goes to the bottom" in out


def test_layer_command_json(capsys):
    code, out, _ = run(capsys, "layer", "Conv2D", "--filters=32", "--kernel-size=3",
                       "--input-shape", "(28, 28, 1)", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["output_shape"] == [None, 26, 26, 32]


def test_layer_user_error_exit_1(capsys):
    code, out, err = run(capsys, "layer", "Conv2D", "--filters", "32", "--kernel-size", "7",
                         "--input-shape", "5,5,3")
    assert code == 1 and out == ""
    assert err.startswith("ValueError [kernel_size]: Computed output size would be zero or negative.")
    assert "kernel_size 7 with dilation_rate 1 covers 7 pixels" in err
    assert "Traceback" not in err


def test_layer_json_error_exit_1(capsys):
    code, out, _ = run(capsys, "--json", "layer", "Conv2D", "--filters", "0",
                       "--kernel-size", "3", "--input-shape", "5,5,3")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["error"]["field"] == "filters"


def test_run_command(capsys, tmp_path):
    f = tmp_path / "conv_dims.py"
    f.write_text(LESSON)
    code, out, err = run(capsys, "run", str(f))
    assert code == 0 and "conv2d (Conv2D)" in out and "(None, 100, 100, 16)" in out
    code, out, _ = run(capsys, "run", str(f), "--style", "keras2")
    assert code == 0 and "=====" in out
    code, out, _ = run(capsys, "run", str(f), "--json")
    assert code == 0 and json.loads(out)["models"][0]["total"] == 80


def test_run_error_and_missing_file(capsys, tmp_path):
    f = tmp_path / "bad.py"
    f.write_text("print('before')\nimport keras\nkeras.layers.Conv2D(8, 3, strides=2, "
                 "dilation_rate=2)\n")
    code, out, err = run(capsys, "run", str(f))
    assert code == 1 and out == "before\n"
    assert err.startswith("ValueError (line 3)") and "Traceback" not in err
    code, _, err = run(capsys, "run", str(tmp_path / "missing.py"))
    assert code == 1 and "cannot read" in err


def test_summary_command(capsys):
    code, out, _ = run(capsys, "summary", "vgg16")
    assert code == 0 and "Total params: 138,357,544" in out
    code, out, _ = run(capsys, "summary", "vgg16", "--style", "keras2", "--table")
    assert code == 0 and "=====" in out and "block5_pool" in out and "212/32" in out
    code, out, _ = run(capsys, "summary", "resnet50", "--include-top", "false",
                       "--input-shape", "96,96,3", "--json")
    assert code == 0 and json.loads(out)["output_shape_text"] == "(None, 3, 3, 2048)"
    code, _, err = run(capsys, "summary", "nosuchnet")
    assert code == 1 and err


def test_solve_command(capsys):
    code, out, _ = run(capsys, "solve", "--input", "128", "--output", "64")
    assert code == 0 and out.startswith("13 settings turn 128 into 64")
    assert "Conv2D(filters=..., kernel_size=3, strides=2, padding='same')" in out
    code, out, _ = run(capsys, "solve", "--input", "128", "--output", "50", "--padding", "same")
    assert code == 0 and "same can only give ceil(128 / S)" in out
    code, out, _ = run(capsys, "solve", "--input", "7", "--output", "3", "--kernel", "3",
                       "--stride", "2", "--padding", "valid", "--derivations")
    assert "floor((7 - 3) / 2) + 1" in out
    code, out, _ = run(capsys, "solve", "--input", "10", "--output", "4", "--json")
    assert json.loads(out)["ok"]


def test_usage_errors(capsys):
    assert main([]) == 0
    capsys.readouterr()
    assert main(["solve", "--input", "x", "--output", "3"]) == 1  # parsed (and bounded) by the API
    assert "input_size must be a positive integer" in capsys.readouterr().err
    assert main(["solve", "--output", "3"]) == 2
    assert main(["layer", "Conv2D", "--input-shape", "5,5,3", "stray"]) == 1
    capsys.readouterr()


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocess in Pyodide")
def test_python_dash_m(tmp_path):
    import subprocess
    p = subprocess.run([sys.executable, "-m", "calculator", "layer", "Dense", "--units", "10",
                        "--input-shape", "784"], capture_output=True, text=True)
    assert p.returncode == 0 and "Parameters: 7,850" in p.stdout
    p = subprocess.run([sys.executable, "-m", "calculator", "layer", "Dense", "--units", "-1",
                        "--input-shape", "784"], capture_output=True, text=True)
    assert p.returncode == 1 and "Traceback" not in p.stderr and p.stderr.strip()
