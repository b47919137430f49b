#!/usr/bin/env python3
"""Reference values for Tests/OffswitchCoreTests/StatsPairedTests.swift, computed independently of offswitch.

Run with SciPy and statsmodels installed (python3 -m venv /tmp/v && /tmp/v/bin/pip install scipy statsmodels);
the tests hold the printed numbers as constants and never run Python. Written from the papers' formulas, not
from offswitch's Swift code.
"""
import numpy as np
from scipy.stats import beta, binom, chi2
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

print("# McNemar: statsmodels mcnemar(exact=True); mid-p = 2*binom.cdf(k) - binom.pmf(k), k = min(b, c)")
for b, c in [(6, 16), (0, 5), (3, 3), (1, 9), (0, 0), (12, 2)]:
    exact = mcnemar([[10, b], [c, 10]], exact=True).pvalue
    k, n = min(b, c), b + c
    mid = min(1.0, 2 * binom.cdf(k, n, 0.5) - binom.pmf(k, n, 0.5)) if n else 1.0
    print(f"({b}, {c}, {float(exact)!r}, {float(mid)!r}),")

print("# Newcombe method 10, independent: confint_proportions_2indep(method='newcomb', compare='diff')")
for k1, n1, k2, n2 in [(56, 70, 48, 80), (11, 13, 0, 10), (9, 10, 3, 10), (0, 10, 0, 10), (10, 10, 0, 10),
                       (5, 50, 20, 50)]:
    lo, hi = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
    print(f"({k1}, {n1}, {k2}, {n2}, {float(lo)!r}, {float(hi)!r}),")


def paired(a, b, c, d):
    """Newcombe (1998) paired method 10 with the corrected phi, from the paper's formulas."""
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = proportion_confint(a + b, n, method="wilson")
    l2, u2 = proportion_confint(a + c, n, method="wilson")
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    big_a = a * d - b * c
    if margins == 0:
        psi = 0.0
    elif big_a > n / 2:
        psi = (big_a - n / 2) / np.sqrt(margins)
    elif big_a >= 0:
        psi = 0.0
    else:
        psi = big_a / np.sqrt(margins)
    dl = np.sqrt((p1 - l1) ** 2 - 2 * psi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2)
    du = np.sqrt((u1 - p1) ** 2 - 2 * psi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2)
    return p1 - p2 - dl, p1 - p2 + du


print("# Newcombe method 10, paired (both, firstOnly, secondOnly, neither)")
for t in [(59, 6, 16, 80), (1, 1, 7, 12), (3, 9, 1, 7), (0, 10, 0, 10), (5, 0, 0, 5)]:
    lo, hi = paired(*t)
    print(f"({t[0]}, {t[1]}, {t[2]}, {t[3]}, {float(lo)!r}, {float(hi)!r}),")

# Clustered pairs: per trunk, (first, second) outcomes of each pair.
trunks = {
    "t1": [(1, 0), (1, 0), (1, 1)],
    "t2": [(1, 0), (0, 0), (1, 0)],
    "t3": [(0, 0), (0, 1), (0, 0)],
    "t4": [(1, 0), (1, 0), (1, 0)],
    "t5": [(0, 0), (0, 0), (1, 1)],
}
pairs = [p for t in trunks.values() for p in t]
a = sum(1 for x, y in pairs if x and y)
b = sum(1 for x, y in pairs if x and not y)
c = sum(1 for x, y in pairs if not x and y)
d = sum(1 for x, y in pairs if not x and not y)
m = len(pairs)
dt = np.array([sum(x - y for x, y in t) for t in trunks.values()], dtype=float)
mt = np.array([len(t) for t in trunks.values()], dtype=float)
k = len(trunks)
theta = dt.sum() / m
durkalski = dt.sum() ** 2 / (dt ** 2).sum()
robust = k / (k - 1) * ((dt - theta * mt) ** 2).sum() / m ** 2
independent = ((b + c) / m - theta ** 2) / m
deff = max(1.0, robust / independent)
lo, hi = paired(a / deff, b / deff, c / deff, d / deff)
print("# clustered pairs table", (a, b, c, d), "theta", repr(theta))
print("durkalski X2", repr(float(durkalski)), "p", repr(float(chi2.sf(durkalski, 1))))
print("deff", repr(float(deff)), "newcombe on shrunk table", repr(float(lo)), repr(float(hi)))

# A clustered rate: the first condition's branches alone.
kt = np.array([sum(x for x, _ in t) for t in trunks.values()], dtype=float)
p = kt.sum() / m
robust_rate = k / (k - 1) * ((kt - p * mt) ** 2).sum() / m ** 2
deff_rate = max(1.0, robust_rate / (p * (1 - p) / m))
n_eff = m / deff_rate
lo = beta.ppf(0.025, p * n_eff + 0.5, n_eff - p * n_eff + 0.5)
hi = beta.ppf(0.975, p * n_eff + 0.5, n_eff - p * n_eff + 0.5)
print("rate", repr(float(p)), "deff", repr(float(deff_rate)), "n_eff", repr(float(n_eff)), "jeffreys", repr(float(lo)),
      repr(float(hi)))
