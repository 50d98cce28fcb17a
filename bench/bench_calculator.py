#!/usr/bin/env python3
"""Time the calculator against real Keras 3 and print a small table.

    python3 bench/bench_calculator.py                 # calculator + Keras (if found)
    python3 bench/bench_calculator.py -n 10           # best of 10
    python3 bench/bench_calculator.py --no-keras      # calculator only
    python3 bench/bench_calculator.py --keras-python .venv-reference/bin/python
    python3 bench/bench_calculator.py --clock cpu     # CPU time: steadier on a busy machine

Benchmarks (best of N wall-clock times):

(a) ``ResNet50(weights=None)`` build + ``summary()`` into a string;
(b) a 200-layer Conv2D stack (``Sequential``) build + ``summary()`` into a string;
(b2) a ResNet-34 of subclassed residual blocks (``keras.layers.Layer`` subclasses whose
    ``call()`` is traced, ``x + y`` and ``keras.ops.relu`` inside) build + ``summary()``;
(c) ``import calculator`` (resp. ``import keras``) in a fresh interpreter, timed
    inside that interpreter (startup excluded); also, for information, a cold
    start: import + build a small CNN + its summary in a fresh interpreter.

Real Keras runs in a child process (``--keras-python``, default: this interpreter
if it can import keras, else the repository's ``.venv-reference/bin/python`` made by
``make reference-env``, when present) with
``KERAS_BACKEND`` defaulting to ``torch``.  Targets: the calculator >= 100x faster
than Keras on (a) and (b); ``import calculator`` < 50 ms.

This is a script, not a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_KERAS_PYTHON = os.path.join(ROOT, ".venv-reference", "bin", "python")
STACK_DEPTH = 200
SPEED_TARGET = 100.0
IMPORT_TARGET_S = 0.050


# --------------------------------------------------------------------------- the workloads


class Lib:
    """The pieces of a Keras-like library the workloads need."""

    def __init__(self, which):
        self.which = which
        if which == "calculator":
            if ROOT not in sys.path:
                sys.path.insert(0, ROOT)
            from calculator.keras import Input, layers, ops
            from calculator.keras.models import Model, Sequential
            try:
                from calculator.keras import backend
                self.clear_session = backend.clear_session
            except (ImportError, AttributeError):
                self.clear_session = lambda: None
        else:
            os.environ.setdefault("KERAS_BACKEND", "torch")
            import warnings
            warnings.filterwarnings("ignore")
            import keras
            from keras import Input, layers, ops
            from keras.models import Model, Sequential
            self.clear_session = lambda: keras.backend.clear_session(free_memory=False)
            self.version = keras.__version__
        self.Input, self.layers, self.Sequential = Input, layers, Sequential
        self.Model, self.ops = Model, ops

    def resnet50(self):
        if self.which == "calculator":
            from calculator.keras.applications import ResNet50
        else:
            from keras.applications import ResNet50
        return ResNet50(weights=None)

    def resnet34_subclassed(self):
        L, ops = self.layers, self.ops

        class BasicBlock(L.Layer):
            def __init__(self, filters, stride=1, **kwargs):
                super().__init__(**kwargs)
                self.conv1 = L.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)
                self.bn1 = L.BatchNormalization()
                self.conv2 = L.Conv2D(filters, 3, padding="same", use_bias=False)
                self.bn2 = L.BatchNormalization()
                self.shortcut = None if stride == 1 else self_sequential(
                    [L.Conv2D(filters, 1, strides=stride, use_bias=False), L.BatchNormalization()])

            def call(self, x):
                y = self.bn2(self.conv2(ops.relu(self.bn1(self.conv1(x)))))
                return ops.relu(y + (x if self.shortcut is None else self.shortcut(x)))

        self_sequential = self.Sequential
        inputs = self.Input(shape=(224, 224, 3))
        x = L.MaxPooling2D(3, strides=2, padding="same")(
            L.ReLU()(L.BatchNormalization()(L.Conv2D(64, 7, strides=2, padding="same", use_bias=False)(inputs))))
        for filters, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
            for i in range(blocks):
                x = BasicBlock(filters, stride if i == 0 else 1)(x)
        outputs = L.Dense(1000)(L.GlobalAveragePooling2D()(x))
        return self.Model(inputs, outputs)

    def conv_stack(self, depth=STACK_DEPTH):
        L = self.layers
        model = self.Sequential()
        model.add(self.Input(shape=(32, 32, 8)))
        for _ in range(depth):
            model.add(L.Conv2D(8, 3, padding="same", activation="relu"))
        return model


def summary_text(model):
    lines = []
    model.summary(print_fn=lambda s, *a, **k: lines.append(s))
    return "\n".join(lines)


#: The clock of the in-process workloads: wall time (default) or this process's CPU
#: time (``--clock cpu``: far less sensitive to other processes on a busy machine).
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = [time.perf_counter]


def best_of(fn, n, setup=None):
    clock = _clock[0]
    best = float("inf")
    out = None
    for _ in range(n):
        if setup is not None:
            setup()
        t0 = clock()
        out = fn()
        best = min(best, clock() - t0)
    return best, out


def import_time(python, module, n, env=None):
    """Best of n: seconds to import ``module`` inside a fresh interpreter."""
    code = ("import time, warnings; warnings.filterwarnings('ignore'); t = time.perf_counter(); "
            f"import {module}; print(time.perf_counter() - t)")
    best = float("inf")
    for _ in range(n):
        r = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "import failed")
        best = min(best, float(r.stdout.strip().splitlines()[-1]))
    return best


COLD_CODE = """
import time, warnings, io, contextlib
warnings.filterwarnings('ignore')
t = time.perf_counter()
from {mod} import Input, layers
from {mod}.models import Sequential
m = Sequential([Input(shape=(28, 28, 1)), layers.Conv2D(32, 3, activation='relu'), layers.MaxPooling2D(),
                layers.Flatten(), layers.Dense(10, activation='softmax')])
out = []
m.summary(print_fn=lambda s, *a, **k: out.append(s))
print(time.perf_counter() - t)
"""


def cold_start(python, which, n, env):
    """Best of n: a fresh interpreter imports the library, builds a small CNN and
    prints its summary (what a page's first widget does)."""
    code = COLD_CODE.format(mod="calculator.keras" if which == "calculator" else "keras")
    best = float("inf")
    for _ in range(n):
        r = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "failed")
        best = min(best, float(r.stdout.strip().splitlines()[-1]))
    return best


def measure(which, n, n_import, python):
    """Run every workload for one library; returns {name: seconds or error string}."""
    res = {}
    env = dict(os.environ)
    if which == "calculator":
        env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
        module = "calculator"
    else:
        env.setdefault("KERAS_BACKEND", "torch")
        module = "keras"
    try:
        res["import"] = import_time(python, module, n_import, env)
    except Exception as e:  # noqa: BLE001
        res["import"] = f"{type(e).__name__}: {e}"
    if which == "calculator":
        try:
            res["import_mirror"] = import_time(python, "calculator.keras", n_import, env)
        except Exception as e:  # noqa: BLE001
            res["import_mirror"] = f"{type(e).__name__}: {e}"
    try:
        res["cold"] = cold_start(python, which, n_import, env)
    except Exception as e:  # noqa: BLE001
        res["cold"] = f"{type(e).__name__}: {e}"
    try:
        lib = Lib(which)
    except Exception as e:  # noqa: BLE001
        res["resnet50"] = res["stack"] = f"{type(e).__name__}: {e}"
        return res
    if which == "keras":
        res["version"] = lib.version
    if which == "calculator":  # where the time goes (information only)
        for key, build in (("resnet50_build", lib.resnet50), ("stack_build", lib.conv_stack)):
            try:
                res[key] = best_of(build, n, setup=lib.clear_session)[0]
            except Exception as e:  # noqa: BLE001
                res[key] = f"{type(e).__name__}: {e}"
    for key, build in (("resnet50", lib.resnet50), ("stack", lib.conv_stack),
                       ("resnet34_sub", lib.resnet34_subclassed)):
        try:
            t, text = best_of(lambda: summary_text(build()), n, setup=lib.clear_session)
            res[key] = t
            res[key + "_summary_lines"] = text.count("\n") + 1
        except Exception as e:  # noqa: BLE001
            res[key] = f"{type(e).__name__}: {e}"
    return res


# --------------------------------------------------------------------------- reporting


def fmt_time(v):
    if isinstance(v, str):
        return "n/a"
    if v >= 1:
        return f"{v:.2f} s"
    return f"{v * 1000:.1f} ms"


def table(calc, ker, n, n_keras, clock="wall"):
    rows = [
        ("ResNet50(weights=None) build + summary", "resnet50", f">= {SPEED_TARGET:.0f}x"),
        (f"{STACK_DEPTH}-layer Conv2D stack build + summary", "stack", f">= {SPEED_TARGET:.0f}x"),
        ("ResNet-34 of subclassed blocks build + summary", "resnet34_sub", f">= {SPEED_TARGET:.0f}x"),
        ("import (fresh interpreter)", "import", f"< {IMPORT_TARGET_S * 1000:.0f} ms"),
        ("cold: import + small CNN + summary", "cold", ""),
    ]
    head = ("benchmark", "calculator", "keras 3", "ratio", "target", "met")
    out = []
    notes = []
    for label, key, target in rows:
        c = calc.get(key)
        k = ker.get(key) if ker else None
        ratio = ""
        if isinstance(c, float) and isinstance(k, float) and c > 0:
            ratio = f"{k / c:,.0f}x"
        if key == "cold":
            met = ""
        elif key == "import":
            met = "yes" if isinstance(c, float) and c < IMPORT_TARGET_S else ("no" if isinstance(c, float) else "?")
        else:
            met = ("yes" if k / c >= SPEED_TARGET else "no") if ratio else "?"
        out.append((label, fmt_time(c), fmt_time(k) if ker else "-", ratio, target, met))
        for who, v in (("calculator", c), ("keras", k)):
            if isinstance(v, str):
                notes.append(f"{label} [{who}]: {v}")
    for key, label in (("resnet50_build", "  of which ResNet50 build only"),
                       ("stack_build", f"  of which {STACK_DEPTH}-layer stack build only")):
        if isinstance(calc.get(key), float):
            out.append((label, fmt_time(calc[key]), "", "", "", ""))
    if isinstance(calc.get("import_mirror"), float):
        out.append(("import calculator.keras (fresh interpreter)", fmt_time(calc["import_mirror"]), "", "", "", ""))
    widths = [max(len(str(r[i])) for r in [head] + out) for i in range(len(head))]
    line = lambda r: "  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w)  # noqa: E731
                               for i, (x, w) in enumerate(zip(r, widths)))
    lines = [line(head), "  ".join("-" * w for w in widths)] + [line(r) for r in out]
    lines.append("")
    lines.append(f"best of {n} (calculator), best of {n_keras} (keras), {clock} time; imports best of {max(3, n // 2)}"
                 + (f"; Keras {ker.get('version')} ({os.environ.get('KERAS_BACKEND', 'torch')} backend)"
                    if ker and ker.get("version") else ""))
    lines += notes
    return "\n".join(lines)


def find_keras_python(arg):
    if arg:
        return arg
    if importlib.util.find_spec("keras") is not None:
        return sys.executable
    if os.path.exists(DEFAULT_KERAS_PYTHON):
        return DEFAULT_KERAS_PYTHON
    return None


def main(argv=None):
    p = argparse.ArgumentParser(description="Time the calculator against real Keras 3.")
    p.add_argument("-n", type=int, default=5, help="repetitions for the calculator (best of N)")
    p.add_argument("--keras-n", type=int, default=2, help="repetitions for Keras (slow)")
    p.add_argument("--keras-python", help="interpreter with keras installed (default: auto)")
    p.add_argument("--no-keras", action="store_true", help="skip real Keras")
    p.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    p.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                   help="wall time (default) or process CPU time for (a) and (b); imports are wall time")
    p.add_argument("--worker", choices=["calculator", "keras"], help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    n_import = max(3, args.n // 2)
    _clock[0] = CLOCKS[args.clock]

    if args.worker:  # child mode: measure one library, print JSON
        n = args.keras_n if args.worker == "keras" else args.n
        print(json.dumps(measure(args.worker, n, n_import, sys.executable)))
        return 0

    calc = measure("calculator", args.n, n_import, sys.executable)
    ker = None
    if not args.no_keras:
        py = find_keras_python(args.keras_python)
        if py is None:
            print("(real Keras not found: pass --keras-python; showing the calculator only)\n")
        else:
            env = dict(os.environ)
            env.setdefault("KERAS_BACKEND", "torch")
            r = subprocess.run([py, os.path.abspath(__file__), "--worker", "keras", "--keras-n", str(args.keras_n),
                                "-n", str(args.n), "--clock", args.clock], capture_output=True, text=True, env=env)
            try:
                ker = json.loads(r.stdout.strip().splitlines()[-1])
            except (ValueError, IndexError):
                tail = (r.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"(running Keras with {py} failed: {tail})\n")
    print(table(calc, ker, args.n, args.keras_n, args.clock))
    if args.json:
        print(json.dumps({"calculator": calc, "keras": ker}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
