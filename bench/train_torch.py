"""PyTorch reference for the training rows of `npm run bench`: the same two classifiers on this machine's CPU.

Model A = our 'cnn' width 16 depth 4; model B = our 'resnet' width 16 depth 3 (src/core/models), 64x64x3 input,
(model U = our 'unet' width 8 depth 3, 128x128x3, batch 8, 3 classes: UNet and measure_unet below),
batch 32, 10 classes, AdamW (lr 1e-3, weight decay 0.01, torch's defaults otherwise), softmax cross-entropy,
torch.set_num_threads(2). Batches are random uint8 NHWC images turned into normalised float NCHW tensors with a
random horizontal flip, as the studio's preprocessing does. Prints one JSON line:
{"torch": version, "threads": 2, "models": {"A": {"params", "train", "infer", "split": {...}}, "B": ...}}
with images/s for training and inference (model.eval(), no_grad) and the step time split in ms.
Usage: python3 bench/train_torch.py [seconds per measure, default 2]
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

BATCH, SIZE, CLASSES = 32, 64, 10


def conv_bn(cin, cout, k=3, stride=1):
    # Keras' BN momentum 0.9 is torch's 0.1; eps 1e-5 as ours.
    return [nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)]


def cnn(width=16, depth=4):
    layers, cin = [], 3
    for i in range(depth):
        cout = width * 2**i
        layers += conv_bn(cin, cout) + [nn.ReLU(inplace=True), nn.MaxPool2d(2)]
        cin = cout
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, CLASSES))


class BasicBlock(nn.Module):
    """conv3x3-BN-ReLU, conv3x3-BN, plus the input (or a 1x1 strided conv-BN where the shape changes), ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(cin, cout, 3, stride), nn.ReLU(inplace=True), *conv_bn(cout, cout))
        self.proj = None if stride == 1 and cin == cout else nn.Sequential(*conv_bn(cin, cout, 1, stride))

    def forward(self, x):
        return torch.relu(self.body(x) + (x if self.proj is None else self.proj(x)))


def resnet(width=16, depth=3):
    layers, cin = conv_bn(3, width) + [nn.ReLU(inplace=True)], width
    for i in range(depth):
        cout = width * 2**i
        layers.append(BasicBlock(cin, cout, 1 if i == 0 else 2))
        cin = cout
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, CLASSES))


class UNet(nn.Module):
    """Our 'unet' (src/core/models/unet.ts): per level two conv3x3-BN-ReLU, maxpool 2; a bottleneck; on the
    way up a 2x2 transposed conv (stride 2, bias), the skip concatenated first, two conv3x3-BN-ReLU; 1x1 head."""

    def __init__(self, width=8, depth=3, classes=3):
        super().__init__()

        def double(cin, cout):
            return nn.Sequential(*conv_bn(cin, cout), nn.ReLU(inplace=True), *conv_bn(cout, cout), nn.ReLU(inplace=True))

        self.down, self.up, self.fuse = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        cin = 3
        for i in range(depth):
            self.down.append(double(cin, width * 2**i))
            cin = width * 2**i
        self.bottleneck = double(cin, width * 2**depth)
        cin = width * 2**depth
        for i in reversed(range(depth)):
            f = width * 2**i
            self.up.append(nn.ConvTranspose2d(cin, f, 2, 2))
            self.fuse.append(double(2 * f, f))
            cin = f
        self.head = nn.Conv2d(cin, classes, 1)

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x)
            skips.append(x)
            x = nn.functional.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for up, fuse, skip in zip(self.up, self.fuse, reversed(skips)):
            x = fuse(torch.cat([skip, up(x)], 1))
        return self.head(x)


UNET_BATCH, UNET_SIZE, UNET_CLASSES = 8, 128, 3


def measure_unet(seconds):
    """The U-Net's training (AdamW, cross-entropy over pixels) and inference images/s at 128x128, batch 8."""
    rng = np.random.default_rng(0)
    model = UNet()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def seg_batch():
        raw = rng.integers(0, 256, (UNET_BATCH, UNET_SIZE, UNET_SIZE, 3), dtype=np.uint8)
        x = torch.from_numpy(raw).permute(0, 3, 1, 2).float().div_(255).contiguous()
        y = torch.from_numpy(rng.integers(0, UNET_CLASSES, (UNET_BATCH, UNET_SIZE, UNET_SIZE)))
        return x, y

    def step():
        x, y = seg_batch()
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    model.train()
    train = timed(step, seconds, batch_size=UNET_BATCH)
    model.eval()
    x, _ = seg_batch()
    with torch.no_grad():
        infer = timed(lambda: model(x), seconds, batch_size=UNET_BATCH)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"params": params, "train": train, "infer": infer}


def batch(rng):
    """uint8 NHWC -> float NCHW in 0..1, each image flipped left-right with probability 1/2."""
    raw = rng.integers(0, 256, (BATCH, SIZE, SIZE, 3), dtype=np.uint8)
    x = torch.from_numpy(raw).permute(0, 3, 1, 2).float().div_(255)
    flip = torch.from_numpy(rng.random(BATCH) < 0.5)
    x[flip] = x[flip].flip(3)
    y = torch.from_numpy(rng.integers(0, CLASSES, BATCH))
    return x.contiguous(), y


def timed(fn, seconds, min_reps=3, batch_size=BATCH):
    fn()  # warm-up
    reps, t0 = 0, time.perf_counter()
    while reps < min_reps or time.perf_counter() - t0 < seconds:
        fn()
        reps += 1
    return reps * batch_size / (time.perf_counter() - t0)


def measure(model, seconds):
    rng = np.random.default_rng(0)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def train_step():
        x, y = batch(rng)
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    model.train()
    train = timed(train_step, seconds)
    # The split: the same phases one after another (torch on the CPU is synchronous).
    split = {"data": 0.0, "forward_backward": 0.0, "optimizer": 0.0}
    reps = max(5, int(train * seconds / BATCH / 2))
    for _ in range(reps):
        t0 = time.perf_counter()
        x, y = batch(rng)
        t1 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        split["data"] += t1 - t0
        split["forward_backward"] += t2 - t1
        split["optimizer"] += t3 - t2
    split = {k: v * 1000 / reps for k, v in split.items()}

    model.eval()
    x, _ = batch(rng)
    with torch.no_grad():
        infer = timed(lambda: model(x), seconds)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"params": params, "train": train, "infer": infer, "split": split}


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    torch.set_num_threads(2)
    torch.manual_seed(0)
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "models": {"A": measure(cnn(), seconds), "B": measure(resnet(), seconds), "U": measure_unet(seconds)},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
