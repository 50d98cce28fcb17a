"""``keras.optimizers``: accepted by ``compile()``, never run."""
from ._stubs import make

make(["Optimizer", "SGD", "RMSprop", "Adam", "AdamW", "Adadelta", "Adagrad", "Adamax", "Adafactor",
      "Nadam", "Ftrl", "Lion"], globals())
