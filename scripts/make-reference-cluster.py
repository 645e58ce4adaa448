#!/usr/bin/env python3
"""Clustering references from scikit-learn for Tests/SegEngineTests/ClusterReferenceTests.

Data sets: generated blobs (written beside the reference as cluster_blobs.csv), the
wholesale customers' six spending columns after log1p + z-score, and Online Retail RFM
(recency, frequency, monetary of every customer from rfm.json, ordered by customer id)
after log1p + z-score. For each: k-means (best inertia over n_init=10, and labels from
given k-means++ centres), the four agglomerative linkages, DBSCAN, Gaussian mixtures of
every covariance type started from k-means labels, the internal scores, ARI and NMI, and
k-distances. Writes Tests/SegEngineTests/Reference/cluster.json."""
import json, os, subprocess, sys

try:
    import numpy as np, pandas as pd, sklearn
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "numpy", "pandas", "scikit-learn"])
    import numpy as np, pandas as pd, sklearn
from sklearn.cluster import KMeans, AgglomerativeClustering, DBSCAN, kmeans_plusplus
from sklearn.datasets import make_blobs
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import NearestNeighbors
from sklearn import metrics

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(root, "Tests", "SegEngineTests", "Reference")


def zscore(a):
    return (a - a.mean(axis=0)) / a.std(axis=0)


blobs, _ = make_blobs(n_samples=600, centers=4, n_features=3, cluster_std=0.8, random_state=0)
pd.DataFrame(blobs, columns=["x0", "x1", "x2"]).to_csv(os.path.join(ref, "cluster_blobs.csv"), index=False, float_format="%.17g")
blobs = pd.read_csv(os.path.join(ref, "cluster_blobs.csv")).to_numpy()

sets = {"blobs": (blobs, 4, 0.9, 10)}
wholesale_path = os.path.join(root, "..", "shared", "data", "wholesale_customers.csv")
w = pd.read_csv(wholesale_path)
cols = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]
sets["wholesale"] = (zscore(np.log1p(w[cols].to_numpy(dtype=float))), 3, 1.2, 5)
rfm = json.load(open(os.path.join(ref, "rfm.json")))["perCustomer"]
ids = sorted(rfm, key=lambda s: int(s))
sets["rfm"] = (zscore(np.log1p(np.array([[rfm[i][0], rfm[i][1], rfm[i][2]] for i in ids], dtype=float))), 4, 0.25, 10)

out = {"sklearn": sklearn.__version__}
for name, (X, k, eps, min_samples) in sets.items():
    r = {"k": k, "rows": len(X), "eps": eps, "min_samples": min_samples}
    r["best_inertia_n10"] = float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_)
    init, _ = kmeans_plusplus(X, k, random_state=1)
    km = KMeans(n_clusters=k, init=init, n_init=1).fit(X)
    r["init_centers"] = init.ravel().tolist()
    r["kmeans_labels"] = km.labels_.tolist()
    r["kmeans_inertia"] = float(km.inertia_)
    r["kmeans_centers"] = km.cluster_centers_.ravel().tolist()
    for linkage in ["ward", "complete", "average", "single"]:
        a = AgglomerativeClustering(n_clusters=k, linkage=linkage, compute_distances=True).fit(X)
        r["hier_" + linkage] = a.labels_.tolist()
        r["heights_" + linkage] = sorted(a.distances_.tolist())
    db = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    r["dbscan_labels"] = db.labels_.tolist()
    r["dbscan_core"] = db.core_sample_indices_.tolist()
    r["gmm_init_labels"] = KMeans(n_clusters=k, n_init=1, random_state=0).fit(X).labels_.tolist()
    for cov in ["full", "tied", "diag", "spherical"]:
        g = GaussianMixture(n_components=k, covariance_type=cov, random_state=0).fit(X)
        r["gmm_" + cov] = {"score": float(g.score(X)), "bic": float(g.bic(X)), "aic": float(g.aic(X)),
                           "n_iter": int(g.n_iter_), "labels": g.predict(X).tolist()}
    labels = km.labels_
    r["silhouette"] = float(metrics.silhouette_score(X, labels))
    r["davies_bouldin"] = float(metrics.davies_bouldin_score(X, labels))
    r["calinski_harabasz"] = float(metrics.calinski_harabasz_score(X, labels))
    r["ari_kmeans_ward"] = float(metrics.adjusted_rand_score(labels, r["hier_ward"]))
    r["nmi_kmeans_ward"] = float(metrics.normalized_mutual_info_score(labels, r["hier_ward"]))
    dist, _ = NearestNeighbors(n_neighbors=min_samples).fit(X).kneighbors(X)
    r["kdist"] = sorted(dist[:, -1].tolist(), reverse=True)
    out[name] = r
    print(name, "k", k, "inertia", r["kmeans_inertia"], "dbscan clusters", len(set(db.labels_)) - (1 if -1 in db.labels_ else 0),
          "noise", int((db.labels_ == -1).sum()))
with open(os.path.join(ref, "cluster.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
print("wrote cluster.json")
