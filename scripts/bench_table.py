#!/usr/bin/python3
"""Merge the PyTorch and DL4J benchmark records into DIR/bench.md and DIR/bench.json.

    /usr/bin/python3 scripts/bench_table.py PYTORCH.jsonl DL4J.jsonl --out DIR

Both inputs hold one JSON object per line ({"side", "model", "batch", "row", "median_ms",
"min_ms", "ms_per_image", "peak_rss_mb", "repeats", "threads", ...}); unknown fields and rows
present on one side only are kept. Standard library only.
"""

import argparse
import datetime
import json
import os
import sys
import tempfile

from bench_rows import TABLE_ORDER as ROW_ORDER

DASH = "\u2013"


def read_records(path, side):
    records = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"bench_table: {path}:{n}: skipped, not JSON ({e})", file=sys.stderr)
                continue
            if not isinstance(rec, dict) or not all(k in rec for k in ("model", "batch", "row")):
                print(f"bench_table: {path}:{n}: skipped, no model/batch/row", file=sys.stderr)
                continue
            rec.setdefault("side", side)
            records.append(rec)
    return records


def num(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def per_image(rec):
    if rec is None:
        return None
    v = num(rec.get("ms_per_image"))
    if v is None and num(rec.get("median_ms")) is not None and num(rec.get("batch")):
        v = rec["median_ms"] / rec["batch"]
    return v


def fmt(v, digits=1):
    return DASH if v is None else f"{v:.{digits}f}"


def machine():
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) / 1024.0 / 1024.0
                    break
    except (OSError, ValueError):
        pass
    return cpu or "unknown CPU", os.cpu_count(), mem


def distinct(records, key):
    return sorted({str(r[key]) for r in records if r.get(key) is not None})


def row_sort_key(row):
    return (ROW_ORDER.index(row), "") if row in ROW_ORDER else (len(ROW_ORDER), row)


def build(pytorch, dl4j):
    """Merged rows keyed by (model, row, batch), last record winning on duplicates."""
    by_key = {}
    for side, recs in (("pytorch", pytorch), ("dl4j", dl4j)):
        for r in recs:
            by_key.setdefault((r["model"], r["row"], int(r["batch"])), {})[side] = r
    merged = []
    for (model, row, batch), sides in by_key.items():
        ours, theirs = per_image(sides.get("dl4j")), per_image(sides.get("pytorch"))
        merged.append({
            "model": model, "row": row, "batch": batch,
            "dl4j_ms_per_image": ours,
            "pytorch_ms_per_image": theirs,
            "ratio": round(ours / theirs, 4) if ours is not None and theirs else None,
            "dl4j_peak_rss_mb": num(sides["dl4j"].get("peak_rss_mb")) if "dl4j" in sides else None,
            "pytorch_peak_rss_mb": num(sides["pytorch"].get("peak_rss_mb")) if "pytorch" in sides else None,
        })
    models = []
    for r in pytorch + dl4j:
        if r["model"] not in models:
            models.append(r["model"])
    merged.sort(key=lambda m: (models.index(m["model"]), row_sort_key(m["row"]), m["batch"]))
    return models, merged


def markdown(pytorch, dl4j, models, merged):
    cpu, cores, mem = machine()
    everything = pytorch + dl4j
    threads = distinct(everything, "threads")
    repeats = distinct(everything, "repeats")
    torch_versions = distinct(pytorch, "torch")
    batches = sorted({m["batch"] for m in merged} | {1, 8})  # the standard columns, plus any other batch
    rss_batch = max(batches)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# dl4j-saliency vs PyTorch (CPU)",
        "",
        f"- Machine: {cpu}, {cores} cores (os.cpu_count), "
        + (f"{mem:.1f} GiB memory" if mem is not None else "memory unknown"),
        f"- Date: {now}",
        f"- Threads: {', '.join(threads) or DASH}",
        f"- PyTorch: {', '.join(torch_versions) or DASH}",
        "",
    ]
    head = ["row"]
    for b in batches:
        head += [f"batch {b} ours ms/img", f"batch {b} PyTorch ms/img", "ratio"]
    head.append(f"our peak RSS MB (batch {rss_batch})")
    for model in models:
        lines += [f"## {model}", ""]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        cells = {(m["row"], m["batch"]): m for m in merged if m["model"] == model}
        for row in sorted({m["row"] for m in merged if m["model"] == model}, key=row_sort_key):
            out = [row]
            for b in batches:
                m = cells.get((row, b), {})
                out += [fmt(m.get("dl4j_ms_per_image")), fmt(m.get("pytorch_ms_per_image")),
                        fmt(m.get("ratio"), 2)]
            out.append(fmt(cells.get((row, rss_batch), {}).get("dl4j_peak_rss_mb"), 0))
            lines.append("| " + " | ".join(out) + " |")
        lines.append("")
    n = "/".join(repeats) or "N"
    lines += [
        "Legend: times are the median of "
        f"{n} timed runs after one warm-up run, in ms per image (median time of the batch / batch size); "
        "the same thread count on both sides; random weights, float32, 3×224×224 inputs. "
        "ratio = ours / PyTorch, so ratio < 1 means ours is faster. "
        "Integrated Gradients uses 16 steps and SmoothGrad 16 samples; on the PyTorch side their "
        "interpolated/noisy inputs are evaluated in batches of 8. "
        f"Peak RSS is the process's VmHWM over the row's runs. Missing cells print {DASH}.",
        "",
    ]
    return "\n".join(lines)


def write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def main():
    p = argparse.ArgumentParser(description="Merge PyTorch and DL4J benchmark JSONL into bench.md/bench.json")
    p.add_argument("pytorch", help="PyTorch side JSONL")
    p.add_argument("dl4j", help="DL4J side JSONL")
    p.add_argument("--out", required=True, help="output directory")
    args = p.parse_args()
    pytorch = [r for r in read_records(args.pytorch, "pytorch") if r.get("side") == "pytorch"]
    dl4j = [r for r in read_records(args.dl4j, "dl4j") if r.get("side") == "dl4j"]
    if not pytorch and not dl4j:
        print("bench_table: no records in either file", file=sys.stderr)
        return 1
    models, merged = build(pytorch, dl4j)
    md = markdown(pytorch, dl4j, models, merged)
    os.makedirs(args.out, exist_ok=True)
    write_atomic(os.path.join(args.out, "bench.md"), md)
    write_atomic(os.path.join(args.out, "bench.json"),
                 json.dumps({"records": pytorch + dl4j, "rows": merged}, indent=2) + "\n")
    sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
