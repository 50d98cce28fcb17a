import keras
from keras import layers
from keras.applications import MobileNetV2

# The pretrained convolutional base, without its 1000-class ImageNet head.
base = MobileNetV2(input_shape=(160, 160, 3), include_top=False,
                   weights='imagenet')
base.trainable = False          # freeze every weight of the base

# A new head for 5 classes.
inputs = keras.Input(shape=(160, 160, 3))
x = base(inputs, training=False)  # keep BatchNormalization in inference mode
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(5, activation='softmax')(x)
model = keras.Model(inputs, outputs, name="transfer_mobilenetv2")
model.summary()
