#!/usr/bin/python3
"""Writes the endpoint's model zoo: real ImageNet classifier architectures as ONNX files
that OpenCV DNN 4.6 reads, with SEEDED RANDOM WEIGHTS.

No Debian or npm package ships pretrained ImageNet weights that work offline (see README,
"Real inference"), so the compute of every forward pass is real (the layers, shapes and
multiply-adds of the published networks) while the labels it predicts are meaningless.

  mobilenet_v2      224  MobileNetV2 1.0 (Sandler et al. 2018), faithful
  nasnet_mobile     224  NASNet-A Mobile 4@1056 shape (Zoph et al. 2018): a stand-in
  resnet50          224  ResNet-50 v1 (He et al. 2016), faithful
  nasnet_large      331  NASNet-A Large 6@4032 shape: a stand-in

The NASNet stand-ins keep NASNet-A's cell structure (two separable-convolution stacks per
branch, average and max pooling, five combined branches concatenated, reduction cells
between stages, the published cell counts and filter widths) but adjust a previous cell's
output with a strided 1x1 convolution where NASNet uses its factorised reduction.
BatchNorm is folded into the convolutions' biases, as inference engines do.

Only operators OpenCV 4.6's ONNX importer handles: Conv (grouped for depthwise), Relu, Clip,
Add, Concat, MaxPool, AveragePool, GlobalAveragePool, Flatten, Gemm, Softmax.

Usage: make_models.py OUT_DIR [--only NAME,...]
Needs python3-onnx and python3-numpy (Debian packages; scripts/setup.sh installs them).
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 10  # Clip keeps min/max as attributes: OpenCV 4.6 reads Clip with one input only
SEED = 20211  # ICPE'21: fixed so every build writes the same weights


class Net:
    """Builds an ONNX graph while tracking shapes, parameters and multiply-adds."""

    def __init__(self, name, side, seed):
        self.name = name
        self.side = side
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits = [], []
        self.count = 0
        self.params = 0
        self.macs = 0

    def _id(self, prefix):
        self.count += 1
        return f"{prefix}_{self.count}"

    def _weight(self, shape, fan_in, gain):
        # He initialisation, scaled by `gain` so residual sums stay O(1): no overflow, no
        # denormals that would make the timing unlike a trained network's.
        w = self.rng.standard_normal(shape, dtype=np.float32) * np.float32(
            gain * np.sqrt(2.0 / fan_in))
        name = self._id("w")
        self.inits.append(numpy_helper.from_array(w, name))
        self.params += w.size
        return name

    def _bias(self, n):
        name = self._id("b")
        self.inits.append(numpy_helper.from_array(np.zeros(n, np.float32), name))
        self.params += n
        return name

    # Every tensor is (name, channels, height, width).
    def conv(self, x, out_c, k, stride=1, group=1, gain=1.0):
        name, c, h, w = x
        pad = k // 2
        oh = (h + 2 * pad - k) // stride + 1
        ow = (w + 2 * pad - k) // stride + 1
        fan_in = (c // group) * k * k
        wn = self._weight((out_c, c // group, k, k), fan_in, gain)
        bn = self._bias(out_c)
        out = self._id("conv")
        self.nodes.append(
            helper.make_node("Conv", [name, wn, bn], [out], kernel_shape=[k, k],
                             strides=[stride, stride], pads=[pad] * 4, group=group))
        self.macs += out_c * oh * ow * fan_in
        return (out, out_c, oh, ow)

    def relu(self, x):
        out = self._id("relu")
        self.nodes.append(helper.make_node("Relu", [x[0]], [out]))
        return (out,) + x[1:]

    def relu6(self, x):
        out = self._id("relu6")
        self.nodes.append(helper.make_node("Clip", [x[0]], [out], min=0.0, max=6.0))
        return (out,) + x[1:]

    def add(self, a, b):
        assert a[1:] == b[1:], (a, b)
        out = self._id("add")
        self.nodes.append(helper.make_node("Add", [a[0], b[0]], [out]))
        return (out,) + a[1:]

    def concat(self, xs):
        assert all(x[2:] == xs[0][2:] for x in xs), xs
        out = self._id("concat")
        self.nodes.append(helper.make_node("Concat", [x[0] for x in xs], [out], axis=1))
        return (out, sum(x[1] for x in xs)) + xs[0][2:]

    def pool(self, x, kind, k, stride):
        name, c, h, w = x
        pad = k // 2
        out = self._id(kind.lower())
        extra = {"count_include_pad": 0} if kind == "AveragePool" else {}
        self.nodes.append(
            helper.make_node(kind, [name], [out], kernel_shape=[k, k], strides=[stride, stride],
                             pads=[pad] * 4, **extra))
        return (out, c, (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1)

    def classifier(self, x, classes=1000):
        gap = self._id("gap")
        self.nodes.append(helper.make_node("GlobalAveragePool", [x[0]], [gap]))
        flat = self._id("flat")
        self.nodes.append(helper.make_node("Flatten", [gap], [flat], axis=1))
        wn = self._weight((classes, x[1]), x[1], 1.0)
        bn = self._bias(classes)
        logits = self._id("logits")
        self.nodes.append(helper.make_node("Gemm", [flat, wn, bn], [logits], transB=1))
        self.macs += classes * x[1]
        self.nodes.append(helper.make_node("Softmax", [logits], ["prob"], axis=1))

    def model(self):
        inp = helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                            [1, 3, self.side, self.side])
        out = helper.make_tensor_value_info("prob", TensorProto.FLOAT, [1, 1000])
        doc = (f"{self.name}: real architecture, SEEDED RANDOM WEIGHTS (seed {SEED}); "
               "compute is real, predicted labels are not. Written by scripts/make_models.py.")
        graph = helper.make_graph(self.nodes, self.name, [inp], [out], self.inits)
        m = helper.make_model(graph, producer_name="pieslicer make_models.py", doc_string=doc,
                              opset_imports=[helper.make_opsetid("", OPSET)])
        m.ir_version = 6
        return m

    def input(self):
        return ("input", 3, self.side, self.side)


def mobilenet_v2(net):
    x = net.relu6(net.conv(net.input(), 32, 3, 2))
    c = 32
    for t, out_c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                           (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(n):
            stride = s if i == 0 else 1
            y = x
            if t != 1:
                y = net.relu6(net.conv(y, c * t, 1))
            y = net.relu6(net.conv(y, c * t, 3, stride, group=c * t))
            y = net.conv(y, out_c, 1, gain=0.3)  # linear bottleneck
            x = net.add(x, y) if stride == 1 and c == out_c else y
            c = out_c
    x = net.relu6(net.conv(x, 1280, 1))
    net.classifier(x)


def resnet50(net):
    x = net.relu(net.conv(net.input(), 64, 7, 2))
    x = net.pool(x, "MaxPool", 3, 2)
    for width, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
        for i in range(blocks):
            s = stride if i == 0 else 1
            y = net.relu(net.conv(x, width, 1))
            y = net.relu(net.conv(y, width, 3, s))
            y = net.conv(y, width * 4, 1, gain=0.3)
            shortcut = x if i > 0 else net.conv(x, width * 4, 1, s)
            x = net.relu(net.add(shortcut, y))
    net.classifier(x)


def _sep(net, x, filters, k, stride=1):
    """NASNet's separable block: (ReLU, depthwise kxk, pointwise 1x1) twice."""
    for i in range(2):
        x = net.relu(x)
        x = net.conv(x, x[1], k, stride if i == 0 else 1, group=x[1])
        x = net.conv(x, filters, 1, gain=0.5)
    return x


def _fit(net, x, filters, like):
    """A previous cell's output brought to `like`'s resolution and `filters` channels."""
    stride = 2 if x[2] > like[2] else 1
    if stride == 1 and x[1] == filters:
        return x
    return net.conv(net.relu(x), filters, 1, stride)


def _normal_cell(net, h, prev, f):
    h = net.conv(net.relu(h), f, 1)
    prev = _fit(net, prev, f, h)
    b1 = net.add(_sep(net, h, f, 5), _sep(net, prev, f, 3))
    b2 = net.add(_sep(net, prev, f, 5), _sep(net, prev, f, 3))
    b3 = net.add(net.pool(h, "AveragePool", 3, 1), prev)
    b4 = net.add(net.pool(prev, "AveragePool", 3, 1), net.pool(prev, "AveragePool", 3, 1))
    b5 = net.add(_sep(net, h, f, 3), h)
    return net.concat([prev, b1, b2, b3, b4, b5])


def _reduction_cell(net, h, prev, f):
    h = net.conv(net.relu(h), f, 1)
    prev = _fit(net, prev, f, h)
    r1 = net.add(_sep(net, h, f, 5, 2), _sep(net, prev, f, 7, 2))
    r2 = net.add(net.pool(h, "MaxPool", 3, 2), _sep(net, prev, f, 7, 2))
    r3 = net.add(net.pool(h, "AveragePool", 3, 2), _sep(net, prev, f, 5, 2))
    r4 = net.add(net.pool(r1, "AveragePool", 3, 1), r2)
    r5 = net.add(_sep(net, r1, f, 3), net.pool(h, "MaxPool", 3, 2))
    return net.concat([r2, r3, r4, r5])


def nasnet(net, cells_per_stage, penultimate, stem_filters):
    """NASNet-A N@P: N normal cells per stage, P filters before the classifier."""
    f = penultimate // 24
    x = net.conv(net.input(), stem_filters, 3, 2)
    # The two stem reduction cells at f/4 and f/2, then three stages of normal cells with
    # a reduction cell between stages; filters double at each reduction.
    prev, h = x, _reduction_cell(net, x, x, f // 4)
    prev, h = h, _reduction_cell(net, h, prev, f // 2)
    for stage in range(3):
        width = f * (2 ** stage)
        if stage > 0:
            prev, h = h, _reduction_cell(net, h, prev, width)
        for _ in range(cells_per_stage):
            prev, h = h, _normal_cell(net, h, prev, width)
    net.classifier(net.relu(h))


# name: (input side, builder)
ZOO = {
    "mobilenet_v2": (224, mobilenet_v2),
    "nasnet_mobile": (224, lambda n: nasnet(n, 4, 1056, 32)),
    "resnet50": (224, resnet50),
    "nasnet_large": (331, lambda n: nasnet(n, 6, 4032, 96)),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--only", default="", help="comma-separated names of " + ",".join(ZOO))
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(ZOO)
    os.makedirs(args.out_dir, exist_ok=True)
    for i, name in enumerate(names):
        if name not in ZOO:
            sys.exit(f"make_models.py: unknown model {name} (known: {', '.join(ZOO)})")
        side, build = ZOO[name]
        net = Net(name, side, SEED + list(ZOO).index(name))
        build(net)
        model = net.model()
        onnx.checker.check_model(model)
        path = os.path.join(args.out_dir, name + ".onnx")
        tmp = path + ".tmp"
        onnx.save(model, tmp)
        os.replace(tmp, path)  # never leave a half-written model behind
        print(f"{name}: input {side}, {net.params / 1e6:.1f} M parameters, "
              f"{net.macs / 1e9:.2f} G multiply-adds -> {path}")


if __name__ == "__main__":
    main()
