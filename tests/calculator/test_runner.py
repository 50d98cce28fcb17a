"""The script runner: keras/tensorflow imports resolve to the mirror; output is captured."""

import sys

import pytest

from calculator.runner import keras_aliases, run_script, script_line

LESSON = """
from keras.models import Sequential
from keras.layers import Conv2D
model = Sequential()
model.add(Conv2D(filters=16, kernel_size=2, strides=2, padding='valid',
                 activation='relu', input_shape=(200, 200, 1)))
print(model.output_shape, model.count_params())
"""


def test_lesson_code_runs_unchanged():
    result = run_script(LESSON)
    # (200 - 2) // 2 + 1 = 100; 2*2*1*16 + 16 = 80
    assert result.stdout == "(None, 100, 100, 16) 80\n"
    assert [m.name for m in result.models] == ["sequential"]
    assert result.namespace["model"] is result.models[0]


@pytest.mark.parametrize("imports,prefix", [
    ("import keras", "keras.layers."),
    ("from tensorflow import keras", "keras.layers."),
    ("import tensorflow as tf", "tf.keras.layers."),
    ("from tensorflow.keras import layers", "layers."),
    ("from keras import layers", "layers."),
    ("import tensorflow.keras.layers as layers", "layers."),
])
def test_import_styles(imports, prefix):
    code = f"{imports}\nprint({prefix}Dense(2).name)\n"
    assert run_script(code).stdout == "dense\n"


def test_names_restart_every_run():
    code = "from keras.layers import Dense\nprint(Dense(1).name)\n"
    assert run_script(code).stdout == run_script(code).stdout == "dense\n"


def test_models_recorded_in_creation_order_without_hidden_functionals():
    code = """
import keras
from keras import layers
a = keras.Sequential([keras.Input((4,)), layers.Dense(2), layers.Dense(1)])
x = keras.Input((3,))
b = keras.Model(x, layers.Dense(1)(x), name="b")
"""
    result = run_script(code)
    assert [m.name for m in result.models] == ["sequential", "b"]


def test_summary_is_captured():
    code = LESSON + "model.summary()\n"
    out = run_script(code).stdout
    assert 'Model: "sequential"' in out and "conv2d (Conv2D)" in out


def test_exception_carries_line_stdout_and_models():
    code = "import keras\nprint('before')\nm = keras.Sequential()\nkeras.layers.Conv2D(0, 3)\n"
    with pytest.raises(ValueError) as info:
        run_script(code)
    assert info.value.line == 4
    assert script_line(info.value) == 4
    assert info.value.stdout == "before\n"
    assert [m.name for m in info.value.models] == ["sequential"]
    assert info.value.field == "filters"


def test_syntax_error_line():
    with pytest.raises(SyntaxError) as info:
        run_script("x = 1\ny = (\n")
    assert script_line(info.value) is not None


def test_aliases_are_removed_afterwards():
    before = {k for k in sys.modules if k.split(".")[0] in ("keras", "tensorflow")}
    run_script("import keras\nimport tensorflow as tf\nfrom keras.layers import Dense\n")
    after = {k for k in sys.modules if k.split(".")[0] in ("keras", "tensorflow")}
    assert before == after
    import calculator.keras.layers as mirror_layers
    assert mirror_layers.__spec__.name == "calculator.keras.layers"


def test_keras_aliases_context_manager():
    with keras_aliases():
        import keras  # noqa: F401
        from keras.layers import Conv2D
        assert Conv2D.__module__ == "calculator.layers.convolutional"


def test_training_calls_fail_plainly():
    code = LESSON + "model.compile(optimizer='adam', loss='mse')\nmodel.fit([], [])\n"
    with pytest.raises(NotImplementedError, match="does not train") as info:
        run_script(code)
    assert info.value.line == 9


def test_optimizer_and_callback_objects_are_accepted():
    code = """
from keras.optimizers import Adam
from keras.callbacks import EarlyStopping
from keras.models import Sequential
from keras.layers import Dense, Input
m = Sequential([Input((3,)), Dense(1)])
m.compile(optimizer=Adam(learning_rate=1e-3), loss='mse', metrics=['accuracy'])
stop = EarlyStopping(patience=2)
print(m.count_params())
"""
    assert run_script(code).stdout == "4\n"
