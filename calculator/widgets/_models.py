"""The model a page's Keras code builds, for the widgets that draw or measure it."""

from __future__ import annotations


def model_from_code(code: str, filename: str = "<model>"):
    """Run ``code`` (``calculator.runner.run_script``) and return its model: the global called
    ``model`` when it is one, else the last model the code created. Raises ValueError when
    the code builds none; the code's own exceptions propagate."""
    from ..runner import run_script

    run = run_script(code, filename=filename)
    model = run.namespace.get("model")
    if not hasattr(model, "layers"):
        model = run.models[-1] if run.models else None
    if model is None:
        raise ValueError("the code builds no model")
    return model
