"""Natively, a script's ``import numpy`` is the real numpy, and Keras helpers return arrays."""

import os
import subprocess
import sys

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


# Runs in a fresh interpreter that has not imported numpy: run_script then asks whether numpy
# is installed only at the script's first ``import numpy``.
_FIRST_IMPORT = r"""
import sys
from calculator import runner
assert "numpy" not in sys.modules
if sys.argv[1] == "missing":
    runner.numpy_available = lambda: False
out = runner.run_script("import numpy as np\nx = np.zeros((2, 3))\nprint(type(np).__name__)\n")
print(out.stdout.strip(), "numpy" in sys.modules)
"""


def _first_import(mode):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    done = subprocess.run([sys.executable, "-c", _FIRST_IMPORT, mode], cwd=root,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_numpy_first_imported_by_the_script_is_the_real_one_and_stays():
    assert _first_import("installed") == "module True"


def test_numpy_found_missing_at_the_first_import_is_the_stand_in_and_goes():
    assert _first_import("missing") == "StandIn False"
