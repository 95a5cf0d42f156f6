"""Runs `plumb bench metrics` and scikit-learn (bench/sklearn_reference.py) side by side, interleaved, and prints
the medians and ratios as a Markdown table (not run by tests).

Usage (repository root): /usr/bin/python3 bench/compare_metrics.py N ROUNDS [PLUMB_RUNS] [SKLEARN_RUNS]
  each round: ./plumb bench metrics --n N --runs PLUMB_RUNS --json --kernels   (default 7)
              /usr/bin/python3 bench/sklearn_reference.py N SKLEARN_RUNS --no-peak   (default 3)
  Plumb's runs each follow an untimed full garbage collection (BenchmarkDotNet's default); add --no-collect to the
  plumb command line above to time without it.
  reported: per metric the median over rounds of each side's per-round median, the ratio sklearn / Plumb for
  the public objects (new Metric() + Update + Compute, int[] + float[]), the functional forms, double[] batches
  and the internal kernels (byte labels), and the 1-minute load average before each run.
"""
import json
import os
import statistics
import subprocess
import sys

METRICS = ["roc_auc", "average_precision", "log_loss", "f1", "f1_macro_10class"]
GROUPS = [("ms", "public object"), ("bool_ms", "bool[] targets"), ("functional_ms", "functional"), ("double_ms", "double[] batch"), ("internal_kernel_ms", "internal kernel")]


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    n, rounds = int(sys.argv[1]), int(sys.argv[2])
    plumb_runs = sys.argv[3] if len(sys.argv) > 3 else "7"
    sk_runs = sys.argv[4] if len(sys.argv) > 4 else "3"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    plumb, sk, loads = [], [], []
    for r in range(rounds):
        loads.append(os.getloadavg()[0])
        plumb.append(run_json([os.path.join(root, "plumb"), "bench", "metrics", "--n", str(n), "--runs", plumb_runs, "--json", "--kernels"]))
        loads.append(os.getloadavg()[0])
        sk.append(run_json(["/usr/bin/python3", os.path.join(root, "bench", "sklearn_reference.py"), str(n), sk_runs, "--no-peak"]))
        print(f"round {r + 1}/{rounds}: " + json.dumps({"plumb": plumb[-1], "sklearn": sk[-1], "load": loads[-2:]}), file=sys.stderr)
    print(f"n = {n:,}, {rounds} interleaved rounds, scikit-learn {sk[0]['sklearn']}, cores {os.cpu_count()}, "
          f"load average (1 min) {min(loads):.1f}-{max(loads):.1f}, median {statistics.median(loads):.1f}")
    print()
    print("| metric | sklearn ms | " + " | ".join(f"Plumb {label} ms | ratio" for _, label in GROUPS) + " |")
    print("|---|---:|" + "---:|---:|" * len(GROUPS))
    for m in METRICS:
        s = statistics.median(x["ms"][m] for x in sk)
        cells = []
        for g, _ in GROUPS:
            p = statistics.median(x[g][m] for x in plumb)
            cells.append(f"{p:,.2f} | {s / p:,.0f}×")
        print(f"| {m} | {s:,.0f} | " + " | ".join(cells) + " |")
    print()
    print("per round, sklearn ms:", json.dumps([x["ms"] for x in sk]))
    print("per round, Plumb public ms:", json.dumps([x["ms"] for x in plumb]))


if __name__ == "__main__":
    main()
