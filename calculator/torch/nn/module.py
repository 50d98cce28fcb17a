"""``nn.Module`` and the containers ``Sequential``, ``ModuleList``, ``ModuleDict``.

Registration follows PyTorch: assigning a ``Parameter`` or a ``Module`` to an attribute
stores it in ``_parameters`` / ``_modules`` (in assignment order), ``register_buffer``
stores buffers; ``named_modules`` / ``named_parameters`` / ``state_dict`` walk them in that
order. ``__call__`` runs forward pre-hooks, ``forward`` and forward hooks in PyTorch's order
and keeps the call stack that error fixes use to name the layer at fault.
"""

import itertools
from collections import OrderedDict

from .._tensor import Tensor, set_grads_to_none
from .. import _fix
from .parameter import Parameter

__all__ = ["Module", "Sequential", "ModuleList", "ModuleDict", "RemovableHandle",
           "ParameterList", "ParameterDict"]

_CALL_STACK = _fix.CALL_STACK
_HANDLE_IDS = itertools.count()


class RemovableHandle:
    """What ``register_forward_hook`` returns: ``handle.remove()`` takes the hook out."""

    def __init__(self, hooks_dict, extra_dict=None):
        self.hooks_dict_ref = hooks_dict
        self.extra_dict_ref = extra_dict
        self.id = next(_HANDLE_IDS)

    def remove(self):
        self.hooks_dict_ref.pop(self.id, None)
        if self.extra_dict_ref is not None:
            self.extra_dict_ref.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _addindent(text, spaces):
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    first = lines.pop(0)
    return first + "\n" + "\n".join(" " * spaces + line for line in lines)


def _typename(value):
    if isinstance(value, Tensor):
        return value.type()
    module = type(value).__module__
    name = type(value).__qualname__
    return name if module == "builtins" else f"{module}.{name}"


class Module:
    """Base class of every layer and model (PyTorch's registration, traversal and hooks)."""

    _version = 1
    call_super_init = False
    dump_patches = False

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__() takes 1 positional argument but "
                f"{len(args) + 1} were given" if args else
                f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                f"'{next(iter(kwargs))}'")
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = {}
        d["_buffers"] = {}
        d["_non_persistent_buffers_set"] = set()
        d["_modules"] = {}
        d["_forward_hooks"] = OrderedDict()
        d["_forward_hooks_with_kwargs"] = {}
        d["_forward_pre_hooks"] = OrderedDict()
        d["_forward_pre_hooks_with_kwargs"] = {}

    def forward(self, *args, **kwargs):
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function')

    # -- attributes ---------------------------------------------------------------------
    def __getattr__(self, name):
        d = self.__dict__  # the stores in PyTorch's order, unrolled: every self.weight comes here
        held = d.get("_parameters")
        if held is not None and name in held:
            return held[name]
        held = d.get("_buffers")
        if held is not None and name in held:
            return held[name]
        held = d.get("_modules")
        if held is not None and name in held:
            return held[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            if (name in d or name in params or name in d.get("_buffers", ())
                    or name in d.get("_modules", ())
                    or name in d["_non_persistent_buffers_set"]):  # Module._known, inlined
                self._forget(name, keep="_parameters")  # a replaced parameter keeps its place
            params[name] = value
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            params[name] = value
            return
        modules = d.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            if self._known(name):
                self._forget(name, keep="_modules")  # a replaced child keeps its place
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            modules[name] = value
            return
        buffers = d.get("_buffers")
        if buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{_typename(value)}' as buffer '{name}' "
                                "(torch.nn.Buffer, torch.Tensor or None expected)")
            buffers[name] = value
            return
        d[name] = value

    def _known(self, name):
        """Whether ``name`` is held anywhere ``_forget`` looks (so most first assignments
        skip it)."""
        d = self.__dict__
        return (name in d or name in d.get("_parameters", ()) or name in d.get("_buffers", ())
                or name in d.get("_modules", ()) or name in d["_non_persistent_buffers_set"])

    def _has_attribute(self, name):
        """``hasattr(self, name)``, answered from the instance's dicts when the class neither
        defines ``name`` nor changes attribute lookup (a missing name then costs no
        exception raised through ``__getattr__``)."""
        cls = type(self)
        if (cls.__getattr__ is not Module.__getattr__
                or cls.__getattribute__ is not object.__getattribute__ or hasattr(cls, name)):
            return hasattr(self, name)
        d = self.__dict__
        return (name in d or name in d.get("_parameters", ()) or name in d.get("_buffers", ())
                or name in d.get("_modules", ()))

    def _forget(self, name, keep=None):
        """Drop ``name`` from the instance and its stores, except the store ``keep`` (PyTorch
        overwrites an entry there in place, so it keeps its order)."""
        d = self.__dict__
        d.pop(name, None)
        for store in ("_parameters", "_buffers", "_modules"):
            if store == keep:
                continue
            held = d.get(store)
            if held is not None:
                held.pop(name, None)
        d["_non_persistent_buffers_set"].discard(name)

    def __delattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if name in d[store]:
                del d[store][name]
                d["_non_persistent_buffers_set"].discard(name)
                return
        object.__delattr__(self, name)

    def _check_name(self, name, kind):
        """PyTorch's checks on a name being registered (the common good name costs one test
        of each kind)."""
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"cannot assign {kind} before Module.__init__() call")
        if type(name) is str and name and "." not in name:
            return
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {_typename(name)}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')

    def register_buffer(self, name, tensor, persistent=True):
        self._check_name(name, "buffer")
        buffers = self.__dict__["_buffers"]
        if name not in buffers and self._has_attribute(name):
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        buffers[name] = tensor
        if persistent:
            self.__dict__["_non_persistent_buffers_set"].discard(name)
        else:
            self.__dict__["_non_persistent_buffers_set"].add(name)

    def register_parameter(self, name, param):
        self._check_name(name, "parameter")
        params = self.__dict__["_parameters"]
        if name not in params and self._has_attribute(name):
            raise KeyError(f"attribute '{name}' already exists")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        params[name] = param

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        self._check_name(name, "module")
        modules = self.__dict__["_modules"]
        if name not in modules and self._has_attribute(name):
            raise KeyError(f"attribute '{name}' already exists")
        modules[name] = module

    register_module = add_module

    def get_submodule(self, target):
        module = self
        for item in target.split(".") if target else []:
            if item not in module._modules:
                raise AttributeError(f"{module._get_name()} has no attribute `{item}`")
            module = module._modules[item]
        return module

    def get_parameter(self, target):
        path, _, name = target.rpartition(".")
        return getattr(self.get_submodule(path), name)

    # -- traversal ------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        if memo is None:
            memo = set()
        if id(self) in memo and remove_duplicate:
            return
        if remove_duplicate:
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, store, prefix, recurse, remove_duplicate=True):
        if not recurse:  # the common torchinfo call: one module's own parameters
            dot = prefix + "." if prefix else ""
            seen = set()
            for name, value in self.__dict__[store].items():
                if value is not None and (not remove_duplicate or id(value) not in seen):
                    seen.add(id(value))
                    yield dot + name, value
            return
        seen = set()
        for owner_prefix, owner in self.named_modules(prefix=prefix,
                                                      remove_duplicate=remove_duplicate):
            dot = owner_prefix + "." if owner_prefix else ""
            for name, value in owner.__dict__[store].items():
                if value is None:
                    continue
                if remove_duplicate:
                    if id(value) in seen:
                        continue
                    seen.add(id(value))
                yield dot + name, value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        if destination is None:
            destination = OrderedDict()
        for name, p in self._parameters.items():
            if p is not None:
                destination[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = b if keep_vars else b.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".",
                                  keep_vars=keep_vars)
        return destination

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """PyTorch's checks: with ``strict``, missing then unexpected keys; whatever
        ``strict``, every matching key whose tensor's shape differs from the module's (a 0-d
        entry may be loaded from a 1-element 1-d one, as from PyTorch 0.3 checkpoints)."""
        own = self.state_dict()
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        parts = []
        if strict and missing:
            parts.append("Missing key(s) in state_dict: "
                         + ", ".join(f'"{k}"' for k in missing) + ". ")
        if strict and unexpected:
            parts.append("Unexpected key(s) in state_dict: "
                         + ", ".join(f'"{k}"' for k in unexpected) + ". ")
        for key, mine in own.items():
            if key in state_dict:
                parts.extend(_load_mismatch(key, state_dict[key], mine))
        if parts:
            raise RuntimeError(f"Error(s) in loading state_dict for {self._get_name()}:\n\t"
                               + "\n\t".join(parts))
        return _IncompatibleKeys(missing, unexpected)

    # -- modes and conversions --------------------------------------------------------------
    def apply(self, fn):
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        cls = type(self)
        if cls.children is not Module.children or cls.named_children is not Module.named_children:
            for module in self.children():
                module.train(mode)
            return self
        seen = set()  # children() without its two generators
        for module in self.__dict__["_modules"].values():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                module.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        if set_to_none:  # else an existing gradient becomes zeros: whether it exists is unknown
            set_grads_to_none(self.parameters())

    def _convert(self, dtype=None, device=None, memory_format=None):
        """Parameters and buffers converted in place; ``memory_format`` lays out those of
        rank 4 or 5 (PyTorch's ``Module.to``: a rank-5 one cannot be ``channels_last``)."""
        from .. import _memory_format
        for module in self.modules():
            for store in (module._parameters, module._buffers):
                for t in store.values():
                    if t is None:
                        continue
                    if dtype is not None and t.dtype.is_floating_point:
                        t.dtype = dtype
                    if device is not None:
                        t.device = device
                    if memory_format is not None and t.dim() in (4, 5):
                        t._strides = _memory_format.requested(t, memory_format)
        return self

    def to(self, *args, memory_format=None, **kwargs):
        from .._tensor import device as _device, dtype as _dtype
        dtype = device = None
        for a in list(args) + list(kwargs.values()):
            if isinstance(a, _dtype):
                dtype = a
            elif isinstance(a, (str, _device)):
                device = _device(a)
            elif isinstance(a, Tensor):
                dtype, device = a.dtype, a.device
        return self._convert(dtype, device, memory_format)

    def cuda(self, device=None):
        from .._tensor import device as _device
        index = 0 if device is None else int(str(device).split(":")[-1])
        return self._convert(None, _device("cuda", index))

    def cpu(self):
        return self.to("cpu")

    def float(self):
        from .._tensor import DTYPES
        return self._convert(DTYPES["float32"])

    def double(self):
        from .._tensor import DTYPES
        return self._convert(DTYPES["float64"])

    def half(self):
        from .._tensor import DTYPES
        return self._convert(DTYPES["float16"])

    def share_memory(self):
        return self

    # -- hooks and calls ---------------------------------------------------------------------
    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        handle = RemovableHandle(self._forward_pre_hooks, self._forward_pre_hooks_with_kwargs)
        self._forward_pre_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False,
                              always_call=False):
        handle = RemovableHandle(self._forward_hooks, self._forward_hooks_with_kwargs)
        self._forward_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_hook(self, hook, prepend=False):
        return RemovableHandle({})

    register_backward_hook = register_full_backward_hook

    def __call__(self, *args, **kwargs):
        _CALL_STACK.append(self)
        try:
            d = self.__dict__
            pre_hooks, hooks = d["_forward_pre_hooks"], d["_forward_hooks"]
            if not (pre_hooks or hooks):
                return self.forward(*args, **kwargs)
            if pre_hooks:
                with_kwargs = d["_forward_pre_hooks_with_kwargs"]
                for hook_id, hook in tuple(pre_hooks.items()):
                    if with_kwargs and hook_id in with_kwargs:
                        result = hook(self, args, kwargs)
                        if result is not None:
                            if not (isinstance(result, tuple) and len(result) == 2):
                                raise RuntimeError(
                                    "forward pre-hook must return None or a tuple of "
                                    f"(new_args, new_kwargs), but got {result}.")
                            args, kwargs = result
                    else:
                        result = hook(self, args)
                        if result is not None:
                            args = result if isinstance(result, tuple) else (result,)
            output = self.forward(*args, **kwargs)
            if hooks:
                with_kwargs = d["_forward_hooks_with_kwargs"]
                for hook_id, hook in tuple(hooks.items()):
                    if with_kwargs and hook_id in with_kwargs:
                        result = hook(self, args, kwargs, output)
                    else:
                        result = hook(self, args, output)
                    if result is not None:
                        output = result
            return output
        finally:
            _CALL_STACK.pop()

    _call_impl = __call__

    # -- printing --------------------------------------------------------------------------
    def _get_name(self):
        return self.__class__.__name__

    def extra_repr(self):
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({key}): " + _addindent(repr(module), 2)
                       for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __dir__(self):
        return sorted(set(dir(type(self))) | set(self.__dict__) | set(self._parameters)
                      | set(self._modules) | set(self._buffers))


def _load_mismatch(key, given, mine):
    """The error ``load_state_dict`` reports for one entry, if any (a list of 0 or 1)."""
    if not isinstance(given, Tensor):
        return [f'While copying the parameter named "{key}", expected torch.Tensor or '
                f"Tensor-like object from checkpoint but received {type(given)}"]
    shape = given.shape[1:] if mine.dim() == 0 and given.shape == (1,) else given.shape
    if shape != mine.shape:
        return [f"size mismatch for {key}: copying a param with shape {shape} from checkpoint, "
                f"the shape in current model is {mine.shape}."]
    return []


class _IncompatibleKeys(tuple):
    def __new__(cls, missing_keys, unexpected_keys):
        return tuple.__new__(cls, (missing_keys, unexpected_keys))

    missing_keys = property(lambda self: self[0])
    unexpected_keys = property(lambda self: self[1])

    def __repr__(self):
        if not self[0] and not self[1]:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self[0]}, unexpected_keys={self[1]})"


def _index(idx, size):
    idx = idx.__index__()
    if not -size <= idx < size:
        raise IndexError(f"index {idx} is out of range")
    return idx % size if size else idx


class Sequential(Module):
    """Calls its modules in order; built from modules or an ``OrderedDict`` of them."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(OrderedDict(list(self._modules.items())[idx]))
        keys = list(self._modules)
        return self._modules[keys[_index(idx, len(keys))]]

    def __setitem__(self, idx, module):
        keys = list(self._modules)
        setattr(self, keys[_index(idx, len(keys))], module)

    def __delitem__(self, idx):
        keys = list(self._modules)
        targets = keys[idx] if isinstance(idx, slice) else [keys[_index(idx, len(keys))]]
        for key in targets:
            del self._modules[key]
        items = list(self._modules.items())
        self._modules.clear()
        for i, (_, module) in enumerate(items):
            self._modules[str(i)] = module

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        return Sequential(*self, *other)

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def extend(self, sequential):
        for module in sequential:
            self.append(module)
        return self

    def insert(self, index, module):
        n = len(self._modules)
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index}")
        if index < 0:
            index += n
        modules = list(self._modules.values())
        modules.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(modules):
            self.add_module(str(i), m)
        return self

    def pop(self, key):
        v = self[key]
        del self[key]
        return v


class ModuleList(Module):
    """A list of modules, registered as ``0``, ``1`` ...; prints repeated runs as ``(0-2): 3 x``."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(list(self._modules.values())[idx])
        return self._modules[str(_index(idx, len(self)))]

    def __setitem__(self, idx, module):
        setattr(self, str(_index(idx, len(self))), module)

    def __delitem__(self, idx):
        keys = list(self._modules)
        targets = keys[idx] if isinstance(idx, slice) else [str(_index(idx, len(keys)))]
        for key in targets:
            del self._modules[key]
        modules = list(self._modules.values())
        self._modules.clear()
        for i, m in enumerate(modules):
            self._modules[str(i)] = m

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        return ModuleList([*self, *other])

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        offset = len(self)
        for i, module in enumerate(modules):
            self.add_module(str(offset + i), module)
        return self

    def insert(self, index, module):
        modules = list(self._modules.values())
        modules.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(modules):
            self.add_module(str(i), m)

    def pop(self, key):
        v = self[key]
        del self[key]
        return v

    def __repr__(self):
        reprs = [repr(m) for m in self]
        if not reprs:
            return self._get_name() + "()"
        runs = [[0, 0]]
        blocks = [reprs[0]]
        for i, r in enumerate(reprs[1:], 1):
            if r == blocks[-1]:
                runs[-1][1] += 1
                continue
            runs.append([i, i])
            blocks.append(r)
        lines = []
        for (start, end), block in zip(runs, blocks):
            line = f"({start}): {block}" if start == end else \
                f"({start}-{end}): {end - start + 1} x {block}"
            lines.append(_addindent(line, 2))
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"

    def forward(self, *args, **kwargs):
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function')


class ModuleDict(Module):
    """A dict of modules (insertion order)."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        return self._modules.keys()

    def items(self):
        return self._modules.items()

    def values(self):
        return self._modules.values()

    def pop(self, key):
        v = self[key]
        del self[key]
        return v

    def update(self, modules):
        items = modules.items() if hasattr(modules, "items") else modules
        for key, module in items:
            self[key] = module

    def forward(self, *args, **kwargs):
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function')


def _parameter_lines(items, type_of):
    """The ``extra_repr`` of ``ParameterList`` / ``ParameterDict``: one line per entry,
    ``(k): Parameter containing: [<type> of size 3x4]`` (``type_of`` names the tensor's type:
    the dtype in a list, the legacy class in a dict, as PyTorch prints them) or
    ``(k): Object of type: int``."""
    lines = []
    for key, value in items:
        if isinstance(value, Tensor):
            size = "x".join(str(n) for n in value.shape)
            where = f" ({value.device})" if value.device.type == "cuda" else ""
            kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
            lines.append(f"  ({key}): {kind} containing: [{type_of(value)} of size {size}{where}]")
        else:
            lines.append(f"  ({key}): Object of type: {type(value).__name__}")
    return "\n".join(lines)


class ParameterList(Module):
    """A list of parameters, stored as attributes ``0``, ``1`` ...: a tensor is wrapped in a
    ``Parameter`` (so it is registered), any other object is kept as a plain attribute."""

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def _get_abs_string_index(self, idx):
        return str(_index(idx, len(self)))

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            out = self.__class__()
            for i in range(*idx.indices(len(self))):
                out.append(self[i])
            return out
        return getattr(self, self._get_abs_string_index(idx))

    def __setitem__(self, idx, param):
        idx = self._get_abs_string_index(idx)
        if isinstance(param, Tensor) and not isinstance(param, Parameter):
            param = Parameter(param)
        setattr(self, idx, param)

    def __len__(self):
        return self._size

    def __iter__(self):
        return iter(self[i] for i in range(len(self)))

    def __iadd__(self, parameters):
        return self.extend(parameters)

    def append(self, value):
        new_idx = len(self)
        self._size += 1
        self[new_idx] = value
        return self

    def extend(self, values):
        if not hasattr(values, "__iter__") or isinstance(values, Tensor):
            raise TypeError("ParameterList.extend should be called with an iterable, but got "
                            + type(values).__name__)
        for value in values:
            self.append(value)
        return self

    def extra_repr(self):
        return _parameter_lines(enumerate(self), lambda t: repr(t.dtype))

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")


class ParameterDict(Module):
    """A dict of parameters: string keys stored as attributes (tensors wrapped in
    ``Parameter``); a plain ``dict`` given to the constructor or ``update`` is added in
    sorted key order, an ``OrderedDict`` or ``ParameterDict`` in its own order, as PyTorch
    does."""

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    def _key_to_attr(self, key):
        if not isinstance(key, str):
            raise TypeError(
                "Index given to ParameterDict cannot be used as a key as it is not a string "
                f"(type is '{type(key).__name__}'). Open an issue on github if you need "
                "non-string keys.")
        return key

    def __getitem__(self, key):
        return getattr(self, self._key_to_attr(key))

    def __setitem__(self, key, value):
        self._keys[key] = None
        attr = self._key_to_attr(key)
        if isinstance(value, Tensor) and not isinstance(value, Parameter):
            value = Parameter(value)
        setattr(self, attr, value)

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, self._key_to_attr(key))

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(self._keys)

    def __contains__(self, key):
        return key in self._keys

    def copy(self):
        return ParameterDict(OrderedDict((k, self[k]) for k in self._keys))

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self):
        for k in self._keys.copy():
            del self[k]

    def pop(self, key):
        v = self[key]
        del self[key]
        return v

    def popitem(self):
        k, _ = self._keys.popitem()
        self._keys[k] = None  # del self[k] below removes it again
        val = self[k]
        del self[k]
        return k, val

    def get(self, key, default=None):
        return self[key] if key in self else default

    def keys(self):
        return self._keys.keys()

    def items(self):
        return ((k, self[k]) for k in self._keys)

    def values(self):
        return (self[k] for k in self._keys)

    def update(self, parameters):
        if not hasattr(parameters, "__iter__"):
            raise TypeError("ParametersDict.update should be called with an iterable of "
                            "key/value pairs, but got " + type(parameters).__name__)
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            pairs = parameters.items()
        elif hasattr(parameters, "keys") and hasattr(parameters, "items"):
            pairs = sorted(parameters.items())
        else:
            pairs = []
            for j, p in enumerate(parameters):
                if not hasattr(p, "__iter__"):
                    raise TypeError(f"ParameterDict update sequence element #{j} should be "
                                    f"Iterable; is{type(p).__name__}")
                if len(p) != 2:
                    raise ValueError(f"ParameterDict update sequence element #{j} has length "
                                     f"{len(p)}; 2 is required")
                pairs.append(p)
        for key, value in pairs:
            self[key] = value

    def extra_repr(self):
        return _parameter_lines(self.items(), lambda t: t.type())

    def __call__(self, input):
        raise RuntimeError("ParameterDict should not be called.")
