"""Real learner scripts: Keras 2 code fails as in Keras 3 (type, message) plus the fix; TF names
that change no shape are accepted; without numpy, a script builds its model and fails only
where a numpy value is needed. Keras's messages quoted here were recorded from Keras 3.15.1
(``tests/fixtures/scripts_expected`` holds the whole scripts)."""

import warnings

import pytest

from calculator import api, runner


def _raises(code, exc_type):
    with pytest.raises(exc_type) as info:
        runner.run_script(code)
    return info.value


@pytest.mark.parametrize("code,exc_type,keras_message,fix", [
    ("import keras\nkeras.optimizers.Adam(lr=0.001)\n", ValueError,
     "Argument(s) not recognized: {'lr': 0.001}", "learning_rate"),
    ("from keras.layers.convolutional import Conv2D\n", ModuleNotFoundError,
     "No module named 'keras.layers.convolutional'", "from keras.layers import"),
    ("from tensorflow.keras.layers.experimental import preprocessing\n", ModuleNotFoundError,
     "No module named 'tensorflow.keras.layers.experimental'", "keras.layers"),
    ("from keras.utils import np_utils\n", ImportError,
     "cannot import name 'np_utils' from 'keras.utils'", "to_categorical"),
    ("from keras.preprocessing.image import ImageDataGenerator\n", ImportError,
     "cannot import name 'ImageDataGenerator' from 'keras.preprocessing.image'",
     "image_dataset_from_directory"),
    ("from keras import backend as K\nK.int_shape(None)\n", AttributeError,
     "module 'keras.backend' has no attribute 'int_shape'", "x.shape"),
    ("import keras\nkeras.layers.Conv2D(32, 3, border_mode='same')\n", ValueError,
     "Unrecognized keyword arguments passed to Conv2D: {'border_mode': 'same'}", "padding="),
    ("import keras\nkeras.layers.Conv2D(nb_filter=32, kernel_size=3)\n", TypeError,
     "Conv2D.__init__() missing 1 required positional argument: 'filters'", "filters="),
    ("import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
     "m.fit_generator(None)\n", AttributeError,
     "'Sequential' object has no attribute 'fit_generator'", "model.fit("),
    ("from keras.wrappers.scikit_learn import KerasClassifier\n", ModuleNotFoundError,
     "No module named 'keras.wrappers.scikit_learn'", "SKLearnClassifier"),
    ("from keras.layers import merge\n", ImportError,
     "cannot import name 'merge' from 'keras.layers'", "concatenate"),
])
def test_keras2_code_fails_as_keras3_with_the_fix(code, exc_type, keras_message, fix):
    exc = _raises(code, exc_type)
    assert type(exc) is exc_type
    message = str(exc)
    assert message.startswith(keras_message)
    assert fix in message.split("\n", 1)[1]
    assert "calculator" not in message


def test_sgd_decay_is_ignored_with_keras_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runner.run_script("import keras\nkeras.optimizers.SGD(0.01, decay=1e-6, momentum=0.9)\n")
    assert [str(w.message) for w in caught] == [
        "Argument `decay` is no longer supported and will be ignored."]


def test_optimizers_bind_keras_positional_order():
    ns = runner.run_script("import keras\nopt = keras.optimizers.Adam(0.01, 0.8)\n").namespace
    assert ns["opt"].kwargs["learning_rate"] == 0.01 and ns["opt"].kwargs["beta_1"] == 0.8
    exc = _raises("import keras\nkeras.optimizers.SGD(0.1, learning_rate=0.2)\n", TypeError)
    assert "multiple values for argument 'learning_rate'" in str(exc)


def test_schedules_check_keras_signature():
    runner.run_script("from keras.optimizers.schedules import ExponentialDecay\n"
                      "ExponentialDecay(1e-3, decay_steps=100, decay_rate=0.9)\n")
    exc = _raises("import keras\nkeras.optimizers.schedules.ExponentialDecay(1e-3)\n", TypeError)
    assert str(exc) == ("ExponentialDecay.__init__() missing 2 required positional arguments: "
                        "'decay_steps' and 'decay_rate'")


def test_legacy_optimizers_raise_keras3_import_error():
    exc = _raises("import keras\nkeras.optimizers.legacy.Adam(learning_rate=0.1)\n", ImportError)
    assert str(exc).startswith("`keras.optimizers.legacy` is not supported in Keras 3.")


TF_SCRIPT = """
import tensorflow as tf
from tensorflow.keras.preprocessing.image import img_to_array, load_img
model = tf.keras.Sequential([
    tf.keras.layers.Input((8, 8, 1)),
    tf.keras.layers.Conv2D(4, 3, activation=tf.nn.relu),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(2, activation=tf.nn.softmax),
])
model.compile(optimizer=tf.keras.optimizers.Adam(
                  tf.keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10)),
              loss=tf.losses.SparseCategoricalCrossentropy(),
              metrics=[tf.metrics.SparseCategoricalAccuracy(), tf.keras.metrics.IoU(2, [0])])
print(tf.data.AUTOTUNE, tf.config.list_physical_devices("GPU"), model.count_params())
"""


def test_tensorflow_names_that_change_no_shape_are_accepted():
    # Conv2D 3*3*1*4 + 4 = 40; Dense 6*6*4*2 + 2 = 290
    assert runner.run_script(TF_SCRIPT).stdout == "-1 [] 330\n"


def test_tensorflow_ops_name_themselves():
    exc = _raises("import tensorflow as tf\nx = tf.cast([1], tf.float32)\n", NotImplementedError)
    assert exc.line == 2 and str(exc).startswith("tf.cast needs TensorFlow")
    exc = _raises("import tensorflow as tf\nds = tf.data.Dataset.from_tensor_slices([1])\n",
                  NotImplementedError)
    assert "tf.data.Dataset.from_tensor_slices needs data" in str(exc)


def test_tensorflow_functions_on_keras_inputs_raise_tensorflows_value_error():
    """TF >= 2.16 with Keras 3: a KerasTensor given to tf.concat / tf.reshape / tf.image.resize /
    tf.nn.relu raises ValueError (Keras's ``__tf_tensor__``), telling the learner to use a layer."""
    for line in ("tf.concat([x, x], axis=-1)", "tf.reshape(x, (-1, 48))",
                 "tf.image.resize(x, (8, 8))", "tf.nn.relu(x)"):
        exc = _raises(f"import tensorflow as tf\nx = tf.keras.Input((4, 4, 3))\ny = {line}\n",
                      ValueError)
        assert exc.line == 3 and str(exc).startswith("A KerasTensor cannot be used as input to a "
                                                     "TensorFlow function.")
    exc = _raises("import tensorflow as tf\nok = isinstance(1, tf.Tensor)\n", NotImplementedError)
    assert exc.line == 2 and str(exc).startswith("tf.Tensor needs TensorFlow")
    assert runner.run_script("import tensorflow as tf\nprint(tf.newaxis)\n").stdout == "None\n"


def test_tensorflow_activations_inside_a_layers_call_keep_the_shape():
    """In a layer's call() TensorFlow gets real tensors, so tf.nn.relu works there (the
    tutorial's CNNBlock): conv 3*3*1*8 + 8 = 80, batch norm 4*8 = 32, Dense 6*6*8 + 1 = 289."""
    code = ("import tensorflow as tf\nfrom tensorflow import keras\n"
            "class Block(keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.conv = keras.layers.Conv2D(8, 3, padding='same')\n"
            "        self.bn = keras.layers.BatchNormalization()\n"
            "    def call(self, x):\n"
            "        return tf.nn.leaky_relu(tf.nn.relu(self.bn(self.conv(x))), alpha=0.1)\n"
            "m = keras.Sequential([keras.Input((6, 6, 1)), Block(), keras.layers.Flatten(),"
            " keras.layers.Dense(1)])\n"
            "print(m.output_shape, m.layers[0].output.shape, m.count_params())\n")
    assert runner.run_script(code).stdout == "(None, 1) (None, 6, 6, 8) 401\n"


def test_an_activation_given_as_a_function_serializes_to_its_name():
    code = ("import tensorflow as tf\nfrom tensorflow import keras\n"
            "print(keras.layers.Dense(3, activation=keras.activations.relu).get_config()['activation'],"
            " keras.layers.LSTM(2, recurrent_activation=keras.activations.get('hard_sigmoid'))"
            ".get_config()['recurrent_activation'],"
            " keras.layers.Conv2D(2, 3, activation=tf.nn.elu).get_config()['activation'])\n")
    assert runner.run_script(code).stdout == "relu hard_sigmoid elu\n"
    aliases = ("import keras\nprint(keras.layers.Dense(3, activation='swish').get_config()"
               "['activation'], keras.layers.Activation('hard_swish').get_config()['activation'],"
               " keras.activations.get('swish').__name__)\n")
    assert runner.run_script(aliases).stdout == "silu hard_silu silu\n"
    exc = _raises("import keras\ndef act(x):\n    return x\n"
                  "c = keras.layers.Dense(3, activation=act).get_config()\n", NotImplementedError)
    assert exc.line == 4 and "'act'" in str(exc)


NUMPY_SCRIPT = """import numpy as np
import keras
np.random.seed(0)
x_train = np.zeros((100, 28, 28)).astype("float32") / 255.0
x_train = np.expand_dims(x_train, -1)
y_train = keras.utils.to_categorical(np.zeros(100), 10)
model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                          keras.layers.Dense(10)])
model.summary()
"""


@pytest.fixture
def no_numpy(monkeypatch):
    """Run scripts as in the page, where numpy cannot be imported."""
    monkeypatch.setattr(runner, "numpy_available", lambda: False)


def test_without_numpy_data_lines_do_not_stop_the_model(no_numpy):
    result = runner.run_script(NUMPY_SCRIPT)
    assert "Total params: 7,850" in result.stdout  # 28*28*10 + 10
    assert len(result.models) == 1


def test_without_numpy_the_first_line_needing_a_value_fails(no_numpy):
    exc = _raises(NUMPY_SCRIPT + "print(x_train.shape)\n", ModuleNotFoundError)
    assert exc.line == 10 and exc.name == "numpy"
    assert "line 10 (`print(x_train.shape)`)" in str(exc)
    assert "on line 5 (`x_train = np.expand_dims(x_train, -1)`)" in str(exc)
    assert "Total params: 7,850" in exc.stdout


@pytest.mark.parametrize("use", ["len(x)", "int(x.sum())", "bool(x.any())", "list(x)",
                                 "keras.Input(shape=x.shape[1:])", "f'{x.mean():.2f}'"])
def test_without_numpy_no_value_is_ever_made_up(no_numpy, use):
    code = f"import numpy as np\nimport keras\nx = np.ones((4, 3))\ny = {use}\n"
    exc = _raises(code, ModuleNotFoundError)
    assert exc.line == 4


@pytest.mark.parametrize("use", ["torch.tensor(x)", "torch.from_numpy(x).float()", "torch.Tensor(x)",
                                 "torch.tensor([x, x])", "torch.zeros(4, 3) + x", "torch.as_tensor(x)"])
def test_without_numpy_a_tensor_made_from_numpy_data_stops_on_its_line(no_numpy, use):
    # in the page a numpy array has no shape: the tensor made from it must not get one
    code = f"import numpy as np\nimport torch\nx = np.ones((4, 3))\ny = {use}\nprint(y.shape)\n"
    exc = _raises(code, ModuleNotFoundError)
    assert exc.line == 4 and "on line 3 (`x = np.ones((4, 3))`)" in str(exc)


def test_playground_errors_name_public_modules():
    resp = api.handle({"op": "run", "code": "from keras import backend as K\nK.int_shape(1)\n"})
    assert resp["error"]["type"] == "AttributeError" and resp["error"]["line"] == 2
    assert "calculator" not in resp["error"]["message"]


def test_a_keras3_layer_the_mirror_lacks_is_not_blamed_on_keras():
    exc = _raises("import keras\nfrom keras.layers import JaxLayer\n", NotImplementedError)
    assert exc.line == 2 and str(exc).startswith("keras.layers.JaxLayer is not modelled by ConvDims")
    exc = _raises("import keras\nkeras.layers.JaxLayer\n", NotImplementedError)
    assert "keras.layers.JaxLayer" in str(exc)
    # A name Keras 3 lacks too keeps Python's ImportError, as Keras raises it.
    exc = _raises("from keras.layers import Conv5D\n", ImportError)
    assert str(exc) == "cannot import name 'Conv5D' from 'keras.layers'"


PLOT_SCRIPT = """import matplotlib.pyplot as plt
import pandas as pd
import keras
df = pd.read_csv("train.csv")
model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
print(model.count_params())
plt.figure(figsize=(8, 4))
plt.plot([0.9, 0.5], label="loss")
plt.show()
"""


@pytest.fixture
def libraries_missing(monkeypatch):
    """Run scripts as where matplotlib, pandas ... are not installed (the page)."""
    monkeypatch.setattr(runner, "_missing", lambda library: True)


def test_a_missing_plotting_or_data_library_does_not_stop_the_model(libraries_missing):
    assert runner.run_script(PLOT_SCRIPT).stdout == "7850\n"  # 28*28*10 + 10


def test_a_missing_library_stops_where_its_value_is_needed(libraries_missing):
    exc = _raises(PLOT_SCRIPT + "print(len(df))\n", ModuleNotFoundError)
    assert exc.line == 10 and exc.name == "pandas" and exc.stdout == "7850\n"
    assert str(exc).startswith("pandas is not available")
    assert "line 10 (`print(len(df))`)" in str(exc) and "on line 4 (`df = pd.read_csv(\"train.csv\")`)" in str(exc)
    exc = _raises(PLOT_SCRIPT + "fig, ax = plt.subplots()\n", ModuleNotFoundError)
    assert exc.name == "matplotlib" and exc.line == 10


def test_plot_model_fails_as_keras_without_pydot():
    """Keras 3.15.1's plot_model checks the model is built, then raises ImportError when
    pydot is missing (messages recorded from Keras: scripts_expected/timeseries_conv1d_fordA)."""
    exc = _raises("import keras\nm = keras.Sequential([keras.layers.Dense(2)])\n"
                  "keras.utils.plot_model(m)\n", ValueError)
    assert str(exc).startswith("This model has not yet been built.") and exc.line == 3
    exc = _raises("import tensorflow as tf\n"
                  "m = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])\n"
                  "tf.keras.utils.plot_model(m, show_shapes=True, dpi=64)\n", ImportError)
    first, fix = str(exc).split("\n", 1)
    assert first == "You must install pydot (`pip install pydot`) for `plot_model` to work."
    assert "model.summary()" in fix and exc.line == 3


GET_WEIGHTS_SCRIPT = """import keras
m = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3),
                      keras.layers.BatchNormalization(), keras.layers.Flatten(),
                      keras.layers.Dense(2)])
ws = m.get_weights()
print(len(ws), [w.shape for w in ws], [w.ndim for w in ws], [w.size for w in ws], ws[0].dtype, len(ws[0]))
print([w.shape for w in m.layers[1].get_weights()])
"""


def test_get_weights_gives_shapes_as_keras():
    # printed by Keras 3.15.1 (torch backend) for GET_WEIGHTS_SCRIPT
    assert runner.run_script(GET_WEIGHTS_SCRIPT).stdout == (
        "8 [(3, 3, 3, 4), (4,), (4,), (4,), (4,), (4,), (144, 2), (2,)] [4, 1, 1, 1, 1, 1, 2, 1] "
        "[108, 4, 4, 4, 4, 4, 288, 2] float32 3\n[(4,), (4,), (4,), (4,)]\n")


@pytest.mark.parametrize("use", ["print(w)", "w[0]", "w * 2", "w.mean()", "list(w)"])
def test_get_weights_values_are_refused_with_line(use):
    exc = _raises("import keras\nl = keras.layers.Dense(2)\nl.build((None, 3))\n"
                  f"w = l.get_weights()[0]\n{use}\n", NotImplementedError)
    assert exc.line == 5 and "(3, 2)" in str(exc) and "no values" in str(exc)


CLONE_BASE = ("import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
              "inp = keras.Input((4,))\nf = keras.Model(inp, keras.layers.Dense(2)(inp))\n")


@pytest.mark.parametrize("line,names", [
    ("keras.models.clone_model(f)", "Functional"),
    ("m.compile('adam', 'mse'); keras.models.clone_model(m)", "compiled"),
    ("keras.models.clone_model(keras.Sequential([f]))", "nested"),
])
def test_clone_model_refuses_what_it_cannot_follow(line, names):
    exc = _raises(CLONE_BASE + line + "\n", NotImplementedError)
    assert exc.line == 5 and "clone_model" in str(exc) and names in str(exc)


def test_clone_sequential_keeps_config_and_makes_new_layers():
    # hand derivation: Dense(3) on 4 features = 4*3 + 3 = 15 parameters, same names, new objects
    ns = runner.run_script(CLONE_BASE + "c = keras.models.clone_model(m)\n").namespace
    clone, model = ns["c"], ns["m"]
    assert clone.count_params() == 15 and clone.name == model.name
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert clone.layers[0] is not model.layers[0]


def test_keras3_utils_has_no_count_params():
    # Keras 3.15.1: AttributeError: module 'keras.utils' has no attribute 'count_params'
    exc = _raises("import keras\nkeras.utils.count_params([])\n", AttributeError)
    assert str(exc) == "module 'keras.utils' has no attribute 'count_params'"


def test_to_json_is_refused_not_missing():
    # Keras 3.15.1 returns the model's JSON here; ConvDims refuses instead of an AttributeError
    exc = _raises("import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
                  "s = m.to_json()\n", NotImplementedError)
    assert exc.line == 3 and "to_json" in str(exc)


@pytest.mark.parametrize("rebuild", ["keras.Sequential.from_config(m.get_config())",
                                     "keras.Model.from_config(f.get_config())"])
def test_model_from_config_is_refused(rebuild):
    # Keras 3.15.1 rebuilds both; ConvDims prints a model's config but does not replay it
    exc = _raises(CLONE_BASE + f"m2 = {rebuild}\n", NotImplementedError)
    assert exc.line == 5 and "from_config" in str(exc)


def test_compile_resolves_optimizer_as_keras_get():
    ns = runner.run_script(
        "import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
        "m.compile('RMSprop', 'mse')\na = m.optimizer\n"
        "m.compile(optimizer=keras.optimizers.Adam(name='mine'))\nb = m.optimizer\n"
        "c = keras.optimizers.get({'class_name': 'Adam', 'config': {}})\n").namespace
    assert (type(ns["a"]).__name__, ns["a"].name) == ("RMSprop", "rm_sprop")
    assert (type(ns["b"]).__name__, ns["b"].name) == ("Adam", "mine")
    assert ns["c"].name == "adam"
    exc = _raises("import keras\nm = keras.Sequential([keras.layers.Dense(2)])\n"
                  "m.compile(optimizer='adamm')\n", ValueError)
    assert str(exc).startswith("Could not interpret optimizer identifier: adamm")
    assert exc.line == 3


def test_optimizer_learning_rate_checked_and_not_printed():
    exc = _raises("import keras\nkeras.optimizers.SGD(learning_rate=1)\n", ValueError)
    assert str(exc).startswith("Argument `learning_rate` should be float, or an instance of "
                               "LearningRateSchedule")
    exc = _raises("import keras\nprint(keras.optimizers.Adam(1e-3).learning_rate)\n",
                  NotImplementedError)
    assert "optimizer.learning_rate" in str(exc)
    exc = _raises("import keras\nkeras.optimizers.get('muon')\n", NotImplementedError)
    assert "'muon'" in str(exc)
