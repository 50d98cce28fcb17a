"""``torchvision.datasets``: every dataset class can be built, none holds data.

``datasets.MNIST('../data', train=True, download=True, transform=...)`` runs (nothing is
downloaded); the first line that needs its samples -- ``len()``, indexing, iterating, or a
``DataLoader`` over it -- stops the script (:mod:`calculator.torch.utils.data`).
"""

from ..utils.data import Dataset, made_on, needs_data

# torchvision 0.28's dataset classes (torchvision/datasets/__init__.py)
NAMES = """
CIFAR10 CIFAR100 CLEVRClassification Caltech101 Caltech256 CelebA Cityscapes CocoCaptions
CocoDetection Country211 DTD DatasetFolder EMNIST EuroSAT FER2013 FGVCAircraft FakeData
FashionMNIST Flickr30k Flickr8k Flowers102 FlyingChairs FlyingThings3D Food101 GTSRB HD1K HMDB51
INaturalist ImageFolder ImageNet Imagenette KMNIST Kinetics Kitti KittiFlow LFWPairs LFWPeople LSUN
LSUNClass MNIST MovingMNIST Omniglot OxfordIIITPet PCAM PhotoTour Places365 QMNIST
RenderedSST2 SBDataset SBU SEMEION STL10 SUN397 SVHN Sintel StanfordCars UCF101 USPS
VOCDetection VOCSegmentation VisionDataset WIDERFace
""".split()


class VisionDataset(Dataset):
    """A torchvision dataset as a script builds it: its arguments, no samples."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.transform = kwargs.get("transform")
        self.target_transform = kwargs.get("target_transform")
        self._origin = f"datasets.{type(self).__name__}{made_on()}"

    def __len__(self):
        raise needs_data("len(dataset)", self._origin)

    def __getitem__(self, index):
        raise needs_data("Indexing a dataset", self._origin)

    def __iter__(self):
        raise needs_data("Iterating a dataset", self._origin)

    def __getattr__(self, name):  # .data, .targets, .classes ... come from the files
        if name.startswith("__") or name == "_origin":
            raise AttributeError(name)
        raise needs_data(f"dataset.{name}", self._origin)

    def __repr__(self):
        return f"<{self._origin}: built, no data loaded by ConvDims>"


for _name in NAMES:
    if _name not in globals():
        globals()[_name] = type(_name, (VisionDataset,), {"__module__": __name__})
del _name

__all__ = NAMES


def __getattr__(name):
    raise AttributeError(f"module 'torchvision.datasets' has no attribute '{name}' "
                         "(not supported by ConvDims)")
