"""``numpy`` where there is none (the page: Pyodide's numpy wheel cannot be shipped offline),
and the same for the other libraries model scripts import for data, plots and progress bars
(:data:`LIBRARIES`: matplotlib, pandas, PIL ...) wherever one is not installed.

A script that imports numpy and uses it only for data (``x_train = np.zeros(...)``,
``x / 255.0``, ``np.random.seed(0)``) still builds and summarises its model: the stand-in
module hands out an :class:`Unavailable` for every name, and an ``Unavailable`` absorbs
calls, attribute access, indexing and arithmetic without ever producing a value. The first
line that needs an actual value from it (a number, a length, a truth value, iteration,
printing) raises ``ModuleNotFoundError`` (what importing the library raises where it is
missing), naming that line and the line the value came from. No made-up value ever leaves it.
"""

from __future__ import annotations

import sys
import types

__all__ = ["StandIn", "Unavailable", "Script", "LIBRARIES"]

# Imported by model scripts for data, plots, images and progress bars, never for shapes.
LIBRARIES = ("numpy", "matplotlib", "pandas", "PIL", "cv2", "seaborn", "sklearn", "scipy",
             "skimage", "tqdm", "IPython", "albumentations", "wandb", "h5py")


class Script:
    """The running script: its file name (as compiled) and source lines, to name lines."""

    def __init__(self, filename: str, code: str):
        self.filename = filename
        self.lines = code.splitlines()

    def current_line(self) -> int | None:
        """The script line being executed (the innermost frame of the script)."""
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.filename:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def quote(self, line: int | None) -> str:
        if line is None or not 0 < line <= len(self.lines):
            return "?"
        text = self.lines[line - 1].strip()
        return text if len(text) <= 60 else text[:57] + "..."


class StandIn(types.ModuleType):
    """The ``numpy`` module (or one of its submodules) of a script run without numpy."""

    def __init__(self, name: str, script: Script):
        super().__init__(name)
        self.__path__ = []
        self._script = script

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Unavailable(self._script, self._script.current_line(), self.__name__.split(".")[0])


class Unavailable:
    """A value the script computed with a missing library; it exists only as the line that
    made it."""

    __slots__ = ("_script", "_origin", "_library")

    def __init__(self, script: Script, origin: int | None, library: str = "numpy"):
        object.__setattr__(self, "_script", script)
        object.__setattr__(self, "_origin", origin)
        object.__setattr__(self, "_library", library)

    def _derive(self, *args, **kwargs):
        return self

    def _need(self, *args, **kwargs):
        script, library = self._script, self._library
        here = script.current_line()
        where = "in the page" if sys.platform == "emscripten" else "here"
        raise ModuleNotFoundError(
            f"{library} is not available {where}, and line {here} (`{script.quote(here)}`) "
            f"needs a value computed with it on line {self._origin} "
            f"(`{script.quote(self._origin)}`). Everything before line {here} ran, models "
            f"included; run the script with Python and {library} installed to go further.",
            name=library)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __setattr__(self, name, value):
        pass

    def __repr__(self):
        return f"<value computed with {self._library} on line {self._origin}: not available>"

    __hash__ = object.__hash__
    __call__ = __getitem__ = _derive

    def __setitem__(self, key, value):
        pass



# Arithmetic and comparisons give another value that cannot be computed; anything that needs
# the value itself (a number, a length, a truth value, iteration, text) raises.
for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or",
            "xor", "lshift", "rshift"):
    for _name in (f"__{_op}__", f"__r{_op}__", f"__i{_op}__"):
        setattr(Unavailable, _name, Unavailable._derive)
for _name in ("__neg__", "__pos__", "__abs__", "__invert__", "__eq__", "__ne__", "__lt__",
              "__le__", "__gt__", "__ge__"):
    setattr(Unavailable, _name, Unavailable._derive)
for _name in ("__bool__", "__len__", "__iter__", "__index__", "__int__", "__float__",
              "__complex__", "__str__", "__format__", "__contains__", "__round__", "__trunc__"):
    setattr(Unavailable, _name, Unavailable._need)
del _op, _name
