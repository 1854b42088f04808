#!/usr/bin/python3
"""PyTorch half of the dl4j-saliency vs PyTorch CPU benchmark.

Times the same attribution methods that `saliency-audit bench` times on the DL4J side, on
torchvision's VGG16 and ResNet50 with random weights, and writes one JSON record per
(model, batch, row) to --out. `--check` instead verifies the implementations below on tiny
random nets against independent truth (finite differences, identities, conservation).

Run it with Debian's interpreter, which has torch 1.13 / torchvision 0.14:
    /usr/bin/python3 scripts/bench_pytorch.py --models vgg16 --batch 1 --repeats 1 --out /tmp/pt.jsonl
    /usr/bin/python3 scripts/bench_pytorch.py --check
"""

import argparse
import copy
import json
import math
import sys
import time
import types

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.resnet import Bottleneck

from bench_rows import METHOD_ROWS as ROWS

RECT_Q = 98.0
LRP_EPS = 1e-6          # epsilon of LRP-ε and stabiliser of every other rule
IG_STEPS = 16
SG_SAMPLES = 16
SG_NOISE = 0.1          # σ = 0.1 · (max − min) per example
CHUNK = 8               # rows per forward/backward pass for IG and SmoothGrad


# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------

def prepare(model):
    """Eval mode, every ReLU out-of-place (tensor hooks on its output need that), no parameter
    gradients (only the input gradient is ever needed)."""
    for m in model.modules():
        if isinstance(m, nn.ReLU):
            m.inplace = False
    for p in model.parameters():
        p.requires_grad_(False)
    return model.eval()


def build_model(name):
    torch.manual_seed(0)
    if name == "vgg16":
        model = torchvision.models.vgg16(weights=None, num_classes=1000)
    elif name == "resnet50":
        model = torchvision.models.resnet50(weights=None, num_classes=1000)
    else:
        raise SystemExit(f"bench_pytorch: unknown model {name!r} (vgg16, resnet50)")
    return prepare(model)


def predicted(logits):
    return logits.detach().argmax(dim=1)


def target_logit_sum(logits, target):
    """T = the target's pre-softmax logit, summed over the batch (examples are independent)."""
    return logits.gather(1, target[:, None]).sum()


# ---------------------------------------------------------------------------------------------
# Plain gradient family
# ---------------------------------------------------------------------------------------------

def gradient(model, x, target=None):
    """Input gradient of the target logit; target defaults to the prediction of this same pass."""
    xg = x.detach().clone().requires_grad_(True)
    logits = model(xg)
    if target is None:
        target = predicted(logits)
    (g,) = torch.autograd.grad(target_logit_sum(logits, target), xg)
    return g


def gradient_x_input(model, x):
    return x * gradient(model, x)


class _Hooks:
    """Registers hooks and removes them all on exit."""

    def __init__(self):
        self.handles = []

    def add(self, handle):
        self.handles.append(handle)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for h in self.handles:
            h.remove()
        self.handles.clear()
        return False


def guided_backprop(model, x):
    """At every ReLU call, clamp the gradient arriving at its output at min 0; the ReLU's own
    backward then applies 1[z > 0]."""
    def relu_hook(module, inputs, output):
        output.register_hook(lambda g: g.clamp(min=0))

    with _Hooks() as hooks:
        for m in model.modules():
            if isinstance(m, nn.ReLU):
                hooks.add(m.register_forward_hook(relu_hook))
        return gradient(model, x)


def percentile_threshold(scores, q):
    """Per-row q-th percentile of `scores` (N × n) as Kim et al.'s reference computes it: sort
    descending, take index round((n − 1)(1 − q/100)) (half-to-even), i.e. the (n − idx)-th smallest."""
    n = scores.shape[1]
    idx = round((n - 1) * (1.0 - q / 100.0))
    return scores.kthvalue(n - idx, dim=1).values


_border_masks = {}


def _border_mask(h, w, like):
    key = (h, w, like.dtype, like.device)
    m = _border_masks.get(key)
    if m is None:
        m = torch.ones(h, w, dtype=like.dtype, device=like.device)
        m[0, :] = 0
        m[-1, :] = 0
        m[:, 0] = 0
        m[:, -1] = 0
        _border_masks[key] = m
    return m


def _is_same_3x3(m):
    return (isinstance(m, nn.Conv2d) and tuple(m.kernel_size) == (3, 3) and tuple(m.stride) == (1, 1)
            and tuple(m.padding) == (1, 1) and tuple(m.dilation) == (1, 1))


def rectgrad_signal(model, x, q=RECT_Q, tau=None, padding_trick=True):
    """Rectified Gradient's signal at the input. At every ReLU output a with incoming gradient g,
    s = a·g; pass g where s > τ (strict), τ = per-example q-th percentile of s over the layer's
    units, or the constant `tau` when given (τ = 0 is Guided Backprop). With the padding trick the
    gradient at the output of every 3×3 stride-1 pad-1 conv loses its 1-pixel border."""
    def relu_hook(module, inputs, output):
        a = output.detach()

        def rectify(g):
            s = (a * g).reshape(g.shape[0], -1)
            if tau is None:
                t = percentile_threshold(s, q)[:, None]
            else:
                t = tau
            return g * (s > t).reshape(g.shape).to(g.dtype)

        output.register_hook(rectify)

    def conv_hook(module, inputs, output):
        mask = _border_mask(output.shape[-2], output.shape[-1], output)
        output.register_hook(lambda g: g * mask)

    with _Hooks() as hooks:
        for m in model.modules():
            if isinstance(m, nn.ReLU):
                hooks.add(m.register_forward_hook(relu_hook))
            elif padding_trick and _is_same_3x3(m):
                hooks.add(m.register_forward_hook(conv_hook))
        return gradient(model, x)


def rectgrad(model, x):
    return x * rectgrad_signal(model, x)


def integrated_gradients(model, x, steps=IG_STEPS, chunk=CHUNK):
    """Zero baseline, midpoint rule α_k = (k − 0.5)/steps, rows example-major, `chunk` rows per
    pass, targets fixed at those predicted at x."""
    with torch.no_grad():
        target = predicted(model(x))
    b = x.shape[0]
    alphas = (torch.arange(1, steps + 1, dtype=x.dtype) - 0.5) / steps
    rows = (x[:, None] * alphas.view(1, steps, 1, 1, 1)).reshape(b * steps, *x.shape[1:])
    row_target = target.repeat_interleave(steps)
    grads = torch.empty_like(rows)
    for i in range(0, rows.shape[0], chunk):
        grads[i:i + chunk] = gradient(model, rows[i:i + chunk], row_target[i:i + chunk])
    return x * grads.view(b, steps, *x.shape[1:]).mean(dim=1)


def smoothgrad(model, x, samples=SG_SAMPLES, noise=SG_NOISE, chunk=CHUNK, seed=1234):
    """Mean gradient at x + N(0, σ²), σ = noise · (max − min) per example, rows example-major,
    `chunk` rows per pass, targets fixed at those predicted at x."""
    with torch.no_grad():
        target = predicted(model(x))
    b = x.shape[0]
    flat = x.reshape(b, -1)
    sigma = noise * (flat.max(dim=1).values - flat.min(dim=1).values)
    gen = torch.Generator().manual_seed(seed)
    eps = torch.randn((b, samples) + tuple(x.shape[1:]), generator=gen, dtype=x.dtype)
    rows = (x[:, None] + eps * sigma.view(b, 1, 1, 1, 1)).reshape(b * samples, *x.shape[1:])
    row_target = target.repeat_interleave(samples)
    grads = torch.empty_like(rows)
    for i in range(0, rows.shape[0], chunk):
        grads[i:i + chunk] = gradient(model, rows[i:i + chunk], row_target[i:i + chunk])
    return grads.view(b, samples, *x.shape[1:]).mean(dim=1)


# ---------------------------------------------------------------------------------------------
# LRP (Zennit-style gradient trick)
# ---------------------------------------------------------------------------------------------

def stabilize(z, eps):
    """Zennit's stabilize: z + eps·sign(z) with sign(0) = +1."""
    return z + ((z == 0).to(z.dtype) + z.sign()) * eps


def _input_grad(module, x_shape, weight, s):
    """The layer's input-gradient of s, i.e. Wᵀ s, for the given (possibly modified) weight."""
    if isinstance(module, nn.Conv2d):
        return torch.nn.grad.conv2d_input(x_shape, weight, s, module.stride, module.padding,
                                          module.dilation, module.groups)
    return s @ weight


class EpsRule(torch.autograd.Function):
    """LRP-ε at a Conv2d/Linear: R_in = x · Wᵀ (R / stab(z)), z = the layer's output incl. bias.
    Forward passes the output through; backward replaces the layer's own backward."""

    @staticmethod
    def forward(ctx, inp, out, module, eps):
        ctx.module = module
        ctx.eps = eps
        ctx.save_for_backward(inp, out)
        return out.clone()

    @staticmethod
    def backward(ctx, relevance):
        inp, z = ctx.saved_tensors
        s = relevance / stabilize(z, ctx.eps)
        c = _input_grad(ctx.module, inp.shape, ctx.module.weight, s)
        return inp * c, None, None, None


class ZPlusRule(torch.autograd.Function):
    """Zennit 0.5.1 ZPlus at a Conv2d (or Linear): zp = f(x⁺; w⁺, b⁺) + f(x⁻; w⁻, 0),
    s = R / stab(zp), R_in = x⁺ · w⁺ᵀ s + x⁻ · w⁻ᵀ s."""

    @staticmethod
    def forward(ctx, inp, out, module, eps):
        ctx.module = module
        ctx.eps = eps
        ctx.save_for_backward(inp)
        return out.clone()

    @staticmethod
    def backward(ctx, relevance):
        (inp,) = ctx.saved_tensors
        m = ctx.module
        xp, xn = inp.clamp(min=0), inp.clamp(max=0)
        wp, wn = m.weight.clamp(min=0), m.weight.clamp(max=0)
        bp = m.bias.clamp(min=0) if m.bias is not None else None
        if isinstance(m, nn.Conv2d):
            zp = (F.conv2d(xp, wp, bp, m.stride, m.padding, m.dilation, m.groups)
                  + F.conv2d(xn, wn, None, m.stride, m.padding, m.dilation, m.groups))
        else:
            zp = F.linear(xp, wp, bp) + F.linear(xn, wn)
        s = relevance / stabilize(zp, ctx.eps)
        r = xp * _input_grad(m, inp.shape, wp, s) + xn * _input_grad(m, inp.shape, wn, s)
        return r, None, None, None


class SumRule(torch.autograd.Function):
    """Residual add a + b with the proportional (Zennit Norm) rule R_i = x_i / stab(a + b) · R."""

    @staticmethod
    def forward(ctx, a, b, eps):
        ctx.eps = eps
        ctx.save_for_backward(a, b)
        return a + b

    @staticmethod
    def backward(ctx, relevance):
        a, b = ctx.saved_tensors
        s = relevance / stabilize(a + b, ctx.eps)
        return a * s, b * s, None


class GlobalAvgPoolRule(torch.autograd.Function):
    """Global average pool (N,C,H,W) → (N,C,1,1) with the proportional rule
    R_in = x / stab(mean) · (R / (H·W))."""

    @staticmethod
    def forward(ctx, x, eps):
        ctx.eps = eps
        out = x.mean(dim=(2, 3), keepdim=True)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, relevance):
        x, out = ctx.saved_tensors
        window = x.shape[2] * x.shape[3]
        return x * (relevance / stabilize(out, ctx.eps) / window), None


class LrpGlobalAvgPool(nn.Module):
    def __init__(self, eps=LRP_EPS):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        return GlobalAvgPoolRule.apply(x, self.eps)


def _lrp_bottleneck_forward(self, x):
    """torchvision Bottleneck.forward with the residual add through SumRule (BN already folded)."""
    identity = x
    out = self.relu(self.bn1(self.conv1(x)))
    out = self.relu(self.bn2(self.conv2(out)))
    out = self.bn3(self.conv3(out))
    if self.downsample is not None:
        identity = self.downsample(x)
    out = SumRule.apply(out, identity, self._lrp_eps)
    return self.relu(out)


def fold_bn(conv, bn):
    """Fold an eval-mode BatchNorm2d into the preceding Conv2d (in place): W·s, b·s + β − μ·s,
    s = γ / sqrt(var + eps)."""
    with torch.no_grad():
        s = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        bias = conv.bias if conv.bias is not None else torch.zeros_like(bn.running_mean)
        new_bias = bias * s + bn.bias - bn.running_mean * s
        conv.weight.mul_(s.view(-1, 1, 1, 1))
        conv.bias = nn.Parameter(new_bias, requires_grad=False)


def canonize(model):
    """Fold every BatchNorm2d into its conv: consecutive Conv2d→BatchNorm2d in a Sequential, and
    attribute pairs convN/bnN (and ResNet's stem conv1/bn1). The BN becomes nn.Identity."""
    for parent in list(model.modules()):
        if isinstance(parent, nn.Sequential):
            names = [n for n, _ in parent.named_children()]
            for a, b in zip(names, names[1:]):
                conv, bn = parent._modules[a], parent._modules[b]
                if isinstance(conv, nn.Conv2d) and isinstance(bn, nn.BatchNorm2d):
                    fold_bn(conv, bn)
                    parent._modules[b] = nn.Identity()
        else:
            for name, child in list(parent.named_children()):
                if isinstance(child, nn.BatchNorm2d) and name.startswith("bn"):
                    conv = getattr(parent, "conv" + name[2:], None)
                    if not isinstance(conv, nn.Conv2d):
                        raise ValueError(f"no conv for {name} in {type(parent).__name__}")
                    fold_bn(conv, child)
                    setattr(parent, name, nn.Identity())
    leftover = [n for n, m in model.named_modules() if isinstance(m, nn.BatchNorm2d)]
    if leftover:
        raise ValueError(f"BatchNorm2d not folded: {leftover}")
    return model


def lrp_model(model, eps=LRP_EPS):
    """The model LRP runs on. Without BatchNorm/residual blocks/global pooling that is the model
    itself; otherwise a deep copy with BN folded, Bottleneck adds through SumRule, and the global
    AdaptiveAvgPool2d((1,1)) through GlobalAvgPoolRule."""
    needs_copy = any(isinstance(m, (nn.BatchNorm2d, Bottleneck)) or
                     (isinstance(m, nn.AdaptiveAvgPool2d) and _pairify(m.output_size) == (1, 1))
                     for m in model.modules())
    if not needs_copy:
        return model
    model = canonize(copy.deepcopy(model))
    for m in model.modules():
        if isinstance(m, Bottleneck):
            m._lrp_eps = eps
            m.forward = types.MethodType(_lrp_bottleneck_forward, m)
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.AdaptiveAvgPool2d) and _pairify(child.output_size) == (1, 1):
                setattr(parent, name, LrpGlobalAvgPool(eps))
    return prepare(model)


def _pairify(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def lrp(model, x, conv_rule="epsilon", eps=LRP_EPS):
    """Relevance at the input; `model` must come from lrp_model() (whose `eps` stabilises the Sum
    and avg-pool rules). ε at every Linear, ε or z⁺ (conv_rule='zplus', `eps` then the stabiliser)
    at every Conv2d; ReLU, max-pool, flatten, dropout use their gradient.
    Seed: one-hot target × target logit."""
    conv_fn = EpsRule if conv_rule == "epsilon" else ZPlusRule

    def hook_for(fn):
        def hook(module, inputs, output):
            # The output goes in detached: the rule's backward replaces the layer's own.
            return fn.apply(inputs[0], output.detach(), module, eps)
        return hook

    with _Hooks() as hooks:
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                hooks.add(m.register_forward_hook(hook_for(conv_fn)))
            elif isinstance(m, nn.Linear):
                hooks.add(m.register_forward_hook(hook_for(EpsRule)))
        xg = x.detach().clone().requires_grad_(True)
        logits = model(xg)
        target = predicted(logits)
        seed = torch.zeros_like(logits).scatter_(1, target[:, None], logits.detach().gather(1, target[:, None]))
        (r,) = torch.autograd.grad(logits, xg, seed)
    return r


# ---------------------------------------------------------------------------------------------
# Benchmark
# ---------------------------------------------------------------------------------------------

def row_function(row, model, get_lrp_model):
    if row == "forward":
        def run(x):
            with torch.no_grad():
                return model(x)
        return run
    if row == "gradient":
        return lambda x: gradient(model, x)
    if row == "gradient-x-input":
        return lambda x: gradient_x_input(model, x)
    if row == "guided-backprop":
        return lambda x: guided_backprop(model, x)
    if row == "rectgrad":
        return lambda x: rectgrad(model, x)
    if row == "lrp-epsilon":
        m = get_lrp_model()
        return lambda x: lrp(m, x, "epsilon")
    if row == "lrp-epsilon-plus":
        m = get_lrp_model()
        return lambda x: lrp(m, x, "zplus")
    if row == "integrated-gradients":
        return lambda x: integrated_gradients(model, x)
    if row == "smoothgrad":
        return lambda x: smoothgrad(model, x)
    raise SystemExit(f"bench_pytorch: unknown row {row!r}; rows: {', '.join(ROWS)}")


def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_rss_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return None


def fail(msg):
    print(f"bench_pytorch: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def bench(args):
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(0)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    batches = [int(b) for b in args.batch.split(",") if b.strip()]
    rows = [r.strip() for r in args.rows.split(",") if r.strip()] if args.rows else list(ROWS)
    for r in rows:
        if r not in ROWS:
            fail(f"unknown row {r!r}; rows: {', '.join(ROWS)}")
    if args.repeats < 1 or any(b < 1 for b in batches):
        fail("--repeats and --batch must be positive")

    with open(args.out, "w") as out:
        for name in models:
            model = build_model(name)
            lrp_cache = {}

            def get_lrp_model():
                if "m" not in lrp_cache:
                    lrp_cache["m"] = lrp_model(model)
                return lrp_cache["m"]

            for batch in batches:
                gen = torch.Generator().manual_seed(0)
                x = torch.rand(batch, 3, 224, 224, generator=gen, dtype=torch.float32)
                with torch.no_grad():
                    logits = model(x)
                if not torch.isfinite(logits).all():
                    fail(f"{name}: logits are not finite")
                for row in rows:
                    fn = row_function(row, model, get_lrp_model)
                    reset_peak_rss()
                    result = fn(x)  # warm-up
                    expect = (batch, 1000) if row == "forward" else tuple(x.shape)
                    if tuple(result.shape) != expect:
                        fail(f"{name} {row}: shape {tuple(result.shape)}, expected {expect}")
                    if not torch.isfinite(result).all():
                        fail(f"{name} {row}: map is not finite")
                    del result
                    times = []
                    for _ in range(args.repeats):
                        t0 = time.perf_counter()
                        fn(x)
                        times.append((time.perf_counter() - t0) * 1000.0)
                    rss = peak_rss_mb()
                    times.sort()
                    median = times[len(times) // 2] if len(times) % 2 else \
                        0.5 * (times[len(times) // 2 - 1] + times[len(times) // 2])
                    rec = {
                        "side": "pytorch", "model": name, "batch": batch, "row": row,
                        "median_ms": round(median, 3), "min_ms": round(times[0], 3),
                        "ms_per_image": round(median / batch, 3),
                        "peak_rss_mb": round(rss, 1) if rss is not None else None,
                        "repeats": args.repeats, "threads": args.threads, "torch": torch.__version__,
                    }
                    out.write(json.dumps(rec) + "\n")
                    out.flush()
                    print(f"pytorch: {name} batch {batch} {row} {median / batch:.1f} ms/image", file=sys.stderr)
            del model, lrp_cache


# ---------------------------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------------------------

def _tiny_conv_net(bias=True, pool=True):
    layers = [nn.Conv2d(3, 8, 3, padding=1, bias=bias), nn.ReLU(),
              nn.Conv2d(8, 8, 3, padding=1, bias=bias), nn.ReLU()]
    if pool:
        layers.append(nn.MaxPool2d(2))
    side = 6 if pool else 12
    layers += [nn.Flatten(), nn.Linear(8 * side * side, 16, bias=bias), nn.ReLU(),
               nn.Linear(16, 5, bias=bias)]
    net = nn.Sequential(*layers)
    if bias:
        with torch.no_grad():
            for m in net.modules():
                if isinstance(m, (nn.Conv2d, nn.Linear)):
                    m.bias.uniform_(-0.1, 0.1)
    return prepare(net.double())


def _tiny_resnet(zero_bias):
    """A torchvision ResNet of Bottlenecks [1,1,1,1] (ResNet50's code path, fewer blocks) with
    random BN statistics; zero_bias makes every folded bias zero (β = μ = 0, fc bias 0)."""
    net = torchvision.models.resnet.ResNet(Bottleneck, [1, 1, 1, 1], num_classes=7)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.running_var.uniform_(0.5, 2.0)
                if zero_bias:
                    m.bias.zero_()
                    m.running_mean.zero_()
                else:
                    m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2)
        if zero_bias:
            net.fc.bias.zero_()
    return prepare(net.double())


def check():
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    torch.manual_seed(0)
    results = []

    def report(name, ok, detail):
        results.append(ok)
        print(f"check {name}: {'ok' if ok else 'FAILED'} ({detail})")

    # (a) gradient vs central finite differences, float64.
    net = _tiny_conv_net()
    x = torch.rand(2, 3, 12, 12, dtype=torch.float64)
    with torch.no_grad():
        target = predicted(net(x))
    g = gradient(net, x, target)
    h = 1e-6
    worst = 0.0
    for (b, c, i, j) in [(0, 0, 0, 0), (0, 1, 5, 7), (1, 2, 11, 3), (1, 0, 6, 6), (0, 2, 3, 10)]:
        xp, xm = x.clone(), x.clone()
        xp[b, c, i, j] += h
        xm[b, c, i, j] -= h
        with torch.no_grad():
            fd = (target_logit_sum(net(xp), target) - target_logit_sum(net(xm), target)).item() / (2 * h)
        worst = max(worst, abs(fd - g[b, c, i, j].item()) / max(1e-8, abs(fd)))
    report("(a) gradient = central finite differences", worst < 1e-5, f"max rel err {worst:.2e} at 5 pixels")

    # (b) rectgrad with τ = 0 (no padding trick) equals guided backprop exactly; and the percentile
    #     helper against a plain sort.
    xf = torch.rand(2, 3, 12, 12, dtype=torch.float64)
    rg = rectgrad_signal(net, xf, tau=0.0, padding_trick=False)
    gb = guided_backprop(net, xf)
    report("(b) rectgrad(tau=0) == guided-backprop", torch.equal(rg, gb),
           f"max abs diff {(rg - gb).abs().max().item():.1e}, {int((gb != 0).sum())} nonzero")
    ok_pct = True
    for n in [1, 7, 24, 25, 26, 50, 51, 101, 1000, 4097]:
        for q in [98.0, 50.0, 0.0, 100.0, 90.0]:
            s = torch.randn(3, n, dtype=torch.float64)
            t = percentile_threshold(s, q)
            idx = round((n - 1) * (1.0 - q / 100.0))
            ref = [sorted(row.tolist(), reverse=True)[idx] for row in s]
            ok_pct &= t.tolist() == ref
    report("(b') percentile threshold == descending sort at round((n-1)(1-q/100))", ok_pct,
           "n in 1..4097, q in {0,50,90,98,100}")

    # (c) LRP-ε, eps = 1e-9, zero biases: conservation.
    net0 = _tiny_conv_net(bias=False)
    x = torch.rand(3, 3, 12, 12, dtype=torch.float64)
    r = lrp(lrp_model(net0), x, "epsilon", eps=1e-9)
    with torch.no_grad():
        t = net0(x).max(dim=1).values
    rel = ((r.sum(dim=(1, 2, 3)) - t).abs() / t.abs()).max().item()
    report("(c) LRP-eps conserves relevance (zero biases)", rel < 1e-4,
           f"max rel |sum R - T| / |T| = {rel:.2e}, T = {[round(v, 4) for v in t.tolist()]}")

    # (d) LRP-ε (tiny eps) with biases = gradient × input on a ReLU net.
    x = torch.rand(3, 3, 12, 12, dtype=torch.float64)
    r = lrp(lrp_model(net), x, "epsilon", eps=1e-12)
    gxi = gradient_x_input(net, x)
    err = (r - gxi).abs().max().item() / gxi.abs().max().item()
    report("(d) LRP-eps (biases, eps 1e-12) == gradient x input", err < 1e-6, f"max abs diff / max |GxI| = {err:.2e}")

    # (e) BN folding keeps the logits: Sequential conv+BN and a Bottleneck ResNet.
    seq = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU(),
                        nn.Conv2d(6, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
                        nn.Flatten(), nn.Linear(4 * 8 * 8, 5))
    with torch.no_grad():
        for m in seq.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.2, 2.0)
    seq = prepare(seq.double())
    res = _tiny_resnet(zero_bias=False)
    worst = 0.0
    for model, shape in [(seq, (2, 3, 8, 8)), (res, (2, 3, 32, 32))]:
        x = torch.rand(*shape, dtype=torch.float64)
        folded = lrp_model(model)
        with torch.no_grad():
            a, b = model(x), folded(x)
        worst = max(worst, ((a - b).abs().max() / a.abs().max()).item())
    report("(e) BN-folded copy gives the same logits", worst < 1e-5,
           f"max |diff| / max |logit| = {worst:.2e} (conv+BN Sequential, Bottleneck ResNet)")

    # (f) Sum and global avg-pool rules conserve relevance (residual Bottleneck net, zero biases),
    #     for both conv rules.
    res0 = _tiny_resnet(zero_bias=True)
    lm = lrp_model(res0, eps=1e-12)  # the stabiliser of the Sum and avg-pool rules
    x = torch.rand(2, 3, 32, 32, dtype=torch.float64)
    with torch.no_grad():
        t = res0(x).max(dim=1).values
    n_sum = sum(1 for m in lm.modules() if isinstance(m, Bottleneck))
    for rule in ["epsilon", "zplus"]:
        r = lrp(lm, x, rule, eps=1e-12)
        rel = ((r.sum(dim=(1, 2, 3)) - t).abs() / t.abs()).max().item()
        report(f"(f) Sum + avg-pool rules conserve relevance ({rule})", rel < 1e-4,
               f"max rel |sum R - T| / |T| = {rel:.2e} through {n_sum} residual adds")

    # (g) the ε and z⁺ rules at one strided, padded Conv2d with bias against an explicit
    #     per-contribution computation (unfold → z_ij → fold).
    conv = nn.Conv2d(3, 4, 3, stride=2, padding=1).double()
    for p in conv.parameters():
        p.requires_grad_(False)
    x = torch.randn(2, 3, 9, 9, dtype=torch.float64)
    out = conv(x)
    relevance = torch.randn_like(out)
    cols = F.unfold(x, 3, padding=1, stride=2)                       # N × P × L
    w = conv.weight.reshape(4, -1)                                    # O × P
    zij = cols[:, None, :, :] * w[None, :, :, None]                   # N × O × P × L
    b = conv.bias.view(1, 4, 1)
    rel = relevance.reshape(2, 4, -1)                                 # N × O × L
    worst = 0.0
    for fn, contrib, bias in [
        (EpsRule, zij, b),
        (ZPlusRule, torch.where((cols[:, None] > 0) == (w[None, :, :, None] > 0), zij, torch.zeros_like(zij))
         * ((cols[:, None] != 0) & (w[None, :, :, None] != 0)), b.clamp(min=0)),
    ]:
        z = contrib.sum(dim=2) + bias                                 # N × O × L
        ref_cols = (contrib * (rel / stabilize(z, 1e-6))[:, :, None, :]).sum(dim=1)
        ref = F.fold(ref_cols, (9, 9), 3, padding=1, stride=2)
        xg = x.clone().requires_grad_(True)
        y = fn.apply(xg, conv(xg).detach(), conv, 1e-6)
        (got,) = torch.autograd.grad(y, xg, relevance)
        worst = max(worst, ((got - ref).abs().max() / ref.abs().max()).item())
    report("(g) eps and z+ rules at a strided conv == explicit z_ij computation", worst < 1e-10,
           f"max rel diff {worst:.2e}")

    ok = all(results)
    print(f"check: {'all ok' if ok else 'FAILED'} ({sum(results)}/{len(results)})")
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", default="vgg16,resnet50")
    p.add_argument("--batch", default="1,8")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rows", default=None, help="comma-separated rows (default: all): " + ",".join(ROWS))
    p.add_argument("--out", default=None, help="JSONL output file")
    p.add_argument("--check", action="store_true", help="verify the implementations on tiny nets and exit")
    args = p.parse_args()
    if args.check:
        sys.exit(check())
    if not args.out:
        p.error("--out is required unless --check")
    if args.threads < 1:
        p.error("--threads must be positive")
    bench(args)


if __name__ == "__main__":
    main()
