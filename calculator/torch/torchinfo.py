"""``torchinfo.summary`` as torchinfo 1.8.0 prints it, written against the public torch API.

The module object used for ``torch`` is whatever ``import torch`` gives at call time: the
calculator's shape-only mirror inside ``calculator.runner.run_script``, real PyTorch when the
fixture generator checks this formatter (``tests/fixtures/generate_torch_corpus.py
--check-ours``).

The rules, as torchinfo 1.8.0 applies them:

- Rows. Every module gets a forward pre-hook and a forward hook. Each *call* of a module adds
  one row, in call order (a module called twice gets two rows, the second marked
  ``(recursive)``). Containers never called themselves (``ModuleList``, a ``Sequential`` whose
  children are called one by one) are inserted before their first child's row. The row's depth
  is the module's depth in the module tree (the model is depth 0); ``depth=`` hides deeper rows.
- Param #. A leaf module (no children) or a row at the depth limit shows all its parameters
  (in parentheses when none is trainable); a container above the limit shows only the
  parameters its children do not hold ("--" when none). The totals add leaf rows and the
  leftovers of container rows; a recursive row is never counted twice.
- Mult-Adds. Conv layers: weight and bias sizes × output positions (batch × spatial);
  other layers: weight and bias sizes × batch; RNN weights × batch × sequence length. A
  container at the depth limit shows its leaf children's sum. "Total mult-adds" adds leaf
  rows, in auto units (M, G, T), labelled as torchinfo prints its enum on Python ≥ 3.11:
  ``Total mult-adds (Units.MEGABYTES): 0.27``.
- Sizes (MB, 10^6 bytes). Input: each input tensor's storage as ``sys.getsizeof`` reports
  it (its bytes + 64; a view's storage is its base's). Forward/backward: twice the output
  bytes of every leaf row with parameters. Params: the bytes of every counted parameter.
"""

import math
import sys

__all__ = ["summary", "ModelStatistics", "LayerInfo"]

COLUMNS = ("kernel_size", "input_size", "output_size", "num_params", "params_percent",
           "mult_adds", "trainable")
ROW_SETTINGS = ("depth", "var_names", "ascii_only", "hide_recursive_layers")
MODES = ("train", "eval")
DEFAULT_COLUMNS = ("output_size", "num_params")
REQUIRES_INPUT = ("input_size", "output_size", "mult_adds")
HEADER_TITLES = {
    "kernel_size": "Kernel Shape",
    "input_size": "Input Shape",
    "output_size": "Output Shape",
    "num_params": "Param #",
    "params_percent": "Param %",
    "mult_adds": "Mult-Adds",
    "trainable": "Trainable",
}
# torchinfo's ``Units`` is a ``str`` Enum; Python >= 3.11 formats it as ``Units.NAME``.
_UNITS = ((1e12, "Units.TERABYTES"), (1e9, "Units.GIGABYTES"), (0, "Units.MEGABYTES"))
_UNIT_FACTOR = {"Units.TERABYTES": 1e12, "Units.GIGABYTES": 1e9, "Units.MEGABYTES": 1e6}
# sys.getsizeof(tensor.untyped_storage()) on torch 2.13 / CPython 3.11 = nbytes + 64.
STORAGE_OVERHEAD = 64


def _torch():
    import torch  # the mirror inside run_script, real torch in the fixture generator

    return torch


def _enum_values(values, allowed, enum_name):
    for value in values:
        if value not in allowed:
            raise ValueError(f"{value!r} is not a valid {enum_name}")
    return tuple(values)


def summary(model, input_size=None, input_data=None, batch_dim=None,
            cache_forward_pass=None, col_names=None, col_width=25, depth=3, device=None,
            dtypes=None, mode=None, row_settings=None, verbose=None, **kwargs):
    """Summarize ``model`` as torchinfo 1.8.0 does; prints it unless ``verbose=0``.

    With ``input_size`` (sizes including the batch dimension) or ``input_data`` the model is
    run once in eval mode (``mode="train"`` to change) under ``torch.no_grad()``; without
    either, only the module tree and parameter counts are listed. ``cache_forward_pass`` is
    accepted and ignored: every call runs the model again (torchinfo's cache, keyed by class
    name, can return another model's rows).
    """
    torch = _torch()
    has_input = input_data is not None or input_size is not None
    if col_names is None:
        columns = DEFAULT_COLUMNS if has_input else ("num_params",)
    else:
        columns = _enum_values(col_names, COLUMNS, "ColumnSettings")
    rows = set(_enum_values(("depth",) if row_settings is None else row_settings,
                            ROW_SETTINGS, "RowSettings"))
    model_mode = "eval" if mode is None else _enum_values((mode,), MODES, "Mode")[0]
    if verbose is None:
        verbose = 0 if getattr(sys, "ps1", None) else 1
    if isinstance(device, str):
        device = torch.device(device)
    _validate(input_data, input_size, columns, col_width, verbose)

    x, correct_input_size = _process_input(torch, input_data, input_size, batch_dim,
                                           device, dtypes)
    summary_list = _forward_pass(torch, model, x, batch_dim, model_mode, kwargs)
    formatting = FormattingOptions(depth, verbose, columns, col_width, rows)
    results = ModelStatistics(summary_list, correct_input_size, _input_bytes(torch, x),
                              formatting)
    if verbose > 0:
        print(results)
    return results


def _validate(input_data, input_size, columns, col_width, verbose):
    if col_width <= 0:
        raise ValueError(f"Column width must be greater than 0: col_width={col_width}")
    if verbose not in (0, 1, 2):
        raise ValueError("Verbose must be either 0 (quiet), 1 (default), or 2 (verbose).")
    if input_data is not None and input_size is not None:
        raise RuntimeError("Only one of (input_data, input_size) should be specified.")
    not_allowed = [c for c in columns if c in REQUIRES_INPUT]
    if input_data is None and input_size is None and not_allowed:
        names = ", ".join(f"<ColumnSettings.{c.upper()}: '{c}'>" for c in not_allowed)
        raise ValueError("You must pass input_data or input_size in order "
                         f"to use columns: {{{names}}}")


def _traverse(torch, data, on_tensor):
    """Apply ``on_tensor`` to every tensor in nested lists/tuples/dicts; keep the nesting."""
    if isinstance(data, torch.Tensor):
        return on_tensor(data)
    if isinstance(data, dict):
        return {k: _traverse(torch, v, on_tensor) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        items = [_traverse(torch, d, on_tensor) for d in data]
        if hasattr(data, "_fields"):
            return type(data)(*items)
        return type(data)(items)
    return data


def _flatten(nested):
    for item in nested:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        else:
            yield item


def _correct_input_sizes(input_size):
    """``(1, 3, 32, 32)`` -> ``[(1, 3, 32, 32)]``; a list of sizes stays a list of sizes."""
    if not isinstance(input_size, (list, tuple)):
        raise TypeError(
            "Input_size is not a recognized type. Please ensure input_size is valid.\n"
            "For multiple inputs to the network, ensure input_size is a list of tuple "
            "sizes. If you are having trouble here, please submit a GitHub issue.")
    if not input_size or any(size <= 0 for size in _flatten(input_size)):
        raise ValueError("Input_data is invalid, or negative size found in input_data.")
    if isinstance(input_size, list) and isinstance(input_size[0], int):
        return [tuple(input_size)]
    if isinstance(input_size, list):
        return input_size
    if isinstance(input_size, tuple) and isinstance(input_size[0], tuple):
        return list(input_size)
    return [input_size]


def _process_input(torch, input_data, input_size, batch_dim, device, dtypes):
    """The forward pass's positional arguments (or kwargs dict) and the sizes to report."""
    if input_data is not None:
        sizes = _traverse(torch, input_data, lambda t: t.size())
        x = input_data if device is None else _traverse(torch, input_data,
                                                         lambda t: t.to(device))
        return ([x] if isinstance(x, torch.Tensor) else x), sizes
    if input_size is None:
        return None, []
    if dtypes is None:  # first, as torchinfo: summary(model, 784) fails on len() here
        dtypes = [torch.float] * len(input_size)
    sizes = _correct_input_sizes(input_size)
    x = []
    for size, dtype in zip(sizes, dtypes):
        size = tuple(size)
        if batch_dim is not None:  # torch.rand(*size).unsqueeze(dim=batch_dim)
            at = batch_dim if batch_dim >= 0 else batch_dim + len(size) + 1
            size = size[:at] + (1,) + size[at:]
        # torchinfo casts torch.rand to dtype: integer inputs are all zeros.
        make = torch.rand if getattr(dtype, "is_floating_point", True) else torch.zeros
        x.append(make(*size, dtype=dtype, device=device or "cpu"))
    return x, sizes


def _input_bytes(torch, x):
    """What torchinfo's "Input size (MB)" adds: each input's storage size per getsizeof (a
    view, such as a slice of a longer tensor, counts all the memory it views)."""
    total = 0

    def add(t):
        nonlocal total
        total += t.untyped_storage().nbytes() + STORAGE_OVERHEAD

    _traverse(torch, x, add)
    return total


def _prod(values):
    result = 1
    for item in values:
        result *= item if type(item) is int else (
            _prod(item) if isinstance(item, (list, tuple)) else item)
    return result


_MISSING = object()


def _attribute(torch, module, name, plain_classes=None):
    """``getattr(module, name, _MISSING)``, answered from the instance's dicts when the class
    neither defines ``name`` nor changes attribute lookup (no exception raised and caught
    through ``Module.__getattr__`` for the usual missing attribute). ``plain_classes`` (one
    summary's, for one ``name``) keeps that answer per class."""
    cls = type(module)
    plain = None if plain_classes is None else plain_classes.get(cls)
    if plain is None:
        plain = not (hasattr(cls, name) or cls.__getattribute__ is not object.__getattribute__
                     or cls.__getattr__ is not torch.nn.Module.__getattr__)
        if plain_classes is not None:
            plain_classes[cls] = plain
    if not plain:
        return getattr(module, name, _MISSING)
    d = module.__dict__
    if name in d:
        return d[name]
    for store in (d.get("_parameters"), d.get("_buffers"), d.get("_modules")):
        if store is not None and name in store:  # Module.__getattr__'s lookups, in its order
            return store[name]
    return _MISSING


def _named_parameters(torch, module):
    """``list(module.named_parameters())``: each module once (its first place in pre-order),
    each parameter once, named by its path. Collected in one loop (PyTorch's nested generators
    give the same list) unless a class in the tree overrides the walk."""
    base, cls = torch.nn.Module, type(module)
    if (cls.named_parameters is not base.named_parameters
            or cls._named_members is not base._named_members):
        return list(module.named_parameters())
    if not module._modules and cls.named_modules is base.named_modules:  # a leaf
        named, seen = [], set()
        for name, param in module._parameters.items():
            if param is not None and id(param) not in seen:
                seen.add(id(param))
                named.append((name, param))
        return named
    named, seen, visited = [], set(), set()
    stack = [("", module)]
    while stack:
        prefix, owner = stack.pop()
        if type(owner).named_modules is not base.named_modules:
            return list(module.named_parameters())
        if id(owner) in visited:
            continue
        visited.add(id(owner))
        for name, param in owner._parameters.items():
            if param is not None and id(param) not in seen:
                seen.add(id(param))
                named.append((prefix + name, param))
        if owner._modules:
            stack += reversed([(f"{prefix}{name}.", child)
                               for name, child in owner._modules.items() if child is not None])
    return named


class LayerInfo:
    """One summary row: a module call (or a container never called itself)."""

    # Slots: a row is one small object (no __dict__), cheaper to make and to collect.
    __slots__ = ("layer_id", "module", "class_name", "_params", "depth", "depth_index",
                 "children", "executed", "parent_info", "var_name", "is_leaf_layer",
                 "contains_lazy_param", "is_recursive", "input_size", "output_size",
                 "kernel_size", "trainable_params", "num_params", "param_bytes",
                 "output_bytes", "macs", "_leftover", "_leftover_trainable")

    def __init__(self, torch, var_name, module, depth, parent_info=None, plain_classes=None):
        self.layer_id = id(module)
        self.module = module
        self.class_name = type(module).__name__
        self.depth = depth
        self.parent_info = parent_info
        self.var_name = var_name
        self._params = ()  # (name, parameter, count) as named_parameters() gave them
        self.children = self.input_size = self.output_size = ()
        self.depth_index = self._leftover = self._leftover_trainable = None
        self.executed = self.contains_lazy_param = self.is_recursive = False
        self.trainable_params = self.num_params = self.param_bytes = self.output_bytes = 0
        self.macs = 0
        for child in module._modules.values():
            if child is not None:
                self.is_leaf_layer = False
                break
        else:
            self.is_leaf_layer = True
        self.kernel_size = self._kernel_size(torch, module, plain_classes)

    def __repr__(self):
        return f"{self.class_name}: {self.depth}"

    @staticmethod
    def _kernel_size(torch, module, plain_classes=None):
        k = _attribute(torch, module, "kernel_size", plain_classes)
        if k is _MISSING:
            return None
        if isinstance(k, (list, tuple)):
            return list(k)
        if isinstance(k, int):
            return int(k)
        raise TypeError(f"kernel_size has an unexpected type: {type(k)}")

    @property
    def trainable(self):
        if self.num_params == 0:
            return "--"
        if self.trainable_params == 0:
            return "False"
        return "True" if self.num_params == self.trainable_params else "Partial"

    @staticmethod
    def calculate_size(torch, value, batch_dim):
        """(size list, element bytes) of a hook's inputs/outputs, as torchinfo reads them."""
        if isinstance(value, torch.Tensor):  # the common output; no branch below takes it
            return list(value.size()), value.element_size()
        if value is None:
            return [], 0
        if isinstance(value, (list, tuple)) and value:
            first = value[0]
            data = first if isinstance(first, torch.Tensor) else getattr(first, "data", None)
            if data is not None and hasattr(data, "size"):  # a tensor or PackedSequence
                size = list(data.size())
                if batch_dim is not None:
                    size = size[:batch_dim] + [1] + size[batch_dim + 1:]
                return size, data.element_size()
        if isinstance(value, dict):
            size, elem_bytes = _nested_size(torch, list(value.values())[-1])
            if batch_dim is not None:
                size = [size[:batch_dim] + [1] + size[batch_dim + 1:]]
            return size, elem_bytes
        if isinstance(value, (list, tuple)):
            size, elem_bytes = _nested_size(torch, value)
            if batch_dim is not None and batch_dim < len(size):
                size[batch_dim] = 1
            return size, elem_bytes
        raise TypeError("Model contains a layer with an unsupported input or output type: "
                        f"{value}, type: {type(value)}")

    def calculate_num_params(self, torch):
        """Parameter count, trainable part and bytes (lazy parameters not yet counted)."""
        lazy = torch.nn.parameter.UninitializedParameter
        num_params = param_bytes = trainable_params = 0
        self._params = params = []
        for name, param in _named_parameters(torch, self.module):
            if isinstance(param, lazy):
                self.contains_lazy_param = True
                continue
            count = param.numel()
            params.append((name, param, count))
            param_bytes += param.element_size() * count
            num_params += count
            if param.requires_grad:
                trainable_params += count
        self.num_params, self.param_bytes, self.trainable_params = (num_params, param_bytes,
                                                                    trainable_params)

    @property
    def inner_layers(self):
        """The verbose=2 rows: each weight's shape (in/out swapped) and count, in order."""
        rows = {}
        for name, param, count in self._params:
            ksize = list(param.size())
            if name == "weight" and len(ksize) > 1:
                ksize[0], ksize[1] = ksize[1], ksize[0]
            if self.parent_info is not None or "." not in name:  # the model: own weights only
                rows[name] = {"kernel_size": str(ksize), "num_params": f"├─{count:,}"}
        if rows:
            last = rows[next(reversed(rows))]
            last["num_params"] = f"└─{last['num_params'][2:]}"
        return rows

    def calculate_macs(self):
        """Mult-adds of this call from the parameters counted when it started."""
        if not self._params:
            return
        macs, out = self.macs, self.output_size
        conv = "Conv" in self.class_name
        positions = None
        for name, _, count in self._params:
            if name in ("weight", "bias"):
                if conv:  # output positions: batch x spatial
                    if positions is None:
                        positions = _prod(out[:1] + out[2:])
                    macs += int(count * positions)
                else:
                    macs += out[0] * count
            elif "weight" in name or "bias" in name:  # RNN weight_ih_l0 ...
                macs += _prod(out[:2]) * count
        self.macs = macs

    def check_recursive(self, layer_ids):
        if self.layer_id in layer_ids:
            self.is_recursive = True

    def macs_to_str(self, reached_max_depth):
        if self.macs <= 0:
            return "--"
        if self.is_leaf_layer:
            return f"{self.macs:,}"
        if reached_max_depth:
            return f"{sum(c.macs for c in self.children if c.is_leaf_layer):,}"
        return "--"

    def num_params_to_str(self, reached_max_depth):
        if self.num_params == 0:
            return "--"
        if self.is_recursive:
            return "(recursive)"
        if reached_max_depth or self.is_leaf_layer:
            text = f"{self.num_params:,}"
            return text if self.trainable_params else f"({text})"
        leftover = self.leftover_params()
        return f"{leftover:,}" if leftover > 0 else "--"

    def params_percent(self, total_params, reached_max_depth):
        zero = "     --"
        if total_params == 0:
            return zero
        if self.is_recursive:
            return "(recursive)"
        params = (self.num_params if reached_max_depth or self.is_leaf_layer
                  else self.leftover_params())
        return zero if params == 0 else f"{params / total_params:>7.2%}"

    def leftover_params(self):
        """Parameters this row holds that no (non-recursive) descendant row shows (worked out
        once, when the rows are complete)."""
        if self._leftover is None:
            self._leftover = self.num_params - sum(
                c.num_params if c.is_leaf_layer else c.leftover_params()
                for c in self.children if not c.is_recursive)
        return self._leftover

    def leftover_trainable_params(self):
        if self._leftover_trainable is None:
            self._leftover_trainable = self.trainable_params - sum(
                c.trainable_params if c.is_leaf_layer else c.leftover_trainable_params()
                for c in self.children if not c.is_recursive)
        return self._leftover_trainable

    def get_layer_name(self, show_var_name, show_depth):
        name = self.class_name
        if show_var_name and self.var_name:
            name += f" ({self.var_name})"
        if show_depth and self.depth > 0:
            name += f": {self.depth}"
            if self.depth_index is not None:
                name += f"-{self.depth_index}"
        return name


def _nested_size(torch, value):
    if hasattr(value, "tensors"):
        return _nested_size(torch, value.tensors)
    if isinstance(value, torch.Tensor):
        return list(value.size()), value.element_size()
    if not hasattr(value, "__getitem__") or not value:
        return [], 0
    if isinstance(value, dict):
        return _nested_size(torch, list(value.values()))
    if callable(getattr(value, "size", None)) and callable(getattr(value, "element_size", None)):
        return list(value.size()), value.element_size()
    if isinstance(value, (list, tuple)):
        return _nested_size(torch, value[0])
    return [], 0


def _apply_hooks(torch, model, with_input, batch_dim):
    """Register the pre/post hooks on every module (depth-first, children in order).

    Without input the rows are the module tree itself. Each module's parent is the
    placeholder row made here (for modules with children), which ``_add_missing_containers``
    inserts for containers that are never called.
    """
    summary_list, layer_ids, infos, hooks = [], set(), {}, {}
    places = {}  # id(module) -> (var_name, depth, parent row) of its last place in the tree
    plain_classes = {}  # see _attribute: classes whose kernel_size is read from the instance

    def pre_hook(module, inputs):
        var_name, depth, parent = places[id(module)]
        info = LayerInfo(torch, var_name, module, depth, parent, plain_classes)
        info.calculate_num_params(torch)
        layer_id = info.layer_id
        if layer_id in layer_ids:
            info.is_recursive = True
        summary_list.append(info)
        layer_ids.add(layer_id)
        infos[layer_id] = info

    def hook(module, inputs, outputs):
        info = infos[id(module)]
        if info.contains_lazy_param:
            info.calculate_num_params(torch)
        info.input_size, _ = LayerInfo.calculate_size(torch, inputs, batch_dim)
        info.output_size, elem_bytes = LayerInfo.calculate_size(torch, outputs, batch_dim)
        info.output_bytes = elem_bytes * _prod(info.output_size)
        info.executed = True
        info.calculate_macs()

    stack = [(type(model).__name__, model, 0, None)]
    while stack:
        var_name, module, depth, parent = stack.pop()
        module_id = id(module)
        places[module_id] = (var_name, depth, parent)
        children = [(name, child) for name, child in module._modules.items()
                    if child is not None]
        if children:
            infos[module_id] = LayerInfo(torch, var_name, module, depth, parent, plain_classes)
        else:  # no placeholder needed; its kernel_size still fails here, before the forward
            LayerInfo._kernel_size(torch, module, plain_classes)
        if not with_input:
            pre_hook(module, None)
        else:  # a module reachable twice keeps the hooks of its last place in the tree
            for handle in hooks.get(module_id, ()):
                handle.remove()
            hooks[module_id] = (module.register_forward_pre_hook(pre_hook),
                                module.register_forward_hook(hook))
        if children:
            stack += [(name, child, depth + 1, infos[module_id])
                      for name, child in reversed(children)]
    return summary_list, hooks


def _forward_pass(torch, model, x, batch_dim, mode, kwargs):
    summary_list, hooks = _apply_hooks(torch, model, x is not None, batch_dim)
    if x is None:
        _set_children(summary_list)
        return summary_list
    saved_mode = model.training
    try:
        if mode == "train":
            model.train()
        else:
            model.eval()
        with torch.no_grad():
            if isinstance(x, (list, tuple)):
                model(*x, **kwargs)
            else:
                model(**x, **kwargs)
    except Exception as e:
        executed = [layer for layer in summary_list if layer.executed]
        raise _wrapped_error(e, "Failed to run torchinfo. See above stack traces for more "
                                f"details. Executed layers up to: {executed}") from e
    finally:
        for pre_handle, post_handle in hooks.values():
            pre_handle.remove()
            post_handle.remove()
        model.train(saved_mode)
    _add_missing_containers(torch, summary_list)
    _set_children(summary_list)
    return summary_list


def _wrapped_error(cause, message):
    """torchinfo's ``RuntimeError`` around a forward error: its text is torchinfo's exactly.

    When the cause carries the mirror's fix (``.fix``, see ``calculator.torch._fix``), the
    error carries it too, with the cause's PyTorch line as ``.cause_line``: no stack trace is
    printed "above" in the calculator, so the report shows that line before the fix.
    """
    error = RuntimeError(message)
    fix = getattr(cause, "fix", None)
    if fix:
        error.torch_message = message
        error.fix = fix
        error.cause_line = f"{type(cause).__name__}: {getattr(cause, 'torch_message', str(cause))}"
    return error


def _set_children(summary_list):
    """Number rows per depth (the ``1-3`` in ``Conv2d: 1-3``); children = rows below, deeper."""
    index = {}
    for i, layer in enumerate(summary_list):
        index[layer.depth] = index.get(layer.depth, 0) + 1
        layer.depth_index = index[layer.depth]
        end = i + 1
        while end < len(summary_list) and summary_list[end].depth > layer.depth:
            end += 1
        layer.children = summary_list[i + 1:end]


def _add_missing_containers(torch, summary_list):
    """Insert, before a row, the ancestor containers the rows above do not already show."""
    layer_ids = {layer.layer_id for layer in summary_list}
    current = {}
    idx = 0
    while idx < len(summary_list):
        layer = summary_list[idx]
        hierarchy = {}
        parent = layer.parent_info
        while parent is not None and parent.depth > 0:
            hierarchy[parent.depth] = parent
            parent = parent.parent_info
        inserted = 0
        for d in range(1, layer.depth):
            if ((d not in current or current[d].module is not hierarchy[d].module)
                    and hierarchy[d] is not summary_list[idx + inserted - 1]):
                hierarchy[d].calculate_num_params(torch)
                hierarchy[d].check_recursive(layer_ids)
                summary_list.insert(idx + inserted, hierarchy[d])
                layer_ids.add(hierarchy[d].layer_id)
                current[d] = hierarchy[d]
                inserted += 1
        current[layer.depth] = layer
        d = layer.depth + 1
        while d in current:
            current.pop(d)
            d += 1
        # torchinfo iterates with enumerate() over the list it inserts into, so after an
        # insertion the next step sees the inserted-before row again, one place later.
        idx += 1


class FormattingOptions:
    """Column set, widths and row options of one summary."""

    def __init__(self, max_depth, verbose, col_names, col_width, row_settings):
        self.max_depth = max_depth
        self.verbose = verbose
        self.col_names = col_names
        self.col_width = col_width
        self.layer_name_width = 40
        self.ascii_only = "ascii_only" in row_settings
        self.show_var_name = "var_names" in row_settings
        self.show_depth = "depth" in row_settings
        self.hide_recursive_layers = "hide_recursive_layers" in row_settings
        self._format_for = self._format = None  # the row format and the widths it is for

    def get_start_str(self, depth):
        if depth == 0:
            return ""
        if depth == 1:
            return "+ " if self.ascii_only else "├─"
        return ("|    " if self.ascii_only else "│    ") * (depth - 1) + (
            "+ " if self.ascii_only else "└─")

    def set_layer_name_width(self, summary_list, align_val=5):
        """Widen the name column to the longest name, rounded up to a multiple of 5."""
        longest = 0
        for info in summary_list:
            name = info.get_layer_name(self.show_var_name, self.show_depth)
            longest = max(longest, len(name) + info.depth * align_val + 1)
        if longest >= self.layer_name_width:
            self.layer_name_width = math.ceil(longest / align_val) * align_val

    def get_total_width(self):
        return len(self.col_names) * self.col_width + self.layer_name_width

    def format_row(self, layer_name, values):
        return self._row_format().format(
            layer_name, *[values.get(column, "") for column in self.col_names]).rstrip() + "\n"

    def _row_format(self):
        """``"{:<40} {:<25} ... "`` for the current widths (all cells are strings)."""
        widths = (self.layer_name_width, self.col_width, len(self.col_names))
        if self._format_for != widths:
            self._format_for = widths
            self._format = f"{{:<{widths[0]}}} " + f"{{:<{widths[1]}}} " * widths[2]
        return self._format

    def header_row(self):
        header = ""
        if self.show_var_name:
            header += " (var_name)"
        if self.show_depth:
            header += ":depth-idx"
        return self.format_row(f"Layer (type{header})", HEADER_TITLES)

    def layers_to_str(self, summary_list, total_params):
        """Every shown row (one format string, each depth's prefix made once)."""
        row_format = self._row_format()
        cell_makers = [_CELLS[column] for column in self.col_names]
        show_var_name, show_depth, max_depth = self.show_var_name, self.show_depth, self.max_depth
        starts = {}
        lines = []
        for info in summary_list:
            depth = info.depth
            if depth > max_depth or (self.hide_recursive_layers and info.is_recursive):
                continue
            start = starts.get(depth)
            if start is None:
                start = starts[depth] = self.get_start_str(depth)
            reached = depth == max_depth
            name = info.get_layer_name(show_var_name, show_depth)
            lines.append(row_format.format(
                start + name, *[cell(info, reached, total_params) for cell in cell_makers]
            ).rstrip() + "\n")
            if self.verbose == 2:
                prefix = self.get_start_str(depth + 1)
                for inner_name, inner in info.inner_layers.items():
                    lines.append(self.format_row(f"{prefix}{inner_name}", inner))
        return "".join(lines)


def _dash(value):
    return str(value) if value else "--"


# Each column's cell of a row: f(info, reached_max_depth, total_params).
_CELLS = {
    "kernel_size": lambda info, reached, total: _dash(info.kernel_size),
    "input_size": lambda info, reached, total: _dash(info.input_size),
    "output_size": lambda info, reached, total: _dash(info.output_size),
    "num_params": lambda info, reached, total: info.num_params_to_str(reached),
    "params_percent": lambda info, reached, total: info.params_percent(total, reached),
    "mult_adds": lambda info, reached, total: info.macs_to_str(reached),
    "trainable": lambda info, reached, total: _dash(info.trainable),
}


class ModelStatistics:
    """The summary's rows and totals; ``str()`` is torchinfo's text."""

    def __init__(self, summary_list, input_size, total_input_size, formatting):
        self.summary_list = summary_list
        self.input_size = input_size
        self.formatting = formatting
        self.total_input = total_input_size
        self.total_mult_adds = 0
        self.total_params = self.trainable_params = 0
        self.total_param_bytes = self.total_output_bytes = 0
        for info in summary_list:
            if info.is_leaf_layer:
                self.total_mult_adds += info.macs
                if info.num_params > 0:
                    self.total_output_bytes += info.output_bytes * 2  # x2 for gradients
                if info.is_recursive:
                    continue
                self.total_params += max(info.num_params, 0)
                self.total_param_bytes += info.param_bytes
                self.trainable_params += max(info.trainable_params, 0)
            elif not info.is_recursive:
                self.total_params += max(info.leftover_params(), 0)
                self.trainable_params += max(info.leftover_trainable_params(), 0)
        formatting.set_layer_name_width(summary_list)

    def __repr__(self):
        fmt = self.formatting
        divider = "=" * fmt.get_total_width()
        text = (
            f"{divider}\n{fmt.header_row()}{divider}\n"
            f"{fmt.layers_to_str(self.summary_list, self.total_params)}{divider}\n"
            f"Total params{_count(self.total_params)}\n"
            f"Trainable params{_count(self.trainable_params)}\n"
            f"Non-trainable params{_count(self.total_params - self.trainable_params)}\n"
        )
        if self.input_size:
            total = self.total_input + self.total_output_bytes + self.total_param_bytes
            text += (
                f"Total mult-adds{_auto_units(self.total_mult_adds)}\n{divider}\n"
                f"Input size (MB): {self.total_input / 1e6:0.2f}\n"
                f"Forward/backward pass size (MB): {self.total_output_bytes / 1e6:0.2f}\n"
                f"Params size (MB): {self.total_param_bytes / 1e6:0.2f}\n"
                f"Estimated Total Size (MB): {total / 1e6:0.2f}\n"
            )
        return text + divider

    __str__ = __repr__


def _count(num):
    return f": {num:,d}"


def _auto_units(num):
    unit = next(name for limit, name in _UNITS if num >= limit)
    value = num / _UNIT_FACTOR[unit]
    if value.is_integer():
        return f" ({unit}): {int(value):,d}"
    return f" ({unit}): {value:,.2f}"
