"""End-to-end timing of `plumb eval --task ranking` against scikit-learn's ndcg_score looped over queries
(not run by tests).

Usage: /usr/bin/python3 bench/ranking_eval.py PLUMB_COMMAND [QUERIES] [K] [DIR]
  PLUMB_COMMAND  how to start plumb, e.g. "dotnet src/Plumb.Cli/bin/Release/net10.0/plumb.dll"
  QUERIES        number of queries (default 100000; ~10 items each, so ~1M rows)
  K              the cut-off of ndcg@K (default 10)
  DIR            where the data file is written (default /tmp/plumb-ranking-bench)

Data (numpy default_rng(7)): per query 2…18 items (uniform, mean 10), relevance 0…4 (integers, P = .4 .25 .15 .1
.1), score = relevance + N(0, 1.5²) rounded to 2 decimals (so some ties); rows of a query contiguous in one CSV
(`qid,rel,score`), and the same rows shuffled in a second CSV (queries interleaved).

Both sides run end to end, from the CSV file to one number, in the same run:
  sklearn  pandas.read_csv, groupby('qid'), ndcg_score(rel[None], score[None], k=K) per query, np.mean
  plumb    PLUMB_COMMAND eval --data FILE --task ranking --group qid --target rel --score score --metrics ndcg@K --json
           (a fresh process each time: .NET start-up, CSV parsing and grouping included)
Wall-clock seconds (best of 3 for plumb, one run for sklearn) and CPU seconds (user + system; the child process's for
plumb) are both reported: on a shared, loaded machine the CPU ratio is the steadier of the two.
Prints one JSON line: {"rows", "queries", "sklearn_s", "plumb_s", "plumb_shuffled_s", "ratio", "sklearn_cpu_s",
"plumb_cpu_s", "plumb_shuffled_cpu_s", "cpu_ratio", "ndcg_sklearn", "ndcg_plumb", "ndcg_plumb_shuffled"}.
"""
import json
import os
import resource
import shlex
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import ndcg_score


def make(queries, path, shuffled_path):
    rng = np.random.default_rng(7)
    sizes = rng.integers(2, 19, queries)
    qid = np.repeat(np.arange(queries), sizes)
    rel = rng.choice(5, size=qid.size, p=[0.4, 0.25, 0.15, 0.1, 0.1])
    score = np.round(rel + rng.normal(0, 1.5, qid.size), 2)
    df = pd.DataFrame({"qid": qid, "rel": rel, "score": score})
    df.to_csv(path, index=False)
    df.iloc[rng.permutation(len(df))].to_csv(shuffled_path, index=False)
    return len(df)


def sklearn_ndcg(path, k):
    df = pd.read_csv(path)
    values = [ndcg_score(g["rel"].to_numpy()[None, :], g["score"].to_numpy()[None, :], k=k) for _, g in df.groupby("qid", sort=False)]
    return float(np.mean(values))


def plumb_ndcg(cmd, path, k):
    args = shlex.split(cmd) + ["eval", "--data", path, "--task", "ranking", "--group", "qid", "--target", "rel",
                               "--score", "score", "--metrics", f"ndcg@{k}", "--json"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return float(next(iter(json.loads(out).values())))


def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed(f):
    """(wall s, value, own CPU s, children's CPU s) of one call."""
    c0 = cpu()
    t0 = time.perf_counter()
    v = f()
    wall = time.perf_counter() - t0
    c1 = cpu()
    return wall, v, c1[0] - c0[0], c1[1] - c0[1]


def main():
    cmd = sys.argv[1]
    queries = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    folder = sys.argv[4] if len(sys.argv) > 4 else "/tmp/plumb-ranking-bench"
    os.makedirs(folder, exist_ok=True)
    path, shuffled = os.path.join(folder, "ranking.csv"), os.path.join(folder, "ranking_shuffled.csv")
    rows = make(queries, path, shuffled)
    plumb_ndcg(cmd, path, k)  # warm the file cache and the runtime's disk caches
    ps, pv, _, pc = min((timed(lambda: plumb_ndcg(cmd, path, k)) for _ in range(3)), key=lambda t: t[0])
    pss, psv, _, psc = min((timed(lambda: plumb_ndcg(cmd, shuffled, k)) for _ in range(3)), key=lambda t: t[0])
    ss, sv, sc, _ = timed(lambda: sklearn_ndcg(path, k))
    print(json.dumps({"rows": rows, "queries": queries, "k": k, "sklearn": sklearn.__version__, "sklearn_s": round(ss, 3),
                      "plumb_s": round(ps, 3), "plumb_shuffled_s": round(pss, 3), "ratio": round(ss / ps, 1),
                      "sklearn_cpu_s": round(sc, 3), "plumb_cpu_s": round(pc, 3), "plumb_shuffled_cpu_s": round(psc, 3),
                      "cpu_ratio": round(sc / pc, 1), "ndcg_sklearn": sv, "ndcg_plumb": pv, "ndcg_plumb_shuffled": psv}))


if __name__ == "__main__":
    main()
