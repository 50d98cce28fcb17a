"""The shape-error fixer: read a PyTorch or Keras shape error, say which layer failed, the rule
it broke, and the value that would fit.

:func:`explain` takes the error message alone (as a learner pastes it from a notebook). Each
recognised message is one small reader below: a pattern with the numbers the library prints,
and the sentence that turns them into a fix. A message no reader knows returns ``None``:
the fixer never guesses.

    >>> explain("mat1 and mat2 shapes cannot be multiplied (64x9216 and 4096x128)")["fix"]
    'Make the Linear layer take 9216 features: nn.Linear(9216, 128) (or nn.LazyLinear(128), which reads it from the first batch).'
"""

from __future__ import annotations

import math
import re

__all__ = ["explain", "failing_line"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_READERS = []


def _reader(pattern: str):
    rx = re.compile(pattern, re.S)

    def wrap(fn):
        _READERS.append((rx, fn))
        return fn
    return wrap


def _ints(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"-?\d+", text)]


def _dims(text: str) -> list:
    """``"None, 5, 5, 3"`` -> ``[None, 5, 5, 3]`` (a shape as the libraries print it)."""
    return [None if v.strip() == "None" else int(v) for v in text.split(",") if v.strip()]


def _shape(dims) -> str:
    """A shape as Python prints a tuple: ``(None, 5)``, ``(8,)``."""
    items = ["None" if d is None else str(d) for d in dims]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _result(framework, layer, rule, fix, **values):
    return {"framework": framework, "layer": layer, "rule": rule, "fix": fix, "values": values}


# ---------------------------------------------------------------------- PyTorch
@_reader(r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)")
def _linear(m):
    rows, got, want, out = (int(v) for v in m.groups())
    return _result(
        "pytorch", "nn.Linear",
        f"A Linear layer multiplies its input ({rows} × {got}: {rows} row{'s' if rows != 1 else ''} of {got} features) by "
        f"its weight transposed ({want} × {out}): the inner sizes must agree, so in_features must "
        f"equal the size of the input's last axis. Here in_features is {want}, the input has {got}.",
        f"Make the Linear layer take {got} features: nn.Linear({got}, {out}) (or "
        f"nn.LazyLinear({out}), which reads it from the first batch)." + _unflattened(rows, got, want),
        in_features=got, out_features=out)


def _unflattened(rows, got, want):
    """When in_features is a multiple of the last axis and the rows are many, the input most
    likely kept its image axes: Linear acts on the last axis only."""
    if want % got or want == got or rows % (want // got):
        return ""
    return (f" But if the input still has its image axes ({want} = {want // got} × {got} looks like a "
            f"flattened size), flatten it first instead — nn.Flatten() or x.view(x.size(0), -1) — "
            f"and keep nn.Linear({want}, ...): a Linear layer acts on the last axis only.")


@_reader(r"Given groups=(\d+), weight of size \[([\d, ]+)\], expected input\[([\d, ]+)\] to have (\d+) "
         r"channels, but got (\d+) channels instead")
def _conv_channels(m):
    groups = int(m.group(1))
    weight, given = _ints(m.group(2)), _ints(m.group(3))
    want, got = int(m.group(4)), int(m.group(5))
    out_ch, kernel = weight[0], weight[2:]
    kind = {1: "nn.Conv1d", 2: "nn.Conv2d", 3: "nn.Conv3d"}.get(len(kernel), "nn.Conv2d")
    ks = kernel[0] if len(set(kernel)) == 1 else tuple(kernel)
    rule = (f"{kind} reads axis 1 of its input as the channels (N, C, H, W): its weight "
            f"{list(weight)} expects in_channels = {weight[1]} × groups {groups} = {want}, but the "
            f"input {list(given)} has {got} there.")
    if given and given[-1] == want and len(given) == len(kernel) + 2:
        fix = (f"The input is channels-last (its last axis is {want}): move the channels to axis 1 "
               f"with x.permute({', '.join(['0', str(len(given) - 1)] + [str(i) for i in range(1, len(given) - 1)])}) "
               f"before the layer, or build the tensor as {list([given[0], want] + given[1:-1])}.")
    elif groups > 1 and got % groups:
        fix = (f"in_channels must be divisible by groups = {groups}: give the layer {got} input "
               f"channels only if {got} is a multiple of {groups}, or change groups.")
    else:
        fix = (f"Give the layer the {got} channel{'s' if got != 1 else ''} it receives: {kind}({got}, {out_ch}, "
               f"kernel_size={ks}" + (f", groups={groups}" if groups > 1 else "") +
               f") — or make the layer before it output {want} channels.")
    return _result("pytorch", kind, rule, fix, received=got, expected=want)


@_reader(r"Calculated padded input size per channel: \(([\d x]+)\)\. Kernel size: \(([\d x]+)\)\. "
         r"Kernel size can't be greater than actual input size")
def _kernel_too_big(m):
    size, kernel = _ints(m.group(1)), _ints(m.group(2))
    pads = [max(0, math.ceil((k - n) / 2)) for n, k in zip(size, kernel)]
    return _result(
        "pytorch", "nn.Conv",
        f"The input reaching this convolution is {' × '.join(map(str, size))} per channel (after its "
        f"padding), smaller than its {' × '.join(map(str, kernel))} kernel: no window fits, since "
        "floor((n + 2p − d(k − 1) − 1)/s) + 1 would be 0 or less.",
        f"Use a kernel of at most {' × '.join(map(str, size))}, or pad by at least "
        f"{pads[0] if len(set(pads)) == 1 else tuple(pads)} on each side, or downsample less in "
        "the layers before (fewer poolings or smaller strides).",
        input_size=size, kernel_size=kernel, padding=pads)


@_reader(r"Given input size: \(([\dx]+)\)\. Calculated output size: \(([\dx-]+)\)\. Output size is too small")
def _pool_too_small(m):
    size, out = _ints(m.group(1)), _ints(m.group(2))
    return _result(
        "pytorch", "pooling layer",
        f"The pooling window is larger than the {' × '.join(map(str, size[1:]))} input it receives, "
        f"so the output would be {' × '.join(map(str, out[1:]))}.",
        "Use a pool size no larger than the input's height and width, or remove a pooling "
        "(or a stride) before this layer; nn.AdaptiveAvgPool2d((1, 1)) pools whatever the size.",
        input_size=size[1:])


@_reader(r"Given input size per channel: \(([\d x]+)\)\. Calculated output size per channel: "
         r"\(([-\d x]+)\)\. Output size is too small")
def _transpose_too_small(m):
    size, out = _ints(m.group(1)), _ints(m.group(2))
    # each unit less padding adds 2 to the output: reach 1 on every axis
    less = [max(0, math.ceil((1 - o) / 2)) for o in out]
    return _result(
        "pytorch", "nn.ConvTranspose",
        f"A transposed convolution's output is (n − 1)·s − 2p + d·(k − 1) + output_padding + 1 per "
        f"axis; for its {' × '.join(map(str, size))} input that gives {' × '.join(map(str, out))}: "
        "its padding crops away more than the layer produces.",
        f"Lower padding by at least {less[0] if len(set(less)) == 1 else tuple(less)} (each unit "
        "of padding removes 2 from the output), or use a larger kernel_size or stride.",
        input_size=size, output_size=out, padding_less=less)


@_reader(r"max_pool1d\(\) Invalid computed output size: (-?\d+)")
def _max_pool1d_too_small(m):
    out = int(m.group(1))
    return _result(
        "pytorch", "nn.MaxPool1d",
        f"The pooling window (with its dilation, after padding) is longer than the sequence it "
        f"receives, so the output length would be {out}: floor((L + 2p − d(k − 1) − 1)/s) + 1 ≤ 0.",
        "Use a kernel_size no larger than the input's length, or pool (or stride) less before this "
        "layer; nn.AdaptiveMaxPool1d(1) pools whatever the length.",
        output_size=out)


@_reader(r"input image \(T: (\d+) H: (\d+) W: (\d+)\) smaller than kernel size "
         r"\(kT: (\d+) kH: (\d+) kW: (\d+)\)")
def _avg_pool3d_too_small(m):
    size, kernel = _ints(" ".join(m.groups()[:3])), _ints(" ".join(m.groups()[3:]))
    small = [f"{n} < {k}" for n, k in zip(size, kernel) if n < k]
    return _result(
        "pytorch", "nn.AvgPool3d",
        f"3-d average pooling needs its input, before any padding, at least as large as the kernel "
        f"on every axis; here {', '.join(small)} ({' × '.join(map(str, size))} input, "
        f"{' × '.join(map(str, kernel))} kernel).",
        f"Use a kernel_size of at most {tuple(min(n, k) for n, k in zip(size, kernel))}, or pool "
        "less before this layer; nn.AdaptiveAvgPool3d(1) pools whatever the size.",
        input_size=size, kernel_size=kernel)


@_reader(r"shape '\[([-\d, ]+)\]' is invalid for input of size (\d+)")
def _view(m):
    target, size = _ints(m.group(1)), int(m.group(2))
    known = math.prod(d for d in target if d != -1)
    if -1 in target:
        # -1 is inferred: size / known must be whole. The batch size is not in the message,
        # so the per-sample size is stated as a quotient, never guessed.
        return _result(
            "pytorch", "view / reshape",
            f"view and reshape keep every value; -1 stands for the size that makes the count come "
            f"out, {size:,} / {known:,} (the product of the other sizes in {target}), which is not a "
            f"whole number.",
            "Flatten each sample without naming its size: x.view(x.size(0), -1) or torch.flatten(x, 1). "
            f"The layer after it then needs {size:,} / (batch size) input features: the size of one "
            "flattened sample, which running the model here prints.",
            size=size, features=None)
    # Exactly one inner size that can change to make the count come out: the view splits a
    # dim the tensor has another size of (a detection head's view(N, anchors, classes + 5, H, W)
    # on channels set for other classes); flattening is not the fix there.
    alone = [i for i, d in enumerate(target) if d > 0 and known // d > 0 and size % (known // d) == 0]
    if len(target) >= 3 and len(alone) == 1 and alone[0] >= 1 and size != known:
        i = alone[0]
        wanted, fitting = target[i], size // (known // target[i])
        fitted = ", ".join(str(fitting if j == i else d) for j, d in enumerate(target))
        return _result(
            "pytorch", "view / reshape",
            f"view and reshape keep every value: the new shape {target} holds {known:,} values but the "
            f"tensor has {size:,}. Keeping every other size, only dim {i} can change to make the count "
            f"come out: it would be {fitting}, not {wanted}.",
            f"If {wanted} is what you meant at dim {i}, the tensor holds {fitting} there, as this view "
            f"splits it: change the layer that makes it (its channels or features) so it holds "
            f"{wanted}. If the tensor is right, write .view({fitted}).",
            size=size, dim=i, expected=wanted, fits=fitting)
    if len(target) >= 2 and alone == [0] and size != known:
        # only the first size can change: usually a batch size written as a number, which a
        # smaller last batch does not have
        fitting = size // (known // target[0])
        rest = ", ".join(map(str, target[1:]))
        return _result(
            "pytorch", "view / reshape",
            f"view and reshape keep every value: the new shape {target} holds {known:,} values but the "
            f"tensor has {size:,}. Keeping every other size, only the first (usually the batch) can "
            f"change to make the count come out: it would be {fitting}, not {target[0]}.",
            f"Do not write the batch size as a number (a last batch is often smaller): "
            f"x.view(x.size(0), {rest}) or .view(-1, {rest}) keeps whatever batch comes.",
            size=size, dim=0, expected=target[0], fits=fitting)
    lead = target[0] if target else 1
    fits = size // lead if lead > 0 and size % lead == 0 else None
    fix = (f"Keep the batch axis and let PyTorch compute the rest: .view({lead}, -1) gives "
           f"({lead}, {fits}); the layer after it then needs {fits} input features."
           if fits else f"Choose sizes whose product is {size:,}.")
    return _result(
        "pytorch", "view / reshape",
        f"view and reshape keep every value: the new shape {target} holds {known:,} values but the "
        f"tensor has {size:,}.", fix, size=size, features=fits)


@_reader(r"view size is not compatible with input tensor's size and stride")
def _view_strides(m):
    return _result(
        "pytorch", "view",
        "view only re-reads the tensor's memory in a new shape, so the memory must already be in "
        "that order; after permute or transpose (or some slicing) it is not.",
        "Use .reshape(...) (it copies when it must), or .contiguous().view(...), or "
        "torch.flatten(x, 1) to flatten each sample.")


@_reader(r"The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) at non-singleton "
         r"dimension (\d+)")
def _broadcast(m):
    a, b, dim = (int(v) for v in m.groups())
    small, big = sorted((a, b))
    return _result(
        "pytorch", "element-wise operation",
        f"Element-wise operations (+, −, ×, …) need equal sizes on every axis, or a size of 1 "
        f"that is stretched: dimension {dim} is {a} in the first tensor and {b} in the second.",
        f"Make dimension {dim} agree. If it is the channel axis of (N, C, H, W) maps, as in a "
        f"residual connection, project the branch with {small} channels to {big} with "
        f"nn.Conv2d({small}, {big}, kernel_size=1) (with the main path's stride), as ResNet's "
        "shortcut does.", dim=dim, sizes=[a, b])


@_reader(r"Expected more than 1 value per channel when training, got input size torch\.Size\(\[([\d, ]+)\]\)")
def _batchnorm_one(m):
    given = _ints(m.group(1))
    return _result(
        "pytorch", "nn.BatchNorm",
        f"In training mode BatchNorm normalises each channel by the mean and variance of the "
        f"batch; input {given} gives one value per channel, whose variance means nothing.",
        "Call model.eval() before a forward pass on a single sample (BatchNorm then uses its "
        "running statistics), or pass a batch of at least 2.", input_size=given)


@_reader(r"Expected more than 1 spatial element when training, got input size torch\.Size\(\[([\d, ]+)\]\)")
def _instancenorm_one(m):
    given = _ints(m.group(1))
    plane = " × ".join(map(str, given[2:]))
    return _result(
        "pytorch", "nn.InstanceNorm",
        f"InstanceNorm normalises each channel of each sample over its spatial positions; input "
        f"{given} has a {plane} map, one position, whose variance means nothing.",
        "The image is too small for the network's depth: each stride-2 layer or pooling halves "
        "the map, and here it reaches 1 × 1 before this layer. Feed the size the model was built "
        "for (e.g. 256 × 256 for pix2pix's U-Net), or remove a downsampling block.",
        input_size=given)


@_reader(r"input\.size\(-1\) must be equal to input_size\. Expected (\d+), got (\d+)")
def _rnn_input(m):
    want, got = int(m.group(1)), int(m.group(2))
    return _result(
        "pytorch", "nn.RNN / nn.LSTM / nn.GRU",
        f"A recurrent layer reads {want} features per time step (input_size), and each step of "
        f"this input has {got}.",
        f"Set input_size={got}, e.g. nn.LSTM({got}, hidden_size) — or, if the features are not on "
        "the last axis, put them there (batch_first=True expects (N, L, features)).",
        expected=want, got=got)


@_reader(r"Sizes of tensors must match except in dimension (\d+)\. Expected size (\d+) but got size (\d+) "
         r"for tensor number (\d+) in the list")
def _cat(m):
    dim, want, got, index = (int(v) for v in m.groups())
    return _result(
        "pytorch", "torch.cat",
        f"torch.cat joins tensors along dimension {dim}; every other dimension must be equal. "
        f"Tensor {index} has size {got} where the first has {want}.",
        f"Make tensor {index} match: resize or crop it to {want} on the differing axis (for a skip "
        "connection, pad or crop the encoder map, or use padding so both paths keep the size).",
        dim=dim, expected=want, got=got)


@_reader(r"running_mean should contain (\d+) elements not (\d+)")
def _batchnorm(m):
    got, want = int(m.group(1)), int(m.group(2))
    return _result(
        "pytorch", "nn.BatchNorm",
        f"BatchNorm keeps one mean and one variance per channel: it was built for num_features = "
        f"{want}, but its input has {got} channels.",
        f"Use nn.BatchNorm2d({got}) (num_features = the out_channels of the layer before it).",
        num_features=got)


@_reader(r"Expected (\d)D \(unbatched\) or (\d)D \(batched\) input to (\w+), but got input of size: \[([\d, ]+)\]")
def _unbatched(m):
    unb, bat, op = int(m.group(1)), int(m.group(2)), m.group(3)
    given = _ints(m.group(4))
    return _result(
        "pytorch", op,
        f"{op} takes a {bat}-D batch (N, C, …) or a single {unb}-D sample (C, …); this tensor has "
        f"{len(given)} axes {given}.",
        ("Add the missing axes with unsqueeze: " +
         ("x.unsqueeze(0).unsqueeze(0) makes one sample with one channel"
          if len(given) == unb - 1 else "x.unsqueeze(0) adds a batch axis")
         + f", giving {len(given) + (2 if len(given) == unb - 1 else 1)} axes." if len(given) < unb
         else f"Reshape the tensor to {bat} axes (N, C, spatial…) before {op}."),
        axes=len(given))


@_reader(r"Target (-?\d+) is out of bounds\.")
def _target_out_of_bounds(m):
    t = int(m.group(1))
    if t < 0:
        return _result(
            "pytorch", "nn.CrossEntropyLoss / nn.NLLLoss",
            f"CrossEntropyLoss and NLLLoss take class indices from 0 to C − 1 (C = the scores per "
            f"sample the model outputs); a target of {t} is negative.",
            f"If {t} marks samples to skip (padding), pass ignore_index={t} to the loss; otherwise "
            "map the labels to 0 … C − 1.", target=t)
    return _result(
        "pytorch", "nn.CrossEntropyLoss / nn.NLLLoss",
        f"CrossEntropyLoss and NLLLoss take class indices from 0 to C − 1, where C is the number of "
        f"scores the model outputs per sample (the last layer's out_features). A target of {t} "
        f"needs C of at least {t + 1}.",
        f"If the labels are numbered from 1 (1 to {t}), subtract 1 from them (target - 1). If there "
        f"really are {t + 1} or more classes, the last layer must output that many scores, e.g. "
        f"nn.Linear(in_features, {t + 1}).", target=t, classes=t + 1)


@_reader(r"index out of range in self")
def _index_out_of_range(m):
    return _result(
        "pytorch", "nn.Embedding / index_select",
        "nn.Embedding(num_embeddings, dim) has one row per index, 0 to num_embeddings − 1 "
        "(index_select likewise reads 0 to size − 1); an index at or past that, or a negative one, "
        "has no row.",
        "Make num_embeddings larger than the largest index (ids.max() + 1: the vocabulary size, "
        "counting padding and unknown-word ids), or map the ids into range; check that the "
        "tokenizer and the model use the same vocabulary.")


@_reader(r"grad can be implicitly created only for scalar outputs")
def _backward_not_scalar(m):
    return _result(
        "pytorch", "loss.backward()",
        "backward() without an argument differentiates one number: the tensor it is called on "
        "must hold a single element (a loss averaged or summed over the batch).",
        "Reduce the tensor before backward(): loss.mean().backward(), or leave the loss's "
        "reduction at its default 'mean' instead of reduction='none'. If you called backward() "
        "on the model's output, compute the loss from it first.")


@_reader(r"element 0 of tensors does not require grad and does not have a grad_fn")
def _backward_no_grad(m):
    return _result(
        "pytorch", "loss.backward()",
        "backward() needs a tensor computed from parameters that require grad, with gradient "
        "tracking on; this one was computed under torch.no_grad() (or torch.inference_mode()), "
        "detached, converted from NumPy, or from a model whose parameters are all frozen.",
        "Compute the loss outside torch.no_grad() (keep no_grad() for evaluation only), do not "
        ".detach() / .item() / .numpy() the output before the loss, and leave requires_grad "
        "on for the parameters you train.")


@_reader(r"Mismatch in shape: grad_output\[0\] has a shape of torch\.Size\(\[([^\]]*)\]\) and "
         r"output\[0\] has a shape of torch\.Size\(\[([^\]]*)\]\)")
def _backward_gradient_shape(m):
    given, shape = _ints(m.group(1)), _ints(m.group(2))
    return _result(
        "pytorch", "tensor.backward(gradient)",
        f"The gradient passed to backward() must have the shape of the tensor it is called on: "
        f"{_shape(shape)}, not {_shape(given)}.",
        f"Pass torch.ones_like(out) (shape {_shape(shape)}), or reduce the tensor to one number "
        f"(out.mean()) and call backward() without an argument.", gradient=given, output=shape)


@_reader(r"Expected input batch_size \((\d+)\) to match target batch_size \((\d+)\)")
def _loss_batch(m):
    rows, labels = int(m.group(1)), int(m.group(2))
    if rows > labels and labels and rows % labels == 0:
        why = (f"{rows} = {labels} × {rows // labels}: each sample became {rows // labels} rows, "
               "so a view/reshape before the last layer moved part of every sample into the "
               "batch axis (x.view(-1, n) with n too small)")
    elif labels > rows and rows and labels % rows == 0:
        why = (f"{labels} = {rows} × {labels // rows}: {labels // rows} samples were merged into "
               "each row, so a view/reshape (x.view(-1, n) with n too large) folded the batch "
               "axis into the features, or the labels hold several values per sample")
    else:
        why = ("the model's output and the labels do not come from the same batch, or a "
               "view/reshape in forward() mixed the batch axis with the features")
    return _result(
        "pytorch", "nn.CrossEntropyLoss / nn.NLLLoss",
        f"The loss pairs each row of the model's output with one label: the output has {rows} "
        f"rows and there are {labels} labels; {why}.",
        "Flatten keeping the batch axis: x = x.view(x.size(0), -1) (or torch.flatten(x, 1), "
        "nn.Flatten()), then give the next nn.Linear the per-sample size as in_features (the "
        "mat1 and mat2 error that follows names it). Check that outputs and labels come from "
        "the same batch.", input_batch=rows, target_batch=labels)


@_reader(r"Expected target size \[([\d, ]+)\], got \[([\d, ]*)\]")
def _loss_target_size(m):
    want, got = _ints(m.group(1)), _ints(m.group(2))
    return _result(
        "pytorch", "nn.CrossEntropyLoss / nn.NLLLoss",
        f"These losses read dimension 1 of their input as the classes; an input of more than 2 "
        f"dims (N, C, d1, …) is one prediction per position, and needs a label per position: "
        f"target {want}. The labels are {got}.",
        "For one label per sample, the output must be (N, C): take the last time step of a "
        "sequence model (out[:, -1, :]), squeeze a spare axis of size 1, or flatten before the "
        "last nn.Linear. For one label per step of a batch_first output (N, L, C), move the "
        "classes to dim 1: loss(out.permute(0, 2, 1), y) with y of shape (N, L).",
        expected=want, got=got)


@_reader(r"0D or 1D target tensor expected, multi-target not supported")
def _loss_multi_target(m):
    return _result(
        "pytorch", "nn.CrossEntropyLoss / nn.NLLLoss",
        "With scores of shape (N, C), the targets are N class indices: a 1-d tensor (N,) of "
        "integers. These targets have a second axis.",
        "Labels of shape (N, 1): pass y.squeeze(1) (or y.view(-1)). One-hot labels (N, C): pass "
        "y.argmax(dim=1), or pass them as float class probabilities of the scores' shape "
        "(CrossEntropyLoss accepts those).")


@_reader(r"expected target dtype to be Long or Byte, but got (\w+)|"
         r"expected scalar type Long but found (\w+)")
def _loss_target_dtype(m):
    got = m.group(1) or m.group(2)
    return _result(
        "pytorch", "nn.CrossEntropyLoss / nn.NLLLoss",
        f"Class-index targets are integers (int64, 'Long'); these are {got}.",
        "Convert the labels: loss(out, y.long()) (or build them with dtype=torch.long). Float "
        "targets are accepted only as class probabilities with the scores' shape; for a "
        "yes/no output use nn.BCEWithLogitsLoss, whose targets are float.", got=got)


@_reader(r"(?:Using a target size|Target size) \(torch\.Size\(\[([\d, ]*)\]\)\) (?:that is "
         r"different to|must be the same as) (?:the )?input size \(torch\.Size\(\[([\d, ]*)\]\)\)")
def _loss_same_size(m):
    target, given = _ints(m.group(1)), _ints(m.group(2))
    if len(given) == len(target) + 1 and given[-1] == 1 and given[:-1] == target:
        fix = ("Give the targets the output's shape: y.view(-1, 1).float() (or "
               "y.unsqueeze(1).float()); or squeeze the output: loss(out.squeeze(1), y.float()).")
    elif len(target) == len(given) + 1 and target[-1] == 1 and target[:-1] == given:
        fix = "Squeeze the targets: y.squeeze(1), or give the output the same extra axis."
    else:
        fix = ("Make the last layer output one value per target (nn.Linear(n, 1) for one "
               "yes/no label, or as many as the targets have columns) and give both one shape.")
    return _result(
        "pytorch", "nn.MSELoss / nn.BCELoss / nn.BCEWithLogitsLoss",
        f"These losses compare output and target element by element, so both need one shape; "
        f"the output is {given} and the target {target} (broadcasting them would compare every "
        f"output with every target).", fix, target=target, input=given)


@_reader(r"Dimension out of range \(expected to be in range of \[(-?\d+), (-?\d+)\], but got (-?\d+)\)")
def _dim_range(m):
    low, high, got = (int(v) for v in m.groups())
    ndim = high + 1
    has = ("1 dimension (or is a single number: PyTorch gives a 0-d tensor the range of a 1-d "
           "one)" if ndim == 1 else f"{ndim} dimensions")
    return _result(
        "pytorch", "dim argument",
        f"The tensor has {has}: dim may be {low} to {high}, and the call asked for dim {got}.",
        ("A model output of one sample without its batch axis is (C,), not (1, C): add the "
         "batch axis with x.unsqueeze(0) before the model, or use dim=-1 (the last axis) or "
         "dim=0." if ndim == 1 else
         f"Use a dim from {low} to {high} (-1 is the last axis), or check the tensor's shape "
         "(print(x.shape)) before this call: an earlier flatten, squeeze or index may have "
         "removed an axis."), ndim=ndim, dim=got)


@_reader(r"stack expects each tensor to be equal size, but got \[([\d, ]*)\] at entry (\d+) and "
         r"\[([\d, ]*)\] at entry (\d+)")
def _stack(m):
    first, i, other, j = _ints(m.group(1)), int(m.group(2)), _ints(m.group(3)), int(m.group(4))
    if len(first) == len(other) == 3 and first[1:] == other[1:] and {first[0], other[0]} <= {1, 3, 4}:
        fix = ("Some images have a different number of channels (grayscale 1, RGB 3, RGBA 4): "
               "convert every image when loading it, Image.open(path).convert('RGB'), or add "
               "transforms.Grayscale(num_output_channels=3) for grayscale data.")
    elif len(first) == len(other) and len(first) >= 2 and first[0] == other[0]:
        fix = ("The images have different sizes: resize them all to one size before ToTensor, "
               "e.g. transforms.Resize((224, 224)) (a single int keeps the aspect ratio and "
               "does not make sizes equal).")
    else:
        fix = ("Samples of different lengths (sequences) cannot be stacked as they are: pad "
               "them in a collate_fn (torch.nn.utils.rnn.pad_sequence(batch, "
               "batch_first=True)), or cut/pad each to one length in the Dataset.")
    return _result(
        "pytorch", "torch.stack / DataLoader",
        f"torch.stack (which the DataLoader uses to make a batch) needs tensors of one shape: "
        f"entry {i} is {first} and entry {j} is {other}.", fix, shapes=[first, other])


_DTYPE_WORDS = {"double": "Double", "float": "Float", "half": "Half"}


@_reader(r"mat1 and mat2 must have the same dtype, but got (\w+) and (\w+)|"
         r"Input type \((\w+)\) and (?:bias|weight) type \((\w+)\) should be the same|"
         r"Input type \(torch\.(\w+)Tensor\) and weight type \(torch\.(\w+)Tensor\) should be the same|"
         r"Found dtype (\w+) but expected (\w+)|expected scalar type (\w+) but found (\w+)|"
         r"expected m1 and m2 to have the same dtype, but got: (\w+) != (\w+)")
def _dtype_mismatch(m):
    names = [_DTYPE_WORDS.get(v, v) for v in m.groups() if v is not None]
    if "Double" in names:
        fix = ("NumPy arrays are float64 ('Double') and model weights float32: convert the data "
               "with torch.from_numpy(x).float() (or torch.tensor(x, dtype=torch.float32), or "
               "x.astype(np.float32) before), for inputs and targets alike.")
    else:
        fix = ("Give the tensors one dtype: .float() for float32 (the weights' dtype), or build "
               "them with dtype=torch.float32.")
    return _result(
        "pytorch", "input dtype",
        f"The operation mixes dtypes {names[0]} and {names[1]}; a layer's input must have its "
        "weights' dtype.", fix, dtypes=names[:2])


@_reader(r"Input type \(torch\.cuda\.\w+\) and weight type \(torch\.\w+\) should be the same|"
         r"Input type \(torch\.\w+\) and weight type \(torch\.cuda\.\w+\) should be the same|"
         r"Expected all tensors to be on the same device")
def _device_mismatch(m):
    return _result(
        "pytorch", "device (GPU / CPU)",
        "A layer's input and its weights must be on one device (both on the GPU, or both on the "
        "CPU).",
        "Move the model and every batch to the same device: device = torch.device('cuda' if "
        "torch.cuda.is_available() else 'cpu'); model = model.to(device); then x, y = "
        "x.to(device), y.to(device) inside the loop (tensors made in forward() need "
        "device=x.device).")


# ------------------------------------------------------------------------ Keras
@_reader(r"of layer ['\"]([^'\"]+)['\"] is incompatible with the layer: expected axis (-?\d+) of input shape to have "
         r"value (\d+), but received input with shape \(([^)]*)\)")
def _keras_axis(m):
    name, axis, want = m.group(1), int(m.group(2)), int(m.group(3))
    got_shape = _dims(m.group(4))
    got = got_shape[axis]
    return _result(
        "keras", name,
        f"Layer '{name}' was built for inputs whose axis {axis} has {want} values (its weights "
        f"have that size), and now receives {_shape(got_shape)}.",
        f"A built layer keeps its input size: create a new layer for inputs with {got} value{'s' if got != 1 else ''}, "
        f"or make the tensor reaching '{name}' have {want} on axis {axis}.",
        expected=want, got=got)


@_reader(r"of layer ['\"]([^'\"]+)['\"] is incompatible with the layer: expected ndim=(\d+), found ndim=(\d+)\. "
         r"Full shape received: \(([^)]*)\)")
def _keras_exact_ndim(m):
    name, want, got = m.group(1), int(m.group(2)), int(m.group(3))
    shape = _dims(m.group(4))
    if want == 3 and got == 2:
        fix = (f"Recurrent and 1-d layers read (batch, steps, features): give each sample a "
               f"(steps, features) shape. For {shape[1]} values in a row, one feature per step: "
               f"keras.Input(shape=({shape[1]}, 1)) and data x[..., None]; for token ids, put "
               f"layers.Embedding(vocab_size, dim) first.")
    elif want == 3 and got > 3:
        fix = (f"The input {_shape(shape)} has {got - 3} axis(es) too many: for images into an "
               f"LSTM, reshape each to (rows, values per row), e.g. layers.Reshape(({shape[1]}, -1)); "
               "for frames of video, wrap the image layers in layers.TimeDistributed.")
    elif got > want:
        fix = (f"Remove {got - want} axis(es) before '{name}': layers.Flatten() or a global "
               "pooling layer, or return_sequences=False on the recurrent layer before it.")
    else:
        fix = f"Give '{name}' inputs of exactly {want} axes (the batch axis included)."
    return _result(
        "keras", name,
        f"Layer '{name}' needs inputs of exactly {want} axes, the batch axis included; it "
        f"received {_shape(shape)}, {got} axes.", fix, expected=want, got=got)


@_reader(r"of layer ['\"]([^'\"]+)['\"] is incompatible with the layer: expected min_ndim=(\d+), found ndim=(\d+)\. "
         r"Full shape received: \(([^)]*)\)")
def _keras_ndim(m):
    name, want, got = m.group(1), int(m.group(2)), int(m.group(3))
    shape = _dims(m.group(4))
    if want - got == 1 and want >= 3:
        fix = (f"Add the channels axis: with one channel, an input of {_shape(shape[1:] + [1])} per "
               f"sample, i.e. keras.Input(shape={tuple(d for d in shape[1:])+ (1,)}) and data "
               "reshaped with x[..., None] (or a layers.Reshape at the start).")
    elif want == 2 and got == 1:
        fix = "Give each sample at least one axis of features: keras.Input(shape=(n_features,))."
    else:
        fix = f"Give '{name}' inputs of at least {want} axes (the batch axis included)."
    return _result(
        "keras", name,
        f"Layer '{name}' needs inputs of at least {want} axes, the batch axis included; it "
        f"received {_shape(shape)}, {got} axes.", fix, expected=want, got=got)


@_reader(r"Computed output size would be zero or negative\. Received: `inputs\.shape=\[([^\]]*)\]`, "
         r"`pool_size=\[([\d ]+)\]`, `strides=\(([^)]*)\)`, `padding=(\w+)`")
def _keras_pool(m):
    shape = [None if v == "None" else int(v) for v in m.group(1).split()]
    pool = _ints(m.group(2))
    spatial = shape[1:-1]
    return _result(
        "keras", "Pooling",
        f"With padding='{m.group(4)}', a pooling window must fit inside the input: the "
        f"{' × '.join(map(str, pool))} window does not fit in {' × '.join(map(str, spatial))}.",
        "Use padding='same', or remove a pooling (or a stride) before this layer, or pool with "
        "GlobalAveragePooling2D, which pools whatever the size.",
        input_shape=shape, pool_size=pool)


@_reader(r"Computed output size would be zero or negative\. Received `inputs shape=\(([^)]*)\)`, "
         r"`kernel shape=\(([^)]*)\)`, `dilation_rate=\[([\d ]+)\]`, `strides=\(([^)]*)\)`, `padding=(\w+)`")
def _keras_conv(m):
    shape = _dims(m.group(1))
    kernel = _ints(m.group(2))
    spatial = shape[1:-1]
    k = kernel[:len(spatial)]
    known = [n for n in spatial if n is not None]
    return _result(
        "keras", "Conv",
        f"With padding='{m.group(5)}', a window must fit inside the input: the {' × '.join(map(str, k))} "
        f"kernel does not fit in {' × '.join(map(str, spatial))} (floor((n − k_eff)/s) + 1 ≤ 0).",
        f"Use padding='same', or a kernel_size of at most {min(known) if known else 'the input size'}, or downsample less "
        "before this layer.",
        input_shape=shape, kernel_size=k)


@_reader(r"Inputs have incompatible shapes\. Received shapes \(([^)]*)\) and \(([^)]*)\)")
def _keras_merge(m):
    a, b = _ints(m.group(1)), _ints(m.group(2))
    return _result(
        "keras", "Add / Subtract / Multiply",
        f"Element-wise merges need equal shapes (broadcasting aside): {tuple(a)} and {tuple(b)} differ.",
        f"Make the two branches end in the same shape, e.g. a 1 × 1 Conv2D({a[-1]}) on the branch with "
        f"{b[-1]} channels (ResNet's projection shortcut), and matching strides.",
        shapes=[a, b])


@_reader(r"A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis\. "
         r"Received: input_shape=\[(.*)\]")
def _keras_concat(m):
    shapes = [_dims(s)
              for s in re.findall(r"\(([^)]*)\)", m.group(1))]
    return _result(
        "keras", "Concatenate",
        "Concatenate joins along one axis (the last by default); all other axes must match: "
        + ", ".join(_shape(s) for s in shapes) + ".",
        "Give the branches the same height and width (same padding and strides, or crop/pad one) "
        "before concatenating their channels.",
        shapes=shapes)


@_reader(r"The total size of the tensor must be unchanged\. Received: input_shape=\(([^)]*)\), "
         r"target_shape=\(([^)]*)\)")
def _keras_reshape(m):
    given, target = _ints(m.group(1)), _ints(m.group(2))
    size = math.prod(given)
    return _result(
        "keras", "Reshape",
        f"Reshape keeps every value: {tuple(given)} holds {size:,} values per sample, "
        f"{tuple(target)} holds {math.prod(target):,}.",
        f"Choose a target_shape whose sizes multiply to {size:,}, or put -1 on one axis to let "
        "Keras compute it.", size=size)


@_reader(r"of layer ['\"]([^'\"]+)['\"] is incompatible with the layer: expected shape=\(([^)]*)\), "
         r"found shape=\(([^)]*)\)")
def _keras_model_shape(m):
    name, want = m.group(1), _dims(m.group(2))
    found = _dims(m.group(3))
    per_sample = tuple(want[1:])
    return _result(
        "keras", name,
        f"'{name}' was built for inputs of shape {_shape(want)}, {per_sample} per sample, and "
        f"received {_shape(found)}.",
        f"Make the data match what the model was built for, {per_sample} per sample (resize "
        "images, e.g. with layers.Resizing, and give them the right number of channels), or "
        "build the model for your data: keras.Input(shape=...) with the shape of one sample.",
        expected=list(want), found=list(found))


def _any_shape(text: str) -> list:
    """A shape as any backend prints it: ``(None, 1)``, ``torch.Size([8, 1])``, ``[?,1,1,8]``."""
    return [None if v in ("None", "?") else int(v) for v in re.findall(r"None|\?|-?\d+", text)]


def _labels_vs_outputs(target, output):
    """The fix when a loss receives labels of shape ``target`` for outputs of shape ``output``."""
    t, o = target[-1] if target else None, output[-1]
    if len(target) == len(output) - 1 and target[:len(target)] == output[:len(target)]:
        t = 1  # class indices without the trailing axis: (N,) for outputs (N, C)
    if t == 1 and o and o > 1:
        return (f"The labels hold one class index per sample, but this loss wants them one-hot, "
                f"{o} values per sample like the model's output. Use loss='sparse_categorical_crossentropy' "
                f"with class indices, or one-hot the labels: keras.utils.to_categorical(y, {o}). "
                "(For two classes: end with Dense(1, activation='sigmoid') and use binary_crossentropy.)")
    if o == 1 and t and t > 1:
        return (f"The model gives one value per sample and the labels have {t}: end the model with "
                f"Dense({t}, activation='softmax') for {t} classes (or give one label per sample).")
    return f"Make the model's last layer output the labels' shape: {tuple(target[1:])} per sample."


@_reader(r"Arguments `target` and `output` must have the same shape\. Received: target\.shape=(.+?), "
         r"output\.shape=(.+?)\)(?:\]\))?(?:\s|$)")
def _keras_loss_shape(m):
    target, output = _any_shape(m.group(1)), _any_shape(m.group(2) + ")")
    return _result(
        "keras", "loss",
        f"The loss compares the labels with the model's output value by value, so their shapes "
        f"must be equal: labels {_shape(target)}, output {_shape(output)}.",
        _labels_vs_outputs(target, output), target=target, output=output)


@_reader(r"Shapes \(([^)]*)\) and \(([^)]*)\) are incompatible")
def _tf_loss_shape(m):
    # TensorFlow's assert_is_compatible_with, as Keras 2 losses call it: labels first.
    target, output = _any_shape(m.group(1)), _any_shape(m.group(2))
    return _result(
        "keras", "loss",
        f"The loss compares the labels {_shape(target)} with the model's output {_shape(output)}: "
        "their shapes must be equal.", _labels_vs_outputs(target, output), target=target, output=output)


@_reader(r"must have the same shape up until the last dimension: target\.shape=(.+?), output\.shape=(.+?)\)(?:\]\))?(?:\s|$)")
def _keras_sparse_loss(m):
    target, output = _any_shape(m.group(1)), _any_shape(m.group(2) + ")")
    onehot = len(target) == len(output) and target[-1] == output[-1]
    return _result(
        "keras", "loss",
        f"sparse_categorical_crossentropy wants one class index per sample (labels "
        f"{_shape(output[:-1])}, or with a last axis of 1), and the labels are {_shape(target)}.",
        ("The labels are one-hot: use loss='categorical_crossentropy', or turn them into class "
         "indices with y.argmax(axis=-1)." if onehot else
         f"Give one class index per sample: labels of shape {_shape(output[:-1])}."),
        target=target, output=output)


@_reader(r"Data cardinality is ambiguous.*?'?x'? sizes: ([\d, ]+).*?'?y'? sizes: ([\d, ]+)")
def _keras_cardinality(m):
    xs, ys = _ints(m.group(1)), _ints(m.group(2))
    x, y = xs[0], ys[0]
    if y > x and x and y % x == 0:
        why = (f" {y} = {x} × {y // x}: the labels were flattened (one-hot or several values "
               "per sample written as one row)")
    else:
        why = ""
    return _result(
        "keras", "model.fit",
        f"fit() pairs every input sample with one label: x has {x} samples and y has {y}.{why}",
        "Pass inputs and labels of the same split (x_train with y_train, x_test with y_test), "
        "cut to the same samples; check len(x) == len(y) before fit().", x=xs, y=ys)


@_reader(r"logits and labels must have the same first dimension, got logits shape \[(\d+),(\d+)\] "
         r"and labels shape \[(\d+)\]")
def _tf_sparse_first_dim(m):
    # TensorFlow's sparse_softmax_cross_entropy_with_logits (Keras 2's sparse loss).
    n, c, got = (int(v) for v in m.groups())
    onehot = got == n * c
    return _result(
        "keras", "loss",
        f"sparse_categorical_crossentropy wants one class index per sample: {n} labels for "
        f"{n} rows of {c} scores; it received {got} values"
        + (f" = {n} × {c}, one-hot labels flattened." if onehot else "."),
        ("The labels are one-hot: use loss='categorical_crossentropy', or turn them into class "
         "indices with y.argmax(axis=-1)." if onehot else
         "Give one class index per sample, and the model one output row per sample."),
        batch=n, classes=c, labels=got)


@_reader(r"`logits` and `labels` must have the same shape, received \(\(([^)]*)\) vs \(([^)]*)\)\)")
def _tf_sigmoid_shape(m):
    # TensorFlow's sigmoid_cross_entropy_with_logits (Keras 2's binary crossentropy): logits first.
    output, target = _any_shape(m.group(1)), _any_shape(m.group(2))
    return _result(
        "keras", "loss",
        f"binary_crossentropy compares labels {_shape(target)} with the output {_shape(output)} "
        "value by value: their shapes must be equal.", _labels_vs_outputs(target, output),
        target=target, output=output)


@_reader(r"Received a label value of (-?\d+) which is outside the valid range of \[0, (\d+)\)")
def _tf_label_range(m):
    # TensorFlow's sparse cross-entropy kernel (Keras 2).
    label, classes = int(m.group(1)), int(m.group(2))
    return _result(
        "keras", "loss",
        f"sparse_categorical_crossentropy takes class indices 0 to {classes - 1} for a model "
        f"with {classes} outputs; a label of {label} is outside.",
        (f"If the labels are numbered from 1, subtract 1 (y - 1). If there are {label + 1} or "
         f"more classes, end the model with Dense({label + 1}, activation='softmax')."
         if label >= classes else "Map the labels to 0 … C − 1."),
        label=label, classes=classes)


@_reader(r"Negative dimension size caused by subtracting (\d+) from (\d+) for '.*?' with input shapes: \[([^\]]*)\]")
def _tf_negative(m):
    # TensorFlow's shape inference for Conv2D / MaxPool with padding='valid' (Keras 2).
    k, n = int(m.group(1)), int(m.group(2))
    shape = _any_shape(m.group(3).split("],")[0])
    return _result(
        "keras", "Conv / Pooling",
        f"With padding='valid' a window of {k} must fit in the input, which is {n} wide here "
        f"(input {_shape(shape)}): {n} − {k} is negative.",
        f"Use padding='same', or a kernel or pool size of at most {n}, or downsample less before "
        "this layer (fewer poolings or smaller strides).", window=k, size=n, input_shape=shape)


_PY_FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+), in (.+)$')
_IPY_HEADER = re.compile(r"^(?:File (.+?):(\d+), in (.+)|Cell In ?\[\d+\], line \d+(?:, in (.+))?|"
                         r"(<ipython-input-[^>]*>|\S+\.py) in (.+))$")
_IPY_ARROW = re.compile(r"^-+>\s*(\d+)\s(.*)$")
_LIBRARY = re.compile(r"site-packages|dist-packages|[/\\]lib[/\\]python\d|<frozen|^<string>$")


def failing_line(traceback_text: str):
    """The learner's own line in a pasted traceback: the last frame that is not in a library
    (plain Python tracebacks and IPython/Jupyter ones). -> ``{"line", "function", "code"}`` or
    ``None`` when the text has no such frame."""
    lines = _ANSI.sub("", str(traceback_text)).splitlines()
    found, frame = None, None
    for i, raw in enumerate(lines):
        m = _PY_FRAME.match(raw)
        if m:
            if not _LIBRARY.search(m.group(1)):
                code = next((t.strip() for t in lines[i + 1:i + 3]
                             if t.strip() and not set(t.strip()) <= set("^~ ")), "")
                found = {"line": int(m.group(2)), "function": m.group(3).strip(), "code": code}
            continue
        h = _IPY_HEADER.match(raw.strip())
        if h:
            path = h.group(1) or h.group(5) or ""
            name = h.group(3) or h.group(4) or h.group(6) or "<module>"
            frame = None if _LIBRARY.search(path) else re.sub(r"\(.*\)$", "", name.strip())
            continue
        a = _IPY_ARROW.match(raw.strip())
        if a and frame is not None:
            found = {"line": int(a.group(1)), "function": frame.strip(), "code": a.group(2).strip()}
    return found


def explain(message: str):
    """The diagnosis of an error message: ``{"framework", "layer", "rule", "fix", "values"}``
    (and ``"where"``, from :func:`failing_line`, when a traceback came with it), or ``None``
    when the message is not a shape error the fixer knows."""
    text = _ANSI.sub("", str(message))
    for rx, fn in _READERS:
        m = rx.search(text)
        if m:
            d = fn(m)
            where = failing_line(text)
            if where:
                d["where"] = where
            return d
    return None
