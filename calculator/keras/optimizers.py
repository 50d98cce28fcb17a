"""``keras.optimizers``: accepted by ``compile()``, never run.

Each optimizer takes Keras 3.15's own arguments, in Keras's positional order. As in Keras,
``decay=`` is ignored with a warning and any other unknown argument (Keras 2's ``lr=``...)
raises ``ValueError: Argument(s) not recognized: {...}``. ``keras.optimizers.legacy``
optimizers raise Keras 3's ``ImportError`` when created.
"""

import sys as _sys
import types as _types
import warnings as _warnings

from ._stubs import Stub, make_signed

_COMMON = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum",
           "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "name")
_OWN = {
    "SGD": ("learning_rate", "momentum", "nesterov"),
    "RMSprop": ("learning_rate", "rho", "momentum", "epsilon", "centered"),
    "Adam": ("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"),
    "AdamW": ("learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"),
    "Adadelta": ("learning_rate", "rho", "epsilon"),
    "Adagrad": ("learning_rate", "initial_accumulator_value", "epsilon"),
    "Adamax": ("learning_rate", "beta_1", "beta_2", "epsilon"),
    "Adafactor": ("learning_rate", "beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold",
                  "relative_step"),
    "Nadam": ("learning_rate", "beta_1", "beta_2", "epsilon"),
    "Ftrl": ("learning_rate", "learning_rate_power", "initial_accumulator_value",
             "l1_regularization_strength", "l2_regularization_strength",
             "l2_shrinkage_regularization_strength", "beta"),
    "Lion": ("learning_rate", "beta_1", "beta_2"),
    "Lamb": ("learning_rate", "beta_1", "beta_2", "epsilon"),
}


class Optimizer(Stub):
    """Keras's base optimizer: positional arguments in ``_ARGS`` order, unknown ones refused."""

    _ARGS = ("learning_rate",) + _COMMON

    def __init__(self, *args, **kwargs):
        name = type(self).__name__
        if len(args) > len(self._ARGS):
            raise TypeError(f"{name}.__init__() takes from 1 to {len(self._ARGS) + 1} "
                            f"positional arguments but {len(args) + 1} were given")
        bound = dict(zip(self._ARGS, args))
        for key in list(kwargs):
            if key in self._ARGS:
                if key in bound:
                    raise TypeError(f"{name}.__init__() got multiple values for argument '{key}'")
                bound[key] = kwargs.pop(key)
        if kwargs.pop("decay", None) is not None:
            _warnings.warn("Argument `decay` is no longer supported and will be ignored.")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        super().__init__(**bound)
        self.learning_rate = bound.get("learning_rate")


for _name, _own in _OWN.items():
    _args = _own + tuple(a for a in _COMMON if a not in _own)
    globals()[_name] = type(_name, (Optimizer,), {"__module__": __name__, "_ARGS": _args})


class _Legacy(Stub):
    def __init__(self, *args, **kwargs):
        raise ImportError(
            "`keras.optimizers.legacy` is not supported in Keras 3. When using `tf.keras`, to "
            "continue using a `tf.keras.optimizers.legacy` optimizer, you can install the "
            "`tf_keras` package (Keras 2) and set the environment variable "
            "`TF_USE_LEGACY_KERAS=True` to configure TensorFlow to use `tf_keras` when "
            "accessing `tf.keras`.")


legacy = _types.ModuleType(__name__ + ".legacy")
for _name in ("Optimizer", "SGD", "RMSprop", "Adam", "Adagrad", "Adadelta", "Adamax", "Nadam",
              "Ftrl"):
    setattr(legacy, _name, type(_name, (_Legacy,), {"__module__": legacy.__name__}))


class LearningRateSchedule(Stub):
    """Base of the schedules: a learning rate that depends on the step (no shape effect)."""


schedules = _types.ModuleType(__name__ + ".schedules")
schedules.LearningRateSchedule = LearningRateSchedule
make_signed({
    "ExponentialDecay": "initial_learning_rate, decay_steps, decay_rate, staircase=False, "
                        "name='ExponentialDecay'",
    "InverseTimeDecay": "initial_learning_rate, decay_steps, decay_rate, staircase=False, "
                        "name='InverseTimeDecay'",
    "PiecewiseConstantDecay": "boundaries, values, name='PiecewiseConstant'",
    "PolynomialDecay": "initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, "
                       "cycle=False, name='PolynomialDecay'",
    "CosineDecay": "initial_learning_rate, decay_steps, alpha=0.0, name='CosineDecay', "
                   "warmup_target=None, warmup_steps=0",
    "CosineDecayRestarts": "initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, "
                           "alpha=0.0, name='SGDRDecay'",
}, schedules.__dict__, base=LearningRateSchedule)
_sys.modules.setdefault(schedules.__name__, schedules)
_sys.modules.setdefault(legacy.__name__, legacy)


def get(identifier):
    return identifier
