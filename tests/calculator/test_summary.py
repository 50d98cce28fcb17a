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

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

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
    "augmentation", "more_layers", "build_call", "multi_output_nested", "dtypes",
    "vgg16_transfer",
}

KERAS2_CASES = sorted(p.name[:-len(".keras2.txt")] for p in GOLDEN.glob("*.keras2.txt"))
# The other scripts differ in auto-generated names only: for those the test
# renames our objects the Keras 2 way just while the summary is printed.
KERAS2_RENAMES = {"input_layer": "input_1", "input_layer_1": "input_2",
                  "input_layer_2": "input_3", "functional": "model"}


# ------------------------------------------------------------------ running scripts
def run_keras_script(code, style="keras3"):
    """stdout of an unchanged Keras script run through ``calculator.runner``;
    ``model.summary()`` calls inside it print in ``style``."""
    from calculator.runner import run_script
    with summary.summary_style(style):
        return run_script(code).stdout


def assert_same_text(got, expected, name):
    if got != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), got.splitlines(True),
            fromfile=f"{name} (real Keras)", tofile=f"{name} (calculator)"))
        pytest.fail("summary differs from real Keras:\n" + diff, pytrace=False)


# ------------------------------------------------------------------ golden files
@pytest.mark.parametrize("name", KERAS3_CASES)
def test_keras3_summary_matches_real_keras(name):
    code = (SCRIPTS / f"{name}.py").read_text(encoding="utf-8")
    expected = (GOLDEN / f"{name}.keras3.txt").read_text(encoding="utf-8")
    assert_same_text(run_keras_script(code), expected, name)


def _with_keras2_names(print_summary):
    def renamed(model, *args, **kwargs):
        objects, stack = [], [model]
        while stack:
            obj = stack.pop()
            if any(obj is seen for seen in objects):
                continue
            objects.append(obj)
            stack.extend(getattr(obj, "_operations", None) or getattr(obj, "layers", None) or [])
        saved = [(obj, obj.name) for obj in objects]
        for obj in objects:
            obj.name = KERAS2_RENAMES.get(obj.name, obj.name)
        try:
            return print_summary(model, *args, **kwargs)
        finally:
            for obj, name in saved:
                obj.name = name
    return renamed


@pytest.mark.parametrize("name", KERAS2_CASES)
def test_keras2_summary_matches_real_keras2(name, monkeypatch):
    if name not in KERAS2_SAME_NAMES:
        monkeypatch.setattr(summary, "print_summary", _with_keras2_names(summary.print_summary))
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


# ------------------------------------------------------------------ properties
# (The renderer is also fuzzed against real rich by
#  tests/fixtures/check_texttable_vs_rich.py, which needs rich and so runs in
#  the Keras venv, not here.)
_cell_text = st.text(alphabet=st.sampled_from(list("ab_ (),[]0123456789") + ["卷", "é", "└"]),
                     max_size=40)


@settings(max_examples=150, deadline=None)
@given(line_length=st.integers(30, 130),
       cuts=st.lists(st.floats(0.05, 0.95), min_size=1, max_size=4, unique=True),
       rows=st.lists(st.lists(_cell_text, min_size=5, max_size=5), max_size=4))
def test_table_lines_are_rectangular(line_length, cuts, rows):
    positions = sorted(cuts) + [1.0]
    widths, current = [], 0
    for pos in positions:
        widths.append(int(pos * line_length) - current)
        current += widths[-1]
    if min(widths) < 4:
        return  # Keras raises "Insufficient console width" first
    n = len(widths)
    lines = _texttable.render_table([f"h{i}" for i in range(n)], [r[:n] for r in rows],
                                    widths, ["left", "right", "center", "left", "left"][:n],
                                    line_length)
    expected = min(line_length, 80)
    assert all(_texttable.cell_len(line) == expected for line in lines)
    assert lines[0][0] == "┏" and lines[-1][0] == "└"
