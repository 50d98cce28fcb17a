"""Natively, a script's ``import numpy`` is the real numpy, and Keras helpers return arrays."""

from calculator import runner


def test_real_numpy_and_to_categorical_as_keras():
    out = runner.run_script(
        "import numpy as np\nimport keras\n"
        "y = keras.utils.to_categorical(np.array([[0], [2]]))\n"
        "print(type(y).__module__, y.dtype, y.shape, y.tolist())\n")
    # Keras 3.15: float64, the trailing axis of 1 dropped, 3 classes from max label 2.
    assert out.stdout == "numpy float64 (2, 3) [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]\n"


def test_numpy_data_feeds_the_model():
    out = runner.run_script(
        "import numpy as np\nimport keras\nx = np.zeros((10, 12, 12, 3))\n"
        "m = keras.Sequential([keras.layers.Conv2D(4, 3, input_shape=x.shape[1:])])\n"
        "print(m.output_shape)\n")
    assert out.stdout == "(None, 10, 10, 4)\n"   # 12 - 3 + 1 = 10
