"""``keras.datasets``: no data ships with ConvDims; ``load_data`` explains that."""


class _Dataset:
    def __init__(self, name):
        self.name = name

    def load_data(self, *args, **kwargs):
        raise NotImplementedError(
            f"ConvDims has no datasets ({self.name}); it computes shapes and parameter counts "
            "from the model definition alone.")


mnist, fashion_mnist, cifar10, cifar100, imdb, reuters, boston_housing = (
    _Dataset(n) for n in ("mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters",
                          "boston_housing"))
