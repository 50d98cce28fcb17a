# An Inception module (GoogLeNet's "inception (3a)"): four branches on the same input,
# concatenated along the depth. The 1x1 convolutions before the 3x3 and 5x5 ones are the
# bottlenecks that keep them cheap.
import keras
from keras import layers

inputs = keras.Input(shape=(28, 28, 192))
branch1 = layers.Conv2D(64, 1, padding="same", activation="relu")(inputs)
branch2 = layers.Conv2D(96, 1, padding="same", activation="relu")(inputs)
branch2 = layers.Conv2D(128, 3, padding="same", activation="relu")(branch2)
branch3 = layers.Conv2D(16, 1, padding="same", activation="relu")(inputs)
branch3 = layers.Conv2D(32, 5, padding="same", activation="relu")(branch3)
branch4 = layers.MaxPooling2D(3, strides=1, padding="same")(inputs)
branch4 = layers.Conv2D(32, 1, padding="same", activation="relu")(branch4)
outputs = layers.Concatenate()([branch1, branch2, branch3, branch4])
model = keras.Model(inputs, outputs, name="inception_module")
model.summary()
