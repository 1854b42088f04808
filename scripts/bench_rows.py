#!/usr/bin/python3
"""The side-by-side benchmark's rows, in one place for bench-vs-pytorch.sh, bench_pytorch.py and
bench_table.py. Run as a script, it prints every row the DL4J side times, one per line."""

# Timed on both sides, in this order.
METHOD_ROWS = [
    "forward",
    "gradient",
    "gradient-x-input",
    "guided-backprop",
    "rectgrad",
    "lrp-epsilon",
    "lrp-epsilon-plus",
    "integrated-gradients",
    "smoothgrad",
]
# Timed on the DL4J side only: DL4J's own output() for comparison with the engine's forward pass.
DL4J_ONLY_ROWS = ["dl4j-output"]
# The order of the table: DL4J's output next to the engine's forward pass.
TABLE_ORDER = METHOD_ROWS[:1] + DL4J_ONLY_ROWS + METHOD_ROWS[1:]

if __name__ == "__main__":
    print("\n".join(METHOD_ROWS + DL4J_ONLY_ROWS))
