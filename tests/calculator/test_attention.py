"""MultiHeadAttention and EinsumDense: the statistics and rules real Keras does not print.

Shapes, parameters, weights, sublayer names, summaries and errors are checked against real
Keras in ``test_symbolic`` (``symbolic/scripts/attention_*.py``) and the script corpus
(``scripts/vit_keras_io.py``); here, hand derivations of MACs and the receptive field."""

import doctest

import pytest

from calculator import keras, stats
from calculator.layers import _einsum


def test_einsum_rule_doctests():
    assert doctest.testmod(_einsum).failed == 0


def test_self_attention_macs_by_hand():
    # T = S = 10 positions, 16 features, H = 2 heads of key_dim = value_dim = 8:
    # projections q, k, v: 10·16·2·8 each; scores 2·10·10·8; weighted sum 2·10·10·8;
    # output projection 10·2·8·16.
    x = keras.Input((10, 16))
    y = keras.layers.MultiHeadAttention(num_heads=2, key_dim=8)(x, x)
    model = keras.Model(x, y)
    row = stats.model_stats(model)["layers"][-1]
    assert row["macs"] == 3 * 10 * 16 * 2 * 8 + 2 * 10 * 10 * (8 + 8) + 10 * 2 * 8 * 16
    assert row["receptive_field"] is None  # every output position reads every input position


def test_cross_attention_macs_use_value_length():
    q, v = keras.Input((10, 16)), keras.Input((5, 12))
    mha = keras.layers.MultiHeadAttention(num_heads=3, key_dim=4, value_dim=6)
    mha(q, v)
    # q 10·16·3·4, k 5·12·3·4, v 5·12·3·6, scores 3·10·5·4, sum 3·10·5·6, out 10·3·6·16
    assert mha.macs() == (10 * 16 * 12 + 5 * 12 * 12 + 5 * 12 * 18 + 3 * 10 * 5 * (4 + 6)
                          + 10 * 18 * 16)


def test_unknown_length_gives_unknown_macs():
    x = keras.Input((None, 16))
    mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=8)
    mha(x, x)
    assert mha.macs() is None


def test_einsum_dense_macs_and_window():
    x = keras.Input((10, 16))
    y = keras.layers.EinsumDense("abc,cd->abd", output_shape=(None, 32), bias_axes="d")(x)
    layer = y._keras_history[0]
    assert stats.layer_stats(layer, (None, 10, 16), (None, 10, 32))["macs"] == 10 * 32 * 16
    assert stats.layer_window(layer) == ("keep", None)
    mixing = keras.layers.EinsumDense("abc,bd->adc", output_shape=(4, 16))
    mixing(x)
    assert stats.layer_window(mixing) == ("global", None)


def test_arange_outside_call_is_refused():
    import pytest
    with pytest.raises(NotImplementedError, match="arange"):
        keras.ops.arange(5)


def test_layer_op_self_and_cross_attention_and_derivation_agree():
    from calculator import api
    cases = [({"num_heads": "4", "key_dim": "64"}, "144, 64", 66368),
             ({"num_heads": "2", "key_dim": "4", "use_gate": "true"}, "(10, 16), (5, 12)", 624),
             ({"num_heads": "2", "key_dim": "4", "use_bias": "false", "output_shape": "(3, 5)"},
              "(10, 16), (5, 12), (5, 7)", 16 * 8 + 7 * 8 + 12 * 8 + 8 * 15)]
    for args, shape, params in cases:
        r = api.handle({"op": "layer", "layer": "MultiHeadAttention", "args": args,
                        "input_shape": shape})
        assert r["ok"], r
        assert r["params"] == params
        d = r["derivation"]
        steps = [s["title"] for s in d["steps"]]
        assert steps[:4] == ["Projections", "Attention", "Output shape", "Parameters"]
        assert "Note" not in steps  # the closed formula gave the layer's count
        assert "query/kernel" in d["steps"][4]["text"]


def test_layer_op_keeps_an_einsum_equation_as_text():
    from calculator import api
    r = api.handle({"op": "layer", "layer": "EinsumDense",
                    "args": {"equation": "abc,cd->abd", "output_shape": "(10, 8)", "bias_axes": "d"},
                    "input_shape": "10, 16"})
    assert r["ok"], r
    assert r["output_shape_text"] == "(None, 10, 8)" and r["params"] == 16 * 8 + 8


def test_dot_product_and_additive_attention_shapes_and_weights():
    """Output ``(*query[:-1], value[-1])``, scores ``(*query[:-1], key[-2])``; Attention's
    scalar ``scale``/``concat_score_weight``, AdditiveAttention's ``scale (dim,)``."""
    from calculator.keras import Input, layers
    q, v, k = Input((5, 4)), Input((6, 9)), Input((8, 3))
    assert layers.Attention()([q, v]).shape == (None, 5, 9)
    att = layers.Attention(use_scale=True, score_mode="concat")
    out, scores = att([q, v, k], return_attention_scores=True)
    assert (out.shape, scores.shape) == ((None, 5, 9), (None, 5, 8))
    assert [(w.name, w.shape) for w in att.weights] == [("scale", ()), ("concat_score_weight", ())]
    assert att.count_params() == 2
    add = layers.AdditiveAttention()
    add([q, v])
    assert [(w.name, w.shape) for w in add.weights] == [("scale", (4,))]
    plain = layers.AdditiveAttention(use_scale=False)
    plain([q, v])
    assert plain.count_params() == 0


def test_dot_product_attention_rejects_what_keras_rejects():
    from calculator.keras import Input, layers
    q = Input((5, 4))
    with pytest.raises(ValueError, match=r"must be called on a list of inputs.*inputs=\(\(None, 5, 4\)"):
        layers.Attention()((q, q))
    with pytest.raises(ValueError, match="Received: inputs=\\(None, 5, 4\\)"):
        layers.AdditiveAttention()(q)
    with pytest.raises(ValueError, match="accepts inputs list of length 2 or 3.*Received length: 1"):
        layers.Attention()([q])
    with pytest.raises(ValueError, match="score_mode=x"):
        layers.Attention(score_mode="x")
