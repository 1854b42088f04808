#!/usr/bin/env bash
# Side-by-side CPU benchmark: dl4j-saliency (saliency-audit bench) vs the same methods in PyTorch.
#
#   scripts/bench-vs-pytorch.sh [--models vgg16,resnet50] [--batch 1,8] [--repeats 3]
#                               [--rows gradient,rectgrad (default: all)]
#                               [--threads N (default: nproc)] [--out reports/bench]
#
# Writes OUT/bench.md and OUT/bench.json (default OUT: reports/bench under the repository root;
# a relative --out is taken from the directory the script was started in).
set -euo pipefail

start_dir="$(pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py=/usr/bin/python3

models=vgg16,resnet50
batch=1,8
repeats=3
threads="$(nproc)"
out=""
only_rows=""

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

need_value() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    echo "bench-vs-pytorch: $1 needs a value" >&2
    exit 2
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --models)  need_value "$@"; models="$2"; shift 2 ;;
    --batch)   need_value "$@"; batch="$2"; shift 2 ;;
    --repeats) need_value "$@"; repeats="$2"; shift 2 ;;
    --threads) need_value "$@"; threads="$2"; shift 2 ;;
    --out)     need_value "$@"; out="$2"; shift 2 ;;
    --rows)    need_value "$@"; only_rows="$2"; shift 2 ;;
    --models=*)  models="${1#*=}"; shift ;;
    --batch=*)   batch="${1#*=}"; shift ;;
    --repeats=*) repeats="${1#*=}"; shift ;;
    --threads=*) threads="${1#*=}"; shift ;;
    --out=*)     out="${1#*=}"; shift ;;
    --rows=*)    only_rows="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-vs-pytorch: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [ -z "$out" ]; then
  out="$root/reports/bench"
elif [[ "$out" != /* ]]; then
  out="$start_dir/$out"
fi

cd "$root"

# (1) PyTorch: Debian's python3-torch / python3-torchvision for /usr/bin/python3.
if ! "$py" -c 'import torch, torchvision' >/dev/null 2>&1; then
  echo "bench-vs-pytorch: installing python3-torch and python3-torchvision" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
  fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq python3-torch python3-torchvision
fi

# (2) Same thread count on both sides.
export OMP_NUM_THREADS="$threads"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-pytorch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# (3) Both sides, row by row: each (model, batch, row) runs in a fresh process on each side, PyTorch
# then DL4J, so that both see the same machine state (these machines are shared and noisy) and the
# peak RSS of a row is that row's alone (plus the model, which each process holds).
mapfile -t rows < <("$py" scripts/bench_rows.py)
if [ -n "$only_rows" ]; then
  IFS=, read -r -a rows <<< "$only_rows"
fi
spec() {
  case "$1" in
    integrated-gradients) echo "integrated-gradients:steps=16" ;;
    smoothgrad) echo "smoothgrad:samples=16" ;;
    *) echo "$1" ;;
  esac
}
echo "bench-vs-pytorch: models $models, batch $batch, repeats $repeats, threads $threads" >&2
./saliency-audit bench --help >/dev/null   # builds the CLI first, outside any timing
IFS=, read -r -a model_list <<< "$models"
IFS=, read -r -a batch_list <<< "$batch"
n=0
for m in "${model_list[@]}"; do
  for b in "${batch_list[@]}"; do
    for row in "${rows[@]}"; do
      n=$((n + 1))
      if [ "$row" != dl4j-output ]; then
        "$py" scripts/bench_pytorch.py --models "$m" --batch "$b" --repeats "$repeats" --threads "$threads" \
          --rows "$row" --out "$tmp/pytorch-$n.jsonl"
      fi
      ./saliency-audit bench --models "$m" --batch "$b" --repeats "$repeats" --classes 1000 \
        --method "$(spec "$row")" --jsonl "$tmp/dl4j-$n.jsonl" | tail -n 1 >&2
    done
  done
done
cat "$tmp"/pytorch-*.jsonl > "$tmp/pytorch.jsonl"
cat "$tmp"/dl4j-*.jsonl > "$tmp/dl4j.jsonl"

# (5) Table.
"$py" scripts/bench_table.py "$tmp/pytorch.jsonl" "$tmp/dl4j.jsonl" --out "$out"
echo "bench-vs-pytorch: table in $out/bench.md (records in $out/bench.json)" >&2
