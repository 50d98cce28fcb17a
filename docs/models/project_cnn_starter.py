import keras
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense

# Mini project starter: 64x64 RGB photos, 5 classes.
# It runs, but it is far over the parameter budget. Make it fit.
model = Sequential(name="project_cnn_starter")
model.add(keras.Input(shape=(64, 64, 3)))
model.add(Conv2D(filters=32, kernel_size=3, padding='same', activation='relu'))
model.add(Conv2D(filters=64, kernel_size=3, padding='same', activation='relu'))
model.add(Flatten())
model.add(Dense(5, activation='softmax'))
model.summary()
