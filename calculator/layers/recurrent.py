"""Recurrent and sequence layers: SimpleRNN, LSTM, GRU, their cells, RNN(cell), ConvLSTM1D/2D/3D,
and the wrappers Bidirectional and TimeDistributed (Keras 3.15).

A recurrent layer reads ``(batch, timesteps, features)`` (ConvLSTM: ``(batch, timesteps,
*spatial, channels)``) and holds its weights in a cell, a sublayer Keras names after the
cell class (``lstm_cell``), so a weight's path is ``lstm/lstm_cell/kernel``.

Parameters, with ``U`` units, ``D`` input features, ``g`` gates (SimpleRNN 1, GRU 3, LSTM 4):

- kernel ``(D, g·U)`` + recurrent_kernel ``(U, g·U)`` + bias ``(g·U,)``:
  ``g·(D·U + U·U + U)``. LSTM: ``4·(U·(D + U) + U)``.
- GRU with ``reset_after=True`` (the default) keeps two biases, input and recurrent:
  bias ``(2, 3·U)``, so ``3·(D·U + U·U + 2·U)``.
- ConvLSTM with kernel ``k`` (a tuple) and ``F`` filters: kernel ``k + (C, 4·F)``,
  recurrent_kernel ``k + (F, 4·F)``, bias ``(4·F,)``.

Outputs: the last step ``(batch, U)``, or every step ``(batch, T, U)`` with
``return_sequences=True``; ``return_state=True`` adds the final states (a list: the output,
then ``h`` for SimpleRNN/GRU, ``h`` and ``c`` for LSTM/ConvLSTM, each ``(batch, U)``). A
ConvLSTM's spatial lengths follow the convolution rule of its ``padding``/``strides``.

Bidirectional runs a copy of the layer forwards (``forward_<name>``) and one backwards
(``backward_<name>``): twice the parameters; ``merge_mode`` ``concat`` doubles the last axis,
``sum``/``mul``/``ave`` keep it, ``None`` returns both outputs. TimeDistributed applies one
layer (its weights shared) to every step: the wrapped layer sees ``(batch, *shape[2:])``.
"""

from .. import errors, shapes
from ..core import REQUIRED, Layer, flatten, is_shape
from ._utils import (check_ndim, check_output_dims, normalize_activation, normalize_data_format,
                     normalize_padding, normalize_tuple, spatial_axes)

_RNN_FLAGS = (("return_sequences", False), ("return_state", False), ("go_backwards", False),
              ("stateful", False), ("unroll", False))
_REGULARIZERS = (("kernel_regularizer", None), ("recurrent_regularizer", None),
                 ("bias_regularizer", None))
_CONSTRAINTS = (("kernel_constraint", None), ("recurrent_constraint", None), ("bias_constraint", None))
_INITIALIZERS = (("kernel_initializer", "glorot_uniform"), ("recurrent_initializer", "orthogonal"),
                 ("bias_initializer", "zeros"))


def _check_units(units):
    """Keras's RNN cells refuse ``units <= 0`` at construction (a non-integer fails later,
    when the weights are made, or at the state_size check)."""
    if not isinstance(units, (int, float)) or isinstance(units, bool):
        raise errors.keras_error(
            f"'<=' not supported between instances of '{type(units).__name__}' and 'int' "
            f"(units must be a whole number, e.g. units=32; received {units!r}).", "units", TypeError)
    if units <= 0:
        raise errors.keras_error(
            "Received an invalid value for argument `units`, expected a positive integer, got "
            f"{units}.", "units")


# ------------------------------------------------------------------------ cells
class _Cell(Layer):
    """One step of a recurrent layer: built on ``(batch, features)``; holds the weights.

    ``state_size``: the size of each state (``[U]``, LSTM ``[U, U]``); ``output_size``: ``U``.
    A cell is used inside ``RNN`` (or SimpleRNN/LSTM/GRU, which make their own)."""
    _CALL_ARGS = ("inputs", "states", ("training", False))
    _GATES = 1
    _N_STATES = 1

    def _standardize(self):
        _check_units(self.units)
        self.activation = normalize_activation(self.activation)
        if hasattr(self, "recurrent_activation"):
            self.recurrent_activation = normalize_activation(self.recurrent_activation, "recurrent_activation")

    @property
    def state_size(self):
        return [self.units] * self._N_STATES if self._N_STATES > 1 else self.units

    @property
    def output_size(self):
        return self.units

    def _bias_shape(self):
        return (self._GATES * self.units,)

    def _build(self, input_shape):
        d = input_shape[-1]
        g = self._GATES * self.units
        self.kernel = self._add_weight("kernel", (d, g))
        self.recurrent_kernel = self._add_weight("recurrent_kernel", (self.units, g))
        self.bias = self._add_weight("bias", self._bias_shape()) if self.use_bias else None

    def __call__(self, *args, **kwargs):
        raise NotImplementedError(
            f"ConvDims runs {type(self).__name__} only inside a recurrent layer: wrap it as "
            f"keras.layers.RNN({type(self).__name__}(...)) and call that on a sequence.")


_CELL_TAIL = _REGULARIZERS + _CONSTRAINTS + (("dropout", 0.0), ("recurrent_dropout", 0.0))


class SimpleRNNCell(_Cell):
    """``h_t = activation(x_t·W + h_{t-1}·U + b)``: kernel ``(D, U)``, recurrent ``(U, U)``, bias ``(U,)``."""
    _CALL_ARGS = ("sequence", "states", ("training", False))
    _ARGS = (("units", REQUIRED), ("activation", "tanh"), ("use_bias", True)) + _INITIALIZERS + _CELL_TAIL + (
        ("seed", None),)


class LSTMCell(_Cell):
    """Four gates (input, forget, cell, output): kernel ``(D, 4U)``, recurrent ``(U, 4U)``, bias ``(4U,)``;
    two states, ``h`` and ``c``."""
    _GATES = 4
    _N_STATES = 2
    _ARGS = (("units", REQUIRED), ("activation", "tanh"), ("recurrent_activation", "sigmoid"),
             ("use_bias", True)) + _INITIALIZERS + (("unit_forget_bias", True),) + _CELL_TAIL + (("seed", None),)
    _CONFIG_ORDER = ("units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias")


class GRUCell(_Cell):
    """Three gates (update, reset, candidate): kernel ``(D, 3U)``, recurrent ``(U, 3U)``; bias
    ``(2, 3U)`` with ``reset_after=True`` (an input bias and a recurrent bias), else ``(3U,)``."""
    _GATES = 3
    _ARGS = (("units", REQUIRED), ("activation", "tanh"), ("recurrent_activation", "sigmoid"),
             ("use_bias", True)) + _INITIALIZERS + _CELL_TAIL + (("reset_after", True), ("seed", None))

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)


class StackedRNNCells(Layer):
    """Cells run one after the other at each step (what ``RNN([cell_a, cell_b])`` makes)."""
    _CALL_ARGS = ("inputs", "states", ("training", False), "**kwargs")
    _ARGS = (("cells", REQUIRED),)

    def _standardize(self):
        for cell in self.cells:
            _require_cell(cell)
        self._layers = list(self.cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        return self.cells[-1].output_size

    def _build(self, input_shape):
        shape = tuple(input_shape)
        for cell in self.cells:
            cell.build(shape)
            shape = shape[:-1] + (cell.output_size,)


def _require_cell(cell):
    """Keras's checks on an RNN's cell: it has a ``state_size``, an int or a list of them."""
    if not hasattr(cell, "state_size"):
        raise errors.keras_error(
            "The RNN cell should have a `state_size` attribute (single integer or list of integers, one "
            f"integer per RNN state). Received: cell={cell!r}. Pass a cell such as LSTMCell(units), or "
            "use the layer itself (LSTM(units)) instead of RNN(...).", "cell")
    size = cell.state_size
    if not isinstance(size, (int, list, tuple)) or isinstance(size, bool):
        raise errors.keras_error(
            "state_size must be an integer, or a list/tuple of integers (one for each state tensor). "
            f"Here it is units={size!r}: units must be a whole number.", "units")


def _flat_state_sizes(sizes):
    """``4`` -> ``[4]``; ``[4, 4]`` or nested lists (stacked cells) -> one flat list."""
    if isinstance(sizes, int):
        return [sizes]
    return [x for s in sizes for x in _flat_state_sizes(s)]


# ------------------------------------------------------------------------ RNN layers
class RNN(Layer):
    """Runs ``cell`` over the time axis of ``(batch, timesteps, features)``.

    Output ``(batch, output_size)`` (``(batch, T, output_size)`` with ``return_sequences``), then
    with ``return_state`` one ``(batch, size)`` per state."""
    supports_masking = True
    _CALL_ARGS = ("sequences", ("initial_state", None), ("mask", None), ("training", False))

    def compute_mask(self, inputs, mask=None):
        """The input's mask (the first, for a list) on the output with ``return_sequences``;
        none on a last step or on the states."""
        mask = flatten(mask)[0]
        out = mask if self.return_sequences else None
        return [out] if self.return_state else out

    _ARGS = (("cell", REQUIRED),) + _RNN_FLAGS + (("zero_output_for_mask", False),)
    # Keras's RNN config: the flags first, then the layer's own arguments
    _CONFIG_ORDER = tuple(n for n, _ in _RNN_FLAGS) + ("zero_output_for_mask",)
    _CONFIG_ADD = tuple(_RNN_FLAGS) + (("zero_output_for_mask", False),)

    def _standardize(self):
        if isinstance(self.cell, (list, tuple)):
            self.cell = StackedRNNCells(list(self.cell))
        _require_cell(self.cell)
        self._layers = [self.cell]

    _INPUT_NDIM = 3

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=3,
                   meaning=f"{type(self).__name__} reads (batch, timesteps, features).")
        self._check_stateful(input_shape)

    def _check_stateful(self, input_shape):
        if self.stateful and input_shape[0] is None:
            raise errors.keras_error(
                "When using `stateful=True` in a RNN, the batch size must be static. Found dynamic batch "
                f"size: sequence.shape={tuple(input_shape)}. Give the input a batch size, e.g. "
                "keras.Input(shape=..., batch_size=32).", "stateful")

    def _step_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[2:])

    def _build(self, input_shape):
        self._input_axes = {-1: input_shape[-1]}
        self.cell.build(self._step_shape(input_shape))

    def _output_step_shape(self, input_shape):
        return (input_shape[0], self.cell.output_size)

    def _state_shapes(self, input_shape):
        """One ``(batch, size)`` per state; stacked cells give one entry per cell (a list
        for a cell with several states, as Keras nests them)."""
        batch = input_shape[0]
        if isinstance(self.cell, StackedRNNCells):
            return [[(batch, size) for size in cell.state_size] if isinstance(cell.state_size, (list, tuple))
                    else (batch, cell.state_size) for cell in self.cell.cells]
        return [(batch, size) for size in _flat_state_sizes(self.cell.state_size)]

    def compute_output_shape(self, input_shape):
        step = self._output_step_shape(input_shape)
        output = (step[0], input_shape[1]) + step[1:] if self.return_sequences else step
        if not self.return_state:
            return output
        return (output, *self._state_shapes(input_shape))


def _cell_kwargs(layer, cell_cls):
    """The arguments a layer passes on to the cell it makes (those the cell knows)."""
    names = {n for n, _ in cell_cls._ARGS}
    return {n: getattr(layer, n) for n, _ in type(layer)._ARGS if n in names}


class _SimpleRNNLike(RNN):
    """SimpleRNN / LSTM / GRU: an RNN that makes its own cell (named ``lstm_cell`` ...)."""
    _CELL = SimpleRNNCell

    def __init__(self, *args, zero_output_for_mask=False, **kwargs):
        # a keyword Keras passes on to RNN (its config lists it)
        self.zero_output_for_mask = zero_output_for_mask
        super().__init__(*args, **kwargs)

    def _standardize(self):
        _check_units(self.units)
        cell_name = type(self)._CELL_NAME
        self.cell = self._CELL(name=cell_name, dtype=self._dtype_policy_name,
                               trainable=self._trainable, **_cell_kwargs(self, self._CELL))
        _require_cell(self.cell)
        self.activation = self.cell.activation
        self._layers = [self.cell]


_LAYER_TAIL = _REGULARIZERS + (("activity_regularizer", None),) + _CONSTRAINTS + (
    ("dropout", 0.0), ("recurrent_dropout", 0.0))


class SimpleRNN(_SimpleRNNLike):
    """Fully connected recurrence: ``units·(D + units + 1)`` parameters."""
    _CELL = SimpleRNNCell
    _CELL_NAME = "simple_rnn_cell"
    _CONFIG_DROP = ("seed",)

    def _standardize(self):
        super()._standardize()
        # Keras's SimpleRNN does not keep activity_regularizer: its config always says None
        self._config["activity_regularizer"] = None
    _ARGS = ((("units", REQUIRED), ("activation", "tanh"), ("use_bias", True)) + _INITIALIZERS + _LAYER_TAIL
             + _RNN_FLAGS[:4] + (("unroll", False), ("seed", None)))


class LSTM(_SimpleRNNLike):
    """Long short-term memory: ``4·(units·(D + units) + units)`` parameters."""
    _CELL = LSTMCell
    _CELL_NAME = "lstm_cell"
    _CONFIG_DROP = ("use_cudnn",)
    _ARGS = ((("units", REQUIRED), ("activation", "tanh"), ("recurrent_activation", "sigmoid"),
              ("use_bias", True)) + _INITIALIZERS + (("unit_forget_bias", True),) + _LAYER_TAIL
             + (("seed", None),) + _RNN_FLAGS + (("use_cudnn", "auto"),))


class GRU(_SimpleRNNLike):
    """Gated recurrent unit: ``3·(units·(D + units) + 2·units)`` parameters with
    ``reset_after=True`` (default), ``3·(units·(D + units) + units)`` without."""
    _CELL = GRUCell
    _CELL_NAME = "gru_cell"
    _CONFIG_DROP = ("use_cudnn",)
    _CONFIG_ORDER = RNN._CONFIG_ORDER + (
        "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
        "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
        "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
        "bias_constraint", "dropout", "recurrent_dropout", "reset_after")
    _ARGS = ((("units", REQUIRED), ("activation", "tanh"), ("recurrent_activation", "sigmoid"),
              ("use_bias", True)) + _INITIALIZERS + _LAYER_TAIL + (("seed", None),) + _RNN_FLAGS
             + (("reset_after", True), ("use_cudnn", "auto")))


# ------------------------------------------------------------------------ ConvLSTM
class ConvLSTMCell(Layer):
    """One ConvLSTM step on ``(batch, *spatial, channels)``: four gates computed by convolutions.

    kernel ``kernel_size + (C, 4·filters)``, recurrent_kernel ``kernel_size + (filters, 4·filters)``,
    bias ``(4·filters,)``; the output's spatial lengths follow the conv rule of ``padding``."""
    _ARGS = ((("rank", REQUIRED), ("filters", REQUIRED), ("kernel_size", REQUIRED), ("strides", 1),
              ("padding", "valid"), ("data_format", None), ("dilation_rate", 1), ("activation", "tanh"),
              ("recurrent_activation", "sigmoid"), ("use_bias", True)) + _INITIALIZERS
             + (("unit_forget_bias", True),) + _CELL_TAIL + (("seed", None),))

    def _standardize(self):
        r = self.rank
        self.kernel_size = normalize_tuple(self.kernel_size, r, "kernel_size")
        self.strides = normalize_tuple(self.strides, r, "strides")
        self.dilation_rate = normalize_tuple(self.dilation_rate, r, "dilation_rate")
        self.padding = normalize_padding(self.padding)
        self.data_format = normalize_data_format(self.data_format)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise errors.keras_error(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please provide "
                f"`strides=1` or `dilation_rate=1`. Received: strides={self.strides} and "
                f"dilation_rate={self.dilation_rate}", "strides")
        self.activation = normalize_activation(self.activation)
        self.recurrent_activation = normalize_activation(self.recurrent_activation, "recurrent_activation")

    def _channels(self, step_shape):
        return step_shape[-1] if self.data_format == "channels_last" else step_shape[1]

    def _build(self, step_shape):
        """Keras's checks (on the shape of one step), then the weights. ``filters=0`` is
        allowed (no weights, no channels); a negative one is Keras's "Negative dimensions"."""
        c = self._channels(step_shape)
        if c is None:
            raise errors.keras_error(
                "The channel dimension of the inputs (last axis) should be defined. Found None. Full input "
                f"shape received: input_shape={tuple(step_shape)}", "input_shape")
        if any(step_shape[a] is None for a in spatial_axes(len(step_shape), self.data_format)):
            raise errors.keras_error(
                "ConvLSTM layers only support static input shapes for the spatial dimension. Received "
                f"invalid input shape: input_shape={tuple(step_shape)}", "input_shape")
        f4 = 4 * self.filters
        check_output_dims(self.kernel_size + (c, f4), "filters")
        self.kernel = self._add_weight("kernel", self.kernel_size + (c, f4))
        self.recurrent_kernel = self._add_weight("recurrent_kernel", self.kernel_size + (self.filters, f4))
        self.bias = self._add_weight("bias", (f4,)) if self.use_bias else None

    def output_shape_for(self, step_shape):
        """``(batch, *spatial_out, filters)`` (channels_first: filters first) for one step."""
        step_shape = tuple(step_shape)
        axes = spatial_axes(len(step_shape), self.data_format)
        out = []
        for i, axis in enumerate(axes):
            n = step_shape[axis]
            length = shapes.conv_output_length(n, self.kernel_size[i], self.strides[i], self.padding,
                                               self.dilation_rate[i])
            if n is not None and length <= 0:
                kernel_shape = self.kernel_size + (self._channels(step_shape), self.filters)
                raise errors.kernel_too_large(
                    "kernel_size", self.kernel_size[i], self.dilation_rate[i], n, axis, self.rank,
                    self.strides[i], self.data_format,
                    errors.conv_output_nonpositive(step_shape, kernel_shape, self.dilation_rate, self.strides,
                                                   self.padding))
            out.append(length)
        if self.data_format == "channels_last":
            return (step_shape[0],) + tuple(out) + (self.filters,)
        return (step_shape[0], self.filters) + tuple(out)

    def __call__(self, *args, **kwargs):
        raise NotImplementedError("ConvDims runs ConvLSTMCell only inside a ConvLSTM1D/2D/3D layer.")


class _ConvLSTM(RNN):
    rank = 2
    _CELL_ARGS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                  "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                  "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
                  "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                  "bias_constraint", "dropout", "recurrent_dropout", "seed")

    def __init__(self, *args, unroll=False, zero_output_for_mask=False, **kwargs):
        # keywords Keras's ConvLSTM passes on to RNN (its config lists them)
        self.unroll, self.zero_output_for_mask = unroll, zero_output_for_mask
        super().__init__(*args, **kwargs)

    def _standardize(self):
        self.cell = ConvLSTMCell(self.rank, name="conv_lstm_cell", dtype=self._dtype_policy_name,
                                 trainable=self._trainable, **{n: getattr(self, n) for n in self._CELL_ARGS})
        for n in ("kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation"):
            setattr(self, n, getattr(self.cell, n))
        self._layers = [self.cell]

    @property
    def _INPUT_NDIM(self):
        return self.rank + 3

    def _check_input(self, input_shape):
        spatial = {1: "steps", 2: "rows, cols", 3: "depth, rows, cols"}[self.rank]
        check_ndim(self, input_shape, ndim=self.rank + 3,
                   meaning=f"{type(self).__name__} reads (batch, timesteps, {spatial}, channels).")
        self._check_stateful(input_shape)

    def _build(self, input_shape):
        step = self._step_shape(input_shape)
        self._input_axes = {-1 if self.data_format == "channels_last" else 2: self.cell._channels(step)}
        self.cell.build(step)

    def _output_step_shape(self, input_shape):
        return self.cell.output_shape_for(self._step_shape(input_shape))

    def _state_shapes(self, input_shape):
        step = self._output_step_shape(input_shape)
        return [step, step]


def _conv_lstm_args():
    return ((("filters", REQUIRED), ("kernel_size", REQUIRED), ("strides", 1), ("padding", "valid"),
             ("data_format", None), ("dilation_rate", 1), ("activation", "tanh"),
             ("recurrent_activation", "sigmoid"), ("use_bias", True)) + _INITIALIZERS
            + (("unit_forget_bias", True),) + _LAYER_TAIL + (("seed", None),) + _RNN_FLAGS[:4])


class ConvLSTM1D(_ConvLSTM):
    """ConvLSTM over ``(batch, time, steps, channels)``."""
    rank = 1
    _ARGS = _conv_lstm_args()


class ConvLSTM2D(_ConvLSTM):
    """ConvLSTM over ``(batch, time, rows, cols, channels)``."""
    rank = 2
    _ARGS = _conv_lstm_args()


class ConvLSTM3D(_ConvLSTM):
    """ConvLSTM over ``(batch, time, depth, rows, cols, channels)``."""
    rank = 3
    _ARGS = _conv_lstm_args()


# ------------------------------------------------------------------------ wrappers
def _require_layer(layer, wrapper, field="layer"):
    if not isinstance(layer, Layer):
        raise errors.keras_error(
            f"Please initialize `{wrapper}` layer with a `keras.layers.Layer` instance. Received: {layer}",
            field)


_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(Layer):
    """Runs a recurrent layer forwards and a copy backwards; merges the two outputs.

    Parameters: the forward copy's plus the backward layer's (twice the layer's own when
    the backward one is the automatic copy)."""
    supports_masking = True
    _CALL_ARGS = ("sequences", ("initial_state", None), ("mask", None), ("training", None))

    def compute_mask(self, inputs, mask=None):
        """Keras's ``Bidirectional``: the input's mask on each output sequence (one, or two
        with ``merge_mode=None``); none on last steps and states."""
        mask = mask[0] if isinstance(mask, list) else mask
        if not self.layer.return_sequences:
            return None
        return [mask, mask] if self.merge_mode is None else [mask]

    _ARGS = (("layer", REQUIRED), ("merge_mode", "concat"), ("weights", None), ("backward_layer", None))
    _CONFIG_DROP = ("weights",)

    def _standardize(self):
        _require_layer(self.layer, "Bidirectional")
        if self.backward_layer is not None and not isinstance(self.backward_layer, Layer):
            raise errors.keras_error(
                "`backward_layer` need to be a `keras.layers.Layer` instance. Received: "
                f"{self.backward_layer}", "backward_layer")
        if self.merge_mode not in _MERGE_MODES:
            raise errors.keras_error(
                f"Invalid merge mode. Received: {self.merge_mode}. Merge mode should be one of "
                '{"sum", "mul", "ave", "concat", None}', "merge_mode")
        if not isinstance(self.layer, RNN):
            raise errors.keras_error(
                f"{type(self.layer).__name__} could not be deserialized properly: Bidirectional wraps a "
                "recurrent layer (SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D or RNN) and builds its "
                f"backward copy with go_backwards=True, which {type(self.layer).__name__} does not have.",
                "layer", TypeError)
        name = self.layer.name
        self.forward_layer = _copy_layer(self.layer, "forward_" + _removeprefix(name, "forward_"))
        if self.backward_layer is None:
            self.backward_layer = _copy_layer(self.layer, "backward_" + _removeprefix(name, "backward_"),
                                              go_backwards=True)
        fwd, bwd = self.forward_layer, self.backward_layer
        if getattr(fwd, "go_backwards", None) == getattr(bwd, "go_backwards", None):
            raise errors.keras_error(
                "Forward layer and backward layer should have different `go_backwards` value. Received: "
                f"forward_layer.go_backwards {fwd.go_backwards}, backward_layer.go_backwards="
                f"{getattr(bwd, 'go_backwards', None)}", "backward_layer")
        for attr in ("stateful", "return_sequences", "return_state"):
            fv, bv = getattr(fwd, attr, None), getattr(bwd, attr, None)
            if fv != bv:
                raise errors.keras_error(
                    "Forward layer and backward layer are expected to have the same value for attribute "
                    f'"{attr}", got "{fv}" for forward layer and "{bv}" for backward layer', "backward_layer")
        self.return_sequences = fwd.return_sequences
        self.return_state = fwd.return_state
        self._layers = [fwd, bwd]

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=self.forward_layer._INPUT_NDIM,
                   meaning=f"The wrapped {type(self.forward_layer).__name__} reads (batch, timesteps, ...).")

    def _build(self, input_shape):
        self.forward_layer.build(input_shape)
        self.backward_layer.build(input_shape)

    def compute_output_shape(self, input_shape):
        output = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            output, states = output[0], output[1:]
        if self.merge_mode == "concat":
            output = tuple(output[:-1]) + (output[-1] * 2,)
        elif self.merge_mode is None:
            output = (output, output)
        if not self.return_state:
            return output
        head = output if self.merge_mode is None else (output,)
        return (*head, *states, *states)


def _removeprefix(text, prefix):
    return text[len(prefix):] if text.startswith(prefix) else text


def _copy_layer(layer, name, **changes):
    """A new layer of the same class and arguments (Keras rebuilds it from its config)."""
    kwargs = dict(layer._config)
    for base in ("name", "dtype", "trainable"):
        kwargs.pop(base, None)
    kwargs.update(changes)
    if isinstance(layer, RNN) and type(layer) is RNN:
        kwargs["cell"] = _copy_cell(layer.cell)
    return type(layer)(name=name, dtype=layer._dtype_policy_name, trainable=layer.trainable, **kwargs)


def _copy_cell(cell):
    if isinstance(cell, StackedRNNCells):
        return StackedRNNCells([_copy_cell(c) for c in cell.cells], name=cell.name)
    kwargs = {k: v for k, v in cell._config.items() if k not in ("name", "dtype", "trainable")}
    return type(cell)(name=cell.name, **kwargs)


class TimeDistributed(Layer):
    """Applies ``layer`` to every step of the time axis (axis 1), with one set of weights.

    The wrapped layer sees ``(batch, *input_shape[2:])``; the output puts the time axis back:
    ``(batch, T, *layer_output[1:])``. Parameters: the wrapped layer's."""
    supports_masking = True
    _CALL_ARGS = ("inputs", ("training", None), ("mask", None))

    _ARGS = (("layer", REQUIRED),)

    def _standardize(self):
        _require_layer(self.layer, "TimeDistributed")
        self._layers = [self.layer]

    def _child_shape(self, input_shape):
        if not is_shape(input_shape) or len(input_shape) < 3:
            raise errors.keras_error(
                "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, "
                f"received: {tuple(input_shape)}. The axis after the batch is time: the wrapped layer "
                "sees each step, i.e. the shape without that axis.", "input_shape")
        return (input_shape[0],) + tuple(input_shape[2:])

    def _check_input(self, input_shape):
        self._child_shape(input_shape)

    def _build(self, input_shape):
        self.layer.build(self._child_shape(input_shape))

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._child_shape(input_shape))
        if not is_shape(child):
            raise errors.keras_error(
                f"TimeDistributed wraps a layer with one output; {type(self.layer).__name__} returns "
                f"{len(child)}.", "layer", NotImplementedError)
        return check_output_dims((child[0], input_shape[1]) + tuple(child[1:]), "input_shape")
