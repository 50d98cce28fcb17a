"""ConvDims calculator: Keras 3-exact shapes, parameter counts and summaries, in pure Python.

The package has no runtime dependencies and runs on CPython >= 3.11 and on Pyodide.
Importing it is cheap: submodules load on first use.

    >>> from calculator.keras import layers, Input, Model
    >>> from calculator.api import handle      # the page's single JSON entry point
"""

__version__ = "0.1.0"
