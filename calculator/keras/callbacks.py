"""``keras.callbacks``: constructible, never run."""
from ._stubs import make

make(["Callback", "EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau", "TensorBoard",
      "CSVLogger", "LearningRateScheduler", "History"], globals())
