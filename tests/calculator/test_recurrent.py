"""Recurrent and sequence layers, held to real Keras 3.

Golden data: ``tests/fixtures/recurrent/cases.json``, recorded from Keras 3.15.1 (torch) by
``tests/fixtures/generate_recurrent_fixtures.py``. Each case is ``x = keras.Input(shape=S);
layer = keras.layers.X(**kwargs); y = layer(x)``; a keyword argument that is a layer is stored
as ``{"__layer__": class, "kwargs": {...}}``. Compared: every output shape (a list for
``return_state`` and ``merge_mode=None``), parameter counts, and each weight's path, shape and
trainable flag; for failing cases the exception type and stage, and the message begins with
Keras's own text (a plain-words explanation may follow).

The parameter rules are also checked by hand derivation below, independently of Keras.
Pure stdlib + pytest (runs inside Pyodide too).
"""

from __future__ import annotations

import json
import os
import re

import pytest

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures", "recurrent",
                       "cases.json")
with open(FIXTURE, encoding="utf-8") as f:
    CASES = json.load(f)["cases"]


#: Failing cases whose message is the calculator's own (same type and stage as Keras):
OWN_WORDING = {
    # Keras builds the wrapped layer without its input check and fails in the conv op; the
    # calculator names the rank rule that breaks.
    "TimeDistributed-conv2d-no-time-axis",
}


def sets_sorted(text):
    """Keras prints Python sets (``{'same', 'valid'}``) in hash order: sort their items."""
    return re.sub(r"\{('[^{}]*')\}", lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", text)


def make(value, layers):
    """Stored arguments back to Python: nested layer specs -> layers, other lists -> tuples
    (a list of layer specs stays a list: stacked cells)."""
    if isinstance(value, dict) and "__layer__" in value:
        return getattr(layers, value["__layer__"])(**{k: make(v, layers) for k, v in value["kwargs"].items()})
    if isinstance(value, list):
        items = [make(v, layers) for v in value]
        return items if any(isinstance(v, dict) and "__layer__" in v for v in value) else tuple(items)
    return value


def shapes_of(y):
    """A tensor's shape, or a shape, as a list; a structure of them as nested lists."""
    if isinstance(y, (list, tuple)) and (not y or not isinstance(y[0], (int, type(None)))):
        return [shapes_of(t) for t in y]
    return list(y if isinstance(y, (list, tuple)) else y.shape)


def flat_shapes(shapes):
    if shapes and isinstance(shapes[0], list):
        return [s for item in shapes for s in flat_shapes(item)]
    return [shapes]


def build(case):
    from calculator.keras import Input, backend, layers

    backend.clear_session()
    stage = "input"
    try:
        extra = {"dtype": case["input_dtype"]} if "input_dtype" in case else {}
        x = Input(shape=tuple(case["input_shape"]), **extra)
        stage = "init"
        kwargs = {k: make(case["kwargs"][k], layers) for k in case["kwargs_order"]}  # Keras's creation order
        layer = getattr(layers, case["layer"])(**kwargs)
        stage = "call"
        y = layer(x)
    except Exception as e:  # noqa: BLE001 - compared with what Keras raised
        return "error", stage, e
    return "ok", layer, y


def size(shape):
    n = 1
    for d in shape:
        n *= d
    return n


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_recurrent_layer_matches_keras(case):
    kind, a, b = build(case)
    if "error_type" in case:
        assert kind == "error", f"{case['id']}: Keras raises {case['error_type']}: {case['error_message']}"
        stage, exc = a, b
        assert (type(exc).__name__, stage) == (case["error_type"], case["error_stage"]), (
            f"{case['id']}: Keras raises {case['error_type']} at {case['error_stage']} "
            f"({case['error_message']!r}); the calculator {type(exc).__name__} at {stage}: {exc}")
        keras_text = case["error_message"].rstrip()
        if case["id"] in OWN_WORDING or keras_text.startswith("<class "):
            return
        # The variable path in "Shapes used to initialize variables ..." is named by the core
        # object model without the parent layer ('lstm_cell/kernel' for 'lstm/lstm_cell/kernel').
        keras_text = keras_text.split(" for variable path=")[0]
        assert sets_sorted(str(exc)).startswith(sets_sorted(keras_text)), (
            f"{case['id']}\n  Keras: {keras_text}\n  ours:  {exc}")
        return
    assert kind == "ok", f"{case['id']}: Keras gives {case['output']}; the calculator raised {b!r} at {a}"
    layer, y = a, b
    got = {
        "output": shapes_of(y),
        "params": layer.count_params(),
        "trainable": sum(size(w.shape) for w in layer.trainable_weights),
        "non_trainable": sum(size(w.shape) for w in layer.non_trainable_weights),
        "weights": [[w.path, list(w.shape), w.trainable] for w in layer.weights],
    }
    want = {k: case[k] for k in got}
    assert got == want, case["id"]


def test_fixture_covers_the_families():
    names = {c["layer"] for c in CASES}
    assert {"SimpleRNN", "LSTM", "GRU", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Bidirectional",
            "TimeDistributed", "Embedding"} <= names
    assert len({c["id"] for c in CASES}) == len(CASES) > 300


# ------------------------------------------------------------------ hand derivations
@pytest.mark.parametrize("units,features", [(1, 1), (4, 3), (32, 16), (7, 100)])
def test_parameter_rules_by_hand(units, features):
    """SimpleRNN ``U(D+U+1)``; LSTM ``4(U(D+U)+U)``; GRU ``3(U(D+U)+2U)`` (reset_after) or
    ``3(U(D+U)+U)``; Bidirectional doubles; TimeDistributed(Dense) is the Dense's ``D·U+U``."""
    from calculator.keras import Input, layers

    u, d = units, features
    x = Input(shape=(9, d))
    assert layers.SimpleRNN(u)(x) is not None
    checks = [
        (layers.SimpleRNN(u), u * (d + u + 1)),
        (layers.LSTM(u), 4 * (u * (d + u) + u)),
        (layers.GRU(u), 3 * (u * (d + u) + 2 * u)),
        (layers.GRU(u, reset_after=False), 3 * (u * (d + u) + u)),
        (layers.Bidirectional(layers.LSTM(u)), 2 * 4 * (u * (d + u) + u)),
        (layers.TimeDistributed(layers.Dense(u)), d * u + u),
        (layers.RNN([layers.LSTMCell(u), layers.SimpleRNNCell(2)]), 4 * (u * (d + u) + u) + 2 * (u + 2 + 1)),
    ]
    for layer, params in checks:
        layer(x)
        assert layer.count_params() == params, type(layer).__name__


def test_conv_lstm_parameters_by_hand():
    """ConvLSTM2D: ``4F·(k_h·k_w·(C + F)) + 4F``; the output length follows the conv rule."""
    from calculator.keras import Input, layers

    layer = layers.ConvLSTM2D(6, (3, 5), strides=2, padding="valid")
    y = layer(Input(shape=(4, 11, 20, 3)))
    assert layer.count_params() == 4 * 6 * (3 * 5 * (3 + 6)) + 4 * 6
    assert y.shape == (None, (11 - 3) // 2 + 1, (20 - 5) // 2 + 1, 6)


def test_return_state_unpacks_like_keras():
    from calculator.keras import Input, layers

    seq, h, c = layers.LSTM(5, return_sequences=True, return_state=True)(Input(shape=(7, 2)))
    assert (seq.shape, h.shape, c.shape) == ((None, 7, 5), (None, 5), (None, 5))


def test_cells_run_only_inside_rnn():
    from calculator.keras import Input, layers

    with pytest.raises(NotImplementedError, match=r"RNN\(LSTMCell"):
        layers.LSTMCell(3)(Input(shape=(4,)))


# ------------------------------------------------------------------ statistics
def test_macs_by_hand():
    """Recurrent MACs: ``T·g·U·(D+U)``; ConvLSTM ``T·P_out·k·4F·(C+F)``; Bidirectional both
    directions; TimeDistributed ``T·`` the wrapped layer's."""
    from calculator import stats
    from calculator.keras import Input, layers

    def macs(layer, shape):
        x = Input(shape=shape)
        layer(x)
        return stats.layer_stats(layer)["macs"]

    assert macs(layers.LSTM(32), (8, 16)) == 8 * 4 * 32 * (16 + 32)
    assert macs(layers.GRU(8, reset_after=False), (8, 32)) == 8 * 3 * 8 * (32 + 8)
    assert macs(layers.SimpleRNN(3, return_state=True), (20, 6)) == 20 * 3 * (6 + 3)
    assert macs(layers.Bidirectional(layers.GRU(8)), (8, 32)) == 2 * 8 * 3 * 8 * (32 + 8)
    assert macs(layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)]), (5, 2)) == 5 * (4 * 4 * 6 + 3 * 3 * 7)
    assert macs(layers.ConvLSTM2D(4, 3, strides=2), (5, 15, 15, 4)) == 5 * 7 * 7 * 9 * 16 * (4 + 4)
    assert macs(layers.TimeDistributed(layers.Conv2D(8, 3)), (5, 32, 32, 3)) == 5 * 30 * 30 * 9 * 3 * 8
    assert macs(layers.TimeDistributed(layers.MaxPooling2D()), (5, 8, 8, 3)) == 0
    assert macs(layers.Embedding(100, 8), (10,)) == 0


def test_unknown_lengths_give_unknown_counts():
    """A variable number of steps (or pixels) leaves MACs and activation memory unknown
    (``None``), never a guess; the model total is then unknown too."""
    from calculator import stats
    from calculator.keras import Input, Model, backend, layers

    backend.clear_session()
    x = Input(shape=(None, 16))
    y = layers.LSTM(4)(x)
    z = layers.Conv1D(8, 3)(x)
    model = Model(x, [y, z])
    rows = {r["name"]: r for r in stats.model_stats(model)["layers"]}
    assert rows["lstm"]["macs"] is None and rows["lstm"]["activation_bytes"] == 4 * 4
    assert rows["conv1d"]["macs"] is None and rows["conv1d"]["activation_bytes"] is None
    totals = stats.model_stats(model)["totals"]
    assert totals["macs"] is None and totals["activation_bytes"] is None
    assert stats.count_text(None) == "unknown" and stats.human_bytes(None) == "unknown"


def test_return_state_counts_every_output():
    from calculator import stats
    from calculator.keras import Input, Model, layers

    x = Input(shape=(7, 3))
    seq, h, c = layers.LSTM(5, return_sequences=True, return_state=True)(x)
    row = stats.model_stats(Model(x, [seq, h, c]))["layers"][0]
    assert row["output_shape"] == [(None, 7, 5), (None, 5), (None, 5)]
    assert row["activation_bytes"] == 4 * (7 * 5 + 5 + 5)


# ------------------------------------------------------------------ derivations
OK_CASES = [c for c in CASES if "error_type" not in c]


@pytest.mark.parametrize("case", OK_CASES, ids=[c["id"] for c in OK_CASES])
def test_derivation_lands_on_keras_numbers(case):
    """Each derivation's closed formulas give Keras's output shape(s) and parameter count."""
    from calculator import derive, stats

    kind, layer, y = build(case)
    assert kind == "ok"
    d = derive.derive_layer(layer)
    want = flat_shapes(case["output"])  # layer.output is flat, as in Keras (Node.output_tensors)
    assert flat_shapes(shapes_of(d["output_shape"])) == want
    if d["formula_shape"] is not None:
        assert flat_shapes(shapes_of(d["formula_shape"])) == want, case["id"]
    assert d["params"] == case["params"]
    if case["layer"] in ("SimpleRNN", "LSTM", "GRU", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Embedding"):
        assert d["formula_params"] is not None, case["id"]
    if d["formula_params"] is not None:
        assert d["formula_params"] == case["params"], case["id"]
    st = stats.layer_stats(layer)
    assert st["macs"] is None or isinstance(st["macs"], int)


def test_return_state_gives_tuples_as_keras():
    """Keras 3: an RNN or Bidirectional with return_state returns a tuple of tensors, and its
    compute_output_shape a tuple of shapes (printing them shows parentheses, not brackets)."""
    from calculator.keras import Input, layers
    x = Input((4, 2))
    out = layers.LSTM(3, return_state=True)(x)
    assert type(out) is tuple and [t.shape for t in out] == [(None, 3)] * 3
    assert layers.SimpleRNN(3, return_state=True, return_sequences=True).compute_output_shape(
        (None, 4, 2)) == ((None, 4, 3), (None, 3))
    bi = layers.Bidirectional(layers.GRU(3, return_state=True))
    assert bi.compute_output_shape((None, 4, 2)) == ((None, 6), (None, 3), (None, 3))
    assert type(bi(x)) is tuple
    assert type(layers.Bidirectional(layers.LSTM(3), merge_mode=None)(x)) is tuple
