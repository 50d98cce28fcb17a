"""Run unchanged Keras scripts against the mirror.

``run_script(code)`` executes ``code`` as a fresh ``__main__`` in which ``import keras``,
``from keras.layers import ...``, ``from tensorflow.keras... import ...``,
``from tensorflow import keras`` and ``import tensorflow as tf; tf.keras.layers...`` all resolve
to ``calculator.keras``, and ``import torch``, ``import torch.nn as nn``, ``torchvision`` and
``torchinfo`` resolve to ``calculator.torch``. The aliases are installed only for the
duration of the run (a meta-path finder plus a stash of any real ``keras``/``tensorflow``/
``torch`` modules), so the host process is left as it was.

Before running, ``clear_session()`` resets the naming counters, so layer names start at
``conv2d``, ``dense`` ... as in a new Python process. Everything the script prints
(summaries included) is captured. Exceptions propagate unchanged, with three attributes
added: ``.line`` (the script line that raised, or ``None``), ``.stdout`` (printed so far) and
``.models`` (models created so far). ``script_line(exc)`` recomputes the line. The message
names ``keras`` (never the mirror's internal modules) and, for Keras 2 code that Keras 3
rejects, adds the Keras 3 way to write it (``calculator.script_errors``).

``import tensorflow as tf`` gives ``calculator.tensorflow_stand_in``. Where numpy cannot be
imported (the page), ``import numpy`` gives ``calculator.numpy_stand_in``: the model still
builds, and the first line that needs a value computed with numpy raises, naming the lines.
"""

import contextlib
import dataclasses
import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import io
import sys
import traceback

from . import core, numpy_stand_in, script_errors

__all__ = ["RunResult", "run_script", "script_line", "keras_aliases"]


@dataclasses.dataclass
class RunResult:
    """What a script produced: its printed text, its models (creation order), its globals."""

    stdout: str
    models: list
    namespace: dict


_ROOTS = ("keras", "tensorflow", "tf_keras", "torch", "torchvision", "torchinfo")
_TORCH_TARGETS = {"torch": "calculator.torch", "torchvision": "calculator.torch.torchvision",
                  "torchinfo": "calculator.torch.torchinfo"}


def numpy_available():
    """Whether the real numpy can be imported here (not in the page)."""
    return importlib.util.find_spec("numpy") is not None


def _missing(library):
    """Whether ``library`` (a top-level name) is not installed here; asked only when a script
    imports it."""
    return importlib.machinery.PathFinder.find_spec(library) is None


class _AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves ``keras[.x]``, ``tensorflow.keras[.x]``, ``tensorflow`` and ``torch[.x]`` /
    ``torchvision[.x]`` / ``torchinfo`` to the mirrors, and ``numpy[.x]`` to the stand-in when
    ``numpy_script`` is given (or, with ``ask_numpy``, once the first ``numpy`` import finds
    numpy missing: then ``numpy_script`` becomes ``script``)."""

    def __init__(self, numpy_script=None, script=None, ask_numpy=False):
        self._tensorflow = None
        self._originals = {}
        self.numpy_script = numpy_script
        self._script = script
        self._ask_numpy = ask_numpy

    def _target(self, fullname):
        parts = fullname.split(".")
        if parts[0] == "numpy":
            if self._ask_numpy:
                self._ask_numpy = False
                if not numpy_available():
                    self.numpy_script = self._script
            return "stand-in" if self.numpy_script is not None else None
        if parts[0] in numpy_stand_in.LIBRARIES:  # missing here: the stand-in
            return "stand-in" if self._script is not None and _missing(parts[0]) else None
        if parts[0] in _TORCH_TARGETS:  # torch[.x], torchvision[.x], torchinfo -> calculator.torch
            return ".".join([_TORCH_TARGETS[parts[0]]] + parts[1:])
        if parts[0] == "tensorflow":
            if len(parts) == 1:
                return "tensorflow"
            if parts[1] != "keras":
                return None
            parts = parts[1:]
        elif parts[0] not in ("keras", "tf_keras"):
            return None
        rest = ".".join(parts[1:])
        if rest.startswith("applications."):
            # keras.applications.mobilenet_v2 -> its own module (its preprocess_input has
            # the model's mode); a submodule ConvDims lacks -> the package, which names what
            # it has when the script asks for a model
            from .keras.applications import _SUBMODULES
            if rest.split(".")[1] not in _SUBMODULES:
                rest = "applications"
        return "calculator.keras" + ("." + rest if rest else "")

    def find_spec(self, fullname, path=None, target=None):
        name = self._target(fullname)
        if name is None:
            return None
        if name not in ("tensorflow", "stand-in"):
            try:
                importlib.import_module(name)
            except ModuleNotFoundError:
                return None
        return importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        name = self._target(spec.name)
        if name == "stand-in":
            return numpy_stand_in.StandIn(spec.name, self._script)
        if name == "tensorflow":
            if self._tensorflow is None:
                from .tensorflow_stand_in import make_tensorflow
                self._tensorflow = make_tensorflow()
            return self._tensorflow
        module = importlib.import_module(name)
        self._originals.setdefault(id(module), (module, module.__dict__.get("__spec__"),
                                                "__path__" in module.__dict__,
                                                module.__dict__.get("__path__")))
        return module

    def exec_module(self, module):
        saved = self._originals.get(id(module))
        if saved is not None:  # the import system stamped the alias's spec: put the real one back
            module.__spec__ = saved[1]

    def restore(self):
        for module, spec, had_path, path in self._originals.values():
            module.__spec__ = spec
            if had_path:
                module.__path__ = path
            elif "__path__" in module.__dict__:
                del module.__dict__["__path__"]
        self._originals.clear()


@contextlib.contextmanager
def keras_aliases(numpy_script=None, script=None, ask_numpy=False):
    """Within the block, ``keras``/``tensorflow`` imports resolve to ``calculator.keras``;
    with ``numpy_script`` (a ``numpy_stand_in.Script``), ``numpy`` to the stand-in; with
    ``script``, each of ``numpy_stand_in.LIBRARIES`` that is not installed too, and with
    ``ask_numpy`` (numpy not imported yet) ``numpy`` as well if the script's first ``numpy``
    import finds it missing."""
    roots = _ROOTS
    if script is not None:
        roots += tuple(lib for lib in numpy_stand_in.LIBRARIES if lib != "numpy")

    def _alias_names(roots):
        prefixes = tuple(root + "." for root in roots)
        return [k for k in sys.modules if k in roots or k.startswith(prefixes)]

    stash = {k: sys.modules.pop(k)
             for k in _alias_names(roots + (("numpy",) if numpy_script is not None else ()))}
    finder = _AliasFinder(numpy_script, script, ask_numpy)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for k in _alias_names(roots + (("numpy",) if finder.numpy_script is not None else ())):
            del sys.modules[k]
        sys.modules.update(stash)
        finder.restore()


def script_line(exc, filename="<script>"):
    """The line of the script where ``exc`` was raised (the innermost frame in the script)."""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line


def _statement_text(code, line):
    """The script's text from ``line`` until its brackets close (a call over several lines)."""
    lines = code.splitlines()
    if not line or line > len(lines):
        return ""
    text, depth = "", 0
    for raw in lines[line - 1:line + 9]:
        text += raw + "\n"
        depth += sum(raw.count(c) for c in "([{") - sum(raw.count(c) for c in ")]}")
        if depth <= 0:
            break
    return text


# A script builds its model in bulk and keeps it until the run ends: collecting the young
# generation every 700 allocations (CPython's default) made the 200-layer torch benchmark's
# average run ≈3–6% longer.
_YOUNG_COLLECTION_EVERY = 10_000


@contextlib.contextmanager
def _fewer_collections():
    """Within the block, the young generation is collected every ``_YOUNG_COLLECTION_EVERY``
    allocations (unless the host set a larger threshold or turned collection off); the
    host's thresholds are put back after."""
    thresholds = gc.get_threshold()
    if 0 < thresholds[0] < _YOUNG_COLLECTION_EVERY:
        gc.set_threshold(_YOUNG_COLLECTION_EVERY, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def run_script(code, filename="<script>"):
    """Execute Keras code against the mirror; return ``RunResult(stdout, models, namespace)``."""
    core.clear_session()
    torch_mirror = sys.modules.get("calculator.torch")
    if torch_mirror is not None:  # a previous script may have switched grad mode or dtype
        torch_mirror.reset_state()
    out = io.StringIO()
    namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}
    created = []
    previous = core._STATE.get("created_models")
    core._STATE["created_models"] = created
    script = numpy_stand_in.Script(filename, code)
    # Is numpy installed? Asked now if the host imported it (a test may call it missing),
    # else only when the script imports it (finding a module not imported costs ~50 µs).
    ask_numpy = "numpy" not in sys.modules
    numpy_script = None if ask_numpy or numpy_available() else script
    try:
        with (keras_aliases(numpy_script, script, ask_numpy), contextlib.redirect_stdout(out),
              _fewer_collections()):
            compiled = compile(code, filename, "exec")
            exec(compiled, namespace)
    except BaseException as exc:
        line = script_line(exc, filename)
        shown = script_errors.polish(exc, _statement_text(code, line))
        try:
            shown.line = line
            shown.stdout = out.getvalue()
            shown.models = list(created)
        except (AttributeError, TypeError):
            pass
        if shown is exc:
            raise
        raise shown from exc
    finally:
        core._STATE["created_models"] = previous
    return RunResult(stdout=out.getvalue(), models=list(created), namespace=namespace)
