"""``model.summary()``: the Keras 3 text (default) or the classic Keras 2 layout.

``print_summary`` is what ``Sequential.summary`` / ``Model.summary`` call.

- ``style="keras3"`` (default): the box-drawn table Keras 3 prints through
  rich, character for character (see ``calculator.summary_keras3``).  Without
  ``print_fn`` the text is written to ``sys.stdout``; with it, ``print_fn`` is
  called once with the whole text (ending in a newline), as Keras 3 does.
- ``style="keras2"``: the underscore/equals layout of Keras 2 (TF <= 2.15),
  ``print_fn`` called once per line (default ``print``).

``summary_text(model, ...)`` returns the text instead of printing it.
``style=None`` means the current default style: ``"keras3"``, or what an
enclosing ``with summary_style("keras2"):`` sets (how the script runner makes
an unchanged script's ``model.summary()`` print the classic layout).
"""

import contextlib
import sys

__all__ = ["print_summary", "summary_text", "summary_style", "STYLES"]

STYLES = ("keras3", "keras2")
_default_style = ["keras3"]


@contextlib.contextmanager
def summary_style(style):
    """Within the block, summaries without an explicit ``style`` use ``style``."""
    _check_style(style)
    _default_style.append(style)
    try:
        yield
    finally:
        _default_style.pop()


def _check_style(style):
    if style not in STYLES:
        raise ValueError(
            f"Unknown summary style: {style!r}. Expected one of {', '.join(STYLES)}.")


def summary_text(model, line_length=None, positions=None, expand_nested=False,
                 show_trainable=False, layer_range=None, style=None):
    """The summary ``print_summary`` would print, as one string."""
    style = style or _default_style[-1]
    _check_style(style)
    if style == "keras2":
        from calculator import summary_keras2
        lines = summary_keras2.summary_lines(
            model, line_length=line_length, positions=positions,
            expand_nested=expand_nested, show_trainable=show_trainable,
            layer_range=layer_range)
        return "\n".join(lines) + "\n"
    from calculator import summary_keras3
    return summary_keras3.summary_text(
        model, line_length=line_length, positions=positions,
        expand_nested=expand_nested, show_trainable=show_trainable,
        layer_range=layer_range)


def print_summary(model, line_length=None, positions=None, print_fn=None,
                  expand_nested=False, show_trainable=False, layer_range=None,
                  style=None):
    """Print ``model``'s summary like Keras (3 by default, or 2)."""
    style = style or _default_style[-1]
    _check_style(style)
    if style == "keras2":
        from calculator import summary_keras2
        lines = summary_keras2.summary_lines(
            model, line_length=line_length, positions=positions,
            expand_nested=expand_nested, show_trainable=show_trainable,
            layer_range=layer_range)
        if print_fn is None:
            write = sys.stdout.write
            for line in lines:
                write(line + "\n")
        else:
            for line in lines:
                print_fn(line)
        return
    text = summary_text(model, line_length=line_length, positions=positions,
                        expand_nested=expand_nested, show_trainable=show_trainable,
                        layer_range=layer_range, style=style)
    if print_fn is None:
        sys.stdout.write(text)
    else:
        print_fn(text)
