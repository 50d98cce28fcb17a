import keras

model = keras.applications.VGG16(weights=None)
model.summary()
