"""Shape-only tensor behaviour the real-torch scripts cannot record (hand-checked here)."""

import pytest

import calculator.torch as torch
import calculator.torch.nn as nn


def test_size_prints_like_torch_and_is_a_tuple():
    s = torch.randn(1, 3).shape
    assert repr(s) == "torch.Size([1, 3])" and s == (1, 3) and isinstance(s, tuple)
    assert s[1:] == (3,) and type(s[1:]) is torch.Size


def test_values_are_refused_not_invented():
    t, one = torch.randn(2, 3), torch.randn(1, 1)
    for fn in (one.item, t.tolist, lambda: bool(one), lambda: float(one), lambda: int(one),
               torch.randint(0, 5, (1,)).item):  # drawn: its value is not known either
        with pytest.raises(TypeError, match="shapes only"):
            fn()


def test_conversions_check_the_element_count_before_any_value():
    # PyTorch's own errors, whatever the values: 6 elements are no scalar
    t = torch.randn(2, 3)
    with pytest.raises(RuntimeError, match="^a Tensor with 6 elements cannot be converted"):
        t.item()
    with pytest.raises(RuntimeError, match="more than one value is ambiguous"):
        bool(t)
    with pytest.raises(ValueError, match="only one element tensors"):
        float(t)


def test_a_tensor_method_the_mirror_lacks_is_named_as_unsupported():
    t = torch.randn(3)
    with pytest.raises(AttributeError) as info:
        t.logcumsumexp(0)  # PyTorch has it; the mirror says it does not model it
    assert str(info.value) == \
        "'Tensor' object has no attribute 'logcumsumexp' (not supported by ConvDims)"
    assert not hasattr(nn.Parameter(t), "_private")
    with pytest.raises(AttributeError, match="^'Parameter' object has no attribute '_p'$"):
        nn.Parameter(t)._p


def test_cuda_and_to_keep_shape_and_record_device():
    t = torch.randn(2, 3).cuda()
    assert t.shape == (2, 3) and t.device == torch.device("cuda", 0) and t.is_cuda
    model = nn.Linear(3, 4).cuda()
    assert model.weight.device.type == "cuda"
    assert model.to("cpu").weight.device == torch.device("cpu")


def test_dtype_element_sizes():
    assert torch.randn(2, dtype=torch.float16).element_size() == 2
    assert torch.zeros(2, dtype=torch.long).element_size() == 8
    assert nn.Linear(2, 2).double().weight.element_size() == 8


def test_hook_with_kwargs_and_prepend_order():
    order = []
    m = nn.Identity()
    m.register_forward_pre_hook(lambda mod, args: order.append("pre-a"))
    m.register_forward_pre_hook(lambda mod, args: order.append("pre-b"), prepend=True)
    m.register_forward_hook(lambda mod, args, kwargs, out: order.append(("post", kwargs)),
                            with_kwargs=True)
    m(torch.randn(1))
    assert order == ["pre-b", "pre-a", ("post", {})]


def test_uninitialized_parameter_refuses_its_shape():
    lazy = nn.LazyLinear(4)
    assert isinstance(lazy.weight, nn.parameter.UninitializedParameter)
    with pytest.raises(ValueError, match="uninitialized parameter"):
        lazy.weight.numel()
    lazy(torch.randn(2, 7))
    assert type(lazy) is nn.Linear and lazy.weight.shape == (4, 7)


def test_parameters_are_tensors_and_trainable():
    p = nn.Linear(2, 3).weight
    assert isinstance(p, torch.Tensor) and isinstance(p, nn.Parameter) and p.requires_grad


def test_optimizer_and_loss_accept_training_code():
    model = nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()(model(torch.randn(8, 4)), torch.randint(0, 2, (8,)))
    opt.zero_grad()
    loss.backward()
    opt.step()
    assert loss.shape == ()


def test_masks_are_refused():
    x = torch.randn(10, 4)
    with pytest.raises(TypeError, match="mask needs its values"):
        x[x > 0]


def test_several_index_tensors_broadcast_and_take_their_place():
    # As torch 2.13 indexes: ints and slices first, then the index tensors (ranges and int
    # lists are ones too) broadcast together; adjacent ones keep their place, else go first.
    x = torch.randn(3, 4, 5)
    logits, target = torch.randn(64, 10), torch.randint(0, 10, (64,))
    assert logits[range(target.shape[0]), target].shape == (64,)  # nn_tutorial's nll
    assert x[range(3), :, torch.tensor([1, 2, 0])].shape == (3, 4)
    assert x[[0, 1], :, [1, 2]].shape == (2, 4)
    assert x[:, [0, 1], [1, 2]].shape == (3, 2)
    assert x[0, :, [1, 2]].shape == (4, 2)
    assert x[:, torch.zeros(2, 1, dtype=torch.long), torch.zeros(3, dtype=torch.long)].shape == (3, 2, 3)
    with pytest.raises(IndexError, match=r"could not be broadcast together with shapes \[3\], \[2\]"):
        x[range(3), torch.tensor([1, 2])]
    with pytest.raises(IndexError, match="index 3 is out of bounds for dimension 0 with size 3"):
        x[range(4)]


def test_requires_grad_of_a_result_another_input_decides_is_refused():
    # PyTorch: a result requires grad when any input does (w, the Linear's weight); that is
    # known here. When no named input does, an input the op did not name could, so the answer
    # (False in PyTorch for x * 2 and x + x) is refused rather than guessed.
    x, w = torch.rand(2, 3), torch.rand(2, 3, requires_grad=True)
    model = nn.Linear(3, 2)
    for result in (x * 2, x + x):
        with pytest.raises(NotImplementedError, match="requires_grad of a computed tensor"):
            result.requires_grad
        with pytest.raises(NotImplementedError, match="requires_grad of a computed tensor"):
            result.is_leaf
    for result in (w + x, x + w, model(x), torch.cat([x, w]), torch.stack([x, w]), x @ w.T):
        assert result.requires_grad and not result.is_leaf
    with torch.no_grad():
        assert not (x + w).requires_grad and not model(x).requires_grad


def test_the_refusal_names_the_script_line():
    from calculator.runner import run_script

    # A frozen layer on an input that does not require grad: no named input requires grad.
    code = ("import torch\nimport torch.nn as nn\nnet = nn.Linear(3, 2).requires_grad_(False)\n"
            "out = net(torch.rand(1, 3))\nprint(out.requires_grad)\n")
    with pytest.raises(NotImplementedError) as info:
        run_script(code)
    assert info.value.line == 5


def test_each_script_starts_with_grad_mode_on_and_float32():
    from calculator.runner import run_script

    run_script("import torch\ntorch.set_grad_enabled(False)\n"
               "torch.set_default_dtype(torch.float64)\n")
    out = run_script("import torch\nprint(torch.is_grad_enabled(), torch.zeros(1).dtype)\n")
    assert out.stdout == "True torch.float32\n"


def test_grad_fn_is_none_on_leaves_and_refused_on_computed_tensors():
    # PyTorch: leaves have no grad_fn; a computed tensor's is its backward node (not modelled).
    w = torch.rand(2, 3, requires_grad=True)
    assert w.grad_fn is None and torch.rand(2).grad_fn is None
    with pytest.raises(NotImplementedError, match="grad_fn of a computed tensor"):
        (w * 2).grad_fn


def test_grad_is_none_before_backward_and_refused_on_leaves_after_it():
    # yunjey's style transfer reads target.grad after loss.backward(): PyTorch has filled it
    # (the target's shape) when the backward reached it, and left None when not; ConvDims
    # does not know which, so it refuses instead of answering None.
    from calculator.runner import run_script

    with pytest.raises(NotImplementedError, match=r"\.grad after backward\(\).*\[1, 3\]") as info:
        run_script("import torch\n"
                   "t = torch.randn(1, 3, requires_grad=True)\n"
                   "x = torch.randn(1, 3)\n"
                   "print(t.grad, x.grad)\n"
                   "(t * 2).sum().backward()\n"
                   "print(x.grad, (t * 2).grad)\n"
                   "print(t.grad.shape)\n")
    assert info.value.stdout == "None None\nNone None\n" and info.value.line == 7
    # each script starts again before any backward
    assert run_script("import torch\nprint(torch.ones(2, requires_grad=True).grad)\n"
                      ).stdout == "None\n"


@pytest.mark.parametrize("call", [
    lambda x: x.sum(1.0), lambda x: x.mean(dim=2 / 2), lambda x: x.squeeze(0.0),
    lambda x: torch.softmax(x, 1.0), lambda x: nn.Softmax(dim=1.0)(x), lambda x: x.cumsum(1.0),
    lambda x: x.std(1.0), lambda x: torch.cat([x, x], 1.0), lambda x: x.flatten(1.0)])
def test_a_float_dimension_is_refused_not_answered(call):
    # PyTorch raises a TypeError for each (worded per overload); before, sum/mean/squeeze/
    # softmax/cumsum/std answered as if the dim were an int and the script went on.
    with pytest.raises(NotImplementedError, match=r"a dimension given as [0-9.]+ \(float\)"):
        call(torch.randn(2, 3, 4))


@pytest.mark.parametrize("layer", [
    nn.Conv2d(8, 8, 3, stride=2.0), nn.Conv2d(8, 8, 3, padding=8 / 8),
    nn.ConvTranspose2d(8, 8, 2, stride=2.0), nn.ZeroPad2d(1.0)])
def test_a_float_layer_argument_never_reaches_a_shape(layer):
    # PyTorch stops these calls with a TypeError (conv2d's names both its overloads); before,
    # the mirror printed shapes such as [2, 8, 3.0, 3.0]
    with pytest.raises(NotImplementedError, match=r"a shape of \[2, 8, [0-9.]+, [0-9.]+\]"):
        layer(torch.zeros(2, 8, 8, 8))


def test_cpu_autocast_is_refused_naming_it_and_the_line():
    from calculator.runner import run_script

    # PyTorch's CPU autocast runs Linear and Conv in bfloat16: a dtype the mirror would miss.
    code = ("import torch\nmodel = torch.nn.Linear(4, 2)\n"
            "with torch.autocast(device_type='cpu'):\n    y = model(torch.randn(3, 4))\n")
    with pytest.raises(NotImplementedError, match=r"^torch\.autocast\(device_type='cpu'\)") as info:
        run_script(code)
    assert info.value.line == 3
    with torch.autocast("cpu", enabled=False), torch.cuda.amp.autocast():
        assert torch.randn(2).dtype == torch.float32


def test_autograd_grad_of_an_input_that_may_be_unused_is_refused_not_guessed():
    # with allow_unused=True PyTorch returns None for an input the outputs do not depend on;
    # which inputs they depend on is not followed, so neither None nor a tensor is claimed
    x = torch.randn(3, requires_grad=True)
    with pytest.raises(NotImplementedError, match="allow_unused=True"):
        torch.autograd.grad((x * 2).sum(), x, allow_unused=True)
    (g,) = torch.autograd.grad((x * 2).sum(), x)
    assert g.shape == (3,) and g.requires_grad is False


def test_legacy_constructor_of_a_tensor_is_a_view_of_it():
    # torch 2.13: torch.FloatTensor(x) is a view of x (same shape and strides, not a leaf
    # when x requires grad) and needs x to have the class's dtype already.
    a = torch.randn(3, 4, requires_grad=True)
    b = torch.FloatTensor(a.t())
    assert (tuple(b.shape), b.stride(), b.requires_grad, b.is_leaf) == ((4, 3), (1, 4), True, False)
    assert tuple(torch.LongTensor(torch.arange(3)).shape) == (3,)
    with pytest.raises(TypeError) as info:
        torch.FloatTensor(torch.arange(3))
    assert str(info.value) == (
        "expected TensorOptions(dtype=float, device=cpu, layout=Strided, requires_grad=false "
        "(default), pinned_memory=false (default), memory_format=(nullopt)) (got "
        "TensorOptions(dtype=long int, device=cpu, layout=Strided, requires_grad=false "
        "(default), pinned_memory=false (default), memory_format=(nullopt)))")


def test_meshgrid_of_a_2d_tensor_is_refused_by_name():
    # PyTorch's message prints the tensor's values, which the mirror does not have
    with pytest.raises(NotImplementedError, match=r"^torch\.meshgrid of a 2-d tensor"):
        torch.meshgrid(torch.zeros(2, 2), torch.zeros(3), indexing="ij")


def test_a_format_spec_on_a_computed_scalar_is_refused_as_needing_its_value():
    # PyTorch prints the loss's value (f"{loss:.4f}"); Python's own TypeError would blame the spec
    loss = nn.MSELoss()(torch.randn(3), torch.randn(3))
    with pytest.raises(TypeError, match=r"^Formatting a tensor \(a format spec, ':\.4f'\) needs the "
                                        r"tensor's values"):
        f"{loss:.4f}"
    assert f"{torch.tensor(7):>3}" == "  7"


def test_out_argument_is_refused_by_name_and_out_none_accepted():
    # torch.add(a, 1, out=c) resizes c to the result in PyTorch (c = torch.empty(0) becomes
    # (2, 3)); ignoring out= left c at (0,), a silently wrong shape for what follows.
    from calculator.runner import run_script

    for call in ("torch.add(a, 1, out=c)", "torch.cat([a, a], out=c)", "torch.zeros(2, 5, out=c)",
                 "torch.matmul(a, a.T, out=c)", "torch.sigmoid(a, out=c)", "torch.arange(5, out=c)"):
        name = call.split("(")[0]
        with pytest.raises(NotImplementedError, match=rf"{name}\(\.\.\., out=\.\.\.\)") as info:
            run_script(f"import torch\na = torch.ones(2, 3)\nc = torch.empty(0)\n{call}\nprint(c.shape)\n")
        assert info.value.line == 4
    # out=None is PyTorch's default: accepted everywhere, also where the mirror has no out
    assert torch.cat([torch.ones(2), torch.ones(3)], out=None).shape == (5,)
    assert torch.matmul(torch.ones(2, 3), torch.ones(3, 4), out=None).shape == (2, 4)
    assert torch.sum(torch.ones(3, 3), 0, out=None).shape == (3,)


def test_max_min_topk_results_print_as_torch_return_types():
    # PyTorch: "torch.return_types.max(\nvalues=...,\nindices=...)"; each tensor as it prints
    r = torch.arange(12).reshape(3, 4).max(1)
    assert repr(r) == (f"torch.return_types.max(\nvalues={r.values!r},\nindices={r.indices!r})")
    assert str(torch.randn(2, 5).topk(2)).startswith("torch.return_types.topk(\nvalues=tensor(")
