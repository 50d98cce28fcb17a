"""``RNN``, ``LSTM``, ``GRU`` and their cells.

Per layer ``l`` and direction (suffix ``_reverse`` for the backward one), with ``G`` gates
(RNN 1, GRU 3, LSTM 4), ``H`` = hidden_size and ``P`` = proj_size or ``H``:
``weight_ih_l{l}`` ``[G·H, in]`` (``in`` = input_size for layer 0, else ``D·P``),
``weight_hh_l{l}`` ``[G·H, P]``, ``bias_ih_l{l}``/``bias_hh_l{l}`` ``[G·H]`` and, for LSTM with
``proj_size``, ``weight_hr_l{l}`` ``[P, H]``. Output ``[L, N, D·P]`` (``batch_first``:
``[N, L, D·P]``).
"""

from .. import _fix
from .module import Module
from .parameter import empty

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


_param = empty


class RNNBase(Module):
    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if not isinstance(dropout, (int, float)) or not 0 <= dropout <= 1 or \
                isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        for name, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                                  ("input_size", input_size, int)):
            if not isinstance(value, kind):
                raise TypeError(f"{name} should be of type {kind.__name__}, got: "
                                f"{type(value).__name__}")
        if input_size <= 0:
            raise ValueError("input_size must be greater than zero")
        if not isinstance(hidden_size, int):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.__dict__.update(mode=mode, input_size=input_size, hidden_size=hidden_size,
                             num_layers=num_layers, bias=bias, batch_first=batch_first,
                             dropout=float(dropout), bidirectional=bidirectional,
                             proj_size=proj_size)
        gate = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        real_hidden = proj_size or hidden_size
        names = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_in = input_size if layer == 0 else real_hidden * directions
                sfx = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                params = [("weight_ih" + sfx, (gate, layer_in)),
                          ("weight_hh" + sfx, (gate, real_hidden))]
                if bias:
                    params += [("bias_ih" + sfx, (gate,)), ("bias_hh" + sfx, (gate,))]
                if proj_size:
                    params.append(("weight_hr" + sfx, (proj_size, hidden_size)))
                for name, shape in params:
                    setattr(self, name, _param(*shape))
                    names.append(name)
        self._flat_weights_names = names

    def flatten_parameters(self):
        return None

    def forward(self, input, hx=None):
        kind = type(self).__name__
        if input.dim() not in (2, 3):
            tail = "tensor instead" if kind == "RNN" else "instead"
            raise ValueError(f"{kind}: Expected input to be 2D or 3D, got {input.dim()}D {tail}")
        if hx is not None:
            self._check_hidden_dims(hx, input.dim())
        weight_dtype = getattr(self, self._flat_weights_names[0]).dtype
        if input.dtype is not weight_dtype:
            raise ValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight_dtype}). "
                f"Convert input: input.to({weight_dtype}), or convert model: "
                f"model.to({input.dtype})")
        if input.shape[-1] != self.input_size:
            raise _fix.error(
                RuntimeError,
                f"input.size(-1) must be equal to input_size. Expected {self.input_size}, got "
                f"{input.shape[-1]}",
                f"{_fix.current_layer() or kind}: input_size should be {input.shape[-1]}, the "
                f"last dimension (features per step) of its input {list(input.shape)}"
                + ("" if self.batch_first or input.dim() == 2 else
                   "; without batch_first=True the input is read as [L, N, features]") + ".")
        directions = 2 if self.bidirectional else 1
        out_size = self.proj_size or self.hidden_size
        batched = input.dim() == 3
        if batched:
            seq, batch = (input.shape[1], input.shape[0]) if self.batch_first else input.shape[:2]
            output = (batch, seq) if self.batch_first else (seq, batch)
            state_lead = (directions * self.num_layers, batch)
        else:
            output = (input.shape[0],)
            state_lead = (directions * self.num_layers,)
        if hx is not None:
            self._check_hidden(hx, state_lead, out_size, batched)
        out = input._new(output + (directions * out_size,))
        h = input._new(state_lead + (out_size,))
        if self.mode == "LSTM":
            return out, (h, input._new(state_lead + (self.hidden_size,)))
        return out, h

    def _check_hidden_dims(self, hx, dims):
        """The state has as many dimensions as the input (PyTorch checks this first, before
        the input's dtype and size)."""
        states = hx if self.mode == "LSTM" else (hx,)
        if all(state.dim() == dims for state in states):
            return
        kind = "batched 3-D" if dims == 3 else "unbatched 2-D"
        if self.mode == "LSTM":
            got = ", ".join(f"{state.dim()}-D" for state in states)
            raise RuntimeError(f"For {kind} input, hx and cx should also be {dims}-D but got "
                               f"({got}) tensors")
        raise RuntimeError(f"For {kind} input, hx should also be {dims}-D but got "
                           f"{hx.dim()}-D tensor")

    def _check_hidden(self, hx, lead, out_size, batched):
        """``hx`` (LSTM: ``(h, c)``) must be ``[D·num_layers, N, H_out]`` (unbatched: no N)."""
        states = hx if self.mode == "LSTM" else (hx,)
        sizes = (out_size, self.hidden_size) if self.mode == "LSTM" else (out_size,)
        for i, (state, size) in enumerate(zip(states, sizes)):
            want = lead + (size,)
            if tuple(state.shape) != want:
                label = f"hidden[{i}]" if self.mode == "LSTM" else "hidden"
                raise _fix.error(RuntimeError,
                                 f"Expected {label} size {want}, got {list(state.shape)}",
                                 self._hidden_fix(label, tuple(state.shape), want, batched))

    def _hidden_fix(self, label, got, want, batched):
        """Which part of the state is off: the layers × directions, the batch, or the size."""
        layers = f"num_layers={self.num_layers}" + (" × 2 directions" if self.bidirectional
                                                     else "")
        if got[0] != want[0]:
            part = f"its first dimension must be {want[0]} ({layers}), not {got[0]}"
        elif batched and got[1] != want[1]:
            where = 0 if self.batch_first else 1
            part = (f"it holds a batch of {got[1]} but the input's batch (its dimension {where}, "
                    f"batch_first={self.batch_first}) is {want[1]}; the state is [layers, "
                    f"batch, size] even with batch_first=True. Make it for this input, e.g. "
                    f"torch.zeros({want[0]}, x.size({where}), {want[-1]}) (a state kept from "
                    f"a batch of another size, such as sampling with a batch of 1, must be made "
                    f"again)")
        else:
            part = f"its last dimension must be {want[-1]}, not {got[-1]}"
        return f"{_fix.current_layer() or type(self).__name__}: {label} is {list(got)}; {part}."

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)


def _args(args, kwargs, names, defaults):
    values = dict(zip(names, defaults))
    values.update(zip(names, args))
    values.update(kwargs)
    return values


_RNN_NAMES = ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout",
              "bidirectional")
_RNN_DEFAULTS = (None, None, 1, True, False, 0.0, False)


class RNN(RNNBase):
    def __init__(self, *args, **kwargs):
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if len(args) > 3:
            raise ValueError("Don't use positional nonlinearity; pass it as a keyword argument")
        mode = {"tanh": "RNN_TANH", "relu": "RNN_RELU"}.get(nonlinearity)
        if mode is None:
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        self.__dict__["nonlinearity"] = nonlinearity
        super().__init__(mode, *args, **kwargs)


class LSTM(RNNBase):
    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    def __init__(self, *args, **kwargs):
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    _gates = 1

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        super().__init__()
        self.__dict__.update(input_size=input_size, hidden_size=hidden_size, bias=bias,
                             nonlinearity=nonlinearity)
        gate = self._gates * hidden_size
        self.weight_ih = _param(gate, input_size)
        self.weight_hh = _param(gate, hidden_size)
        if bias:
            self.bias_ih = _param(gate)
            self.bias_hh = _param(gate)
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)

    def forward(self, input, hx=None):
        kind = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{kind}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[-1]} "
                               f"expected {self.input_size}")
        h = input._new(tuple(input.shape[:-1]) + (self.hidden_size,))
        if hx is not None and input.dim() == 2:
            first = hx[0] if self._gates == 4 else hx
            if first.shape[0] != input.shape[0]:
                raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden0 "
                                   f"batch size {first.shape[0]}")
        return (h, input._new(h.shape)) if self._gates == 4 else h

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if self.__dict__.get("bias", True) is not True:
            s += ", bias={bias}"
        if self.__dict__.get("nonlinearity", "tanh") != "tanh":
            s += ", nonlinearity={nonlinearity}"
        return s.format(**self.__dict__)


class RNNCell(RNNCellBase):
    pass


class LSTMCell(RNNCellBase):
    _gates = 4

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias)


class GRUCell(RNNCellBase):
    _gates = 3

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias)
