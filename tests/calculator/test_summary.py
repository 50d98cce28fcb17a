"""``model.summary()`` text against real Keras, character for character.

Golden files: ``tests/fixtures/summaries/<script>.keras3.txt`` is the stdout of
``tests/fixtures/summary_models/<script>.py`` run in real Keras 3.15.1 (torch
backend), ``<script>.keras2.txt`` the same script run in TF 2.15 / Keras 2.15;
both made by ``tests/fixtures/generate_summaries.py`` (fresh process per
script, no terminal).  Here each script runs, unchanged, through our runner.

Keras 2 goldens are compared only for scripts whose auto-generated names are
the same in both Keras versions (Keras 2 calls a functional model ``model`` and
its inputs ``input_1`` where Keras 3 says ``functional`` and ``input_layer``;
our object model follows Keras 3).
"""

import contextlib
import difflib
import io
import sys
from pathlib import Path

import pytest

from calculator import _texttable, summary
from calculator import summary_keras3

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCRIPTS = FIXTURES / "summary_models"
GOLDEN = FIXTURES / "summaries"

KERAS3_CASES = sorted(p.name[:-len(".keras3.txt")] for p in GOLDEN.glob("*.keras3.txt"))
# Scripts whose names (model, layers) are the same in Keras 2 and Keras 3.
KERAS2_SAME_NAMES = {
    "batchnorm", "cifar10_cnn", "conv_dims", "frozen_layers", "large_model",
    "layer_range", "line_length", "print_fn", "quiz_model", "shared_layer",
    "tf_keras_import", "named_functional", "named_nested", "nested_functional",
    "augmentation", "more_layers",
}
# Scripts that need keras.applications (skipped while the mirror lacks it).
NEEDS_APPLICATIONS = {"vgg16_full", "vgg16_transfer", "resnet50_full"}
KERAS2_CASES = sorted(p.name[:-len(".keras2.txt")] for p in GOLDEN.glob("*.keras2.txt")
                      if p.name[:-len(".keras2.txt")] in KERAS2_SAME_NAMES)


# ------------------------------------------------------------------ running scripts
def _stdout_of(result):
    if isinstance(result, str):
        return result
    if isinstance(result, dict):
        return result["stdout"]
    return result.stdout


@contextlib.contextmanager
def _keras_modules():
    """Map keras / tensorflow.keras imports to the mirror (used only if the
    runner is not there yet)."""
    import importlib
    import types
    mirror = importlib.import_module("calculator.keras")
    names = {"keras": mirror}
    for sub in ("layers", "models", "backend", "applications", "utils"):
        names[f"keras.{sub}"] = importlib.import_module(f"calculator.keras.{sub}")
    tf = types.ModuleType("tensorflow")
    tf.keras = mirror
    names["tensorflow"] = tf
    for key in list(names):
        if key.startswith("keras"):
            names["tensorflow." + key] = names[key]
    saved = {k: sys.modules.get(k) for k in names}
    sys.modules.update(names)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def run_keras_script(code, style="keras3"):
    """stdout of a Keras script run through ``calculator.runner.run_script``."""
    try:
        from calculator.runner import run_script
    except ImportError:
        run_script = None
    with summary.summary_style(style):
        if run_script is not None:
            return _stdout_of(run_script(code))
        from calculator.core import clear_session
        clear_session()
        out = io.StringIO()
        with _keras_modules(), contextlib.redirect_stdout(out):
            exec(compile(code, "<script>", "exec"), {"__name__": "__main__"})
        return out.getvalue()


def assert_same_text(got, expected, name):
    if got != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), got.splitlines(True),
            fromfile=f"{name} (real Keras)", tofile=f"{name} (calculator)"))
        pytest.fail("summary differs from real Keras:\n" + diff, pytrace=False)


# ------------------------------------------------------------------ golden files
@pytest.mark.parametrize("name", KERAS3_CASES)
def test_keras3_summary_matches_real_keras(name):
    if name in NEEDS_APPLICATIONS:
        pytest.importorskip("calculator.keras.applications")
    code = (SCRIPTS / f"{name}.py").read_text(encoding="utf-8")
    expected = (GOLDEN / f"{name}.keras3.txt").read_text(encoding="utf-8")
    assert_same_text(run_keras_script(code), expected, name)


@pytest.mark.parametrize("name", KERAS2_CASES)
def test_keras2_summary_matches_real_keras2(name):
    code = (SCRIPTS / f"{name}.py").read_text(encoding="utf-8")
    expected = (GOLDEN / f"{name}.keras2.txt").read_text(encoding="utf-8")
    assert_same_text(run_keras_script(code, style="keras2"), expected, name)


def test_there_are_enough_goldens():
    assert len(KERAS3_CASES) >= 15
    assert len(KERAS2_CASES) >= 5


# ------------------------------------------------------------------ API details
def _model():
    from calculator.core import clear_session
    from calculator.keras import Input, Sequential, layers
    clear_session()
    return Sequential([Input(shape=(200, 200, 1)),
                       layers.Conv2D(16, 2, strides=2, activation="relu")])


def test_print_fn_gets_the_whole_text_once_in_keras3_and_lines_in_keras2():
    model = _model()
    calls = []
    model.summary(print_fn=calls.append)
    assert len(calls) == 1 and calls[0].endswith("(0.00 B)\n")
    assert calls[0] == summary.summary_text(model)
    calls = []
    model.summary(print_fn=calls.append, style="keras2")
    assert len(calls) > 5 and all("\n" not in c for c in calls)
    assert calls[0] == 'Model: "sequential"'


def test_summary_text_and_style_context():
    model = _model()
    text = summary.summary_text(model)
    assert text.splitlines()[0] == 'Model: "sequential"'
    assert " Total params: 80 (320.00 B)" in text
    with summary.summary_style("keras2"):
        assert "Total params: 80 (320.00 Byte)" in summary.summary_text(model)
    assert summary.summary_text(model) == text
    with pytest.raises(ValueError):
        summary.summary_text(model, style="keras1")


def test_too_narrow_raises_like_keras():
    with pytest.raises(ValueError, match="Insufficient console width"):
        summary.summary_text(_model(), line_length=8)


def test_layer_range_errors_like_keras():
    with pytest.raises(ValueError, match="do not match the layer names"):
        summary.summary_text(_model(), layer_range=["nope", "conv2d"])
    with pytest.raises(ValueError, match="length 2"):
        summary.summary_text(_model(), layer_range=["conv2d"])


def test_keras2_unbuilt_model_raises_like_keras2():
    from calculator.core import clear_session
    from calculator.keras import Sequential, layers
    clear_session()
    model = Sequential([layers.Dense(3)])
    with pytest.raises(ValueError, match="has not yet been built"):
        summary.summary_text(model, style="keras2")


# ------------------------------------------------------------------ pieces
@pytest.mark.parametrize("size,text", [
    (0.0, "0.00 B"), (320.0, "320.00 B"), (1023.0, "1023.00 B"), (1024.0, "1.00 KB"),
    (19240.0, "18.79 KB"), (1024.0 ** 2 * 3.5, "3.50 MB"), (1024.0 ** 3, "1.00 GB"),
])
def test_readable_memory_size(size, text):
    # Keras 3: summary_utils.readable_memory_size (1024 steps, two decimals)
    assert summary_keras3.readable_memory_size(size) == text


def test_table_widths_follow_rich():
    # Default sequential table, 76 columns: positions [0.45, 0.80, 1.0] give
    # content widths 34, 26, 16; rich takes the 3*3+1 = 10 border/padding
    # columns away evenly (round(10/3)=3, round(7/2)=4, 3) -> 33, 24, 15 wide
    # cells, as in conv_dims.keras3.txt.
    assert _texttable.table_widths([34, 26, 16], 76) == [33, 24, 15]


def test_cell_wrapping_follows_rich():
    # a word longer than its cell ends in an ellipsis; others wrap at spaces
    assert _texttable.wrap_cell("first_convolution_with_a_very_long_name (Conv2D)", 31) == [
        "first_convolution_with_a_very_…", "(Conv2D)                       "]
    assert _texttable.wrap_cell("0", 5, "right") == ["    0"]
    assert _texttable.wrap_cell("Y", 5, "center") == ["  Y  "]
