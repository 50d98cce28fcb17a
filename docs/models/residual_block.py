# A ResNet bottleneck block that halves the size and changes the depth: the shortcut needs a
# strided 1x1 convolution so that both inputs of Add have the same shape.
import keras
from keras import layers

inputs = keras.Input(shape=(56, 56, 256))
x = layers.Conv2D(128, 1, strides=2)(inputs)
x = layers.BatchNormalization()(x)
x = layers.Activation("relu")(x)
x = layers.Conv2D(128, 3, padding="same")(x)
x = layers.BatchNormalization()(x)
x = layers.Activation("relu")(x)
x = layers.Conv2D(512, 1)(x)
x = layers.BatchNormalization()(x)
shortcut = layers.Conv2D(512, 1, strides=2)(inputs)
shortcut = layers.BatchNormalization()(shortcut)
x = layers.Add()([x, shortcut])
outputs = layers.Activation("relu")(x)
model = keras.Model(inputs, outputs, name="residual_block")
model.summary()
