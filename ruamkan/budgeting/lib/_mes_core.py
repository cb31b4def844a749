"""Compiled float core of MES (numba), used when every decision of a run is clear-cut.

`mes_run` runs MES at one per-voter budget in float64 and gives up (status UNSURE) as soon as any
decision (affordability, the cheapest project) is within the relative tolerance; the caller then
runs the exact-checked Python version. `mes_certify` is the float version of `_MESRun.certify`
that answers False whenever in doubt. Projects are 0..P-1 (MES projects only), voters are the
weighted distinct ballots, supporters in CSR form (ptr, idx, u).
"""

from __future__ import annotations

import numpy as np

try:  # numba is a runtime dependency; without it the pure numpy path is used
    from numba import njit

    AVAILABLE = True
except ImportError:  # pragma: no cover
    AVAILABLE = False

    def njit(*args, **kwargs):  # type: ignore[no-untyped-def,no-redef]
        def wrap(f):  # type: ignore[no-untyped-def]
            return f

        return wrap


OK = 0
UNSURE = 1
UNSURE_CERT = 2


@njit(cache=True)
def _supporters_total(j, budget, ptr, idx, w):  # type: ignore[no-untyped-def]
    total = 0.0
    for q in range(ptr[j], ptr[j + 1]):
        total += w[q] * budget[idx[q]]
    return total


@njit(cache=True)
def _price(j, start, budget, ptr, idx, u, w, cost, wu_total):  # type: ignore[no-untyped-def]
    """(total budget, rho, tolerance) of project j by the poor/rich iteration.

    `start` must be a lower bound of rho (the project's last price: budgets only shrink); from
    any lower bound the iteration rises monotonically to the minimal rho. rho is inf when nobody
    would be left rich. `w` holds the weights per supporter entry (aligned with idx and u).
    """
    base = cost[j] / wu_total[j]
    rho = start if start > base else base
    count = -1
    poor_b = 0.0
    rich_u = wu_total[j]
    lo = ptr[j]
    hi = ptr[j + 1]
    total = 0.0
    first = True
    while True:
        n = 0
        pb = 0.0
        pu = 0.0
        if first:
            for q in range(lo, hi):
                bq = budget[idx[q]]
                total += w[q] * bq
                if bq < rho * u[q]:
                    n += 1
                    pb += w[q] * bq
                    pu += w[q] * u[q]
            first = False
            if total < cost[j]:
                return total, np.inf, 0.0
            if n == 0:
                return total, base, 1e-9 * base
        else:
            for q in range(lo, hi):
                bq = budget[idx[q]]
                if bq < rho * u[q]:
                    n += 1
                    pb += w[q] * bq
                    pu += w[q] * u[q]
        if n == count:
            return total, rho, 1e-9 * (cost[j] + poor_b) / rich_u
        count = n
        poor_b = pb
        rich_u = wu_total[j] - pu
        if rich_u <= 0.0:
            return total, np.inf, 0.0
        rho = (cost[j] - poor_b) / rich_u


@njit(cache=True)
def _pay(j, rho, budget, ptr, idx, u):  # type: ignore[no-untyped-def]
    for q in range(ptr[j], ptr[j + 1]):
        i = idx[q]
        left = budget[i] - rho * u[q]
        budget[i] = left if left > 0.0 else 0.0


@njit(cache=True)
def mes_run(b, nvoters, ptr, idx, u, w, cost, wu_total, rank, tol, seq_up, lb_up):  # type: ignore[no-untyped-def]
    """MES at per-voter budget b. Returns (status, sequence, prices, per-round price bounds).

    seq_up/lb_up come from a run at a higher per-voter budget (empty if none): while our choices
    repeat its choices, its per-round price bounds are lower bounds of ours (more budget, lower
    prices), which lets us skip evaluating most projects. lbs[r] are this run's bounds at round r.
    """
    nproj = len(cost)
    budget = np.full(nvoters, b)
    alive = np.ones(nproj, dtype=np.bool_)
    lb = cost / wu_total
    seq = np.empty(nproj, dtype=np.int64)
    rhos = np.empty(nproj, dtype=np.float64)
    lbs = np.empty((nproj + 1, nproj), dtype=np.float64)
    cand_j = np.empty(nproj, dtype=np.int64)
    cand_r = np.empty(nproj, dtype=np.float64)
    cand_t = np.empty(nproj, dtype=np.float64)
    rounds = 0
    same = len(seq_up) > 0 or lb_up.shape[0] > 0
    while True:
        if same and rounds < lb_up.shape[0]:
            for j in range(nproj):
                if lb_up[rounds, j] > lb[j]:
                    lb[j] = lb_up[rounds, j]
        order = np.argsort(lb)
        best = np.inf
        best_k = -1
        nc = 0
        for o in range(nproj):
            j = order[o]
            if not alive[j]:
                continue
            if lb[j] > best * (1 + 2 * tol):
                break
            total, rho, t = _price(j, lb[j], budget, ptr, idx, u, w, cost, wu_total)
            if total < cost[j] * (1 - tol):
                alive[j] = False
                lb[j] = np.inf
                continue
            if total <= cost[j] * (1 + tol):
                return UNSURE, seq[:rounds], rhos[:rounds], lbs[:rounds]
            lb[j] = rho
            cand_j[nc] = j
            cand_r[nc] = rho
            cand_t[nc] = t
            if rho < best:
                best = rho
                best_k = nc
            nc += 1
        for j in range(nproj):
            lbs[rounds, j] = lb[j] if alive[j] else np.inf
        if nc == 0:
            return OK, seq[:rounds], rhos[:rounds], lbs[: rounds + 1]
        for c in range(nc):
            if c != best_k and cand_r[c] - best <= cand_t[c] + cand_t[best_k]:
                return UNSURE, seq[:rounds], rhos[:rounds], lbs[:rounds]
        s = cand_j[best_k]
        _pay(s, best, budget, ptr, idx, u)
        alive[s] = False
        seq[rounds] = s
        rhos[rounds] = best
        if same and (rounds >= len(seq_up) or seq_up[rounds] != s):
            same = False
        rounds += 1


@njit(cache=True)
def mes_certify(b_hi, nvoters, seq, rho_lo, ptr, idx, u, w, cost, wu_total, tol):  # type: ignore[no-untyped-def]
    """Float `_MESRun.certify`: replay `seq` at b_hi. Returns 1 (holds), 0 (fails) or UNSURE_CERT
    (a price or an affordability too close to call in floats: ask the exact version)."""
    nproj = len(cost)
    budget = np.full(nvoters, b_hi)
    alive = np.ones(nproj, dtype=np.bool_)
    lb = cost / wu_total
    for t in range(len(seq)):
        s = seq[t]
        bar = rho_lo[t] * (1 + 4 * tol)
        order = np.argsort(lb)
        for o in range(nproj):
            j = order[o]
            if not alive[j] or j == s:
                continue
            if lb[j] > bar:
                break
            total, rho, _t = _price(j, lb[j], budget, ptr, idx, u, w, cost, wu_total)
            if total < cost[j] * (1 - tol):
                alive[j] = False
                continue
            if total <= cost[j] * (1 + tol):
                return UNSURE_CERT
            lb[j] = rho
            if rho < rho_lo[t] * (1 - 4 * tol):
                return 0
            if rho <= bar:
                return UNSURE_CERT
        _tot, rho_s, _t = _price(s, lb[s], budget, ptr, idx, u, w, cost, wu_total)
        _pay(s, rho_s, budget, ptr, idx, u)
        alive[s] = False
    for j in range(nproj):
        if alive[j]:
            total = _supporters_total(j, budget, ptr, idx, w)
            if total > cost[j] * (1 + tol):
                return 0
            if total >= cost[j] * (1 - tol):
                return UNSURE_CERT
    return 1
