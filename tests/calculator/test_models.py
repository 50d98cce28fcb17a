"""Models: Sequential, Functional, nesting, freezing, graph accessors.

The scripts below were run in real Keras 3.15.1 (torch backend, fresh process); the
expected text is what Keras printed. The calculator must print the same through the runner.
"""

import pytest

from calculator.core import clear_session
from calculator.keras import Input, Model, Sequential, layers as L
from calculator.runner import run_script

SCRIPT_1 = 'import math\nimport keras\nfrom keras import layers\ndef info(m):\n    print(m.name, type(m).__name__, [l.name for l in m.layers], m.count_params(),\n          sum(math.prod(w.shape) for w in m.trainable_weights), sum(math.prod(w.shape) for w in m.non_trainable_weights))\nm = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3), layers.BatchNormalization(), layers.Flatten(), layers.Dense(10)])\ninfo(m)\nm.trainable = False\ninfo(m)\nm.trainable = True\nm.layers[0].trainable = False\ninfo(m)\naug = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)], name="aug")\nprint(aug.built)\nouter = keras.Sequential([keras.Input((32, 32, 3)), aug, layers.Conv2D(4, 3), layers.GlobalAveragePooling2D(), layers.Dense(2)])\ninfo(outer); info(aug); print(aug.output_shape, outer.output_shape)\nbase = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(4, 3, name="c1")], name="base")\nbase.trainable = False\ntop = keras.Sequential([base, layers.Flatten(), layers.Dense(3)])\ninfo(top); print(top.input_shape, top.output_shape, [l.name for l in top._layers])\np = keras.Sequential()\np.add(layers.Dense(4, input_dim=3)); p.add(layers.Dense(2)); p.add(layers.Dense(1))\nprint(p.pop().name); info(p); print(p.output_shape)\nb = keras.Sequential([layers.Conv2D(2, 3), layers.Flatten()])\nb.build((None, 10, 10, 1)); info(b); print(b.output_shape)\ni1 = keras.Input((8,), name="a"); i2 = keras.Input((4,), name="b")\nshared = layers.Dense(5, name="shared")\nz = layers.Concatenate()([shared(i1), layers.Dense(8)(i2)])\nz2 = shared(layers.Dense(8)(z))\nmm = keras.Model(inputs=[i1, i2], outputs=[z, z2], name="mm")\ninfo(mm); print(mm.output_shape, mm.input_shape, len(shared._inbound_nodes))\nprint(mm.get_layer("shared").name, mm.get_layer(index=2).name)\ntry: mm.get_layer("nope")\nexcept Exception as e: print(type(e).__name__)\nnested_in = keras.Input((8,)); out = mm([nested_in, keras.Input((4,))])\nprint([o.shape for o in out])\n'

KERAS_OUTPUT_1 = "sequential Sequential ['conv2d', 'batch_normalization', 'flatten', 'dense'] 54202 54186 16\nsequential Sequential ['conv2d', 'batch_normalization', 'flatten', 'dense'] 54202 0 54202\nsequential Sequential ['conv2d', 'batch_normalization', 'flatten', 'dense'] 54202 54106 96\nFalse\nsequential_1 Sequential ['aug', 'conv2d_1', 'global_average_pooling2d', 'dense_1'] 122 122 0\naug Sequential ['random_flip', 'random_rotation'] 0 0 0\n(None, 32, 32, 3) (None, 2)\nsequential_2 Sequential ['base', 'flatten_1', 'dense_2'] 2467 2355 112\n(None, 16, 16, 3) (None, 3) ['input_layer_4', 'base', 'flatten_1', 'dense_2']\ndense_5\nsequential_3 Sequential ['dense_3', 'dense_4'] 26 26 0\n(None, 2)\nsequential_4 Sequential ['conv2d_2', 'flatten_2'] 20 20 0\n(None, 128)\nmm Functional ['a', 'b', 'shared', 'dense_6', 'concatenate', 'dense_7'] 197 197 0\n[(None, 13), (None, 5)] [(None, 8), (None, 4)] 2\nshared shared\nValueError\n[(None, 13), (None, 5)]\n"

SCRIPT_2 = 'import keras\nfrom keras import layers\nfrom keras.models import Sequential, Model\nfrom keras.layers import Conv2D, MaxPooling2D, Dense, Flatten, Dropout, Input\nmodel = Sequential()\nmodel.add(Conv2D(32, (3, 3), activation="relu", input_shape=(64, 64, 3)))\nmodel.add(MaxPooling2D((2, 2)))\nmodel.add(Conv2D(64, (3, 3), activation="relu"))\nmodel.add(MaxPooling2D((2, 2)))\nmodel.add(Flatten())\nmodel.add(Dropout(0.5))\nmodel.add(Dense(1, activation="sigmoid"))\nprint([l.output.shape for l in model.layers])\nprint([l.input.shape for l in model.layers])\nfm = Model(inputs=model.inputs, outputs=[l.output for l in model.layers[:3]])\nprint(fm.name, [l.name for l in fm.layers], fm.output_shape)\nprint(model.layers[0].input)\nprint(model.layers[0]._inbound_nodes[0].input_tensors)\nx = Input(shape=(10,))\nh = Dense(4)(x)\ninner = Model(x, h, name="inner")\ny = Input(shape=(10,))\no = inner(y)\no2 = Dense(1)(o)\nouter = Model(y, o2)\nprint(outer.name, [l.name for l in outer.layers], outer.count_params(), o.shape)\nprint([n.operation.name for n in inner._inbound_nodes])\ns = Sequential(name="named")\nprint(s.name, Sequential().name, Model(x, h).name, Input((2,)).name, layers.Dense(1).name)\nfor f in [lambda: Dense(3)(Input((2, 0))), lambda: Conv2D(2, 3, input_shape=(2, 2, 1)), lambda: Sequential([Conv2D(2, 3, input_shape=(2, 2, 1))]),\n          lambda: Sequential([Input((4,)), Dense(2, name="d"), Dense(2, name="d")]), lambda: Input(shape=(-1, 2)), lambda: Dense(2)([Input((2,)), Input((2,))]),\n          lambda: Sequential().count_params(), lambda: Sequential([Input((3,))]).output_shape]:\n    try: r = f(); print("OK", getattr(r, "shape", r))\n    except Exception as e: print(type(e).__name__)\n'

KERAS_OUTPUT_2 = "[(None, 62, 62, 32), (None, 31, 31, 32), (None, 29, 29, 64), (None, 14, 14, 64), (None, 12544), (None, 12544), (None, 1)]\n[(None, 64, 64, 3), (None, 62, 62, 32), (None, 31, 31, 32), (None, 29, 29, 64), (None, 14, 14, 64), (None, 12544), (None, 12544)]\nfunctional_7 ['input_layer', 'conv2d', 'max_pooling2d', 'conv2d_1'] [(None, 62, 62, 32), (None, 31, 31, 32), (None, 29, 29, 64)]\n<KerasTensor shape=(None, 64, 64, 3), dtype=float32, sparse=False, ragged=False, name=keras_tensor>\n[<KerasTensor shape=(None, 64, 64, 3), dtype=float32, sparse=False, ragged=False, name=keras_tensor>]\nfunctional_8 ['input_layer_2', 'inner', 'dense_2'] 49 (None, 4)\n['inner']\nnamed sequential_1 functional_9 keras_tensor_34 dense_3\nOK (None, 2, 3)\nOK <Conv2D name=conv2d_2, built=False>\nValueError\nValueError\nValueError\nValueError\nValueError\nAttributeError\n"


SCRIPT_3 = 'import math\nimport keras\nfrom keras import layers\ndef cnt(ws): return sum(math.prod(w.shape) for w in ws)\nbase = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(4, 3), layers.BatchNormalization(), layers.Conv2D(2, 3)], name="base")\ninp = keras.Input((16, 16, 3))\nx = base(inp, training=False)\nx = layers.GlobalAveragePooling2D()(x)\nout = layers.Dense(3)(x)\nmodel = keras.Model(inp, out)\nprint(cnt(model.trainable_weights), cnt(model.non_trainable_weights))\nbase.trainable = False\nprint(cnt(model.trainable_weights), cnt(model.non_trainable_weights))\nfor l in base.layers[-1:]: l.trainable = True\nprint(cnt(model.trainable_weights), cnt(model.non_trainable_weights), base.trainable)\nbase.trainable = True\nfor l in base.layers[:-1]: l.trainable = False\nprint(cnt(model.trainable_weights), cnt(model.non_trainable_weights))\nprint([w.path for w in model.weights])\nprint([w.name for w in base.layers[1].weights], [w.trainable for w in base.layers[1].weights])\nprint(len(base._inbound_nodes), [n.operation.name for n in model.layers[1]._inbound_nodes])\nd = layers.Dense(2)\nprint(d.built); d.build((None, 5)); print(d.built, d.count_params(), d.kernel.shape)\nc = layers.Conv2D(3, 3); y = c(keras.Input((9, 9, 2))); z = c(keras.Input((12, 12, 2)))\nprint(y.shape, z.shape, len(c._inbound_nodes), c.output.shape)\nseq = keras.Sequential([layers.Dense(4), layers.Dense(1)])\na = seq(keras.Input((3,))); print(a.shape, [l.name for l in seq.layers], seq.count_params())\nprint(keras.layers.Dense(3, kernel_initializer="he_normal", kernel_regularizer=keras.regularizers.l2(0.01), name="reg").name)\naug = keras.Sequential([layers.Conv2D(2, 1)], name="inner")\nouter = keras.Sequential([keras.Input((4, 4, 1)), aug, layers.Dense(2)], name="outer")\nprint([w.path for w in outer.weights])\ni = keras.Input((3,)); m = keras.Model(i, layers.Dense(2)(i), name="f")\ns = keras.Sequential([keras.Input((3,)), m, layers.Dense(1)], name="s")\nprint([w.path for w in s.weights])\n'

KERAS_OUTPUT_3 = "203 8\n9 202\n83 128 False\n83 128\n['base/conv2d/kernel', 'base/conv2d/bias', 'base/batch_normalization/gamma', 'base/batch_normalization/beta', 'base/batch_normalization/moving_mean', 'base/batch_normalization/moving_variance', 'base/conv2d_1/kernel', 'base/conv2d_1/bias', 'dense/kernel', 'dense/bias']\n['gamma', 'beta', 'moving_mean', 'moving_variance'] [False, False, False, False]\n1 ['base']\nFalse\nTrue 12 (5, 2)\n(None, 7, 7, 3) (None, 10, 10, 3) 2 (None, 7, 7, 3)\n(None, 1) ['dense_2', 'dense_3'] 21\nreg\n['outer/inner/conv2d_3/kernel', 'outer/inner/conv2d_3/bias', 'outer/dense_4/kernel', 'outer/dense_4/bias']\n['dense_5/kernel', 'dense_5/bias', 's/dense_6/kernel', 's/dense_6/bias']\n"


@pytest.mark.parametrize("script,expected", [(SCRIPT_1, KERAS_OUTPUT_1), (SCRIPT_2, KERAS_OUTPUT_2),
                                             (SCRIPT_3, KERAS_OUTPUT_3)],
                         ids=["script1", "script2", "script3"])
def test_same_printout_as_keras(script, expected):
    assert run_script(script).stdout.splitlines() == expected.splitlines()


@pytest.fixture(autouse=True)
def _fresh():
    clear_session()


def test_sequential_with_input_shape_kwarg():
    model = Sequential()
    model.add(L.Conv2D(filters=16, kernel_size=2, strides=2, padding="valid", activation="relu",
                       input_shape=(200, 200, 1)))
    # (200 - 2) // 2 + 1 = 100; 2*2*1*16 + 16 = 80
    assert model.output_shape == (None, 100, 100, 16)
    assert model.count_params() == 80
    assert [l.name for l in model.layers] == ["conv2d"]
    assert type(model._layers[0]).__name__ == "InputLayer"
    assert model.inputs[0].shape == (None, 200, 200, 1)


def test_each_add_rebuilds_like_keras():
    # Keras calls every layer again on each rebuild: conv2d gets one node per add after it
    model = Sequential([Input((8,))])
    first = L.Dense(4)
    model.add(first)
    model.add(L.Dense(2))
    model.add(L.Dense(1))
    assert len(first._inbound_nodes) == 3
    assert model._functional.name == "functional_2"


def test_unbuilt_sequential():
    model = Sequential([L.Dense(2)])
    assert not model.built
    with pytest.raises(AttributeError):
        model.output_shape
    with pytest.raises(ValueError):
        model.count_params()
    model.build((None, 3))
    assert model.output_shape == (None, 2) and model.count_params() == 8


def test_pop():
    model = Sequential([Input((3,)), L.Dense(4), L.Dense(2)])
    assert model.pop().name == "dense_1"
    assert model.output_shape == (None, 4)


def test_functional_multi_io_and_shared_layer():
    a, b = Input((8,), name="a"), Input((4,), name="b")
    shared = L.Dense(5, name="shared")
    z = L.Concatenate()([shared(a), L.Dense(8)(b)])     # 5 + 8 = 13
    model = Model([a, b], [z, shared(L.Dense(8)(z))])
    assert model.output_shape == [(None, 13), (None, 5)]
    assert model.input_shape == [(None, 8), (None, 4)]
    # shared 8*5+5 = 45 counted once; dense 4*8+8 = 40; dense_1 13*8+8 = 112 -> 197
    assert model.count_params() == 197
    assert len(shared._inbound_nodes) == 2
    assert type(model).__name__ == "Functional"


def test_nested_functional_and_graph_errors():
    x = Input((10,))
    inner = Model(x, L.Dense(4)(x), name="inner")
    y = Input((10,))
    out = L.Dense(1)(inner(y))
    outer = Model(y, out)
    assert [l.name for l in outer.layers] == ["input_layer_1", "inner", "dense_1"]
    assert outer.count_params() == 44 + 5
    with pytest.raises(ValueError):
        inner(Input((11,)))
    with pytest.raises(ValueError):
        Model(Input((3,)), L.Dense(2)(Input((3,))))   # graph disconnected


def test_freezing_moves_params_to_non_trainable():
    model = Sequential([Input((4, 4, 2)), L.Conv2D(3, 2), L.BatchNormalization()])
    total = model.count_params()            # 2*2*2*3 + 3 = 27; 4*3 = 12 -> 39
    assert total == 39
    model.trainable = False
    assert model.trainable_weights == [] and sum(w.size for w in model.non_trainable_weights) == 39
    model.trainable = True
    model.layers[0].trainable = False
    assert sum(w.size for w in model.trainable_weights) == 6   # gamma + beta


def test_training_methods_refuse_plainly():
    model = Sequential([Input((3,)), L.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    assert model.compiled
    for method in (model.fit, model.predict, model.evaluate, model.train_on_batch):
        with pytest.raises(NotImplementedError, match="does not train") as info:
            method([])
        assert str(info.value).startswith(f"model.{method.__name__}() is not run here: ConvDims")
    for method in (model.save, model.save_weights, model.load_weights):
        with pytest.raises(NotImplementedError, match=rf"model\.{method.__name__}\(\) has nothing"):
            method("model.keras")


def test_get_layer():
    model = Sequential([Input((3,)), L.Dense(1, name="out")])
    assert model.get_layer("out") is model.layers[0]
    assert model.get_layer(index=0) is model.layers[0]
    with pytest.raises(ValueError):
        model.get_layer("missing")


def test_input_validation():
    with pytest.raises(ValueError) as info:
        Input(shape=28)
    assert info.value.field == "input_shape"
    with pytest.raises(ValueError):
        Input(shape=(-1, 2))
    assert Input(shape=(3,), batch_size=8).shape == (8, 3)
    assert Input(batch_shape=(2, 5)).shape == (2, 5)


def test_summary_delegates_to_summary_module():
    model = Sequential([Input((3,)), L.Dense(2)])
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert 'Model: "sequential"' in text and "dense (Dense)" in text


def _connections(model):
    """``{operation name: [names of the operations it reads]}`` over the model's graph."""
    return {op.name: [t._keras_history[0].name for n in op._inbound_nodes if n.input_tensors
                      for t in n.input_tensors] for op in model.operations}


def test_an_embedding_mask_reaching_an_lstm_adds_not_equal_and_a_connection():
    """Keras 3: Embedding(mask_zero=True) puts a not_equal op's result on its output as the
    mask; an LSTM (its call takes mask) reads it, so both show in the functional graph."""
    t = Input((None,), dtype="int32")
    x = L.Embedding(100, 4, mask_zero=True)(t)
    assert x._keras_mask.shape == (None, None) and x._keras_mask.dtype == "bool"
    m = Model(t, L.LSTM(2)(x))
    assert [op.name for op in m.operations] == ["input_layer", "embedding", "not_equal", "lstm"]
    assert _connections(m)["lstm"] == ["embedding", "not_equal"]
    assert len(m.layers) == 3 and m.count_params() == 400 + 56
    t2 = Input((None,), dtype="int32")
    plain = Model(t2, L.LSTM(2)(L.Embedding(100, 4)(t2)))
    assert [op.name for op in plain.operations] == ["input_layer_1", "embedding_1", "lstm_1"]


def test_masking_adds_not_equal_and_any_and_the_mask_passes_dense_not_conv():
    """Masking's mask is any(not_equal(x, mask_value), axis=-1); Dense passes it on, Conv1D
    (no supports_masking) drops it."""
    t = Input((20, 8))
    x = L.Masking(mask_value=-1.0)(t)
    y = L.Dense(3)(x)
    assert y._keras_mask is x._keras_mask and x._keras_mask.shape == (None, 20)
    m = Model(t, L.LSTM(2)(y))
    assert _connections(m)["lstm"] == ["dense", "any"] and _connections(m)["any"] == ["not_equal"]
    assert not hasattr(L.Conv1D(2, 3)(x), "_keras_mask")


def test_a_mask_is_recorded_only_when_keras_does_not_copy_the_call_keywords():
    """LSTM(...)(x, training=False) gets the mask (its output carries it on) but Keras
    records no connection; get_config of the graph is refused for the mask's op row."""
    t = Input((None,), dtype="int32")
    x = L.Embedding(100, 8, mask_zero=True)(t)
    h = L.LSTM(8, return_sequences=True)(x, training=False)
    m = Model(t, L.GRU(4)(h))
    assert _connections(m)["lstm"] == ["embedding"] and _connections(m)["gru"] == ["lstm", "not_equal"]
    with pytest.raises(NotImplementedError, match="the operation 'not_equal'"):
        m.get_config()


def test_sequential_input_and_output_exist_only_after_a_call_as_keras_3():
    """Keras 3.15: a Sequential's ``.input``/``.output`` are its first call's (Operation's);
    built but never called -> AttributeError, while ``.inputs``/``.outputs`` work."""
    m = Sequential([Input((4,)), L.Dense(2)])
    assert m.inputs[0].shape == (None, 4) and m.outputs[0].shape == (None, 2)
    for attr in ("input", "output"):
        with pytest.raises(AttributeError, match=f"never been called.*model.{attr}s"):
            getattr(m, attr)
    x = Input((4,))
    y = m(x)
    assert m.input is x and m.output is y


def test_sequential_inside_a_traced_call_is_not_checked_against_its_first_trace():
    """DLwP's TransformerEncoder: a Sequential sublayer is built on Keras's first trace pass
    (unknown sizes as 83) and called again with 89; Keras's eager Functional.call does not
    check its input spec, so the layer traces (a symbolic call with a wrong shape still fails)."""
    from calculator import runner
    code = ("import keras\nfrom keras import layers\n"
            "class Enc(layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.proj = keras.Sequential([layers.Dense(4), layers.Dense(2)])\n"
            "    def call(self, x):\n"
            "        return self.proj(x)\n"
            "e = Enc()\nprint(e(keras.Input((None, 8))).shape, e.count_params())\n"
            "print(e.proj(keras.Input((83, 8))).shape)\n"
            "e.proj(keras.Input((89, 8)))\n")
    with pytest.raises(ValueError) as info:
        runner.run_script(code)
    assert info.value.stdout == "(None, None, 2) 46\n(None, 83, 2)\n" and info.value.line == 12


def test_an_explicit_mask_is_passed_on_to_a_later_rnn():
    """keras.io's video CNN-RNN: GRU(return_sequences=True)(x, mask=m) passes m on, and Keras
    connects it to the next GRU."""
    x = Input((20, 8))
    mask = Input((20,), dtype="bool")
    h = L.GRU(4, return_sequences=True)(x, mask=mask)
    model = Model([x, mask], L.GRU(2)(h))
    assert _connections(model)["gru_1"] == ["gru", "input_layer_1"]


def test_an_embedding_mask_reaching_attention_on_a_list_is_not_refused():
    """Keras hands no mask to a layer called on a list ([query, value]): the summary is exact."""
    from calculator import runner
    code = ("import keras\nt = keras.Input((None,), dtype='int32')\n"
            "x = keras.layers.Embedding(100, 8, mask_zero=True)(t)\n"
            "keras.Model(t, keras.layers.Attention()([x, x])).summary()\n")
    assert "attention" in runner.run_script(code).stdout


def test_config_nodes_record_the_keywords_keras_fills_in():
    """Keras records a call's training default (when not None) and, when call takes mask,
    the one tensor's mask (None included), unless it copied the keywords first (a keyword
    given, another dtype); a functional model never copies (config_nodes_* corpus scripts)."""
    def kwargs(model):
        return {layer["name"]: [n["kwargs"] for n in layer["inbound_nodes"]]
                for layer in model.get_config()["layers"]}

    t = Input((6, 4))
    y = L.Dropout(0.5, name="drop")(t)
    y = L.BatchNormalization(name="bn")(y)
    y = L.Dense(3, name="dense")(y)
    y = L.LSTM(3, return_sequences=True, name="lstm")(y)
    y = L.LSTM(3, name="lstm2")(y, training=True)
    got = kwargs(Model(t, y))
    assert got["drop"] == [{"training": False}] and got["bn"] == [{"mask": None}]
    assert got["dense"] == [{}] and got["lstm"] == [{"training": False, "mask": None}]
    assert got["lstm2"] == [{"training": True}]
    t64 = Input((6, 4), dtype="float64")
    assert kwargs(Model(t64, L.Dropout(0.5, name="d64")(t64)))["d64"] == [{}]
    i = Input((4,))
    inner = Model(i, L.Dense(2)(i), name="inner")
    x = Input((4,))
    got = kwargs(Model(x, [inner(x), inner(x, training=False)]))
    assert got["inner"] == [{"mask": None}, {"training": False, "mask": None}]
