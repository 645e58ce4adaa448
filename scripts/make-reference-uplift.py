#!/usr/bin/env python3
"""References for uplift (Tests/SegEngineTests/UpliftTests): a campaign's treated customers
against its held-out control group, per action and per action and segment, from statsmodels:
rates of a 0/1 outcome (confint_proportions_2indep method="newcomb", proportions_ztest) and
means of a numeric one (Welch: ttest_ind and CompareMeans.tconfint_diff, usevar="unequal"),
with the smallest detectable difference (80 % power, 5 % level) from scipy.stats.norm. The
generated campaign is written to Reference/uplift_campaign.csv in the columns apply rules
writes (offer, offer_rule, offer_holdout). Writes Tests/SegEngineTests/Reference/uplift.json."""
import json, math, os, subprocess, sys

try:
    import numpy as np, pandas as pd, statsmodels
    from scipy.stats import norm
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest
    from statsmodels.stats.weightstats import CompareMeans, ttest_ind
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scipy", "statsmodels"])
    import numpy as np, pandas as pd, statsmodels
    from scipy.stats import norm
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest
    from statsmodels.stats.weightstats import CompareMeans, ttest_ind

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")
rng = np.random.default_rng(17)
n = 6000
rule = rng.choice(["vip", "winback", None], n, p=[0.3, 0.5, 0.2])
value = {"vip": "early_access", "winback": "discount_20"}
held = np.array([r is not None and rng.random() < 0.15 for r in rule])
segment = rng.choice([0, 1, 2], n, p=[0.5, 0.3, 0.2])
true_lift = {0: 0.02, 1: 0.06, 2: 0.10}
base = 0.08 + 0.02 * segment
treated = np.array([r is not None for r in rule]) & ~held
converted = (rng.random(n) < base + treated * np.array([true_lift[s] for s in segment])).astype(int)
revenue = np.round(rng.gamma(2.0, 20.0, n) + treated * 5.0 * (segment + 1), 2)
revenue[rng.choice(n, 100, replace=False)] = np.nan
frame = pd.DataFrame({
    "customer_id": np.arange(1, n + 1), "segment": segment,
    "offer": [None if r is None or h else value[r] for r, h in zip(rule, held)],
    "offer_rule": rule, "offer_holdout": np.where(held, "true", "false"),
    "converted": converted, "revenue": revenue,
})
frame.to_csv(os.path.join(ref, "uplift_campaign.csv"), index=False)

z = norm.ppf(0.975) + norm.ppf(0.8)


def rates(rows):
    t, c = rows[rows.offer_holdout == "false"], rows[rows.offer_holdout == "true"]
    c1, n1, c0, n0 = int(t.converted.sum()), len(t), int(c.converted.sum()), len(c)
    low, high = confint_proportions_2indep(c1, n1, c0, n0, method="newcomb", compare="diff")
    _, p = proportions_ztest([c1, c0], [n1, n0])
    pooled = (c1 + c0) / (n1 + n0)
    return {"treated": n1, "held": n0, "treated_rate": c1 / n1, "held_rate": c0 / n0, "low": float(low), "high": float(high),
            "p": float(p), "detectable": float(z * math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0)))}


def means(rows):
    rows = rows[rows.revenue.notna()]
    t, c = rows[rows.offer_holdout == "false"].revenue.to_numpy(), rows[rows.offer_holdout == "true"].revenue.to_numpy()
    _, p, _ = ttest_ind(t, c, usevar="unequal")
    low, high = CompareMeans.from_data(t, c).tconfint_diff(usevar="unequal")
    se = math.sqrt(t.var(ddof=1) / len(t) + c.var(ddof=1) / len(c))
    return {"treated": len(t), "held": len(c), "treated_mean": float(t.mean()), "held_mean": float(c.mean()),
            "low": float(low), "high": float(high), "p": float(p), "detectable": float(z * se)}


result = {"statsmodels": statsmodels.__version__, "converted": {}, "revenue": {}}
for rule_name, action in value.items():
    rows = frame[frame.offer_rule == rule_name]
    result["converted"][action] = rates(rows)
    result["revenue"][action] = means(rows)
    for s in [0, 1, 2]:
        result["converted"][f"{action}/{s}"] = rates(rows[rows.segment == s])
        result["revenue"][f"{action}/{s}"] = means(rows[rows.segment == s])
with open(os.path.join(ref, "uplift.json"), "w") as f:
    json.dump(result, f, indent=1, sort_keys=True)
print("wrote uplift.json")
