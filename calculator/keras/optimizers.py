"""``keras.optimizers``: accepted by ``compile()``, never run.

Each optimizer takes Keras 3.15's own arguments, in Keras's positional order. As in Keras,
``decay=`` is ignored with a warning and any other unknown argument (Keras 2's ``lr=``...)
raises ``ValueError: Argument(s) not recognized: {...}``. ``keras.optimizers.legacy``
optimizers raise Keras 3's ``ImportError`` when created. An optimizer without ``name`` is
named as Keras names it (snake_case of its class + the session counter: ``adam``,
``adam_1``, ``rm_sprop``); ``learning_rate`` must be a float, a schedule or a callable, as
Keras checks. Reading ``optimizer.learning_rate`` is refused: in Keras it is a backend
``Variable`` (its printed form holds the float32 value), optimizer state ConvDims does not
model.
"""

import sys as _sys
import types as _types
import warnings as _warnings

from ..core import auto_name
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
        lr = bound.get("learning_rate")
        if not (lr is None or isinstance(lr, float) or callable(lr)):
            raise ValueError(
                "Argument `learning_rate` should be float, or an instance of "
                "LearningRateSchedule, or a callable (that takes in the current iteration value "
                "and returns the corresponding learning rate value). "
                f"Received instead: learning_rate={lr}")
        super().__init__(**bound)
        self.name = bound.get("name") or auto_name(name)
        self._learning_rate = lr

    @property
    def learning_rate(self):
        raise NotImplementedError(
            "optimizer.learning_rate is not supported by ConvDims: in Keras it is a backend "
            "Variable holding the optimizer's state, which ConvDims does not model (it "
            "computes shapes and parameter counts, it does not train).")

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = value


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


# keras.optimizers.get's names (ALL_OBJECTS_DICT: Lamb is not among them)
_GET_NAMES = ("adam", "sgd", "rmsprop", "adadelta", "adamw", "adagrad", "adamax", "adafactor",
              "nadam", "ftrl", "lion")
_GET_UNMODELLED = ("optimizer", "muon", "multioptimizer", "optimizermap",
                   "lossscaleoptimizer", "schedulefreeadamw")


def get(identifier):
    """Keras's ``keras.optimizers.get``: an optimizer unchanged; a class name (any case) or a
    ``{"class_name", "config"}`` dict built; anything else ``ValueError: Could not interpret
    optimizer identifier``. ``compile(optimizer=...)`` resolves its argument through it."""
    if identifier is None:
        return None
    obj = identifier
    if isinstance(identifier, (str, dict)):
        class_name, config = ((identifier, {}) if isinstance(identifier, str)
                              else (identifier["class_name"], identifier.get("config", {})))
        key = class_name.lower()
        if key in _GET_UNMODELLED:
            raise NotImplementedError(
                f"The optimizer {class_name!r} is not supported by ConvDims; "
                "use one of: " + ", ".join(repr(n) for n in _GET_NAMES) + ".")
        by_name = {n.lower(): globals()[n] for n in _OWN}
        obj = by_name[key](**config) if key in _GET_NAMES else None
    if isinstance(obj, Optimizer):
        return obj
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
