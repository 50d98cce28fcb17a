"""``keras.constraints``: accepted as layer arguments (they do not change shapes)."""
from ._stubs import make

make(["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"], globals())
