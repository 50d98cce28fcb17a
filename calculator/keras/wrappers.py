"""``keras.wrappers``: Keras 3's scikit-learn wrappers, constructible, never fitted.
(Keras 2's ``keras.wrappers.scikit_learn`` does not exist in Keras 3: importing it fails.)"""
from ._stubs import make

make(["SKLearnClassifier", "SKLearnRegressor", "SKLearnTransformer"], globals())
