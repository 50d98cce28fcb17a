"""``keras.callbacks``: every Keras 3.15 callback, constructible, never run."""
from ._stubs import make

make(["BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping", "History",
      "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint", "OrbaxCheckpoint",
      "ProgbarLogger", "ReduceLROnPlateau", "RemoteMonitor", "SwapEMAWeights", "TensorBoard",
      "TerminateOnNaN"], globals())
