#!/usr/bin/env python3
"""A hostile-input campaign against the release binary, as an attacker or a careless user.

Runs mutated and generated scripts, mutated CSV files (from the real data sets in
../shared/data when present), hostile model files, kill -9 during every writer, Ctrl-C
during long commands, and heavy steps under a memory limit. Counts crashes (a signal or a
trap), hangs (over the time limit), unlocated errors, partial files and stale temporaries.
Seeded: the same seed runs the same cases.

    scripts/campaign.py [--seed 1] [--scripts 25000] [--csvs 3000] [--models 1000] [--kills 60] [--interrupts 60]

Exits 1 when anything was found, and prints each finding with a reproducer file.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEG = os.path.join(ROOT, ".build", "release", "seg")
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")
OK_STATUSES = {0, 64, 65, 70, 74, 130}
ENV = dict(os.environ, NO_COLOR="1", SEG_TODAY="2025-01-01", SEG_MEMORY_LIMIT="3G", COLUMNS="100")


def limited(args, address_space=6 << 30):
    """The command under an address-space limit well above SEG_MEMORY_LIMIT: a refusal is
    seg's, a crash is a finding. prlimit, not preexec_fn, which can deadlock in threads."""
    return ["prlimit", f"--as={address_space}", "--"] + args


class Findings:
    def __init__(self, folder):
        self.folder = folder
        self.items = []
        self.counts = {}

    def count(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def add(self, kind, detail, reproducer, suffix=".seg"):
        path = os.path.join(self.folder, f"finding-{len(self.items) + 1}{suffix}")
        with open(path, "wb") as f:
            f.write(reproducer if isinstance(reproducer, bytes) else reproducer.encode("utf-8", "surrogateescape"))
        self.items.append((kind, detail, path))


def run_seg(args, stdin=b"", cwd=None, timeout=30):
    try:
        p = subprocess.run(limited([SEG] + args), input=stdin, cwd=cwd, env=ENV, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, b"", b""


def judge(findings, kind, status, stderr, reproducer, suffix=".seg", located=True):
    """Crash, hang, unknown status, or an error without a place."""
    findings.count(kind)
    if status is None:
        findings.add("hang", kind, reproducer, suffix)
    elif status < 0 or status not in OK_STATUSES:
        findings.add("crash", f"{kind}: status {status}: {stderr[-400:].decode('utf-8', 'replace')}", reproducer, suffix)
    elif status in (65, 70, 74) and located and b"-->" not in stderr and b"error:" in stderr:
        findings.add("unlocated", f"{kind}: {stderr[:300].decode('utf-8', 'replace')}", reproducer, suffix)


# ---------------------------------------------------------------- scripts

HOSTILE_TOKENS = [
    "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e308", "-1e308", "1e-320", "0", "-1",
    "nan", "inf", "\"\"", "\"\x1b[31mred\"", "\"a\x00b\"", "`odd name`", "(" * 300, ")" * 300, "not " * 200, "- " * 200,
    "x" * 5000, "$missing", "..", "0..0", "2..1", "k=0", "k=100000", "n=0", "n=-5", "seed=-1", "bins=0",
    "bins=9223372036854775807", "eps=0", "eps=-1", "max_iter=0", "tol=-1", "test=0%", "test=100%", "lower=60%",
    "upper=40%", "é", "\u202e", "\t", "\\", "\"", "#", "where", "as", "=", "==", "and", "or", "\r",
]

VERBS = ["show", "head", "describe", "columns", "frames", "filter", "derive", "select", "drop", "rename", "sort",
         "dedupe", "aggregate", "crosstab", "join", "impute", "winsorize", "clip", "outliers", "transform", "scale",
         "encode", "pca", "cluster kmeans", "cluster dbscan", "cluster gmm", "cluster hierarchical", "cluster bisecting",
         "cluster minibatch", "cluster kprototypes", "sweep kmeans", "evaluate", "profile", "explain", "name", "plot hist",
         "plot bar", "plot scatter", "plot elbow", "plot silhouette", "plot profile", "plot dendrogram", "export to",
         "save model", "load model", "assign", "rule", "rules check", "apply rules", "coverage", "recommend", "rfm", "clv",
         "kdist", "datefeatures", "let", "use", "sample customers", "sample transactions", "report", "help"]
COLUMNS = ["customer_id", "age", "gender", "region", "channel", "income", "signup_date", "loyalty_member",
           "web_visits", "satisfaction", "city_type", "email_opt_in", "segment", "nope", "amount"]


def example_lines():
    lines = []
    for folder in ("examples", "examples/errors"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if name.endswith(".seg"):
                with open(os.path.join(ROOT, folder, name), encoding="utf-8", errors="replace") as f:
                    lines += [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    # Small data keeps each case quick; the size of the data is not what is under test.
    small = []
    for l in lines:
        for big in ("n=3000", "n=2000", "n=1500", "n=1000", "n=500", "customers=300"):
            l = l.replace(big, "n=120" if big.startswith("n=") else "customers=40")
        small.append(l)
    return small


def generated_line(r):
    verb = r.choice(VERBS)
    parts = [verb]
    for _ in range(r.randrange(0, 5)):
        c = r.random()
        if c < 0.45:
            parts.append(r.choice(COLUMNS))
        elif c < 0.7:
            parts.append(f"{r.choice(['k', 'n', 'seed', 'bins', 'method', 'strategy', 'eps', 'by', 'on', 'top', 'depth'])}="
                         f"{r.choice(['3', '0', '-1', '2.5', 'x', 'median', '9223372036854775807', '1e300', 'age,income'])}")
        else:
            parts.append(r.choice(HOSTILE_TOKENS))
    if r.random() < 0.3:
        parts.append(f"as {r.choice(['segment', 'customers', 'x', 'tx'])}")
    return " ".join(parts)


def mutate_text(r, text):
    ops = r.randrange(1, 4)
    for _ in range(ops):
        c = r.random()
        if c < 0.3 and text:
            i = r.randrange(len(text))
            text = text[:i] + r.choice(HOSTILE_TOKENS) + text[i:]
        elif c < 0.5 and text:
            i = r.randrange(len(text))
            j = min(len(text), i + r.randrange(1, 20))
            text = text[:i] + text[j:]
        elif c < 0.7:
            words = text.split(" ")
            i = r.randrange(len(words))
            words[i] = r.choice(HOSTILE_TOKENS + COLUMNS)
            text = " ".join(words)
        elif c < 0.85 and text:
            i = r.randrange(len(text))
            text = text[:i] + chr(r.choice([0, 7, 8, 13, 27, 0x85, 0x2028, 0xFEFF, r.randrange(32, 127)])) + text[i + 1:]
        else:
            text = text + "\n" + text
    return text


def script_case(seed, lines):
    r = random.Random(seed)
    head = r.choice(["sample customers n=150 seed=%d" % r.randrange(5),
                     "sample customers n=150 seed=1\nsample transactions customers=30 seed=1 as tx\nuse customers",
                     "sample customers n=80 seed=2\nimpute age income strategy=median\ncluster kmeans age income k=3 seed=1 as segment"])
    body = []
    for _ in range(r.randrange(1, 7)):
        body.append(r.choice(lines) if r.random() < 0.5 else generated_line(r))
    text = head + "\n" + "\n".join(body)
    if r.random() < 0.5:
        text = mutate_text(r, text)
    return text


def run_scripts(findings, count, seed, work):
    lines = example_lines()

    def one(i):
        text = script_case(seed * 1_000_003 + i, lines)
        data = text.encode("utf-8", "surrogatepass") if r_bytes(i) else text.encode("utf-8", "replace")
        # Most runs go on after an error, so the commands after a broken one run too.
        mode = ["run", "-"] if i % 4 else ["check", "-"]
        status, _, err = run_seg(mode + (["--keep-going"] if i % 4 else []), data, cwd=work, timeout=30)
        return data, status, err

    with ThreadPoolExecutor(max_workers=2) as pool:
        for data, status, err in pool.map(one, range(count)):
            judge(findings, "script", status, err, data)


def r_bytes(i):
    return i % 11 == 0  # lone surrogates (invalid UTF-8) in some scripts


# ---------------------------------------------------------------- CSV files

def csv_sources():
    sources = []
    for name in ("bank_marketing.csv", "wholesale_customers.csv", "online_retail_2010-12.csv"):
        path = os.path.join(DATA, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                sources.append(b"".join(f.readlines()[:150]))
    sources.append(b"id,name,amount,when\n1,\"a, b\",2.5,2024-01-02\n2,\"say \"\"hi\"\"\",-3,2024-02-30\n3,,NA,\n")
    return sources


CSV_BYTES = [b",", b";", b"\t", b"|", b"\"", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"NA",
             b"9223372036854775808", b"1e309", b"-", b".", b"e", b"2024-13-45", b"\"\"\"", b"x" * 3000]


def mutate_csv(r, data):
    data = bytearray(data)
    for _ in range(r.randrange(1, 8)):
        c = r.random()
        i = r.randrange(len(data) + 1)
        if c < 0.5:
            data[i:i] = r.choice(CSV_BYTES)
        elif c < 0.8 and data:
            del data[i:i + r.randrange(1, 30)]
        else:
            data[i:i] = bytes(data[i:i + r.randrange(1, 200)]) * r.randrange(1, 4)
    return bytes(data)


def run_csvs(findings, count, seed, work):
    sources = csv_sources()

    def one(i):
        r = random.Random(seed * 7_000_003 + i)
        data = mutate_csv(r, r.choice(sources))
        path = os.path.join(work, f"csv-{i % 2}-{i}.csv")
        with open(path, "wb") as f:
            f.write(data)
        options = " ".join(o for o in [
            r.choice(["", "delimiter=\";\"", "delimiter=\",\"", "delimiter=\"\\t\""]),
            r.choice(["", "header=false"]), r.choice(["", "on_bad_rows=skip"]), r.choice(["", "decimal=\",\""]),
            r.choice(["", "encoding=latin1"]), r.choice(["", "na=\"\",NA,unknown"]),
        ] if o)
        script = f"load \"{path}\" {options} as d\ndescribe\nshow n=3\n"
        status, _, err = run_seg(["run", "-"], script.encode(), cwd=work, timeout=30)
        os.remove(path)
        return data, status, err, script

    with ThreadPoolExecutor(max_workers=2) as pool:
        for data, status, err, script in pool.map(one, range(count)):
            judge(findings, "csv", status, err, data, ".csv")
            # A data error names the file and its row, or says what the file is.
            if status == 65 and b".csv" not in err:
                findings.add("unlocated", "csv: " + err[:200].decode("utf-8", "replace"), data, ".csv")


# ---------------------------------------------------------------- model files

HOSTILE_JSON = [None, -1, 0, 1, 1000, 100_000_000, 2**63 - 1, -2**63, 1e308, -1e308, 0.5, "", "x", [], [[]], [1, 2],
                {"a": 1}, True, [7] * 50, "NaN", [[1e308, -1e308]]]


def mutate_json(r, node, depth=0):
    if depth > 0 and r.random() < 0.15:
        return r.choice(HOSTILE_JSON)
    if isinstance(node, dict) and node:
        node = dict(node)
        key = r.choice(sorted(node))
        if r.random() < 0.1:
            del node[key]
        else:
            node[key] = mutate_json(r, node[key], depth + 1)
        return node
    if isinstance(node, list) and node:
        node = list(node)
        i = r.randrange(len(node))
        c = r.random()
        if c < 0.1:
            del node[i]
        elif c < 0.2:
            node.append(node[i])
        else:
            node[i] = mutate_json(r, node[i], depth + 1)
        return node
    return r.choice(HOSTILE_JSON)


def run_models(findings, count, seed, work):
    methods = ["kmeans k=3", "minibatch k=3", "bisecting k=3", "hierarchical k=3", "gmm k=3", "dbscan eps=0.5",
               "kprototypes k=3"]
    originals = []
    for m in methods:
        cols = "age income gender" if m.startswith("kprototypes") else "age income"
        script = (f"sample customers n=200 seed=3\nimpute age income strategy=median\nscale age income method=zscore\n"
                  f"cluster {m} {cols} seed=1 as segment\nname segment 0=\"A\"\n".replace(" seed=1", "" if m.startswith(("hierarchical", "dbscan")) else " seed=1")
                  + f"save model segment \"{work}/model.json\"\n")
        status, _, err = run_seg(["run", "-"], script.encode(), cwd=work)
        if status != 0:
            print(f"could not make a {m} model: {err.decode()}", file=sys.stderr)
            continue
        with open(f"{work}/model.json") as f:
            originals.append(json.load(f))

    def one(i):
        r = random.Random(seed * 9_000_011 + i)
        model = r.choice(originals)
        if r.random() < 0.7:
            for _ in range(r.randrange(1, 4)):
                model = mutate_json(r, model)
            data = json.dumps(model).encode()
        else:
            data = bytearray(json.dumps(model).encode())
            for _ in range(r.randrange(1, 5)):
                j = r.randrange(len(data))
                data[j:j + 1] = r.choice([b"", b"9", b"-", b".", b"e", b"[", b"]", b"{", b",", b"\"", b"\x00", b"\xff"])
            data = bytes(data)
        path = f"{work}/hostile-{i}.json"
        with open(path, "wb") as f:
            f.write(data)
        script = f"sample customers n=60 seed=9\nload model \"{path}\" as m\nassign m\nshow n=2\nsave model segment \"{work}/again-{i}.json\"\n"
        status, _, err = run_seg(["run", "-"], script.encode(), cwd=work)
        for p in (path, f"{work}/again-{i}.json"):
            if os.path.exists(p):
                os.remove(p)
        return data, status, err

    with ThreadPoolExecutor(max_workers=2) as pool:
        for data, status, err in pool.map(one, range(count)):
            judge(findings, "model", status, err, data, ".json")


# ---------------------------------------------------------------- kill -9 and Ctrl-C during writers

WRITERS = [
    ("export", "sample customers n=400000 seed=1\nexport to \"{out}/target.csv\"\n", "target.csv"),
    ("export json", "sample customers n=150000 seed=1\nexport to \"{out}/target.json\"\n", "target.json"),
    ("export split", "sample customers n=300000 seed=1\nexport to \"{out}/split/\" split=region\n", "split"),
    ("save model", "sample customers n=200000 seed=1\nimpute age income strategy=median\ncluster kmeans age income k=4 seed=1 as segment\nsave model segment \"{out}/target-model.json\"\n", "target-model.json"),
    ("report", "sample customers n=60000 seed=1\nimpute age income strategy=median\nplot scatter age income\nshow n=5000\nreport \"{out}/target.html\"\n", "target.html"),
]


def snapshot(path):
    if os.path.isdir(path):
        return {n: open(os.path.join(path, n), "rb").read() for n in sorted(os.listdir(path))}
    return open(path, "rb").read() if os.path.exists(path) else None


def stale_temporaries(folder):
    found = []
    for base, _, files in os.walk(folder):
        found += [os.path.join(base, f) for f in files if f.startswith(".") and f.endswith(".tmp")]
    return found


def run_interruptions(findings, kills, interrupts, seed, work):
    r = random.Random(seed * 31 + 7)
    complete = {}
    for name, script, target in WRITERS:
        out = os.path.join(work, "ref-" + name.replace(" ", "-"))
        os.makedirs(out, exist_ok=True)
        status, _, err = run_seg(["run", "-"], script.format(out=out).encode(), cwd=work, timeout=120)
        if status != 0:
            print(f"reference run of {name} failed: {err.decode()}", file=sys.stderr)
            continue
        complete[name] = snapshot(os.path.join(out, target))

    cases = [("kill", i) for i in range(kills)] + [("int", i) for i in range(interrupts)]
    for how, i in cases:
        name, script, target = WRITERS[i % len(WRITERS)]
        if name not in complete:
            continue
        out = os.path.join(work, f"{how}-{i}")
        os.makedirs(out, exist_ok=True)
        target_path = os.path.join(out, target)
        # An older version of the file that must survive a write that does not finish.
        if target == "split":
            os.makedirs(target_path, exist_ok=True)
            for region in ("North", "South"):
                with open(os.path.join(target_path, region + ".csv"), "w") as f:
                    f.write("old\n")
        else:
            with open(target_path, "w") as f:
                f.write("old\n")
        old = snapshot(target_path)
        p = subprocess.Popen([SEG, "run", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             cwd=work, env=ENV)
        p.stdin.write(script.format(out=out).encode())
        p.stdin.close()
        time.sleep(r.uniform(0.05, 2.5))
        p.send_signal(signal.SIGKILL if how == "kill" else signal.SIGINT)
        try:
            status = p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            findings.add("hang", f"{name} did not stop after SIGINT", script)
            continue
        err = p.stderr.read()
        findings.count(f"{how} {name}")
        now = snapshot(target_path)
        if now != old and now != complete[name]:
            if not (target == "split" and isinstance(now, dict) and now == {**old, **complete[name]}):
                findings.add("partial file", f"{how} during {name} left a file that is neither the old nor the new one", script)
        if how == "int" and status not in (0, 130):
            findings.add("crash", f"SIGINT during {name}: status {status}: {err[-300:].decode('utf-8', 'replace')}", script)
        if how == "int" and status == 130 and now != old:
            findings.add("lost interrupt", f"SIGINT during {name} ended 130 but replaced the file", script)
        if how == "int" and stale_temporaries(out):
            findings.add("stale temporary", f"SIGINT during {name} left {stale_temporaries(out)}", script)
        if how == "kill":
            # The next write to the folder removes what the killed one left.
            run_seg(["run", "-"], f"sample customers n=5 seed=1\nexport to \"{out}/after.csv\"\n".encode(), cwd=work)
            if stale_temporaries(out):
                findings.add("stale temporary", f"after kill -9 during {name}: {stale_temporaries(out)}", script)
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------- memory limits

HEAVY = [
    "sample customers n=100000000",
    "sample transactions customers=10000000",
    "sample customers n=30000 seed=1\nderive k = 1\nsample customers n=30000 seed=2 as r\nderive k = 1\nuse customers\njoin r on=k",
    "sample customers n=40000 seed=1\nfilter age is not missing and income is not missing\ncluster hierarchical age income linkage=average k=3 max_memory=1000",
    "sample customers n=3000000 seed=1\nimpute age income strategy=median\ncluster kmeans age income k=8 seed=1 as s\nprofile s",
]


def run_memory(findings, work):
    for script in HEAVY:
        for limit in ("512M", "1G"):
            env = dict(ENV, SEG_MEMORY_LIMIT=limit)
            try:
                p = subprocess.run(limited([SEG, "run", "-"], 3 << 30), input=script.encode(), cwd=work, env=env,
                                   capture_output=True, timeout=300)
                status, err = p.returncode, p.stderr
            except subprocess.TimeoutExpired:
                status, err = None, b""
            judge(findings, f"memory {limit}", status, err, script)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scripts", type=int, default=25000)
    ap.add_argument("--csvs", type=int, default=3000)
    ap.add_argument("--models", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=60)
    ap.add_argument("--interrupts", type=int, default=60)
    ap.add_argument("--findings", default=os.path.join(ROOT, ".build", "campaign"))
    a = ap.parse_args()
    if not os.path.exists(SEG):
        sys.exit("build the release binary first: swift build -c release --static-swift-stdlib")
    shutil.rmtree(a.findings, ignore_errors=True)
    os.makedirs(a.findings)
    findings = Findings(a.findings)
    work = tempfile.mkdtemp(prefix="seg-campaign-")
    start = time.time()
    for label, step in [("scripts", lambda: run_scripts(findings, a.scripts, a.seed, work)),
                        ("CSV files", lambda: run_csvs(findings, a.csvs, a.seed, work)),
                        ("model files", lambda: run_models(findings, a.models, a.seed, work)),
                        ("kill -9 and Ctrl-C", lambda: run_interruptions(findings, a.kills, a.interrupts, a.seed, work)),
                        ("memory limits", lambda: run_memory(findings, work))]:
        t = time.time()
        step()
        print(f"{label}: done in {time.time() - t:.0f} s", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    print(f"\n{sum(findings.counts.values())} cases in {time.time() - start:.0f} s:")
    for kind in sorted(findings.counts):
        print(f"  {kind}: {findings.counts[kind]}")
    kinds = {}
    for kind, _, _ in findings.items:
        kinds[kind] = kinds.get(kind, 0) + 1
    print("findings: " + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"))
    for kind, detail, path in findings.items[:40]:
        print(f"- {kind}: {detail.strip()[:300]} ({path})")
    sys.exit(1 if findings.items else 0)


if __name__ == "__main__":
    main()
