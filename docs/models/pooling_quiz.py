import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 64)),
    layers.MaxPooling2D(pool_size=2),
    layers.AveragePooling2D(pool_size=3, strides=2, padding='same'),
    layers.GlobalAveragePooling2D(),
])
model.summary()
