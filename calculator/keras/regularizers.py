"""``keras.regularizers``: accepted as layer arguments (they do not change shapes)."""
from ._stubs import make

make(["Regularizer", "L1", "L2", "L1L2", "OrthogonalRegularizer"], globals())
l1, l2, l1_l2 = L1, L2, L1L2  # noqa: F821


def get(identifier):
    """Keras's ``get``: a name or an object, returned as given (a layer takes either the same
    way, and no regularizer changes a shape or a parameter count)."""
    return identifier
