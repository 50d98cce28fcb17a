"""Subclassed layers and models, and ops on symbolic tensors, against real Keras.

Golden data: ``tests/fixtures/symbolic/<name>.json`` holds what real Keras 3.15.1 (torch
backend) printed and raised running ``tests/fixtures/symbolic/scripts/<name>.py``
(made by ``tests/fixtures/generate_symbolic_fixtures.py``). Each script runs here unchanged
through ``calculator.runner``; stdout must be the same text, the exception the same type
(and for the errors Keras words itself, the same message).

The hand-derived tests below cover what Keras does not fail on but ConvDims refuses (a
branch on a tensor's value inside ``call()``) and shape rules of single ops.
"""

import difflib
import importlib.util
import json
from pathlib import Path

import pytest

from calculator import core
from calculator.runner import run_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "symbolic"
CASES = sorted(p.stem for p in FIXTURES.glob("*.json"))
#: Keras's own wording, reproduced exactly (other errors are ConvDims's, same type).
SAME_MESSAGE = {"error_bool", "error_float", "error_input_spec", "error_broadcast", "error_concatenate",
                "error_getitem", "error_split", "attention_mha", "error_depth_to_space",
                "error_space_to_depth", "error_block_size", "model_set_weights",
                "error_tensordot_axes", "error_one_hot_axis"}


def run(code):
    try:
        return run_script(code).stdout, None
    except Exception as exc:  # noqa: BLE001 - the error is part of what is compared
        return getattr(exc, "stdout", ""), exc


def test_fixtures_present():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", CASES)
def test_script_matches_keras(name):
    golden = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    code = (FIXTURES / "scripts" / f"{name}.py").read_text(encoding="utf-8")
    if "import numpy" in code and importlib.util.find_spec("numpy") is None:
        # Inside Pyodide's test run there is no numpy (without it a script stops where a
        # numpy value is needed: tests/calculator/test_script_compat.py); the native run
        # checks these scripts against Keras.
        pytest.skip("the script needs numpy, which this interpreter does not have")
    stdout, error = run(code)
    if stdout != golden["stdout"]:
        diff = "".join(difflib.unified_diff(
            golden["stdout"].splitlines(True), stdout.splitlines(True),
            fromfile=f"{name} (real Keras)", tofile=f"{name} (calculator)"))
        pytest.fail(f"stdout differs from real Keras:\n{diff}\nerror: {error!r}", pytrace=False)
    want = golden["error"]
    if want is None:
        assert error is None, f"Keras ran {name} without error; we raised {error!r}"
        return
    assert error is not None, f"Keras raised {want['type']}; we did not"
    assert type(error).__name__ == want["type"], (error, want)
    if name in SAME_MESSAGE:
        assert str(error) == want["message"]
    assert error.line is not None  # the runner points at the script line


def test_call_error_names_layer_and_wraps_cause():
    """Keras's RuntimeError for a call() that breaks a shape rule, with the rule inside."""
    code = (FIXTURES / "scripts" / "error_shape_in_call.py").read_text(encoding="utf-8")
    _, error = run(code)
    message = str(error)
    assert message.startswith("Exception encountered when calling Bad.call().")
    assert "Could not automatically infer the output shape / dtype of 'bad' (of type Bad)" in message
    assert "Cannot broadcast shape" in message and "4" in message and "6" in message
    assert error.line == 11  # `return self.a(x) + x`


# ------------------------------------------------------------------ refusals
def test_branch_on_tensor_value_in_call_is_refused_with_line():
    code = (
        "import keras\n"
        "class Gate(keras.layers.Layer):\n"
        "    def call(self, x):\n"
        "        if keras.ops.mean(x) > 0:\n"
        "            return x\n"
        "        return -x\n"
        "y = Gate()(keras.Input(shape=(4,)))\n"
    )
    _, error = run(code)
    assert isinstance(error, NotImplementedError)
    assert "Gate.call()" in str(error) and "`if`" in str(error)
    assert error.line == 4


def test_ops_on_plain_values_are_refused():
    _, error = run("import keras\ny = keras.ops.exp(3.0)\n")
    assert isinstance(error, NotImplementedError)
    assert "exp()" in str(error) and "symbolic" in str(error)
    assert error.line == 2


def test_call_returning_non_tensor_is_refused():
    code = (
        "import keras\n"
        "class Count(keras.layers.Layer):\n"
        "    def call(self, x):\n"
        "        return 3\n"
        "y = Count()(keras.Input(shape=(4,)))\n"
    )
    _, error = run(code)
    assert isinstance(error, NotImplementedError) and "Count.call() returned int" in str(error)


# ------------------------------------------------------------------ shape rules (hand-derived)
def _tensor(*shape):
    core.clear_session()
    from calculator.models import Input
    return Input(shape=shape)


def test_broadcasting_rules():
    from calculator.symbolic_ops import broadcast_shapes
    assert broadcast_shapes((None, 8, 3), (3,)) == (None, 8, 3)
    assert broadcast_shapes((None, 1, 5), (None, 4, 1)) == (None, 4, 5)
    with pytest.raises(ValueError, match="Cannot broadcast shape"):
        broadcast_shapes((None, 4), (None, 6))


def test_reshape_infers_minus_one_from_the_total_size():
    from calculator.keras import ops
    x = _tensor(4, 6, 3)
    # batch unknown: -1 stays unknown; with a fixed batch the size 2*4*6*3 = 144 fills -1
    assert ops.reshape(x, (-1, 24, 3)).shape == (None, 24, 3)
    fixed = ops.reshape(x[0], (-1, 9))  # 4*6*3 = 72 values -> (8, 9)
    assert fixed.shape == (8, 9)
    with pytest.raises(ValueError, match="total size"):
        ops.reshape(x[0], (-1, 7))


def test_split_and_slicing_shapes():
    from calculator.keras import ops
    x = _tensor(10, 6)
    parts = ops.split(x, [2, 5], axis=1)  # cuts at 2 and 5 of 10: sizes 2, 3, 5
    assert [p.shape for p in parts] == [(None, 2, 6), (None, 3, 6), (None, 5, 6)]
    assert x[:, 1:9:3].shape == (None, 3, 6)  # rows 1, 4, 7
    with pytest.raises(ValueError, match="out-of-bounds index"):  # Keras's type and words
        x[:, 10]


def test_weight_operands_inside_call_and_unnamed_weights():
    code = (
        "import keras\n"
        "class Scale(keras.layers.Layer):\n"
        "    def build(self, input_shape):\n"
        "        self.g = self.add_weight(shape=(input_shape[-1],))\n"
        "    def call(self, x):\n"
        "        return x * self.g\n"
        "layer = Scale()\n"
        "y = layer(keras.Input(shape=(5, 7)))\n"
        "print(y.shape, layer.count_params(), layer.weights[0].path)\n"
    )
    stdout, error = run(code)
    assert error is None
    assert stdout == "(None, 5, 7) 7 scale/variable\n"  # one scale per channel: 7


def test_subclassed_layer_in_a_nested_functional_reruns_its_trace():
    """Calling a functional model that holds a subclassed layer on a new input recomputes
    that layer's shape by tracing (not by assuming it keeps its input's shape)."""
    code = (
        "import keras\n"
        "from keras import layers\n"
        "class Down(keras.layers.Layer):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.pool = layers.MaxPooling2D()\n"
        "    def call(self, x):\n"
        "        return self.pool(x)\n"
        "inner_in = keras.Input(shape=(None, None, 3))\n"
        "inner = keras.Model(inner_in, Down()(inner_in))\n"
        "outer = inner(keras.Input(shape=(32, 16, 3)))\n"
        "print(outer.shape)\n"
    )
    stdout, error = run(code)
    assert error is None
    assert stdout == "(None, 16, 8, 3)\n"  # 2x2 pooling halves 32 and 16


def test_keras2_layout_refuses_models_with_op_rows():
    """Keras 2 prints ops as TensorFlow op layers (TFOpLambda); rather than a table without
    those rows, the classic layout says it cannot print them."""
    from calculator import summary
    code = (FIXTURES / "scripts" / "ops_operators.py").read_text(encoding="utf-8")
    with summary.summary_style("keras2"):
        _, error = run(code)
    assert isinstance(error, NotImplementedError)
    assert "TFOpLambda" in str(error) and "add, multiply, subtract" in str(error)
    assert error.line == 15  # model.summary()


def test_macs_of_subclassed_layers_sum_the_calls_in_call():
    """MACs of a subclassed layer are those of the layer calls its call() makes."""
    from calculator import stats
    code = (FIXTURES / "scripts" / "resnet34.py").read_text(encoding="utf-8")
    model = run_script(code).models[-1]
    rows = {row["name"]: row["macs"] for row in stats.model_stats(model)["layers"]}
    # a 64-filter block on 56x56x64: two 3x3 convolutions, 56*56*9*64*64 each
    assert rows["basic_block"] == 2 * 56 * 56 * 9 * 64 * 64
    # the first 128-filter block (stride 2, 28x28 out): 3x3 64->128, 3x3 128->128, and the
    # shortcut Sequential's 1x1 64->128 convolution
    assert rows["basic_block_3"] == (28 * 28 * 9 * 64 * 128 + 28 * 28 * 9 * 128 * 128
                                     + 28 * 28 * 64 * 128)


def test_forgotten_super_init_is_named():
    code = (
        "import keras\n"
        "class L(keras.layers.Layer):\n"
        "    def __init__(self):\n"
        "        self.d = keras.layers.Dense(3)\n"
        "    def call(self, x):\n"
        "        return self.d(x)\n"
        "y = L()(keras.Input(shape=(4,)))\n"
    )
    _, error = run(code)
    # Keras on torch fails where the sublayer is assigned (torch.nn.Module's rule)
    assert isinstance(error, AttributeError) and "super().__init__()" in str(error)
    assert str(error).startswith("cannot assign module before Module.__init__() call")
    assert error.line == 4


def test_call_with_two_tensor_arguments_and_dynamic_reshape():
    code = (
        "import keras\n"
        "from keras import ops\n"
        "class Mix(keras.layers.Layer):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.d = keras.layers.Dense(8)\n"
        "    def call(self, a, b):\n"
        "        y = self.d(a) + b\n"
        "        return ops.reshape(y, (ops.shape(y)[0], -1, 2))\n"
        "a, b = keras.Input(shape=(3,)), keras.Input(shape=(8,))\n"
        "layer = Mix()\n"
        "print(layer(a, b).shape, layer.count_params())\n"
    )
    stdout, error = run(code)
    assert error is None
    # Dense 3 -> 8: 3*8 + 8 = 32 params; the batch read from the traced shape stays unknown
    assert stdout == "(None, 4, 2) 32\n"


def test_receptive_field_through_subclassed_layers():
    """The field is followed through the graph call() forms, shortcut and add included."""
    from calculator import stats
    code = (FIXTURES / "scripts" / "resnet34.py").read_text(encoding="utf-8")
    model = run_script(code).models[-1]
    rows = {row["name"]: row["receptive_field"] for row in stats.model_stats(model)["layers"]}
    # stem: 7x7 stride 2 -> r 7, j 2; 3x3 pool stride 2 -> r 7 + 2*2 = 11, j 4
    assert rows["max_pooling2d"] == [[11, 4], [11, 4]]
    # each stride-1 block: two 3x3 convolutions add 2*4 each -> 11 + 16 = 27
    assert rows["basic_block"] == [[27, 4], [27, 4]]
    assert rows["basic_block_2"] == [[59, 4], [59, 4]]
    # the first stride-2 block: 3x3 stride 2 (59 + 2*4 = 67, j 8), then 3x3 (67 + 2*8 = 83);
    # the 1x1 stride-2 shortcut sees only 59, and the add keeps the wider field: 83
    assert rows["basic_block_3"] == [[83, 8], [83, 8]]


def test_stats_of_a_layer_with_its_own_compute_output_shape():
    """Keras never runs call() of such a layer when called; statistics trace it afterwards
    (sublayers already built, nothing changes)."""
    from calculator import stats
    code = (
        "import keras\n"
        "class Down(keras.layers.Layer):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.conv = keras.layers.Conv2D(4, 3, strides=2, padding='same')\n"
        "    def call(self, x):\n"
        "        return self.conv(x)\n"
        "    def compute_output_shape(self, s):\n"
        "        return (s[0], s[1] // 2, s[2] // 2, 4)\n"
        "inp = keras.Input(shape=(16, 16, 3))\n"
        "model = keras.Model(inp, Down()(inp))\n"
    )
    model = run_script(code).models[-1]
    row = stats.model_stats(model)["layers"][0]
    # 3x3 stride 2 'same' on 16x16x3 -> 8x8x4: 8*8 positions * 9*3 inputs * 4 filters
    assert row["macs"] == 8 * 8 * 9 * 3 * 4
    assert row["params"] == 9 * 3 * 4 + 4
    assert row["receptive_field"] == [[3, 2], [3, 2]]


def test_page_entry_point_runs_subclassed_models_and_ops():
    """The page's `run` request: the same printed text, models listed with Keras's totals."""
    from calculator import api
    golden = json.loads((FIXTURES / "resnet34.json").read_text(encoding="utf-8"))
    code = (FIXTURES / "scripts" / "resnet34.py").read_text(encoding="utf-8")
    response = api.handle({"op": "run", "code": code})
    assert response["ok"], response
    assert response["stdout"] == golden["stdout"]
    model = response["models"][-1]
    assert (model["name"], model["total"]) == ("resnet34", 21_814_696)
    unbuilt = api.handle({"op": "run", "code": (FIXTURES / "scripts" / "model_unbuilt.py").read_text(
        encoding="utf-8")})
    assert unbuilt["ok"] and unbuilt["models"][0]["total"] == 0


def test_random_draws_outside_call_are_torch_tensors():
    """As Keras's torch backend returns them: shape-only here, enough to call a layer on."""
    out, error = run("import keras\nnoise = keras.random.normal(shape=(2, 3))\n"
                     "print(noise.shape, noise.dtype)\n"
                     "print(keras.layers.Dense(4)(noise).shape)\n"
                     "print(keras.random.randint((5,), 0, 9).dtype)\n")
    assert error is None
    assert out == "torch.Size([2, 3]) torch.float32\ntorch.Size([2, 4])\ntorch.int32\n"


def test_ops_in_a_nested_functional_rerun_on_new_shapes():
    code = (
        "import keras\n"
        "x = keras.Input(shape=(None, 3))\n"
        "inner = keras.Model(x, keras.ops.mean(x[:, 1:] * 2.0, axis=-1))\n"
        "print(inner(keras.Input(shape=(10, 3))).shape)\n"
    )
    stdout, error = run(code)
    assert error is None
    assert stdout == "(None, 9)\n"  # rows 1..9 of 10, the 3 channels averaged away


def test_issue_resnet34_of_residual_block_subclasses_counts_every_parameter():
    """The issue's figure: ResNet-34 from subclassed blocks with 10 classes has 21,306,826
    parameters: the 1000-class model Keras reports (fixture: 21,814,696) with a Dense head of
    512*10 + 10 instead of 512*1000 + 1000."""
    code = (FIXTURES / "scripts" / "resnet34.py").read_text(encoding="utf-8")
    code = code.replace("model = resnet34()", "model = resnet34(num_classes=10)")
    model = run_script(code).models[-1]
    assert model.count_params() == 21_814_696 - (512 * 1000 + 1000) + (512 * 10 + 10) == 21_306_826


def test_tensor_from_plain_data_is_refused_where_its_values_are_needed():
    """``ops.convert_to_tensor(1e-9)`` has a shape and dtype but no values: joined with a
    symbolic tensor it is an operand; printed or used with plain numbers it is refused."""
    for line in ("print(c)", "c + 1", "float(c)", "ops.add(c, c)"):
        code = f"from keras import ops\nc = ops.convert_to_tensor(1e-9)\n{line}\n"
        with pytest.raises(NotImplementedError):
            run_script(code)
