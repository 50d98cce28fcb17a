"""``layer.get_config()`` printed as real Keras 3.15.1 prints it: keys in Keras's order,
``dtype`` as its policy, initializers, regularizers and constraints serialized with their full
configs. ``tests/fixtures/layer_configs.json`` holds Keras's ``repr`` of the config for every
layer class ConvDims has, built with its required arguments and with every serialized
argument set (``generate_config_fixtures.py``). Pure stdlib + pytest (also runs in Pyodide).
"""

import ast
import json
import os

import pytest

from calculator.core import clear_session
from calculator.keras import layers as L

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures",
                       "layer_configs.json")
with open(FIXTURE, encoding="utf-8") as _f:
    CASES = [(name, case["args"], case["config"])
             for name, cases in json.load(_f).items() for case in cases]


@pytest.mark.parametrize("name,args,config", CASES, ids=[f"{n}-{a}" for n, a, _ in CASES])
def test_config_prints_as_keras(name, args, config):
    clear_session()  # as the generator: auto-names from a fresh session
    layer = getattr(L, name)(**ast.literal_eval(args))
    assert repr(layer.get_config()) == config


@pytest.mark.parametrize("name,args,config", CASES[1::2], ids=[n for n, _, _ in CASES[1::2]])
def test_from_config_rebuilds_the_layer(name, args, config):
    clear_session()
    layer = getattr(L, name)(**ast.literal_eval(args))
    clone = type(layer).from_config(layer.get_config())
    assert repr(clone.get_config()) == config
    assert (clone.dtype, clone.compute_dtype) == (layer.dtype, layer.compute_dtype)


def test_factor_out_of_bounds_raises_keras_message():
    """A learner's ``RandomRotation(20)`` (degrees): Keras's message, recorded in the corpus."""
    with open(os.path.join(os.path.dirname(FIXTURE), "scripts_expected",
                           "hunt_learner_rotation_degrees.json"), encoding="utf-8") as f:
        keras_message = json.load(f)["80"]["error"]["message"]
    with pytest.raises(ValueError) as info:
        L.RandomRotation(20)
    assert str(info.value) == keras_message
    with pytest.raises(ValueError, match=r"in the range \[0, 1\]"):
        L.RandomContrast(-0.1)
    assert L.RandomContrast([0.3, 0.1]).factor == (0.1, 0.3)


def test_model_config_refuses_what_keras_serializes_by_registration():
    """A script's own layer class or a keras.ops node: Keras's serialized form depends on
    registration and op modules ConvDims does not model, so get_config() refuses by name."""
    from calculator import runner
    with pytest.raises(NotImplementedError, match="MyLayer"):
        runner.run_script(
            "import keras\nclass MyLayer(keras.layers.Layer):\n    def call(self, x):\n"
            "        return x\nx = keras.Input((3,))\nkeras.Model(x, MyLayer()(x)).get_config()\n")
    with pytest.raises(NotImplementedError, match="operation"):
        runner.run_script("import keras\nx = keras.Input((3,))\n"
                          "keras.Model(x, keras.ops.relu(x) * 2).get_config()\n")


def test_activation_set_to_none_after_construction_fails_to_serialize_as_in_keras():
    """Grad-CAM code sets ``model.layers[-1].activation = None``; Keras's get_config() then
    fails in ``activations.serialize(None)`` with a TypeError (scripts_expected/
    hunt6_gradcam_functional.json), while ``activation=None`` at construction is "linear"."""
    from calculator.keras import layers
    dense = layers.Dense(5, activation=None)
    assert dense.get_config()["activation"] == "linear"
    dense.activation = None
    with pytest.raises(TypeError, match="NoneType"):
        dense.get_config()
