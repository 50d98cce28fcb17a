"""The PyTorch code that computes exactly what a Keras convolution or pooling layer computes,
and the rule PyTorch uses for its output size.

PyTorch pads symmetrically (``padding=p`` adds ``p`` on both sides) and writes the length rule
with the padding in it: ``floor((n + 2p − d(k − 1) − 1)/s) + 1``. Keras ``same`` pads
``total = max((ceil(n/s) − 1)·s + k_eff − n, 0)`` pixels, ``total // 2`` before and the rest
after (the extra pixel bottom/right). So:

- ``valid``: ``padding=0``, the same windows.
- ``same`` with an even split on both axes: ``padding=(top, left)``.
- ``same`` with an odd split: no ``padding=`` value reproduces it; ``F.pad(x, (left, right,
  top, bottom))`` (zeros; ``-inf`` before a max pooling) then ``padding=0`` does.
- average pooling ``same`` divides each window by its real pixels: with an even split,
  ``padding=`` with ``count_include_pad=False``. With an odd split Keras's own backends
  disagree (TensorFlow divides by the real pixels, the torch backend repeats the edge
  pixels): the code given is the torch backend's (``F.pad(..., mode='replicate')``), with the
  right shape, and is marked not exact.

Every equivalent here is checked against real PyTorch and real Keras on the same numbers
(``tests/fixtures/generate_torch_equiv_fixtures.py``).

    >>> from calculator.keras import Input, layers
    >>> conv = layers.Conv2D(32, 3, strides=2, padding="same"); _ = conv(Input(shape=(128, 128, 3)))
    >>> equivalent(conv)["code"]
    'F.pad(x, (0, 1, 0, 1))\\nnn.Conv2d(3, 32, kernel_size=3, stride=2)'
"""

from __future__ import annotations

from . import shapes

__all__ = ["equivalent"]

_POOL = {"MaxPooling2D": "MaxPool2d", "AveragePooling2D": "AvgPool2d",
         "MaxPooling1D": "MaxPool1d", "AveragePooling1D": "AvgPool1d"}
_CONV = {"Conv2D": "Conv2d", "Conv1D": "Conv1d"}


def _axes(value, n):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * n


def _one(values):
    """``3`` for ``(3, 3)``, the tuple otherwise (as PyTorch reprs print them)."""
    return values[0] if len(set(values)) == 1 else tuple(values)


def _args(parts):
    return ", ".join(p for p in parts if p)


def equivalent(layer) -> dict:
    """``{"code", "rule", "exact"}`` for a built Keras ``Conv1D/2D`` or ``Max/AveragePooling1D/2D``
    (channels_last): the PyTorch lines that give the same output (on channels-first
    tensors), the PyTorch length rule with this layer's numbers, and whether the code is an
    exact equivalent. Raises ValueError for other layers."""
    name = type(layer).__name__
    if name not in _CONV and name not in _POOL:
        raise ValueError(f"no PyTorch equivalent is written for {name}")
    cfg = layer.get_config()
    if cfg.get("data_format", "channels_last") != "channels_last":
        raise ValueError("the PyTorch equivalent is written for channels_last Keras layers")
    in_shape = tuple(layer.input.shape)
    spatial = in_shape[1:-1]
    n = len(spatial)
    conv = name in _CONV
    k = _axes(cfg["kernel_size"] if conv else cfg["pool_size"], n)
    s = _axes(cfg["strides"] if conv or cfg.get("strides") else cfg["pool_size"], n)
    d = _axes(cfg.get("dilation_rate", 1), n) if conv else (1,) * n
    padding = cfg["padding"]
    if padding not in ("valid", "same") or any(v is None for v in spatial):
        raise ValueError("the PyTorch equivalent needs valid or same padding and known sizes")
    splits = [shapes.same_padding(length, kk, ss, dd)[1:] if padding == "same" else (0, 0)
              for length, kk, ss, dd in zip(spatial, k, s, d)]
    even = all(b == a for b, a in splits)
    before_zero = all(b == 0 for b, _ in splits)
    pre, padding_arg, extra, exact = "", "", "", True
    if conv:
        kw = [f"kernel_size={_one(k)}", f"stride={_one(s)}" if set(s) != {1} else "",
              f"dilation={_one(d)}" if set(d) != {1} else ""]
        groups = cfg.get("groups", 1)
        kw.append(f"groups={groups}" if groups != 1 else "")
        kw.append("bias=False" if not cfg.get("use_bias", True) else "")
        if even and any(b for b, _ in splits):
            padding_arg = f"padding={_one([b for b, _ in splits])}"
        elif not even:
            pre = _pad_call(splits, "")
        code = (f"nn.{_CONV[name]}({in_shape[-1]}, {cfg['filters']}, "
                + _args([kw[0], padding_arg] + kw[1:]) + ")")
    else:
        kind = _POOL[name]
        kw = [f"kernel_size={_one(k)}", f"stride={_one(s)}" if s != k else ""]
        if any(b or a for b, a in splits):
            if kind.startswith("Max"):
                if even:
                    padding_arg = f"padding={_one([b for b, _ in splits])}"
                else:
                    pre = _pad_call(splits, ", value=float('-inf')")
            elif even:  # both Keras backends divide by the real pixels here
                padding_arg = f"padding={_one([b for b, _ in splits])}"
                extra = "count_include_pad=False"
            else:
                # An odd split: Keras's backends disagree on the padded windows (TensorFlow
                # divides by the real pixels; the torch backend repeats the edge pixels, as
                # here), so this is the torch backend's computation, not an exact one.
                exact = False
                pre = _pad_call(splits, ", mode='replicate'")
        code = f"nn.{kind}(" + _args(kw + [padding_arg, extra]) + ")"
    full = (pre + "\n" if pre else "") + code
    return {"code": full, "rule": _rule(spatial, k, s, d, splits, padding_arg, pre),
            "exact": exact}


def _pad_call(splits, value):
    """``F.pad``'s argument lists the last axis first: (left, right, top, bottom)."""
    flat = []
    for before, after in reversed(splits):
        flat += [before, after]
    return f"F.pad(x, ({', '.join(map(str, flat))}){value})"


def _rule(spatial, k, s, d, splits, padding_arg, pre) -> str:
    """The PyTorch length rule with the numbers of the first spatial axis."""
    n, kk, ss, dd = spatial[0], k[0], s[0], d[0]
    before, after = splits[0]
    if pre:  # F.pad added the pixels; the layer itself pads nothing
        total_n = n + before + after
        out = (total_n - dd * (kk - 1) - 1) // ss + 1
        return (f"after F.pad the length is {n} + {before} + {after} = {total_n}; then "
                f"floor(({total_n} − {dd}·({kk} − 1) − 1) / {ss}) + 1 = {out}")
    p = before if padding_arg else 0
    out = (n + 2 * p - dd * (kk - 1) - 1) // ss + 1
    return f"floor(({n} + 2·{p} − {dd}·({kk} − 1) − 1) / {ss}) + 1 = {out}"
