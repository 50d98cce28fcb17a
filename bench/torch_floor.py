"""The floor under the 200-layer stack workload of ``bench_torch.py``: a skeleton that does only
what any faithful mirror of ``nn.Module`` + torchinfo must do per layer, with nothing else.

Per ``nn.Conv2d(16, 16, 3, padding=1)``: construction through a registering ``__setattr__``
(ten attributes, two parameters); one call through a pre-hook and a post-hook; the output-size
rule; one summary row (parameter count, trainable count, sizes, mult-adds) and its text line;
and the summary's ``eval()``/``train()`` walks. Unlike the calculator it checks no argument,
raises no error, keeps no strides, dtypes or devices, and formats no header or totals.

Its time is what the calculator could reach if every check and every PyTorch rule the corpus
needs were free: ``bench_torch.py --floor`` prints it in the same run as the real figures.
"""

import math


class _Tensor:
    __slots__ = ("shape", "requires_grad")

    def __init__(self, shape, requires_grad=False):
        self.shape = shape
        self.requires_grad = requires_grad


class _Parameter(_Tensor):
    __slots__ = ()


class _Module:
    def __init__(self):
        d = self.__dict__
        d["training"] = True
        d["_parameters"], d["_modules"], d["_buffers"] = {}, {}, {}
        d["_pre_hook"] = d["_hook"] = None

    def __setattr__(self, name, value):
        if isinstance(value, _Parameter):
            self._parameters[name] = value
        elif isinstance(value, _Module):
            self._modules[name] = value
        else:
            self.__dict__[name] = value

    def __getattr__(self, name):
        d = self.__dict__
        if name in d["_parameters"]:
            return d["_parameters"][name]
        return d["_modules"][name]

    def __call__(self, *args):
        if self._pre_hook:
            self._pre_hook(self, args)
        out = self.forward(*args)
        if self._hook:
            self._hook(self, args, out)
        return out

    def train(self, mode=True):
        self.training = mode
        for child in self._modules.values():
            child.train(mode)
        return self


class _Conv2d(_Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0):
        super().__init__()
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride = (kernel_size,) * 2, (stride,) * 2
        self.padding, self.dilation = (padding,) * 2, (1, 1)
        self.groups, self.padding_mode = 1, "zeros"
        self.transposed, self.output_padding = False, (0, 0)
        self.weight = _Parameter((out_channels, in_channels, kernel_size, kernel_size), True)
        self.bias = _Parameter((out_channels,), True)

    def forward(self, x):
        n, _, h, w = x.shape
        k, s, p, d = self.kernel_size, self.stride, self.padding, self.dilation
        return _Tensor((n, self.out_channels, (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1,
                        (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1))


class _Sequential(_Module):
    def __init__(self, *modules):
        super().__init__()
        for i, module in enumerate(modules):
            self._modules[str(i)] = module

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x


class _Row:
    __slots__ = ("module", "params", "trainable", "input_size", "output_size", "macs")


def stack_workload(layers=200):
    """Build, hook, trace and format the stack; return the summary's row lines."""
    model = _Sequential(*[_Conv2d(16, 16, 3, padding=1) for _ in range(layers)])
    rows = []

    def pre_hook(module, args):
        row = _Row()
        row.module = module
        params = trainable = 0
        for param in module._parameters.values():
            count = math.prod(param.shape)
            params += count
            if param.requires_grad:
                trainable += count
        row.params, row.trainable = params, trainable
        rows.append(row)

    def hook(module, args, out):
        row = rows[-1]
        row.input_size, row.output_size = list(args[0].shape), list(out.shape)
        row.macs = row.params * out.shape[2] * out.shape[3]

    for module in model._modules.values():
        module.__dict__["_pre_hook"], module.__dict__["_hook"] = pre_hook, hook
    saved = model.training
    model.train(False)
    model(_Tensor((1, 16, 64, 64)))
    model.train(saved)
    return [f"│    └─{type(r.module).__name__[1:]}: 1-{i}{'':<20}{str(r.output_size):<25}"
            f"{r.params:>15,}" for i, r in enumerate(rows, 1)]
