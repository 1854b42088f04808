#!/usr/bin/env python3
"""Writes tiny_cnn.h5, a Keras 2.x Sequential model saved the way keras.Model.save(...h5) lays it out,
tiny_cnn_expected.json, the model's logits for a fixed input computed here in NumPy,
tiny_cnn_functional.h5, the same model saved as a functional model, unsupported_layer.h5, the same
model behind a layer DL4J cannot import, and weights_only.h5, a file with no model_config.

TensorFlow is not needed: the HDF5 layout (root attributes keras_version, backend, model_config;
group model_weights with layer_names, per-layer weight_names and <layer>/<layer>/<weight>:0
datasets) is written by hand with h5py, so the expected logits are an independent check of DL4J's
Keras importer, not a replay of it.

Model: input 8x8x1 (channels_last) -> Conv2D(2 filters, 3x3, valid, ReLU) -> Flatten -> Dense(3, linear).

Run from this directory: /usr/bin/python3 make_fixture.py
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
H, W, C, FILTERS, K, CLASSES = 8, 8, 1, 2, 3, 3

rng = np.random.RandomState(20240611)
# Keras layouts: conv kernel [kh, kw, in, out], dense kernel [in, out].
conv_kernel = rng.uniform(-0.5, 0.5, size=(K, K, C, FILTERS)).astype(np.float32)
conv_bias = np.array([0.05, -0.1], dtype=np.float32)
flat = (H - K + 1) * (W - K + 1) * FILTERS
dense_kernel = rng.uniform(-0.3, 0.3, size=(flat, CLASSES)).astype(np.float32)
dense_bias = np.array([0.1, 0.0, -0.1], dtype=np.float32)
# A fixed input in [0, 1): a smooth ramp plus a bump, channels_last [h, w, c].
yy, xx = np.mgrid[0:H, 0:W]
image = (((xx + 2 * yy) % 7) / 7.0 + 0.2 * np.exp(-((xx - 3) ** 2 + (yy - 4) ** 2) / 4.0)) / 1.2
image = image.astype(np.float32).reshape(H, W, C)


def forward(x):
    """Keras semantics in float64: valid cross-correlation, ReLU, row-major flatten of [h, w, c], dense."""
    x = x.astype(np.float64)
    oh, ow = H - K + 1, W - K + 1
    conv = np.zeros((oh, ow, FILTERS))
    for i in range(oh):
        for j in range(ow):
            patch = x[i:i + K, j:j + K, :]
            conv[i, j, :] = np.tensordot(patch, conv_kernel.astype(np.float64), axes=([0, 1, 2], [0, 1, 2]))
    conv = np.maximum(conv + conv_bias, 0.0)
    return conv.reshape(-1) @ dense_kernel.astype(np.float64) + dense_bias


def layer(class_name, config):
    return {"class_name": class_name, "config": config}


init = {"class_name": "GlorotUniform", "config": {"seed": None}}
zeros = {"class_name": "Zeros", "config": {}}
model_config = {
    "class_name": "Sequential",
    "config": {
        "name": "sequential",
        "layers": [
            layer("Conv2D", {
                "name": "conv2d", "trainable": True, "batch_input_shape": [None, H, W, C], "dtype": "float32",
                "filters": FILTERS, "kernel_size": [K, K], "strides": [1, 1], "padding": "valid",
                "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu",
                "use_bias": True, "kernel_initializer": init, "bias_initializer": zeros,
                "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                "kernel_constraint": None, "bias_constraint": None}),
            layer("Flatten", {"name": "flatten", "trainable": True, "dtype": "float32",
                              "data_format": "channels_last"}),
            layer("Dense", {
                "name": "dense", "trainable": True, "dtype": "float32", "units": CLASSES, "activation": "linear",
                "use_bias": True, "kernel_initializer": init, "bias_initializer": zeros,
                "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                "kernel_constraint": None, "bias_constraint": None}),
        ],
    },
}
weights = {
    "conv2d": [("kernel:0", conv_kernel), ("bias:0", conv_bias)],
    "flatten": [],
    "dense": [("kernel:0", dense_kernel), ("bias:0", dense_bias)],
}


def names(strings):
    # Keras stores name lists as fixed-length byte strings; an empty list still needs a typed array.
    return np.array([s.encode("utf8") for s in strings], dtype="S" + str(max([1] + [len(s) for s in strings])))


def write_model(file_name, config, layer_weights):
    with h5py.File(os.path.join(HERE, file_name), "w") as f:
        # Keras 2.x writes these root attributes as encoded byte strings.
        f.attrs["keras_version"] = np.bytes_("2.4.0")
        f.attrs["backend"] = np.bytes_("tensorflow")
        f.attrs["model_config"] = np.bytes_(json.dumps(config))
        mw = f.create_group("model_weights")
        mw.attrs["keras_version"] = np.bytes_("2.4.0")
        mw.attrs["backend"] = np.bytes_("tensorflow")
        mw.attrs["layer_names"] = names(list(layer_weights))
        for layer_name, ws in layer_weights.items():
            g = mw.create_group(layer_name)
            g.attrs["weight_names"] = names([layer_name + "/" + n for n, _ in ws])
            for n, value in ws:
                g.create_dataset(layer_name + "/" + n, data=value, track_times=False)  # reproducible bytes


write_model("tiny_cnn.h5", model_config, weights)

# The same model behind a Resizing layer, which DL4J's importer does not know: the CLI must pass on
# the importer's message.
unsupported = json.loads(json.dumps(model_config))
unsupported["config"]["layers"].insert(0, layer("Resizing", {
    "name": "resizing", "trainable": True, "batch_input_shape": [None, 16, 16, C], "dtype": "float32",
    "height": H, "width": W, "interpolation": "bilinear", "crop_to_aspect_ratio": False}))
del unsupported["config"]["layers"][1]["config"]["batch_input_shape"]
write_model("unsupported_layer.h5", unsupported, {"resizing": [], **weights})

# The same model as a functional Keras 2.4+ model ("Functional", an explicit InputLayer, inbound_nodes):
# it takes the ComputationGraph import route and must give the same logits.
functional_layers = [{"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [], "config": {
    "batch_input_shape": [None, H, W, C], "dtype": "float32", "sparse": False, "ragged": False, "name": "input_1"}}]
previous = "input_1"
for sequential_layer in json.loads(json.dumps(model_config["config"]["layers"])):
    sequential_layer["config"].pop("batch_input_shape", None)
    name = sequential_layer["config"]["name"]
    functional_layers.append({**sequential_layer, "name": name, "inbound_nodes": [[[previous, 0, 0, {}]]]})
    previous = name
functional = {"class_name": "Functional", "config": {
    "name": "model", "layers": functional_layers,
    "input_layers": [["input_1", 0, 0]], "output_layers": [[previous, 0, 0]]}}
write_model("tiny_cnn_functional.h5", functional, {"input_1": [], **weights})

# Weights without architecture, as model.save_weights(...h5) writes them: not a model the CLI can load.
with h5py.File(os.path.join(HERE, "weights_only.h5"), "w") as f:
    f.attrs["keras_version"] = np.bytes_("2.4.0")
    f.attrs["backend"] = np.bytes_("tensorflow")
    f.attrs["layer_names"] = names(list(weights))

with open(os.path.join(HERE, "tiny_cnn_expected.json"), "w") as f:
    json.dump({
        "comment": "written by make_fixture.py: input [h][w][c] (channels_last) and float64 NumPy logits",
        "input_hwc": image.astype(np.float64).tolist(),
        "logits": forward(image).tolist(),
    }, f, indent=1)
    f.write("\n")
