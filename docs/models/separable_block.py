# A MobileNet block: a depthwise 3x3 convolution filters each channel on its own, then a
# pointwise 1x1 convolution mixes the channels.
import keras
from keras import layers

inputs = keras.Input(shape=(56, 56, 128))
x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(inputs)
x = layers.BatchNormalization()(x)
x = layers.ReLU(6.0)(x)
x = layers.Conv2D(256, 1, use_bias=False)(x)
x = layers.BatchNormalization()(x)
outputs = layers.ReLU(6.0)(x)
model = keras.Model(inputs, outputs, name="separable_block")
model.summary()
