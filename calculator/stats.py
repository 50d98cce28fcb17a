"""Per-layer and per-model statistics: MACs, memory, receptive field, effective stride.

Conventions (batch size 1, float32):

- **MACs** (multiply–accumulates) count the products of a weighted layer's kernel only;
  bias additions, activations, normalization, pooling and merges count 0.

  ===================  ==========================================================
  Conv (1D/2D/3D)      ``out_positions · F_h·F_w · (D_in / groups) · K``
  ConvTranspose        ``in_positions · F_h·F_w · D_in · K`` (every input pixel
                       stamps the whole kernel into the output)
  DepthwiseConv        ``out_positions · F_h·F_w · D_in · M``
  SeparableConv        depthwise ``out_positions · F_h·F_w · D_in · M`` +
                       pointwise ``out_positions · D_in·M · K``
  Dense                ``positions · D_in · units`` (positions = product of the
                       axes between batch and the last, 1 for a flat input)
  SimpleRNN/GRU/LSTM   ``T · g · U · (D_in + U)``, ``g`` = 1 / 3 / 4 gates (input and
                       recurrent products per step; ``RNN(cell)`` the same per cell,
                       stacked cells chained)
  ConvLSTM             ``T · out_positions · F_h·F_w · 4K · (D_in + K)`` (the input
                       and the recurrent convolution, per step)
  Bidirectional        forward + backward layer
  TimeDistributed      ``T ·`` the wrapped layer's MACs on one step
  EinsumDense          output positions · the sizes the kernel contracts
  MultiHeadAttention   the query/key/value/output projections (and ``gate``) as
                       EinsumDense, plus ``H·T·S·(key_dim + value_dim)`` for the
                       scores and the weighted sum (``T``/``S`` query/value positions)
  ===================  ==========================================================

  A count that needs a length the shape leaves unknown (``None``: a variable number of
  steps or pixels) is ``None`` ("unknown"), never a guess; so is the activation memory of
  an output with an unknown length. Embedding looks values up: 0 MACs.

- **Activation memory**: the layer's output elements × 4 bytes (one sample).
- **Parameter memory**: parameters × 4 bytes.
- **Unknown sizes stay unknown**: when a figure depends on an axis whose size is ``None``
  (``input_shape=(None, None, 3)``), the MACs, output elements and activation memory are
  ``None``, and so is any total that adds them up; never a number from a placeholder.
- **Receptive field** ``r`` and **effective stride** (jump) ``j`` through a stack, per spatial
  axis, with the standard recurrence ``r_out = r_in + (F_eff - 1)·j_in``,
  ``j_out = j_in·S`` (``r = j = 1`` at the input). Padding layers, Dense on a feature map,
  activations and normalization keep ``(r, j)``; ``UpSampling`` divides ``j`` by its size and
  a transposed conv divides ``j`` by its stride (``r_out = r_in + (F_eff - 1)·j_out``);
  merges take, per axis, the largest ``r`` among their inputs (inputs that are already
  global, like a squeeze-and-excitation gate, are left out). After ``Flatten``, global pooling, a
  ``Dense`` on flat input or ``Reshape`` every output sees the whole input (``None``); so after
  a recurrent layer (its state carries every step read so far; ConvLSTM's recurrent
  convolution also widens the field at each step).

    >>> receptive_field([(3, 1), (3, 1)])
    [(3, 1), (5, 1)]
    >>> receptive_field([(3, 2), (3, 2), (3, 2)])
    [(3, 2), (7, 4), (15, 8)]
"""

from __future__ import annotations

__all__ = ["BYTES_PER_VALUE", "layer_stats", "model_stats", "receptive_field",
           "layer_window", "human_bytes", "known_sum", "count_text"]

from .core import flatten, is_shape

BYTES_PER_VALUE = 4  # float32


def count_text(n) -> str:
    """``1,234``, or ``unknown`` for ``None`` (a count that needs an unknown length)."""
    return "unknown" if n is None else f"{n:,}"


_UNITS = ("KB", "MB", "GB", "TB", "PB", "EB")


def human_bytes(n: int | None) -> str:
    """Keras's style: ``3.52 MB``, ``128.00 KB``, ``12.00 B``; the largest unit that keeps the
    figure at or above 1 (up to exabytes, then powers of ten: ``4.00e+21 B``);
    ``unknown`` for ``None``.

    >>> human_bytes(4_000_000_000_000_000_000)
    '3.47 EB'
    """
    if n is None:
        return "unknown"
    for power in range(len(_UNITS), 0, -1):
        size = 1024 ** power
        if n >= size:
            value = n / size
            if value >= 1024:
                return f"{n:.2e} B"
            return f"{value:.2f} {_UNITS[power - 1]}"
    return f"{n:.2f} B"


def receptive_field(windows, r: float = 1, j: float = 1):
    """Fold ``(F_eff, S)`` pairs through the recurrence; returns ``[(r, j), ...]``.

    >>> receptive_field([(5, 1), (2, 2), (5, 1), (2, 2)])
    [(5, 1), (6, 2), (14, 2), (16, 4)]
    """
    out = []
    for k, s in windows:
        r = r + (k - 1) * j
        j = j * s
        out.append((_clean(r), _clean(j)))
    return out


def _clean(x):
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _prod(values):
    """The product, or ``None`` when a value is unknown (``None``)."""
    p = 1
    for v in values:
        if v is None:
            return None
        p *= v
    return p


def _times(*factors):
    """``a · b · ...``, ``None`` if any factor is unknown."""
    return _prod(factors)


def _tuple(v, n):
    if v is None:
        return None
    if isinstance(v, int):
        return (v,) * n
    v = tuple(v)
    return v * n if len(v) == 1 and n > 1 else v


def _nsp(cls: str):
    base = cls[:-len("Transpose")] if cls.endswith("Transpose") else cls
    for suf, v in (("1D", 1), ("2D", 2), ("3D", 3)):
        if base.endswith(suf):
            return v
    return None


def _cls(lyr) -> str:
    return type(lyr).__name__


def _cfg(lyr) -> dict:
    try:
        return dict(lyr.get_config())
    except Exception:  # noqa: BLE001
        return {}


def _split(shape, df):
    if df == "channels_first":
        return list(shape[2:]), shape[1]
    return list(shape[1:-1]), shape[-1]


_RF_GLOBAL = ("Flatten", "Reshape", "GlobalMaxPooling", "GlobalAveragePooling",
              "GlobalMaxPool", "GlobalAvgPool", "SimpleRNN", "LSTM", "GRU", "RNN", "ConvLSTM",
              "Bidirectional")


def layer_window(lyr, input_shape=None):
    """How a layer moves the receptive field, per spatial axis.

    Returns ``("window", [(F_eff, S), ...])``, ``("transpose", [(F_eff, S), ...])``,
    ``("upsample", [size, ...])``, ``("keep", None)`` or ``("global", None)``.
    """
    cls = _cls(lyr)
    cfg = _cfg(lyr)
    n = _nsp(cls)
    if cls.startswith(_RF_GLOBAL):
        if cfg.get("keepdims") or cls in ("Reshape",):
            return ("global", None)
        return ("global", None)
    if cls == "Dense":
        shape = input_shape
        if shape is not None and len(shape) > 2:
            return ("keep", None)
        return ("global", None)
    if cls == "EinsumDense":
        from .layers import _einsum
        return ("keep", None) if _einsum.keeps_positions(lyr.equation) else ("global", None)
    if cls == "MultiHeadAttention":  # every query position reads every value position
        return ("global", None)
    if n and cls.startswith(("MaxPool", "AveragePool", "AvgPool")):
        k = _tuple(cfg.get("pool_size"), n)
        s = _tuple(cfg.get("strides") or k, n)
        return ("window", list(zip(k, s)))
    if n and "Transpose" in cls:
        k = _tuple(cfg.get("kernel_size"), n)
        s = _tuple(cfg.get("strides", 1), n)
        d = _tuple(cfg.get("dilation_rate", 1), n)
        return ("transpose", [((kk - 1) * dd + 1, ss) for kk, ss, dd in zip(k, s, d)])
    if n and cls.startswith(("Conv", "SeparableConv", "DepthwiseConv")):
        k = _tuple(cfg.get("kernel_size"), n)
        s = _tuple(cfg.get("strides", 1), n)
        d = _tuple(cfg.get("dilation_rate", 1), n)
        return ("window", [((kk - 1) * dd + 1, ss) for kk, ss, dd in zip(k, s, d)])
    if n and cls.startswith("UpSampling"):
        return ("upsample", list(_tuple(cfg.get("size", 2), n)))
    if cls == "TimeDistributed":  # the wrapped layer's move on the axes after time
        step = None if input_shape is None else (input_shape[0],) + tuple(input_shape[2:])
        kind, data = layer_window(lyr.layer, step)
        if kind in ("window", "transpose"):
            return (kind, [(1, 1)] + list(data))
        if kind == "upsample":
            return (kind, [1] + list(data))
        return (kind, data)
    return ("keep", None)


def _step_rf(state, move, nsp_hint=None):
    """Apply one layer's move to ``state`` (a list of (r, j) per axis, or None = global)."""
    kind, data = move
    if state is None or kind == "global":
        return None
    if kind == "keep":
        return state
    if len(state) != len(data):
        if len(state) == 1:
            state = state * len(data)
        else:
            state = state[:len(data)] + [state[-1]] * (len(data) - len(state))
    out = []
    for (r, j), item in zip(state, data):
        if kind == "window":
            k, s = item
            out.append((_clean(r + (k - 1) * j), _clean(j * s)))
        elif kind == "transpose":
            k, s = item
            j2 = j / s
            out.append((_clean(r + (k - 1) * j2), _clean(j2)))
        else:  # upsample
            out.append((r, _clean(j / item)))
    return out


def _io(lyr, input_shape=None, output_shape=None):
    if input_shape is None:
        t = lyr.input
        input_shape = ([tuple(x.shape) for x in t] if isinstance(t, (list, tuple))
                       else tuple(t.shape))
    if output_shape is None:
        try:
            o = lyr.output
            output_shape = ([tuple(x.shape) for x in flatten(o)] if isinstance(o, (list, tuple))
                            else tuple(o.shape))
        except Exception:  # noqa: BLE001
            o = lyr.compute_output_shape(input_shape)
            output_shape = tuple(o) if is_shape(o) else [tuple(x) for x in _flat_shapes(o)]
    return input_shape, output_shape


def _flat_shapes(structure):
    if is_shape(structure):
        return [structure]
    return [s for item in structure for s in _flat_shapes(item)]


_GATES = {"SimpleRNN": 1, "SimpleRNNCell": 1, "GRU": 3, "GRUCell": 3, "LSTM": 4, "LSTMCell": 4}


def _cell_step_macs(cell, d_in):
    """Products of one step of a cell reading ``d_in`` features: ``g·U·(D + U)``."""
    if _cls(cell) == "StackedRNNCells":
        total = 0
        for c in cell.cells:
            total += _cell_step_macs(c, d_in)
            d_in = c.output_size
        return total
    u = cell.units
    return _GATES[_cls(cell)] * u * (d_in + u)


def _recurrent_macs(lyr, inp):
    """MACs of a recurrent layer over the whole sequence (``None`` if the steps are unknown)."""
    steps = inp[1]
    if _cls(lyr).startswith("ConvLSTM"):
        cell = lyr.cell
        step_in = (inp[0],) + tuple(inp[2:])
        step_out = cell.output_shape_for(step_in)
        sp_out, _ = _split(step_out, cell.data_format)
        c_in = cell._channels(step_in)
        per_step = _times(_prod(sp_out), _prod(cell.kernel_size), 4 * cell.filters, c_in + cell.filters)
        return _times(steps, per_step)
    return _times(steps, _cell_step_macs(lyr.cell, inp[-1]))


def _macs(lyr, inp, out):
    """Multiply-accumulates of one call (rules in the module docstring), ``None`` if unknown."""
    traced = _traced(lyr)
    if traced is not None:  # a subclassed layer: the layer calls its call() made
        return known_sum(model_stats(sub)["totals"]["macs"] if _is_model(sub) else
                         _macs(sub, sub_in, sub_out) for sub, sub_in, sub_out, _, _ in traced[0]
                         if sub is not None)
    cls = _cls(lyr)
    cfg = _cfg(lyr)
    if cls == "MultiHeadAttention":
        return lyr.macs(inp if isinstance(inp, dict) else None)
    if isinstance(inp, list):
        return 0
    if cls in _GATES or cls == "RNN" or cls.startswith("ConvLSTM"):
        return _recurrent_macs(lyr, inp)
    if cls == "Bidirectional":
        fwd, bwd = _recurrent_macs(lyr.forward_layer, inp), _recurrent_macs(lyr.backward_layer, inp)
        return None if fwd is None or bwd is None else fwd + bwd
    if cls == "TimeDistributed":
        step_in = (inp[0],) + tuple(inp[2:])
        step_out = lyr.layer.compute_output_shape(step_in)
        inner = _macs(lyr.layer, step_in, step_out)
        return 0 if inner == 0 else _times(inp[1], inner)
    if isinstance(out, list):
        return 0
    n = _nsp(cls)
    df = cfg.get("data_format") or "channels_last"
    if cls == "Dense":
        return _times(_prod(inp[1:-1]), inp[-1], cfg.get("units", out[-1]))
    if cls == "EinsumDense":
        return _einsum_macs(lyr, inp, out)
    if not n or not cls.startswith(("Conv", "SeparableConv", "DepthwiseConv")):
        return 0
    k = _prod(_tuple(cfg.get("kernel_size"), n))
    sp_in, din = _split(inp, df)
    sp_out, dout = _split(out, df)
    if "Transpose" in cls:
        return _times(_prod(sp_in), k, din, cfg.get("filters", dout))
    pos_out = _prod(sp_out)
    if cls.startswith("DepthwiseConv"):
        return _times(pos_out, k, din, cfg.get("depth_multiplier", 1))
    if cls.startswith("SeparableConv"):
        m = cfg.get("depth_multiplier", 1)
        return known_sum([_times(pos_out, k, din, m), _times(pos_out, din, m, cfg.get("filters", dout))])
    groups = cfg.get("groups", 1) or 1
    return _times(pos_out, k, None if din is None else din // groups, cfg.get("filters", dout))


def _einsum_macs(lyr, inp, out):
    """One product per combination of the equation's letters (the batch axis left out):
    the output's positions times the sizes contracted away."""
    from .layers import _einsum
    _, weight_spec, output_spec, _ = _einsum.split(lyr.equation)
    contracted = [lyr.kernel.shape[i] for i, d in enumerate(weight_spec) if d not in output_spec]
    return _times(_prod(out[1:]), _prod(contracted))


def _elements(shape):
    """Values per sample in an output (several outputs: their sum); ``None`` if a length is unknown."""
    if isinstance(shape, list):
        counts = [_elements(s) for s in shape]
        return None if None in counts else sum(counts)
    return _prod(shape[1:])


def layer_stats(lyr, input_shape=None, output_shape=None) -> dict:
    """``{"macs", "activation_bytes", "param_bytes", "output_elements", "params",
    "window"}`` for one layer (shapes with the batch dimension; from the layer if omitted).

    ``window`` is the per-axis ``[F_eff, S]`` the layer applies (``None`` if it has none).
    ``macs``, ``output_elements`` and ``activation_bytes`` are ``None`` when they depend on
    an axis of unknown size.
    """
    inp, out = _io(lyr, input_shape, output_shape)
    try:
        params = int(lyr.count_params())
    except Exception:  # noqa: BLE001
        params = 0
    elements = _elements(out)
    move = layer_window(lyr, inp if not isinstance(inp, list) else None)
    return {
        "macs": _macs(lyr, inp, out),
        "activation_bytes": None if elements is None else elements * BYTES_PER_VALUE,
        "param_bytes": params * BYTES_PER_VALUE,
        "output_elements": elements,
        "params": params,
        "window": [list(x) for x in move[1]] if move[0] in ("window", "transpose") else None,
    }


def _nodes(lyr):
    return list(getattr(lyr, "_inbound_nodes", []) or [])


def _is_input_layer(lyr) -> bool:
    return _cls(lyr) == "InputLayer"


def _is_model(lyr) -> bool:
    return hasattr(lyr, "layers") and hasattr(lyr, "outputs")


def model_stats(model) -> dict:
    """Per-layer rows and totals for a Sequential or functional model.

    Each row: ``name``, ``class_name``, ``output_shape``, ``params``, ``macs``,
    ``activation_bytes``, ``param_bytes``, ``receptive_field`` (per spatial axis
    ``[r, j]``, or ``None`` once every output sees the whole input), ``window``.
    Totals: ``macs``, ``params``, ``param_bytes``, ``activation_bytes`` (sum over layers;
    ``None`` when any layer's figure is unknown).
    """
    known = _known_ids(model)
    rf_of = {}  # id(tensor) -> [(r, j) per axis] or None (global)
    for t in list(getattr(model, "inputs", None) or []):
        rf_of[id(t)] = _fresh(t.shape)
    rows = []
    prev = _MISSING
    for lyr in model.layers:
        if _is_input_layer(lyr):
            continue
        node_in, node_out = _node_tensors(lyr, known, rf_of)
        if node_in:
            states = []
            for t in node_in:
                if id(t) in rf_of:
                    states.append(rf_of[id(t)])
                elif prev is not _MISSING:
                    states.append(prev)
                else:
                    states.append(_fresh(t.shape))
            state = _merge_states(states)
            inp = ([tuple(t.shape) for t in node_in] if len(node_in) > 1
                   else tuple(node_in[0].shape))
            out = (tuple(node_out[0].shape) if len(node_out) == 1
                   else [tuple(t.shape) for t in node_out]) if node_out else None
        else:
            state = None if prev is _MISSING else prev
            inp = out = None
        try:
            st = layer_stats(lyr, inp, out)
        except Exception:  # noqa: BLE001 - a layer never called (no input yet): no figures
            st = {"macs": 0, "activation_bytes": 0, "param_bytes": 0, "output_elements": 0,
                  "params": 0, "window": None}
        if _is_model(lyr) and out is not None:  # a nested model: its own totals and overall field
            inner = model_stats(lyr)
            st["macs"] = inner["totals"]["macs"]
            move = _model_window(inner)
        else:
            move = layer_window(lyr, inp if not isinstance(inp, list) else None)
        traced = _traced(lyr)
        if traced is not None:  # a subclassed layer
            new_state = _traced_rf(traced, state)
        else:
            new_state = _step_rf(state, move)
        for t in node_out or []:
            rf_of[id(t)] = new_state
        prev = new_state
        rows.append({
            "name": getattr(lyr, "name", _cls(lyr)),
            "class_name": _cls(lyr),
            "output_shape": list(out) if out is not None else None,
            **st,
            "receptive_field": [list(x) for x in new_state] if new_state else None,
        })
    totals = {
        "macs": known_sum(r["macs"] for r in rows),
        "params": sum(r["params"] for r in rows),
        "param_bytes": sum(r["param_bytes"] for r in rows),
        "activation_bytes": known_sum(r["activation_bytes"] for r in rows),
    }
    return {"layers": rows, "totals": totals}


_MISSING = object()


def known_sum(values):
    """A total, or ``None`` when one of the values is unknown."""
    values = list(values)
    return None if None in values else sum(values)


def _model_window(stats):
    """A nested model as one window: its overall receptive field and effective stride."""
    final = stats["layers"][-1]["receptive_field"] if stats["layers"] else None
    return ("global", None) if final is None else ("window", [tuple(x) for x in final])


def _traced(lyr):
    """``(calls, (inputs, outputs))`` of a subclassed layer's traced call(), or None."""
    if not getattr(lyr, "_TRACED", False):
        return None
    from . import tracing
    return tracing.noted_calls(lyr)


def _traced_rf(traced, state):
    """The receptive field after a subclassed layer: the layer and op calls its traced
    call() made, walked as the graph they form (an op passes on the widest field of its
    inputs, as a merge layer does)."""
    calls, (ins, outs) = traced
    rf = {id(t): state for t in ins}
    for sub, sub_in, _, tensors_in, tensors_out in calls:
        states = [rf[id(t)] for t in tensors_in if id(t) in rf]
        if not states:  # computed from weights or constants only
            continue
        merged = _merge_states(states)
        if sub is None:
            move = ("keep", None)
        elif _is_model(sub):
            move = _model_window(model_stats(sub))
        else:
            move = layer_window(sub, sub_in if not isinstance(sub_in, list) else None)
        new = _step_rf(merged, move)
        for t in tensors_out:
            rf[id(t)] = new
    finals = [rf[id(t)] for t in outs if id(t) in rf]
    return _merge_states(finals) if finals else state


def _merge_states(states):
    """A merge's receptive field: per axis the largest ``r`` among the inputs that still
    have a local field (a global branch such as a squeeze-and-excitation gate only rescales
    channels, so it is left out); ``None`` when every input is global."""
    local = [st for st in states if st is not None]
    if not local:
        return None
    if len(local) == 1:
        return local[0]
    n = max(len(st) for st in local)
    out = []
    for i in range(n):
        out.append(max((st[min(i, len(st) - 1)] for st in local), key=lambda rj: rj[0]))
    return out


def _fresh(shape):
    return [(1, 1)] * max(len(shape) - 2, 1)


def _node_tensors(lyr, known, done=()):
    """The input and output tensors of ``lyr``'s call inside the model: the latest call whose
    inputs were produced upstream in this walk (``done``), else one inside the model's graph
    (``known``), else the first call."""
    nodes = _nodes(lyr)
    if not nodes:
        try:
            t_in, t_out = lyr.input, lyr.output
        except Exception:  # noqa: BLE001
            return None, None
        t_in = list(t_in) if isinstance(t_in, (list, tuple)) else [t_in]
        t_out = list(t_out) if isinstance(t_out, (list, tuple)) else [t_out]
        return t_in, t_out
    node = None
    for cand in reversed(nodes):
        ins = getattr(cand, "input_tensors", [])
        if ins and all(id(t) in done for t in ins):
            node = cand
            break
    if node is None:
        node = next((c for c in nodes if any(id(t) in known
                                             for t in getattr(c, "input_tensors", []))),
                    nodes[0])
    return list(getattr(node, "input_tensors", [])), list(getattr(node, "output_tensors", []))


def _known_ids(model):
    ids = set()
    for lyr in getattr(model, "layers", []):
        for node in _nodes(lyr):
            for t in getattr(node, "output_tensors", []):
                ids.add(id(t))
    for t in getattr(model, "inputs", None) or []:
        ids.add(id(t))
    return ids
