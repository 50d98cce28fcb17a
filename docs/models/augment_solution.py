import keras
from keras.models import Sequential
from keras.layers import (Conv2D, MaxPooling2D, Flatten, Dense, Resizing,
                          RandomFlip, RandomRotation, RandomZoom, Rescaling)

# One model that meets the augmentation mini project's targets.
model = Sequential(name="augment_solution")
model.add(keras.Input(shape=(72, 72, 3)))
model.add(Resizing(height=64, width=64))  # 72x72 -> 64x64, always
model.add(RandomFlip(mode='horizontal'))
model.add(RandomRotation(factor=0.05))
model.add(RandomZoom(height_factor=0.1))
model.add(Rescaling(scale=1 / 255))
model.add(Conv2D(filters=16, kernel_size=3, padding='same', activation='relu'))
model.add(MaxPooling2D(pool_size=2))
model.add(Conv2D(filters=32, kernel_size=3, padding='same', activation='relu'))
model.add(MaxPooling2D(pool_size=2))
model.add(Conv2D(filters=64, kernel_size=3, padding='same', activation='relu'))
model.add(MaxPooling2D(pool_size=2))
model.add(Flatten())
model.add(Dense(5, activation='softmax'))
model.summary()
