#!/usr/bin/env python3
"""Buy-till-you-die references from lifetimes (pip) on CDNOW (the sample of 2,357 customers
that lifetimes bundles; read from where pip installed it, never copied into the project) and
on Online Retail (../shared/data). Writes Tests/SegEngineTests/Reference/lifetime.json.

CDNOW as the papers use it: calibration 1997-01-01..1997-09-30, holdout to 1998-06-30,
days counted in weeks (freq="D", freq_multiplier=7). Pareto/NBD is refitted with a tight
tolerance from the paper's estimates, since lifetimes' default Nelder-Mead stops at tol=1e-4.
The CDNOW summary is compared through a SHA-256 of its rows, so no customer data is stored."""
import hashlib, json, os, subprocess, sys, warnings

try:
    import lifetimes, pandas as pd, numpy as np
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "lifetimes", "pandas"])
    import lifetimes, pandas as pd, numpy as np
from lifetimes import BetaGeoFitter, ModifiedBetaGeoFitter, ParetoNBDFitter, GammaGammaFitter
from lifetimes.utils import calibration_and_holdout_data, summary_data_from_transaction_data, expected_cumulative_transactions

warnings.filterwarnings("ignore")
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
datasets = os.path.join(os.path.dirname(lifetimes.__file__), "datasets")
out = {"lifetimes": lifetimes.__version__}


def params(model):
    return {k: float(v) for k, v in model.params_.items()}


def errors(model):
    return {k: float(v) for k, v in model.standard_errors_.items()}


def loglik(model, x, t, T):
    """The log-likelihood in the data's own units (lifetimes reports it on rescaled times)."""
    p = model.params_.values
    w = np.ones(len(x))
    if isinstance(model, ParetoNBDFitter):
        return float(-model._negative_log_likelihood(p, x, t, T, w, 0) * w.mean())
    return float(-model._negative_log_likelihood(np.log(p), x, t, T, w, 0) * len(x))


tx = pd.read_csv(os.path.join(datasets, "CDNOW_sample.txt"), sep=r"\s+", header=None,
                 names=["id", "sid", "date", "cds", "value"], dtype={"date": str})
tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
s = calibration_and_holdout_data(tx, "id", "date", calibration_period_end="1997-09-30", observation_period_end="1998-06-30",
                                 freq="D", freq_multiplier=7, monetary_value_col="value")
rows = "".join("%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\n" % (i, v.frequency_cal, v.recency_cal, v.T_cal, v.monetary_value_cal,
                                                       v.frequency_holdout, v.monetary_value_holdout) for i, v in s.iterrows())
x, t, T, m = s.frequency_cal.values, s.recency_cal.values, s.T_cal.values, s.monetary_value_cal.values
cd = {"customers": int(len(s)), "summarySHA256": hashlib.sha256(rows.encode()).hexdigest(),
      "summarySums": [float(c.sum()) for c in (s.frequency_cal, s.recency_cal, s.T_cal, s.monetary_value_cal, s.frequency_holdout, s.monetary_value_holdout)],
      "durationHoldout": float(s.duration_holdout.iloc[0])}

bg = BetaGeoFitter().fit(x, t, T)
mbg = ModifiedBetaGeoFitter().fit(x, t, T)
pnbd = ParetoNBDFitter().fit(x, t, T, initial_params=[0.55, 10.58, 0.61, 11.67], tol=1e-12, maxiter=40000)
repeat = s[s.frequency_cal > 0]
gg = GammaGammaFitter().fit(repeat.frequency_cal, repeat.monetary_value_cal)
horizon = 12 * 4.345
ids = [int(i) for i in s.index]
for name, model in (("bgnbd", bg), ("mbgnbd", mbg), ("paretonbd", pnbd)):
    entry = {"params": params(model), "logLikelihood": loglik(model, x, t, T),
             "pAlive": dict(zip(map(str, ids), map(float, model.conditional_probability_alive(x, t, T)))),
             "expected": dict(zip(map(str, ids), map(float, model.conditional_expected_number_of_purchases_up_to_time(horizon, x, t, T))))}
    if name != "paretonbd":
        entry["standardErrors"] = errors(model)
    cd[name] = entry
clv = gg.customer_lifetime_value(bg, s.frequency_cal, s.recency_cal, s.T_cal, s.monetary_value_cal, time=12, discount_rate=0.01, freq="W")
spend = gg.conditional_expected_average_profit(s.frequency_cal, s.monetary_value_cal)
cd["gammagamma"] = {"params": params(gg), "standardErrors": errors(gg), "customers": int(len(repeat)),
                    "logLikelihood": float(-gg._negative_log_likelihood(np.log(gg.params_.values), repeat.frequency_cal.values, repeat.monetary_value_cal.values, np.ones(len(repeat)), 0) * len(repeat)),
                    "correlation": float(np.corrcoef(repeat.frequency_cal, repeat.monetary_value_cal)[0, 1]),
                    "spend": dict(zip(map(str, ids), map(float, spend))), "clv": dict(zip(map(str, ids), map(float, clv)))}
# Holdout check: mean actual and BG/NBD-predicted holdout purchases by calibration frequency, 7 and more together.
pred = bg.conditional_expected_number_of_purchases_up_to_time(cd["durationHoldout"], x, t, T)
group = np.minimum(x, 7)
cd["holdoutCheck"] = [[int(g), int((group == g).sum()), float(s.frequency_holdout.values[group == g].mean()), float(pred[group == g].mean())]
                      for g in range(8)]
# Cumulative repeat transactions, weekly over the 78 weeks.
track = expected_cumulative_transactions(bg, tx, "date", "id", 78 * 7, freq="D", freq_multiplier=7)
cd["tracking"] = {"actual": track.actual.astype(float).tolist(), "predicted": track.predicted.astype(float).tolist()}
out["cdnow"] = cd

# Online Retail: customers with an id, no cancellations, positive quantity and price.
r = pd.read_csv(os.path.join(root, "..", "shared", "data", "online_retail.csv.gz"),
                dtype={"InvoiceNo": str, "StockCode": str}, parse_dates=["InvoiceDate"])
r = r[r["CustomerID"].notna() & ~r["InvoiceNo"].str.startswith("C") & (r["Quantity"] > 0) & (r["UnitPrice"] > 0)].copy()
r["Amount"] = r["Quantity"] * r["UnitPrice"]
retail = {}
for freq in ("D", "W"):
    su = summary_data_from_transaction_data(r, "CustomerID", "InvoiceDate", monetary_value_col="Amount", freq=freq)
    entry = {"customers": int(len(su)),
             "summary": {str(int(k)): [float(v.frequency), float(v.recency), float(v["T"]), float(v.monetary_value)] for k, v in su.iterrows()}}
    try:
        b = BetaGeoFitter().fit(su.frequency, su.recency, su["T"])
        entry["bgnbd"] = {"params": params(b), "logLikelihood": loglik(b, su.frequency.values, su.recency.values, su["T"].values)}
    except lifetimes.utils.ConvergenceError:
        entry["bgnbd"] = None  # lifetimes reports no convergence (weekly: the dropout runs to the boundary)
    rep = su[su.frequency > 0]
    g = GammaGammaFitter().fit(rep.frequency, rep.monetary_value)
    entry["gammagamma"] = {"params": params(g), "correlation": float(np.corrcoef(rep.frequency, rep.monetary_value)[0, 1])}
    retail["day" if freq == "D" else "week"] = entry
# A calibration split at the end of 2011-09-30, days. seg's calibration_end is the last day of
# the calibration; lifetimes compares times with the date's midnight, so it is given the day's last second.
ch = calibration_and_holdout_data(r, "CustomerID", "InvoiceDate", calibration_period_end="2011-09-30 23:59:59", freq="D", monetary_value_col="Amount")
retail["holdout"] = {"customers": int(len(ch)), "duration": float(ch.duration_holdout.iloc[0]),
                     "perCustomer": {str(int(k)): [float(v.frequency_cal), float(v.recency_cal), float(v.T_cal), float(v.frequency_holdout), float(v.monetary_value_holdout)]
                                     for k, v in ch.iterrows()}}
out["onlineRetail"] = retail

with open(os.path.join(root, "Tests", "SegEngineTests", "Reference", "lifetime.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
print("wrote lifetime.json; CDNOW BG/NBD", cd["bgnbd"]["params"], cd["bgnbd"]["logLikelihood"], "Pareto", cd["paretonbd"]["params"], cd["paretonbd"]["logLikelihood"],
      "MBG", cd["mbgnbd"]["params"], "GG", cd["gammagamma"]["params"])
