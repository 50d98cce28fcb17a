"""``torch.utils.data``: a training script's data lines run, so the model lines around them do.

The calculator loads no data. Building datasets and loaders is accepted (``Dataset``
subclasses, ``TensorDataset``, ``random_split``, ``DataLoader(..., batch_size=64)``); the
first line that needs the data itself -- iterating a loader, ``len()`` of a dataset of
files, indexing it -- stops the script with a ``TypeError`` that names what was needed and
the line that made it (the runner adds the line that asked). Everything printed before
that line stays printed.

The one exception is data made of the calculator's own tensors: a ``TensorDataset`` of
shape-only tensors has a known length and sample shapes, so a ``DataLoader`` over it yields
its batches exactly: ``ceil(n / batch_size)`` of them (``floor`` with ``drop_last=True``),
each ``[batch_size, *sample_shape]`` and the last one the remainder.
"""

import math
import os
import sys

from .._tensor import Tensor

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset",
           "random_split", "DataLoader", "Sampler", "RandomSampler", "SequentialSampler",
           "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler", "default_collate"]

# From the code's own file name, which is what frames carry (in the page the modules come
# from a zip, compiled under their path inside it).
_CALCULATOR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    (lambda: None).__code__.co_filename))))


def made_on():
    """``" (made on line N)"`` for the script line running now, or ``""``."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not os.path.abspath(name).startswith(_CALCULATOR) and "importlib" not in name:
            return f" (made on line {frame.f_lineno})"
        frame = frame.f_back
    return ""


def needs_data(what, source):
    return TypeError(f"{what} needs the data of {source}; ConvDims computes shapes and "
                     "parameter counts and loads no data, so the script stops here. "
                     "Everything before this line ran.")


class Dataset:
    """The base class; a subclass's own ``__len__`` / ``__getitem__`` run as written."""

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")


class TensorDataset(Dataset):
    """Samples along the first dimension of tensors that share it."""

    def __init__(self, *tensors):
        if any(t.size(0) != tensors[0].size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class Subset(Dataset):
    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise AssertionError("datasets should not be an empty iterable")

    def __len__(self):
        return sum(len(d) for d in self.datasets)

    def __getitem__(self, idx):
        for d in self.datasets:
            if idx < len(d):
                return d[idx]
            idx -= len(d)
        raise IndexError("absolute value of index should not exceed dataset length")


def random_split(dataset, lengths, generator=None):
    """Subsets of the given sizes (fractions allowed, as PyTorch rounds them); which samples
    go where does not change any shape, so they are taken in order."""
    n = len(dataset)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        sizes = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    out, start = [], 0
    for size in lengths:
        out.append(Subset(dataset, range(start, start + size)))
        start += size
    return out


class Sampler:
    def __init__(self, *args, **kwargs):
        self.args = args


RandomSampler = SequentialSampler = SubsetRandomSampler = WeightedRandomSampler = Sampler
BatchSampler = Sampler


def default_collate(batch):
    raise needs_data("default_collate", "a batch of samples")


def _tensor_source(dataset):
    """The ``TensorDataset`` a dataset is (or a ``Subset`` chain of), else ``None``."""
    indices = None
    while isinstance(dataset, Subset):
        indices = dataset.indices if indices is None else [dataset.indices[i] for i in indices]
        dataset = dataset.dataset
    if isinstance(dataset, TensorDataset) and all(isinstance(t, Tensor) for t in dataset.tensors):
        return dataset
    return None


class DataLoader:
    """Batches of a dataset. Over a ``TensorDataset`` of the calculator's tensors it yields
    shape-exact batches; over anything else, iterating it stops the script (module docstring)."""

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="", in_order=True):
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.num_workers = num_workers
        # a sampler or a collate_fn of the script's own decides the batches: not followed
        self._plain = sampler is None and batch_sampler is None and collate_fn is None
        self._origin = made_on()

    def _source(self, what):
        source = _tensor_source(self.dataset)
        if source is None or self.batch_size is None or not self._plain:
            over = getattr(self.dataset, "_origin", None) or f"a {type(self.dataset).__name__}"
            raise needs_data(what, f"the DataLoader{self._origin} over {over}")
        return source

    def __len__(self):
        self._source("len(loader)")
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def __iter__(self):
        source = self._source("Iterating a DataLoader")
        n = len(self.dataset)
        full, rest = divmod(n, self.batch_size)
        sizes = [self.batch_size] * full + ([rest] if rest and not self.drop_last else [])
        for size in sizes:
            yield [t._new((size,) + tuple(t.shape[1:])) for t in source.tensors]
