"""The PyTorch view of a Keras layer in the calculators: the ``nn`` line (with ``F.pad`` where
Keras's ``same`` split is uneven) that computes the same thing, and PyTorch's length rule
with the layer's numbers (:mod:`calculator.torch_equiv`, checked against real PyTorch)."""

from __future__ import annotations

from . import code_html, esc


def _as_script(code: str) -> str:
    """``F.pad(...)`` lines become ``x = F.pad(...)``; the layer becomes ``layer = nn....``
    followed by ``y = layer(x)``."""
    *pads, module = code.split("\n")
    lines = [f"x = {p}  # Keras 'same' pads unevenly: the extra pixel goes bottom/right"
             for p in pads]
    return "\n".join(lines + [f"layer = {module}", "y = layer(x)"])


def torch_view_html(layer) -> str:
    """A ``<details>`` with the PyTorch code and rule, or ``""`` for a layer without one
    (global pooling, channels_first, unknown sizes)."""
    from ..torch_equiv import equivalent

    try:
        eq = equivalent(layer)
    except ValueError:
        return ""
    note = ("" if eq["exact"] else
            "<p>Keras's own backends disagree here (TensorFlow divides each padded window by its "
            "real pixels, the torch backend repeats the edge pixels): this is the torch backend's "
            "computation; the shape is the same either way.</p>")
    return ('<details class="cd-result__torch"><summary>The same layer in PyTorch</summary>'
            "<p>On channels-first tensors <code>(N, C, H, W)</code>, with <code>import torch.nn as nn"
            "</code> and <code>import torch.nn.functional as F</code>:</p>"
            + code_html(_as_script(eq["code"]))
            + f"<p>PyTorch's rule for the height: {esc(eq['rule'])}.</p>{note}</details>")
