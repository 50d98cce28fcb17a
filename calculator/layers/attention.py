"""MultiHeadAttention (Keras 3.15's ``keras/src/layers/attention/multi_head_attention.py``).

Called as ``mha(query, value, key=None, ..., return_attention_scores=False)``. Built on the
first call from the three shapes (``key`` defaults to ``value``), it holds, in this order,
EinsumDense sublayers ``query`` ``(E_q, H, key_dim)``, ``key`` ``(E_k, H, key_dim)``, ``gate``
(``use_gate`` only) and ``value`` ``(E_v, H, value_dim)``, then an auto-named ``Softmax`` and
``Dropout``, then ``attention_output`` ``(H, value_dim, *out)``, ``out`` the query's last axis
unless ``output_shape`` is given; each has a bias over its output axes when ``use_bias``:

    params = (E_q + E_k + E_v + [E_q]) · H · key_dim-or-value_dim + H·value_dim·|out| + biases

(ViT's block: ``H = 4``, ``key_dim = 64`` on 64 features: 3·(64·4·64 + 256) + 4·64·64 + 64
= 66,368). The output has the query's shape with the last axis replaced by ``output_shape``
(default: unchanged). ``value`` and ``key`` must agree on every axis but the last (Keras's
ValueError); nothing else is checked, as in Keras.

The attention scores Keras gives for a symbolic call are ``(batch, H, T, T)`` with ``T`` the
query's axis 1, whatever the value's length or ``attention_axes`` (its
``compute_output_spec``); inside a traced ``call()`` Keras computes them for real:
``(batch, *other axes, H, *query attention axes, *key attention axes)``.
"""

from .. import errors
from ..config_serialization import serialize_config
from ..core import _STATE, REQUIRED, KerasTensor, Layer, TracingTensor, flatten
from ..masking import node_with_masks
from .activations import Softmax
from .core import EinsumDense
from .regularization import Dropout

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CALL_PARAMS = ("query", "value", "key", "query_mask", "value_mask", "key_mask", "attention_mask",
                "return_attention_scores", "training", "use_causal_mask")


def _bind(args, kwargs):
    """The call's arguments by name, with the TypeErrors Keras's binding to ``call``'s
    signature gives (``inspect.Signature.bind`` wording)."""
    if len(args) > len(_CALL_PARAMS):
        raise TypeError("too many positional arguments")
    bound = dict(zip(_CALL_PARAMS, args))
    for name in _CALL_PARAMS[len(args):2]:
        if name not in kwargs:
            raise TypeError(f"missing a required argument: '{name}'")
    for name, value in kwargs.items():
        if name in bound:
            raise TypeError(f"multiple values for argument '{name}'")
        if name not in _CALL_PARAMS:
            raise TypeError(f"got an unexpected keyword argument '{name}'")
        bound[name] = value
    return bound


def _projection(free_dims, bound_dims, output_dims):
    """Keras's ``_build_proj_equation``: ``(equation, bias_axes, output_rank)``."""
    free = _LETTERS[:free_dims]
    bound = _LETTERS[free_dims:free_dims + bound_dims]
    out = _LETTERS[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{out}->{free}{out}", out, free_dims + output_dims


def _positive(value, name, none_ok=False):
    if none_ok and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        tail = " or `None`" if none_ok else ""
        raise errors.keras_error(
            f"Received an invalid value for argument `{name}`, expected a positive integer{tail}. "
            f"Received: {name}={value}", name)


class MultiHeadAttention(Layer):
    """Multi-head dot-product attention (rules in the module docstring)."""
    _CALL_ARGS = ("query", "value", ("key", None), ("query_mask", None), ("value_mask", None),
                  ("key_mask", None), ("attention_mask", None), ("return_attention_scores", False),
                  ("training", None), ("use_causal_mask", False))
    supports_masking = True
    _ARGS = (("num_heads", REQUIRED), ("key_dim", REQUIRED), ("value_dim", None), ("dropout", 0.0),
             ("use_bias", True), ("output_shape", None), ("attention_axes", None),
             ("sliding_window", None), ("flash_attention", None),
             ("kernel_initializer", "glorot_uniform"), ("bias_initializer", "zeros"),
             ("kernel_regularizer", None), ("bias_regularizer", None), ("activity_regularizer", None),
             ("kernel_constraint", None), ("bias_constraint", None), ("use_gate", False),
             ("seed", None))

    def _standardize(self):
        _positive(self.num_heads, "num_heads")
        _positive(self.key_dim, "key_dim")
        if self.value_dim is not None:
            _positive(self.value_dim, "value_dim", none_ok=True)
        self.value_dim = self.value_dim or self.key_dim
        shape = self.__dict__.pop("output_shape")  # Keras keeps it private (summary reads output_shape)
        if shape:
            shape = (shape,) if isinstance(shape, int) else shape
            try:
                shape = tuple(shape)
            except TypeError:
                raise errors.keras_error(
                    f"Invalid `output_shape`: {shape}. When specified, the `output_shape` should "
                    "be of type tuple, list, or int.", "output_shape") from None
        self._output_shape = shape
        axes = self.attention_axes
        if isinstance(axes, int):
            self.attention_axes = (axes,)
        elif axes and not isinstance(axes, (list, tuple)):
            raise errors.keras_error(
                "`attention_axes` must be an int, list, or tuple."
                f"Received: attention_axes={axes}", "attention_axes")
        if self.sliding_window is not None:
            if isinstance(self.sliding_window, bool) or not isinstance(self.sliding_window, int) \
                    or self.sliding_window <= 0:
                raise errors.keras_error(
                    "`sliding_window` must be `None` or a positive integer. "
                    f"Received: sliding_window={self.sliding_window}", "sliding_window")
        if self.flash_attention and self.dropout > 0.0:
            raise errors.keras_error(
                "Dropout is not supported when flash attention is enabled. Please set dropout "
                "to 0.0 to use flash attention.", "dropout")
        self._first_shapes = None

    # ---- building
    def _dense(self, rank, bound, out_dims, name, **kwargs):
        equation, bias_axes, out_rank = _projection(rank - 1, bound, len(out_dims))
        return EinsumDense(equation, output_shape=[None] * (out_rank - 1 - len(out_dims)) + list(out_dims),
                           bias_axes=bias_axes if self.use_bias else None, name=name,
                           dtype=self._dtype_policy_name, **kwargs)

    def build(self, query_shape, value_shape=None, key_shape=None):
        """Create the sublayers for these shapes (Keras's ``build``)."""
        # Keras records the shapes build() was given (its signature bound to the call)
        given = {"query_shape": query_shape, "value_shape": value_shape}
        if key_shape is not None:
            given["key_shape"] = key_shape
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self._check_key(value_shape, key_shape)
        heads = self.num_heads
        scope = _STATE.setdefault("scope", [])
        scope.append(self.name)
        try:
            q = self._dense(len(query_shape), 1, (heads, self.key_dim), "query")
            q.build(query_shape)
            k = self._dense(len(key_shape), 1, (heads, self.key_dim), "key")
            k.build(key_shape)
            made = [q, k]
            if self.use_gate:
                gate = self._dense(len(query_shape), 1, (heads, self.value_dim), "gate",
                                   activation="sigmoid")
                gate.build(query_shape)
                made.append(gate)
            v = self._dense(len(value_shape), 1, (heads, self.value_dim), "value")
            v.build(value_shape)
            rank = len(query_shape) + 1
            if self.attention_axes is None:
                self.attention_axes = tuple(range(1, rank - 2))
            else:
                self.attention_axes = tuple(a if a >= 0 else rank - 1 + a for a in self.attention_axes)
            scores_rank = rank - 1 + len(self.attention_axes)
            softmax = Softmax(axis=tuple(range(scores_rank - len(self.attention_axes), scores_rank)),
                              dtype=self._dtype_policy_name)
            dropout = Dropout(rate=self.dropout, dtype=self._dtype_policy_name, seed=self.seed)
            out_dims = self._output_shape or (query_shape[-1],)
            o = self._dense(len(query_shape), 2, out_dims, "attention_output")
            o.build(tuple(q.compute_output_shape(query_shape)[:-1]) + (self.value_dim,))
        finally:
            scope.pop()
        self._query_dense, self._key_dense, self._value_dense, self._output_dense = q, k, v, o
        self._softmax, self._dropout_layer = softmax, dropout
        self._layers = made + [v, softmax, dropout, o]
        self._build_shapes_dict = given
        self.built = True

    @staticmethod
    def _check_key(value_shape, key_shape):
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise errors.keras_error(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={tuple(value_shape)} and key_shape={tuple(key_shape)}",
                "input_shape")

    # ---- shapes
    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if value_shape is not None:
            self._check_key(tuple(value_shape), tuple(value_shape if key_shape is None else key_shape))
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def _scores_shape(self, query_shape, key_shape, traced):
        if not traced:  # Keras's compute_output_spec
            return (query_shape[0], self.num_heads, query_shape[1], query_shape[1])
        axes = self.attention_axes
        rest = [query_shape[i] for i in range(len(query_shape) - 1) if i not in axes]
        return (tuple(rest) + (self.num_heads,) + tuple(query_shape[i] for i in axes)
                + tuple(key_shape[i] for i in axes))

    # ---- calling
    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        """Keras's call signature (calls bind to it); on tensors, as calling the layer."""
        return self(query, value, key, return_attention_scores=return_attention_scores)

    def __call__(self, *args, **kwargs):
        bound = _bind(args, kwargs)
        query, value, key = bound["query"], bound["value"], bound.get("key")
        tensors = [t for t in (query, value, key) if t is not None]
        for t in tensors:
            if not isinstance(t, KerasTensor):
                raise NotImplementedError(
                    "ConvDims computes shapes and parameter counts from symbolic inputs: call "
                    f"layer '{self.name}' on tensors from keras.Input(shape=...), not on data "
                    f"(received {type(t).__name__}).")
        q_shape, v_shape = tuple(query.shape), tuple(value.shape)
        k_shape = v_shape if key is None else tuple(key.shape)
        if not self.built:
            self.build(q_shape, v_shape, None if key is None else k_shape)
        output_shape = self.compute_output_shape(q_shape, v_shape, k_shape)
        traced = any(type(x) is TracingTensor for x in flatten([args, kwargs]))
        shapes = [output_shape]
        if bound.get("return_attention_scores"):
            shapes.append(self._scores_shape(q_shape, k_shape, traced))
        make = TracingTensor if traced else KerasTensor
        outputs = [make(s, self._compute_dtype) for s in shapes]
        if self._first_shapes is None:
            self._first_shapes = (q_shape, v_shape, k_shape)
        if traced:
            log = _STATE.get("trace_log")
            if log is not None:
                log.append((self, {"query": q_shape, "value": v_shape, "key": k_shape},
                            shapes[0] if len(shapes) == 1 else shapes, tensors, outputs))
        else:
            node_with_masks(self, args, kwargs, outputs[0] if len(outputs) == 1 else tuple(outputs))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def macs(self, shapes=None):
        """Products of one call (the first, unless ``shapes`` gives ``{"query", "value",
        "key"}``): the four projections, ``H·T·S·key_dim`` for the scores and
        ``H·T·S·value_dim`` to weigh the values; ``None`` if a length is unknown."""
        if shapes is None:
            if self._first_shapes is None:
                return None
            q, v, k = self._first_shapes
        else:
            q, v, k = shapes["query"], shapes["value"], shapes["key"]
        from ..stats import _prod, _times, known_sum
        axes = self.attention_axes
        pairs = _times(_prod([d for i, d in enumerate(q[:-1]) if i not in axes and i]),
                       _prod([q[i] for i in axes]), _prod([v[i] for i in axes]))
        parts = [_times(_prod(q[1:-1]), self._query_dense.kernel.size),
                 _times(_prod(k[1:-1]), self._key_dense.kernel.size),
                 _times(_prod(v[1:-1]), self._value_dense.kernel.size),
                 _times(pairs, self.num_heads, self.key_dim + self.value_dim),
                 _times(_prod(q[1:-1]), self._output_dense.kernel.size)]
        if self.use_gate:
            parts.append(_times(_prod(q[1:-1]), self._layers[2].kernel.size))
        return known_sum(parts)

    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable, "dtype": self._dtype_policy_name}
        for key in ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "use_gate"):
            config[key] = getattr(self, key)
        config["output_shape"] = self._output_shape
        for key in ("attention_axes", "sliding_window", "kernel_initializer", "bias_initializer",
                    "kernel_regularizer", "bias_regularizer"):
            config[key] = getattr(self, key)
        config["activity_regularizer"] = self._config.get("activity_regularizer")
        for key in ("kernel_constraint", "bias_constraint", "seed"):
            config[key] = getattr(self, key)
        return serialize_config(config)
