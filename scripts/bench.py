#!/usr/bin/env python3
"""Side-by-side benchmark: loading a customer CSV made by seg's own `sample` + `export`,
with seg, pandas and polars; and seg's start-up time to the first prompt.
Each tool runs REPEAT times in this one run; the best time counts."""
import os, pty, select, subprocess, sys, tempfile, time

REPEAT = 10
rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seg = os.path.join(root, ".build", "release", "seg")

for pkg in ("pandas", "polars"):
    try:
        __import__(pkg)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", pkg])
import pandas as pd
import polars as pl

work = tempfile.mkdtemp(prefix="seg-bench-")
csv = os.path.join(work, "customers.csv")
make = os.path.join(work, "make.seg")
with open(make, "w") as f:
    f.write(f'sample customers n={rows} seed=1\nexport to "{csv}"\n')
subprocess.run([seg, "run", make], check=True, stdout=subprocess.DEVNULL)
size = os.path.getsize(csv)
load = os.path.join(work, "load.seg")
with open(load, "w") as f:
    f.write(f'load "{csv}" as c\n')
empty = os.path.join(work, "empty.seg")
open(empty, "w").close()

def best(fn):
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)

def seg_run(script):
    subprocess.run([seg, "run", script], check=True, stdout=subprocess.DEVNULL)

t_start = best(lambda: seg_run(empty))
t_seg = best(lambda: seg_run(load))
t_pandas = best(lambda: pd.read_csv(csv))
t_polars = best(lambda: pl.read_csv(csv, try_parse_dates=True))

def first_prompt():
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["SEG_HISTORY"] = os.path.join(work, "history")
        os.execv(seg, [seg])
    t = time.perf_counter()
    out = b""
    while b"seg[1]> " not in out:
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            break
        out += os.read(fd, 4096)
    elapsed = time.perf_counter() - t
    os.write(fd, b".quit\r")
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    return elapsed

t_prompt = min(first_prompt() for _ in range(REPEAT))

print(f"CSV: {rows:,} rows x 12 columns, {size / 1e6:.1f} MB, made by seg sample + export")
print(f"best of {REPEAT} runs each, on {os.cpu_count()} cores")
print(f"  seg load (whole process)   {t_seg * 1000:8.1f} ms")
print(f"  pandas read_csv            {t_pandas * 1000:8.1f} ms   seg/pandas = {t_seg / t_pandas:.2f}")
print(f"  polars read_csv            {t_polars * 1000:8.1f} ms   seg/polars = {t_seg / t_polars:.2f}")
print(f"  seg process start-up       {t_start * 1000:8.1f} ms   (included in seg load)")
print(f"  seg to first prompt (pty)  {t_prompt * 1000:8.1f} ms")
print(f"pandas {pd.__version__}, polars {pl.__version__}")
