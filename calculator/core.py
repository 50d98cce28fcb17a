"""The object model, mirroring Keras 3 internals (``keras/src/ops/node.py``,
``keras/src/layers/layer.py``, ``keras/src/utils/naming.py``).

- ``KerasTensor``: a symbolic tensor: ``.shape`` (batch axis first, ``None`` when
  unknown), ``.dtype``, and ``._keras_history = (operation, node_index,
  tensor_index)`` naming the call that produced it.
- ``Node``: one call of a layer on symbolic tensors; appended to the layer's
  ``_inbound_nodes``. ``.input_tensors``, ``.output_tensors``, ``.parent_nodes``.
- ``Weight``: a variable without values: ``.name``, ``.shape``, ``.trainable``,
  ``.size``.
- ``Layer``: the base class. Arguments are declared once per class in ``_ARGS``
  (Keras's names, order and defaults), so binding, ``get_config()`` and the
  "Unrecognized keyword arguments" error behave like Keras.

Naming rule (Keras 3): a layer without ``name`` is called the snake_case of its
class name; the first one gets the bare name, later ones ``_1``, ``_2``...
(``Conv2D`` -> ``conv2d``, ``conv2d_1``; ``BatchNormalization`` ->
``batch_normalization``). The counters live for the session and
``clear_session()`` resets them.
"""

import collections
import contextlib
import functools
import math
import operator
import re

from . import call_spec, errors
from .config_serialization import policy_name, serialize_config

__all__ = [
    "REQUIRED", "KerasTensor", "TracingTensor", "KerasHistory", "Node", "Weight", "Layer",
    "to_snake_case", "auto_name", "clear_session", "is_shape", "map_shapes", "flatten",
]


class _Required:
    def __repr__(self):
        return "REQUIRED"


REQUIRED = _Required()

_STATE = {"uids": collections.defaultdict(int)}


# --------------------------------------------------------------------- naming
_RE_NON_WORD = re.compile(r"\W+")
_RE_CAMEL_1 = re.compile("(.)([A-Z][a-z]+)")
_RE_CAMEL_2 = re.compile("([a-z])([A-Z])")
_SNAKE_CACHE = {}


def to_snake_case(name):
    """Keras's class-name -> layer-name rule.

    >>> to_snake_case("Conv2D"), to_snake_case("MaxPooling2D"), to_snake_case("PReLU")
    ('conv2d', 'max_pooling2d', 'p_re_lu')
    """
    snake = _SNAKE_CACHE.get(name)
    if snake is None:
        snake = _RE_NON_WORD.sub("", name)
        snake = _RE_CAMEL_1.sub(r"\1_\2", snake)
        snake = _RE_CAMEL_2.sub(r"\1_\2", snake).lower()
        if isinstance(name, str) and len(_SNAKE_CACHE) < 4096:
            _SNAKE_CACHE[name] = snake
    return snake


def uniquify(name):
    """``name`` the first time, then ``name_1``, ``name_2``... (per session)."""
    uids = _STATE["uids"]
    unique = f"{name}_{uids[name]}" if name in uids else name
    uids[name] += 1
    return unique


def auto_name(prefix):
    """Auto-name for an object of class ``prefix`` (snake_case + session counter)."""
    return uniquify(to_snake_case(prefix))


def get_uid(prefix=""):
    """Keras's ``backend.get_uid``: 1, 2, 3... per prefix."""
    uids = _STATE["uids"]
    uids[prefix] += 1
    return uids[prefix]


def clear_session(free_memory=True):
    """Reset the naming counters, as a fresh Python process would have them."""
    _STATE["uids"] = collections.defaultdict(int)


@contextlib.contextmanager
def name_scope(name):
    """Weights created inside get ``name/`` in their path (Keras builds sublayers in the
    scope of the model being built: ``base/conv2d/kernel``)."""
    scope = _STATE.setdefault("scope", [])
    scope.append(name)
    try:
        yield
    finally:
        scope.pop()


# -------------------------------------------------------------------- helpers
def is_shape(x):
    """True for one shape: a tuple of ints and ``None`` (``()`` is a scalar's shape)."""
    if not isinstance(x, tuple):
        return False
    for d in x:
        if d is not None and not isinstance(d, int):
            return False
    return True


def as_shape(x):
    """A list of ints/None becomes a tuple; structures of shapes are kept."""
    if isinstance(x, list) and all(d is None or isinstance(d, int) for d in x) and x:
        return tuple(x)
    return x


def flatten(structure):
    """Flatten nested lists/tuples/dicts into a list of leaves (dicts by sorted key)."""
    if isinstance(structure, dict):
        out = []
        for key in sorted(structure):
            out.extend(flatten(structure[key]))
        return out
    if isinstance(structure, (list, tuple)):
        out = []
        for item in structure:
            out.extend(flatten(item))
        return out
    return [structure]


def map_structure(fn, structure):
    """Apply ``fn`` to every leaf, keeping the list/tuple/dict structure."""
    if isinstance(structure, dict):
        return {k: map_structure(fn, v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(map_structure(fn, v) for v in structure)
    return fn(structure)


def map_shapes(fn, shapes):
    """Apply ``fn`` to every shape in a structure of shapes."""
    if is_shape(shapes):
        return fn(tuple(shapes))
    if isinstance(shapes, dict):
        return {k: map_shapes(fn, v) for k, v in shapes.items()}
    return type(shapes)(map_shapes(fn, s) for s in shapes)


def format_shape(shape):
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


# -------------------------------------------------------------------- tensors
class KerasHistory(collections.namedtuple("KerasHistory", ["operation", "node_index", "tensor_index"])):
    """Which call (``operation._inbound_nodes[node_index]``) made a tensor, and which output."""

    __slots__ = ()


def _binary(kind, reflected=False):
    def method(self, other):
        from . import symbolic_ops
        rule = symbolic_ops.divide if kind == "TrueDivide" else (
            symbolic_ops.comparison if kind in _COMPARISONS else symbolic_ops.elementwise)
        args = (other, self) if reflected else (self, other)
        return symbolic_ops.apply(kind, rule, *args)
    return method


_COMPARISONS = ("Less", "LessEqual", "Greater", "GreaterEqual", "NotEqual")


class TensorOperators:
    """Python operators on symbolic values (``x + y``, ``1 - x``, ``x[:, 0]`` ...), each the
    op Keras's ``KerasTensor`` creates (``Add``, ``Subtract``, ``GetItem`` ...)."""

    __add__, __radd__ = _binary("Add"), _binary("Add", True)
    __sub__, __rsub__ = _binary("Subtract"), _binary("Subtract", True)
    __mul__, __rmul__ = _binary("Multiply"), _binary("Multiply", True)
    __truediv__, __rtruediv__ = _binary("TrueDivide"), _binary("TrueDivide", True)
    __floordiv__, __rfloordiv__ = _binary("FloorDivide"), _binary("FloorDivide", True)
    __mod__, __rmod__ = _binary("Mod"), _binary("Mod", True)
    __pow__, __rpow__ = _binary("Power"), _binary("Power", True)
    __lt__, __le__ = _binary("Less"), _binary("LessEqual")
    __gt__, __ge__ = _binary("Greater"), _binary("GreaterEqual")
    __ne__ = _binary("NotEqual")
    __hash__ = object.__hash__

    def __matmul__(self, other):
        from . import symbolic_ops
        return symbolic_ops.apply("Matmul", symbolic_ops.matmul, self, other)

    def __rmatmul__(self, other):
        from . import symbolic_ops
        return symbolic_ops.apply("Matmul", symbolic_ops.matmul, other, self)

    def __neg__(self):
        from . import symbolic_ops
        return symbolic_ops.apply("Negative", symbolic_ops.unary, self)

    def __abs__(self):
        from . import symbolic_ops
        return symbolic_ops.apply("Absolute", symbolic_ops.unary, self)

    def __getitem__(self, key):
        from . import symbolic_ops
        return symbolic_ops.apply("GetItem", symbolic_ops.get_item, self, key)


_NO_VALUE = ("A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't "
             "have any actual numerical value. You cannot convert it to {}.")


class KerasTensor(TensorOperators):
    """A symbolic tensor: a shape and a dtype, no values."""

    def __init__(self, shape, dtype="float32", sparse=False, ragged=False, name=None):
        self._shape = shape if type(shape) is tuple else tuple(shape)
        self._dtype = dtype
        self.sparse = sparse
        self.ragged = ragged
        if name:
            self.name = name
        else:  # auto_name("keras_tensor"), inlined: a model makes thousands of these
            uids = _STATE["uids"]
            n = uids["keras_tensor"]
            self.name = f"keras_tensor_{n}" if n else "keras_tensor"
            uids["keras_tensor"] = n + 1

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return len(self._shape)

    def __repr__(self):
        return (
            f"<KerasTensor shape={format_shape(self._shape)}, dtype={self._dtype}, "
            f"sparse={self.sparse}, ragged={self.ragged}, name={self.name}>"
        )

    def __len__(self):
        raise TypeError("A symbolic tensor has no length: it holds a shape, not values.")

    def __iter__(self):
        raise NotImplementedError("Iterating over a symbolic KerasTensor is not supported.")

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a boolean.")

    def __int__(self):
        raise ValueError(_NO_VALUE.format("an int"))

    def __float__(self):
        raise ValueError(_NO_VALUE.format("a float"))

    def __array__(self, *args, **kwargs):
        raise ValueError(_NO_VALUE.format("a NumPy array"))


class TracingTensor(KerasTensor):
    """A tensor inside a subclassed layer's ``call()`` being traced (Keras runs that code on
    backend tensors: no node is recorded, no name is used). Every size is known: an unknown
    one is filled in (83, then 89, as Keras's torch backend does)."""

    def __init__(self, shape, dtype="float32"):
        KerasTensor.__init__(self, shape, dtype, name="traced_tensor")

    def _refuse(self, construct):
        layer = (_STATE.get("tracing") or [None])[-1]
        where = f" in {type(layer).__name__}.call()" if layer is not None else ""
        raise NotImplementedError(
            f"ConvDims cannot follow {construct} on a tensor{where}: a traced tensor has a shape "
            "but no values, so whatever depends on its values (a branch taken, a number) would "
            "be a guess. Use shapes (x.shape[-1] > 3) or the layer's own arguments instead.")

    def __bool__(self):
        self._refuse("`if`, `while`, `and`/`or` or bool()")

    def __int__(self):
        self._refuse("int()")

    def __float__(self):
        self._refuse("float()")

    def __array__(self, *args, **kwargs):
        self._refuse("a NumPy conversion")

    def __repr__(self):
        return f"<traced tensor shape={format_shape(self._shape)}, dtype={self._dtype}>"


def is_array(x):
    """A numpy array or a ``calculator.torch`` tensor: data with a concrete shape."""
    module = type(x).__module__
    return module == "numpy" or module.startswith("calculator.torch")


def normalize_axis(axis, ndim):
    """``-1`` -> ``ndim - 1``; ValueError naming the rank when ``axis`` is out of range."""
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise errors.keras_error(f"An axis must be an integer. Received: axis={axis!r}", "axis")
    if not -ndim <= axis < ndim:
        raise errors.keras_error(
            f"axis {axis} is out of bounds for a tensor of rank {ndim} (valid: {-ndim} to {ndim - 1}).",
            "axis")
    return axis % ndim


def is_keras_tensor(x):
    return isinstance(x, KerasTensor)


class Node:
    """One ``__call__`` of an operation on symbolic tensors (Keras's ``Node``).

    Creating a node appends it to ``operation._inbound_nodes`` and stamps each
    output with ``_keras_history = (operation, node_index, tensor_index)``.
    """

    def __init__(self, operation, call_args=None, call_kwargs=None, outputs=None):
        self.operation = operation
        self.call_args = call_args = tuple(call_args or ())
        self.call_kwargs = call_kwargs = dict(call_kwargs or {})
        if outputs is None:
            self.outputs = []
        elif type(outputs) is KerasTensor:
            self.outputs = [outputs]
        else:
            self.outputs = flatten(outputs)
        if not call_kwargs and len(call_args) == 1 and type(call_args[0]) is KerasTensor:
            inputs = [call_args[0]]  # the common case: one tensor
        else:
            inputs = [x for x in flatten([call_args, call_kwargs]) if isinstance(x, KerasTensor)]
        self._input_tensors = inputs
        for t in inputs:
            if not hasattr(t, "_keras_history"):
                t._keras_history = KerasHistory(None, 0, 0)
        inbound = operation._inbound_nodes
        inbound.append(self)
        for t in inputs:
            op = t._keras_history[0]
            if op is not None:
                op._outbound_nodes.append(self)
        node_index = len(inbound) - 1
        self._node_index = node_index  # where it sits in operation._inbound_nodes (a hint)
        for i, t in enumerate(self.outputs):
            t._keras_history = KerasHistory(operation, node_index, i)
        self.is_input = not inputs

    def __repr__(self):
        return f"<Node operation={self.operation.name}, id={id(self)}>"

    @property
    def input_tensors(self):
        return self._input_tensors

    @property
    def output_tensors(self):
        return self.outputs

    @property
    def parent_nodes(self):
        """The nodes whose outputs this node reads."""
        deps = []
        for t in self._input_tensors:
            op, index, _ = t._keras_history
            if op is not None:
                deps.append(op._inbound_nodes[index])
        return deps


_new_history = functools.partial(tuple.__new__, KerasHistory)


def _same_state(memo, state, input_shape):
    """Whether a layer's attributes still equal those noted in ``memo`` (unchanged
    objects compare by identity, at C speed), and the input's dimensions are of the
    same types as the noted input shape's (``8`` and ``8.0`` are equal)."""
    try:
        return memo[3] == state and (memo[0] is input_shape or memo[1] == tuple(map(type, input_shape)))
    except Exception:  # noqa: BLE001 - an attribute whose == cannot say (e.g. an array)
        return False


def _chain_node(operation, call_args, x, y, call_kwargs):
    """``Node(operation, call_args=(x,), call_kwargs=call_kwargs, outputs=y)`` for one tensor
    in, one out: the same object, attributes and side effects, built without the general
    path."""
    node = object.__new__(Node)
    node.operation = operation
    node.call_args = call_args
    node.call_kwargs = dict(call_kwargs)
    node.outputs = [y]
    node._input_tensors = [x]
    try:
        parent_op = x._keras_history[0]
    except AttributeError:
        x._keras_history = _new_history((None, 0, 0))
        parent_op = None
    inbound = operation._inbound_nodes
    inbound.append(node)
    if parent_op is not None:
        parent_op._outbound_nodes.append(node)
    node_index = len(inbound) - 1
    node._node_index = node_index
    y._keras_history = _new_history((operation, node_index, 0))
    node.is_input = False
    return node


# -------------------------------------------------------------------- weights
class Weight(TensorOperators):
    """A layer variable without values (Keras's ``Variable``); usable as an operand of ops."""

    def __init__(self, name, shape, trainable=True, dtype="float32", path=None):
        self.name = name
        self.shape = tuple(shape)
        self.trainable = bool(trainable)
        self.dtype = dtype
        self.path = path or name

    @property
    def size(self):
        return math.prod(self.shape)

    @property
    def ndim(self):
        return len(self.shape)

    def numpy(self):
        """Keras's ``Variable.numpy()``: the value as a NumPy array; here its shape
        (:class:`WeightArray`, as ``get_weights()`` gives)."""
        return WeightArray(self)

    def assign(self, value):
        """Keras's ``Variable.assign``: the value must have the variable's exact shape (no
        broadcasting); the value is returned. Values are not kept, so nothing else changes."""
        from .symbolic_ops import shape_of
        if tuple(shape_of(value)) != self.shape:
            raise errors.keras_error(
                "The shape of the target variable and the shape of the target value in "
                f"`variable.assign(value)` must match. variable.shape={self.shape}, "
                f"Received: value.shape={tuple(shape_of(value))}. Target variable: {self!r}")
        return value

    def assign_add(self, value):
        return self.assign(self + value)

    def assign_sub(self, value):
        return self.assign(self - value)

    def __repr__(self):
        return f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}, trainable={self.trainable}>"


class WeightArray:
    """What ``get_weights()`` hands out: Keras returns each weight as a NumPy array; ConvDims
    has its shape but no values. ``shape``, ``ndim``, ``size``, ``dtype`` and ``len()`` answer
    as NumPy's would; anything that reads the values (printing, indexing, arithmetic, NumPy
    functions) raises ``NotImplementedError`` rather than make one up."""

    __slots__ = ("shape", "dtype")

    def __init__(self, weight):
        self.shape = weight.shape
        self.dtype = weight.dtype

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return math.prod(self.shape)

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def _refuse(self, *args, **kwargs):
        raise NotImplementedError(
            f"ConvDims computes shapes and parameter counts: a weight array from get_weights() "
            f"has its shape {self.shape} but no values to read. Use w.shape, w.size or "
            "layer.count_params().")

    def __getattr__(self, name):
        self._refuse()


for _name in ("__repr__", "__str__", "__format__", "__array__", "__iter__", "__getitem__",
              "__bool__", "__float__", "__int__", "__eq__", "__ne__", "__lt__", "__le__",
              "__gt__", "__ge__", "__add__", "__radd__", "__sub__", "__rsub__", "__mul__",
              "__rmul__", "__truediv__", "__rtruediv__", "__pow__", "__matmul__", "__neg__",
              "__abs__"):
    setattr(WeightArray, _name, WeightArray._refuse)
WeightArray.__hash__ = object.__hash__
del _name


# ---------------------------------------------------------------------- layer
_BASE_KWARGS = ("name", "dtype", "trainable", "autocast", "activity_regularizer")

#: Per-class data derived once from ``_ARGS`` (argument binding is the hot path of
#: building a model): ``(spec, names, attrs, base_named, base_free)``.
_CLASS_INFO = {}


def _class_info(cls):
    spec = tuple(cls._ARGS)
    names = tuple(n for n, _ in spec)
    # the arguments stored as attributes (a property of the class is left alone)
    attrs = tuple(n for n in names
                  if n not in _BASE_KWARGS and not isinstance(getattr(cls, n, None), property))
    base_named = tuple(k for k in _BASE_KWARGS if k in names)
    base_free = tuple(k for k in _BASE_KWARGS if k not in names)
    defaults = {n: d for n, d in spec if d is not REQUIRED}
    required = tuple(n for n, d in spec if d is REQUIRED)
    if any(hasattr(type(getattr(cls, n, None)), "__set__") for n in attrs) or "__setattr__" in dir(cls) and (
            cls.__setattr__ is not object.__setattr__):
        def set_attrs(layer, values):  # descriptors or __setattr__ involved: one setattr each
            for n in attrs:
                setattr(layer, n, values[n])
    elif len(attrs) > 1:
        getter = operator.itemgetter(*attrs)

        def set_attrs(layer, values):
            layer.__dict__.update(zip(attrs, getter(values)))
    else:
        def set_attrs(layer, values):
            for n in attrs:
                layer.__dict__[n] = values[n]
    info = (spec, names, attrs, base_named, base_free, defaults, required, frozenset(names), set_attrs)
    _CLASS_INFO[cls] = info
    return info


def info_snake(cls):
    """The snake_case auto-name prefix of a class (``Conv2D`` -> ``conv2d``)."""
    return to_snake_case(cls.__name__)



class Layer:
    """Base of every layer, following Keras 3's ``Layer``.

    Subclasses declare ``_ARGS`` — ``(name, default)`` pairs in Keras's order,
    ``REQUIRED`` for arguments without default — and override:

    - ``_standardize()``: turn arguments into canonical form, raise Keras's
      construction-time errors;
    - ``_check_input(input_shape)``: rank checks run on every call (InputSpec);
    - ``_build(input_shape)``: create weights with ``add_weight``;
    - ``compute_output_shape(input_shape)``.

    Keyword arguments every layer accepts: ``name``, ``dtype``, ``trainable``,
    ``autocast``, ``activity_regularizer``, and the legacy ``input_shape`` /
    ``input_dim`` (used by ``Sequential`` to create its input). Anything else
    raises ``ValueError: Unrecognized keyword arguments``.
    """

    _ARGS = ()
    _VAR_KWARGS = True  # False: unknown keyword -> TypeError (Keras layers without **kwargs)
    _BUILT_AT_INIT = False  # weightless Keras layers are built at construction
    _CONFIG_DROP = ()  # constructor arguments Keras leaves out of get_config()
    _CONFIG_ADD = ()   # (key, default) pairs Keras adds to get_config()
    _CONFIG_ORDER = ()  # own config keys Keras lists first (in this order), before the others
    # inside a traced call(), an error from compute_output_shape has the type Keras on torch
    # raises there: None keeps it (Keras's own checks); a class = the torch kernel's error
    _TRACED_SHAPE_ERROR = None
    _AUTO_CONFIG = False  # Keras's class has no get_config(): Keras builds it from the call
    #: A built layer called again on a shape it has seen, with no attribute rebound
    #: since, reuses that call's output shape (off for models: their shape depends on
    #: the layers inside).
    _MEMO_CALLS = True
    #: A class written outside ConvDims (a learner's ``keras.layers.Layer`` subclass):
    #: its sublayers are the layers held in its attributes, lists and dicts.
    _TRACKS = False
    #: Its ``call()`` is overridden: the output comes from tracing ``call()`` (see
    #: ``calculator.tracing``).
    _TRACED = False
    #: Masks (``calculator.masking``): Keras's ``supports_masking`` (the layer puts
    #: ``compute_mask`` on its outputs) and whether ``compute_mask`` can make a mask from
    #: none (then every call goes through it).
    supports_masking = False
    _NEW_MASKS = False
    #: Keras's ``call`` parameters and ``_convert_input_args`` (``calculator.call_spec``).
    _CALL_ARGS = ("inputs",)
    _CONVERT_INPUT_ARGS = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__module__.split(".")[0] == "calculator":
            return
        from . import tracing
        tracing.prepare_user_class(cls)

    def __init__(self, *args, **kwargs):
        cls = type(self)
        info = _CLASS_INFO.get(cls)
        if info is None:
            info = _class_info(cls)
        spec, names, attrs, base_named, base_free, defaults, required, nameset, set_attrs = info
        if cls._AUTO_CONFIG:
            self._passed_kwargs = {k: v for k, v in kwargs.items() if k not in nameset}
        values = dict(defaults)  # every argument that has a default, in Keras's order
        if args:
            if len(args) > len(spec):
                raise TypeError(
                    f"{cls.__name__}.__init__() takes {len(spec) + 1} positional arguments "
                    f"but {len(args) + 1} were given"
                )
            for n, a in zip(names, args):
                if n in kwargs:
                    raise TypeError(f"{cls.__name__}.__init__() got multiple values for argument '{n}'")
                values[n] = a
        if kwargs:
            pop = kwargs.pop
            for n in nameset.intersection(kwargs):
                values[n] = pop(n)
        missing = None
        if required:
            missing = [n for n in required if n not in values]
        if missing:
            listed = " and ".join(repr(m) for m in missing)
            err = TypeError(
                f"{cls.__name__}.__init__() missing {len(missing)} required positional "
                f"argument{'s' if len(missing) > 1 else ''}: {listed}"
            )
            err.field = missing[0]
            raise err
        if kwargs:
            base = {k: kwargs.pop(k) for k in base_free if k in kwargs}
        else:
            base = {}
        for k in base_named:
            if k in values:
                base[k] = values[k]
        name = base.get("name")
        self.name = name if name else uniquify(info_snake(cls))
        dtype = base.get("dtype")
        if dtype is None:
            self._dtype = self._compute_dtype = self._dtype_policy_name = "float32"
        else:
            self._set_dtype_policy(dtype)
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._weights_list = []
        self._layers = []
        self._build_shapes_dict = None
        self._input_axes = {}
        self.built = False
        self._input_shape_arg = None
        if kwargs:
            if not cls._VAR_KWARGS:
                key = next(iter(kwargs))
                raise TypeError(f"{cls.__name__}.__init__() got an unexpected keyword argument '{key}'")
            input_dim = kwargs.pop("input_dim", None)
            input_shape = kwargs.pop("input_shape", None)
            if input_dim is not None:
                input_shape = (input_dim,)
            if input_shape is not None:
                self._input_shape_arg = input_shape
            if kwargs:
                raise errors.unrecognized_kwargs(cls.__name__, kwargs)
        trainable = base.get("trainable", True)
        if trainable is not True and trainable is not False:
            raise errors.keras_error(
                f"Expected `trainable` to be a boolean. Received: trainable={trainable!r} "
                f"(of type {type(trainable)})",
                "trainable",
            )
        self._trainable = trainable
        self._config = values
        set_attrs(self, values)
        self._standardize()
        if cls._BUILT_AT_INIT:
            self.built = True

    def _set_dtype_policy(self, dtype):
        """Keras dtype policies: ``"float64"`` -> weights and outputs float64;
        ``"mixed_float16"`` -> float32 weights, float16 outputs."""
        name = policy_name(dtype)
        if name.startswith("mixed_"):
            self._dtype, self._compute_dtype = "float32", name[len("mixed_"):]
        else:
            self._dtype = self._compute_dtype = name
        self._dtype_policy_name = name

    # ---- hooks for subclasses
    def _standardize(self):
        """Validate and canonicalize arguments; raise Keras's construction errors."""

    def _check_input(self, input_shape):
        """Raise if the input rank does not suit the layer (Keras's InputSpec)."""

    def _build(self, input_shape):
        """Create the weights for this input shape."""

    def compute_output_shape(self, input_shape):
        """The output shape (batch axis included) for ``input_shape``."""
        return input_shape

    # ---- weights
    def add_weight(self, *args, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None):
        """Keras's ``add_weight``: a weight of ``shape`` (``None`` -> a scalar); unnamed
        weights are called ``variable``, ``variable_1`` ... (one counter per session).
        As in Keras 3, up to three positional arguments are ``shape, initializer, dtype``; a
        name passed first (Keras 2's ``add_weight("kernel", ...)``) is Keras's ValueError, and
        ``shape`` must be a tuple or an iterable (``shape=100`` is Keras's ValueError)."""
        if args:
            if len(args) > 3:
                raise TypeError(
                    f"add_weight() takes at most 3 positional arguments but {len(args)} were given.")
            if isinstance(args[0], str):
                raise errors.keras_error(
                    f"`name` must be passed as a keyword argument. Received: add_weight('{args[0]}',"
                    f" ...). Use: add_weight(shape=..., name='{args[0]}').")
            for position, (label, given) in enumerate(
                    (("shape", shape), ("initializer", initializer), ("dtype", dtype))):
                if position < len(args) and given is not None:
                    raise errors.keras_error(
                        f"`{label}` was passed both positionally and as a keyword argument.")
            shape = args[0]
            dtype = args[2] if len(args) > 2 else dtype
        if name is None:
            name = uniquify("variable")
        if shape is None:
            shape = ()
        elif not isinstance(shape, tuple):
            if not hasattr(shape, "__iter__"):
                raise errors.keras_error(f"Cannot convert '{shape}' to a shape.")
            shape = tuple(shape)
        return self._add_weight(name, shape, trainable=trainable, dtype=dtype)

    def _add_weight(self, name, shape, trainable=True, dtype=None):
        """Create and track a ``Weight`` (``shape`` ``()`` is a scalar, size 1).

        Every dimension must be a known non-negative integer (Keras raises ValueError
        when the layer is called)."""
        for d in shape:
            if d is None:
                raise errors.keras_error(
                    "Shapes used to initialize variables must be fully-defined (no `None` "
                    f"dimensions). Received: shape={tuple(shape)} for variable path='{self.name}/{name}'. "
                    "The axis this weight is sized from must be known in the input shape.",
                    "input_shape")
            if isinstance(d, bool) or not isinstance(d, int):
                raise errors.keras_error(
                    f"Cannot convert '{tuple(shape)}' to a shape. Found invalid dimension '{d}' of "
                    f"type '{type(d)}'. Sizes such as filters and units must be whole numbers.",
                    "input_shape")
        w = Weight(name, shape, trainable=trainable and self._trainable, dtype=dtype or self._dtype,
                   path=self._weight_path(name))
        w._originally_trainable = trainable
        self._weights_list.append(w)
        return w

    def _weight_path(self, name):
        scope = list(_STATE.get("scope", []))
        if not scope or scope[-1] != self.name:
            scope.append(self.name)
        return "/".join(scope + [name])

    def _own_weights(self):
        own = self._weights_list
        first = [w for w in own if w._originally_trainable]
        if len(first) == len(own):
            return first
        return first + [w for w in own if not w._originally_trainable]

    def _sublayers(self):
        if self._TRACKS:
            from . import tracing
            return tracing.tracked_layers(self)
        return self._layers

    @property
    def weights(self):
        """Own weights (trainable first, then non-trainable), then sublayers' — each once."""
        subs = self._sublayers()
        if not subs:  # a plain layer: its own weights, unless one is listed twice
            own = self._own_weights()
            if len(own) < 2 or len({id(w) for w in own}) == len(own):
                return own
        out, seen = [], set()
        for w in self._own_weights():
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        for layer in subs:
            for w in layer.weights:
                if id(w) not in seen:
                    seen.add(id(w))
                    out.append(w)
        return out

    variables = weights

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for w in self.weights if w.trainable]

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [w for w in self.weights if not w.trainable]

    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        """Freezing a layer makes all its weights non-trainable; unfreezing restores
        the weights that were created trainable (BatchNormalization's moving statistics
        stay non-trainable)."""
        value = bool(value)
        self._trainable = value
        for w in self._weights_list:
            if w._originally_trainable:
                w.trainable = value
        for layer in self._sublayers():
            layer.trainable = value

    @property
    def dtype(self):
        return self._dtype

    @property
    def compute_dtype(self):
        return self._compute_dtype

    @property
    def variable_dtype(self):
        return self._dtype

    def count_params(self):
        """Total scalars in the weights; ValueError if the layer is not built (as Keras)."""
        if not self.built:
            raise errors.keras_error(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't "
                "built. You can build it manually via: `layer.build(input_shape)`.",
                "input_shape",
            )
        return sum(w.size for w in self.weights)

    def get_weights(self):
        """The weights in ``weights`` order, as shape-only arrays (:class:`WeightArray`)."""
        return [WeightArray(w) for w in self.weights]

    def set_weights(self, weights):
        """Keras's check, then nothing to store: as many arrays as ``weights``, each of its
        weight's shape (``get_weights()`` of a same-shaped model, or NumPy arrays)."""
        layer_weights = self.weights
        if len(layer_weights) != len(weights):
            raise errors.keras_error(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list "
                f"of length {len(weights)}, but the layer was expecting {len(layer_weights)} "
                "weights.")
        for variable, value in zip(layer_weights, weights):
            if variable.shape != tuple(value.shape):
                raise errors.keras_error(
                    f"Layer {self.name} weight shape {variable.shape} is not compatible with "
                    f"provided weight shape {tuple(value.shape)}.")
            variable.assign(value)

    # ---- config
    def get_config(self):
        """Keras's config: ``name``, ``trainable``, ``dtype`` (and ``activity_regularizer``
        when set: Keras's base ``Layer.get_config`` adds it there), then the layer's own
        arguments: ``_CONFIG_ORDER`` first, the others in ``_ARGS`` order. The own keys
        update the base ones in place (Keras returns ``{**base, **own}``), and the values
        are serialized as Keras serializes them (``calculator.config_serialization``)."""
        cls = type(self)
        if cls._AUTO_CONFIG:
            return self._auto_config()
        config = {"name": self.name, "trainable": self.trainable, "dtype": self._dtype_policy_name}
        activity = self._config.get("activity_regularizer")
        if activity is not None:
            config["activity_regularizer"] = activity
        own = {}
        for n, _ in cls._ARGS:
            if n in _BASE_KWARGS and n != "activity_regularizer":
                continue
            own[n] = activity if n == "activity_regularizer" else getattr(self, n, self._config.get(n))
        for n, default in cls._CONFIG_ADD:
            own[n] = activity if n == "activity_regularizer" else getattr(self, n, default)
        for n in cls._CONFIG_DROP:
            own.pop(n, None)
        config.update({n: own.pop(n) for n in cls._CONFIG_ORDER if n in own})
        config.update(own)
        return serialize_config(config)

    def _auto_config(self):
        """Keras's config of a class without ``get_config()`` (``Operation.__new__``): the
        name, every argument with its default in signature order, the other keywords the call
        passed (in its order); then ``trainable`` and ``dtype`` set (kept where passed)."""
        config = {"name": self.name}
        config.update((n, self._config[n]) for n, _ in type(self)._ARGS)
        config.update((k, v) for k, v in self._passed_kwargs.items() if k != "name")
        config.update(trainable=self.trainable, dtype=self._dtype_policy_name)
        activity = self._config.get("activity_regularizer")
        if activity is not None:
            config["activity_regularizer"] = activity
        return serialize_config(config)

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # ---- building and calling
    def build(self, input_shape=None):
        """Check the input, create the weights and mark the layer built."""
        input_shape = as_shape(input_shape)
        self._check_input(input_shape)
        scope = _STATE.setdefault("scope", [])  # name_scope(self.name), inline (hot path)
        if scope and scope[-1] == self.name:  # already in it (a subclass's build called super())
            self._build(input_shape)
        else:
            scope.append(self.name)
            try:
                self._build(input_shape)
            finally:
                scope.pop()
        self._build_shapes_dict = {"input_shape": input_shape}
        self.built = True

    def _assert_input_compatibility(self, input_shape):
        self._check_input(input_shape)
        if is_shape(input_shape):
            for axis, value in self._input_axes.items():
                got = input_shape[axis] if -len(input_shape) <= axis < len(input_shape) else None
                if got is not None and got != value:
                    raise errors.wrong_axis_value(self, input_shape, axis, value)

    def compute_mask(self, inputs, previous_mask):
        """The mask of the outputs (for a layer with ``supports_masking``): Keras's default
        passes the input's on."""
        return previous_mask

    def __call__(self, *args, **kwargs):
        if (len(args) == 1 and not kwargs and type(args[0]) is KerasTensor
                and "_keras_mask" not in args[0].__dict__ and not self._NEW_MASKS):
            # The common case, one symbolic tensor: the same steps as below, less generic.
            inputs = args[0]
            input_shape = inputs._shape
            memo = self.__dict__.get("_call_memo")
            if memo and (memo[0] is input_shape or memo[0] == input_shape) and _same_state(
                    memo, self.__dict__, input_shape):
                # Called before on this shape, and no attribute changed since: the
                # checks passed then and the output shape is the same (a Sequential
                # calls every layer again after each add(), as Keras does).
                output_shape = memo[2]
                remember = False
                single = True
            else:
                # note the result once the layer is called again (a Sequential's rebuild)
                remember = self.built and self._MEMO_CALLS and bool(self._inbound_nodes)
                if not self.built:
                    self.build(input_shape)
                else:
                    self._assert_input_compatibility(input_shape)
                output_shape = self.compute_output_shape(input_shape)
                single = type(output_shape) is tuple and is_shape(output_shape)
            dtype = self._output_dtype(inputs)
            kwargs = call_spec.filled_keywords(self) if (
                inputs.dtype == self._compute_dtype or not self._CONVERT_INPUT_ARGS) else {}
            if single:
                outputs = KerasTensor(output_shape, dtype=dtype)
                _chain_node(self, args, inputs, outputs, kwargs)
                if remember:
                    self._remember_call(input_shape, output_shape)
            else:
                outputs = map_shapes(lambda s: KerasTensor(s, dtype=dtype), output_shape)
                Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
            return outputs
        if kwargs:  # Keras binds the call to call()'s signature first (its CallSpec)
            call_spec.check_arguments(type(self), args, kwargs)
        first = call_spec.first_argument(type(self)) if kwargs and not args else "inputs"
        given = dict(kwargs)
        if args:
            inputs, rest = args[0], args[1:]
        elif first in kwargs:
            inputs, rest = kwargs.pop(first), ()
        else:
            raise TypeError(f"{type(self).__name__}.__call__() missing 1 required positional argument: 'inputs'")
        if all(map(is_array, flatten(inputs))):
            return self._call_on_arrays(inputs)
        for x in flatten(inputs):
            if not isinstance(x, KerasTensor):
                raise NotImplementedError(
                    "ConvDims computes shapes and parameter counts from symbolic inputs: call "
                    f"layer '{self.name}' on a tensor from keras.Input(shape=...), not on data "
                    f"(received {type(x).__name__})."
                )
        input_shape = map_structure(lambda t: t.shape, inputs)
        if not self.built:
            self.build(input_shape)
            if kwargs or rest:
                shapes = call_spec.shapes_dict(type(self), (inputs,) + tuple(rest), kwargs)
                if len(shapes) > 1:  # several tensor arguments: Keras records each one's shape
                    self._build_shapes_dict = shapes
        else:
            self._assert_input_compatibility(input_shape)
        traced = any(type(x) is TracingTensor for x in flatten(inputs))
        try:
            output_shape = self.compute_output_shape(input_shape)
        except Exception as exc:
            if traced and self._TRACED_SHAPE_ERROR is not None:
                exc.traced_type = self._TRACED_SHAPE_ERROR
            raise
        dtype = self._output_dtype(inputs)
        if traced:
            # inside a traced call(): Keras runs this on backend tensors, no node; the call
            # is noted for the traced layer's statistics (see calculator.tracing)
            outputs = map_shapes(lambda s: TracingTensor(s, dtype), output_shape)
            log = _STATE.get("trace_log")
            if log is not None:
                log.append((self, input_shape, output_shape, flatten(inputs), flatten(outputs)))
            return outputs
        outputs = map_shapes(lambda s: KerasTensor(s, dtype=dtype), output_shape)
        from .masking import node_with_masks
        if args:
            node_with_masks(self, (inputs,) + tuple(rest), kwargs, outputs)
        else:
            node_with_masks(self, (), given, outputs, by_keyword=first)
        return outputs

    def _call_on_arrays(self, inputs):
        """Keras (torch backend) called on arrays, as the API docs' examples do
        (``keras.layers.Conv2D(32, 3)(np.random.rand(4, 10, 10, 128)).shape``): the layer is
        built for their shape and returns torch tensors of the output shape (shape-only
        tensors of ``calculator.torch``, in the layer's compute dtype); no node is made."""
        from . import torch
        input_shape = map_structure(lambda x: tuple(x.shape), inputs)
        if not self.built:
            self.build(input_shape)
        else:
            self._assert_input_compatibility(input_shape)
        output_shape = self._eager_output_shape(input_shape)
        self._check_array_values(inputs)
        dtype = getattr(torch, self._compute_dtype)
        return map_shapes(lambda s: torch.empty(s, dtype=dtype), output_shape)

    def _eager_output_shape(self, input_shape):
        """The output shape of an eager call on arrays of ``input_shape`` (checked already)."""
        return self.compute_output_shape(input_shape)

    def _check_array_values(self, inputs):
        """Checks an eager call makes on the arrays' values (``Embedding``'s ids); none here."""

    def _remember_call(self, input_shape, output_shape):
        """Note the output shape of a call on an already built layer, with a copy of
        the layer's attributes (the note itself is a list kept in place, so the copy
        holds the very object the layer holds)."""
        state = self.__dict__
        memo = state.get("_call_memo")
        if memo is None:
            memo = state["_call_memo"] = []
        memo[:] = (input_shape, tuple(map(type, input_shape)), output_shape, dict(state))

    def _output_dtype(self, inputs):
        return self._compute_dtype

    # ---- graph accessors
    def _node_attribute(self, attr, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer {self.name} has never been called and thus has no defined {what}."
            )
        values = getattr(self._inbound_nodes[0], attr)
        return values[0] if len(values) == 1 else values

    @property
    def input(self):
        """The input tensor(s) of the layer's first call."""
        return self._node_attribute("input_tensors", "input")

    @property
    def output(self):
        """The output tensor(s) of the layer's first call."""
        return self._node_attribute("output_tensors", "output")

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    # ---- training is out of scope
    def add_loss(self, loss):
        """Accepted inside ``call()``: a loss changes no shape and no count."""

    def _no_training(self, *args, **kwargs):
        raise NotImplementedError("ConvDims computes shapes and parameter counts; it does not train.")

    def call(self, inputs, *args, **kwargs):
        """On tensors inside a traced ``call()`` (a subclass's ``super().call(x)``): the
        outputs ``compute_output_shape`` gives. Never on data."""
        leaves = flatten(inputs)
        if leaves and all(type(x) is TracingTensor for x in leaves):
            shapes = self.compute_output_shape(map_structure(lambda t: t.shape, inputs))
            return map_shapes(lambda s: TracingTensor(s, self._compute_dtype), shapes)
        self._no_training()
