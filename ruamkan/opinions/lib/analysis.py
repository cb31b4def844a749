"""Opinion mapping the Polis way: vote matrix → PCA → base clusters → groups → repness.

Pure numpy/scipy (no ORM). Follows Polis's math (compdemocracy/polis, math/src/polismath):

- participants are rows in the order they first voted; moderated-out statements are zeroed;
- PCA runs on every participant, missing votes filled with the column mean (= 0 once centred);
  each participant's projection is scaled by sqrt(n_statements / n_votes) so people who saw few
  statements are not pulled to the centre;
- only participants with ≥ min(7, n_statements) votes are clustered (topped up to the 15 most
  active when fewer qualify);
- k-means (seeded with the first distinct points, as Polis does) into up to 100 base clusters,
  then weighted k-means of the base clusters into k = 2..min(5, 2 + n_base/12) groups, k chosen
  by silhouette over the base clusters;
- repness, group-informed consensus and statement routing priority as in Polis.

Polis runs incrementally: each update starts its k-means from the previous update's clusters
and only changes k after a new k has won four updates in a row. A one-shot analysis has no such
history, so three choices stand in for it (each checked against Polis's own groups on eight
openData conversations, see tests/test_polis_agreement.py):
- group k-means also tries seeded k-means++ starts and keeps the tightest solution;
- k is the smallest whose silhouette is within `Options.k_tolerance` of the best (stability);
- participants are finally moved to their nearest group centre (Lloyd steps at participant
  level), so a base cluster straddling two groups is split.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
import scipy.linalg
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

Z_90 = 1.2816  # one-sided 90% significance, as Polis uses


class VoteLike(Protocol):
    @property
    def participant_id(self) -> int: ...
    @property
    def statement_id(self) -> int: ...
    @property
    def vote(self) -> int: ...
    @property
    def timestamp(self) -> int: ...


@dataclass(frozen=True)
class Options:
    min_votes: int = 7
    greedy_n: int = 15  # when fewer qualify, cluster the 15 most active participants
    base_k: int = 100
    max_k: int = 5
    base_iters: int = 100
    # Polis passes :cluster-iters, which its kmeans ignores, so groups get its default 20.
    group_iters: int = 20
    pca_iters: int = 100
    # Polis zeroes moderated-out statements (the column stays, so it counts in the scaling).
    moderated_out_mode: Literal["zero", "drop"] = "zero"
    silhouette_weighted: bool = False
    group_restarts: int = 10
    k_tolerance: float = 0.05
    refine_participants: bool = True
    scale_projections: bool = True
    pick_max: int = 5


@dataclass(frozen=True)
class RepStatement:
    statement_id: int
    direction: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    metric: float


@dataclass
class VoteMatrix:
    participant_ids: list[int]
    statement_ids: list[int]
    values: FloatArray  # participants × statements: 1, -1, 0, NaN (unseen)

    @property
    def vote_counts(self) -> IntArray:
        return np.asarray((~np.isnan(self.values)).sum(axis=1), dtype=np.int64)


@dataclass
class OpinionResult:
    matrix: VoteMatrix
    projections: FloatArray  # participants × 2 (every participant, clustered or not)
    components: FloatArray  # 2 × statements
    center: FloatArray  # statements
    clustered: NDArray[np.bool_]  # per participant
    base_labels: IntArray  # per participant, -1 when not clustered
    base_centers: FloatArray
    base_weights: FloatArray
    group_of_base: IntArray
    labels: IntArray  # per participant, group id or -1
    group_count: int
    silhouettes: dict[int, float]
    repness: dict[int, list[RepStatement]]
    consensus_agree: dict[int, float]  # statement → ∏_g p_agree(g)
    consensus_disagree: dict[int, float]
    consensus: list[int]
    priority: dict[int, float]
    extremity: dict[int, float] = field(default_factory=dict)
    # Group of each base cluster for every k tried (the chosen one is group_of_base).
    group_clusterings: dict[int, IntArray] = field(default_factory=dict)

    @property
    def groups(self) -> dict[int, int]:
        return {
            pid: int(g)
            for pid, g in zip(self.matrix.participant_ids, self.labels, strict=True)
            if g >= 0
        }

    @property
    def representative(self) -> dict[int, list[int]]:
        return {g: [r.statement_id for r in reps] for g, reps in self.repness.items()}


# --- matrix ------------------------------------------------------------------------------


def build_matrix(votes: Iterable[VoteLike], statement_ids: Iterable[int] = ()) -> VoteMatrix:
    """Rows in order of each participant's first vote (as Polis adds rows); the last vote
    per participant and statement wins. Statements sorted by id."""
    fields = operator.attrgetter("participant_id", "statement_id", "vote", "timestamp")
    flat = np.fromiter(itertools.chain.from_iterable(map(fields, votes)), dtype=np.int64)
    table = flat.reshape(-1, 4)
    pid, sid, ts = table[:, 0], table[:, 1], table[:, 3]
    val = np.sign(table[:, 2]).astype(np.float64)
    order = np.lexsort((sid, pid, ts))  # by time, then participant, then statement
    pid, sid, val = pid[order], sid[order], val[order]
    # Participants in order of their first vote.
    uniq_p, first = np.unique(pid, return_index=True)
    row_order = np.argsort(first, kind="stable")
    participants = uniq_p[row_order]
    rank = np.empty(len(uniq_p), dtype=np.int64)
    rank[row_order] = np.arange(len(uniq_p))
    rows = rank[np.searchsorted(uniq_p, pid)]
    cols_all = np.union1d(np.unique(sid), np.array(sorted(set(statement_ids)), dtype=np.int64))
    cols = np.searchsorted(cols_all, sid)
    values = np.full((len(participants), len(cols_all)), np.nan)
    # Fancy assignment keeps the last write for repeated indices: the latest vote.
    values[rows, cols] = val
    return VoteMatrix([int(x) for x in participants], [int(x) for x in cols_all], values)


def clusterable(matrix: VoteMatrix, options: Options = Options()) -> NDArray[np.bool_]:
    """Polis's in-conversation rule: ≥ min(7, n_statements) votes; if fewer than 15 qualify,
    the 15 most active participants."""
    counts = matrix.vote_counts
    threshold = min(options.min_votes, len(matrix.statement_ids))
    mask = counts >= max(threshold, 1)
    if int(mask.sum()) < options.greedy_n:
        order = np.argsort(-counts, kind="stable")[: options.greedy_n]
        mask = np.zeros(len(counts), dtype=bool)
        mask[order[counts[order] > 0]] = True
    return mask


# --- PCA ---------------------------------------------------------------------------------


def pca_components(
    data: FloatArray, n_comps: int = 2, iters: int = 500, seed: int = 0, tol: float = 1e-10
) -> tuple[FloatArray, FloatArray]:
    """Column means and the first principal components of `data` (NaN = missing, filled with
    the column mean, i.e. 0 once centred). Polis runs power iteration to (near) convergence;
    we take the exact eigenvectors of the small statements × statements Gram matrix, or a
    seeded block power iteration when there are very many statements. Signs are fixed so the
    largest-magnitude loading of each component is positive (for determinism)."""
    n, m = data.shape
    observed = ~np.isnan(data)
    counts = observed.sum(axis=0)
    sums = np.where(observed, data, 0.0).sum(axis=0)
    center = np.divide(sums, counts, out=np.zeros(m), where=counts > 0)
    centred = np.where(observed, data - center, 0.0)
    k = min(n_comps, m, n) if n and m else 0
    comps = np.zeros((n_comps, m))
    if k == 0:
        return center, comps
    gram = centred.T @ centred  # m × m: same eigenvectors as power iteration on the data
    if m <= 2000:
        # Exact eigendecomposition: what Polis's power iteration converges to, but faster.
        evals, evecs = scipy.linalg.eigh(gram, subset_by_index=[m - k, m - 1])
        vecs = evecs[:, np.argsort(evals)[::-1]].T.copy()
    else:
        rng = np.random.default_rng(seed)
        basis, _ = np.linalg.qr(rng.standard_normal((m, k)))
        for _ in range(iters):
            nxt, _ = np.linalg.qr(gram @ basis)
            # Converged when the spanned subspace no longer moves.
            done = np.linalg.norm(nxt - basis @ (basis.T @ nxt)) < tol
            basis = nxt
            if done:
                break
        # Rayleigh–Ritz inside the subspace orders and separates the components.
        evals, evecs = np.linalg.eigh(basis.T @ gram @ basis)
        vecs = (basis @ evecs[:, np.argsort(evals)[::-1]]).T
    for i in range(k):
        j = int(np.argmax(np.abs(vecs[i])))
        if vecs[i, j] < 0:
            vecs[i] = -vecs[i]
    comps[:k] = vecs
    return center, comps


def project(
    data: FloatArray, center: FloatArray, comps: FloatArray, scale: bool = True
) -> FloatArray:
    """Polis's sparsity-aware projection: only seen statements contribute, scaled by
    sqrt(n_statements / n_seen) so that people who saw few statements are not bunched in the
    centre."""
    observed = ~np.isnan(data)
    centred = np.where(observed, data - center, 0.0)
    proj = centred @ comps.T
    if scale:
        n_seen = np.maximum(observed.sum(axis=1), 1)
        proj = proj * np.sqrt(data.shape[1] / n_seen)[:, None]
    return np.asarray(proj, dtype=np.float64)


# --- k-means (Polis flavour) ------------------------------------------------------------


def first_distinct(points: FloatArray, k: int) -> FloatArray:
    """Polis seeds k-means with the first k distinct points in row order."""
    chosen: list[FloatArray] = []
    seen: set[tuple[float, ...]] = set()
    for p in points:
        key = tuple(np.round(p, 12).tolist())
        if key not in seen:
            seen.add(key)
            chosen.append(p)
            if len(chosen) == k:
                break
    return np.array(chosen, dtype=np.float64).reshape(-1, points.shape[1])


def kmeans(
    points: FloatArray,
    init: FloatArray,
    weights: FloatArray | None = None,
    iters: int = 100,
) -> tuple[IntArray, FloatArray]:
    """Lloyd's k-means from given centres, weighted; empty clusters are dropped (as Polis
    does), so fewer clusters than initial centres may come back. Labels are 0..k'-1 in the
    order of the surviving centres."""
    w = np.ones(len(points)) if weights is None else weights
    centers = init.copy()
    labels = np.full(len(points), -1, dtype=np.int64)
    for _ in range(max(iters, 1)):
        d = ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        new = np.asarray(d.argmin(axis=1), dtype=np.int64)
        used = np.flatnonzero(np.bincount(new, minlength=len(centers)))
        if len(used) < len(centers):
            remap = np.full(len(centers), -1, dtype=np.int64)
            remap[used] = np.arange(len(used))
            new = remap[new]
            centers = centers[used]
        if np.array_equal(new, labels):
            break
        labels = new
        wsum = np.bincount(labels, weights=w, minlength=len(centers))
        for dim in range(points.shape[1]):
            centers[:, dim] = np.bincount(labels, weights=w * points[:, dim], minlength=len(centers))
        centers = centers / np.maximum(wsum, 1e-300)[:, None]
    return labels, centers


def kmeans_pp(
    points: FloatArray, weights: FloatArray, k: int, rng: np.random.Generator
) -> FloatArray:
    """Weighted k-means++ seeding."""
    chosen = [int(rng.choice(len(points), p=weights / weights.sum()))]
    d2 = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        p = weights * d2
        if p.sum() <= 0:
            break
        nxt = int(rng.choice(len(points), p=p / p.sum()))
        chosen.append(nxt)
        d2 = np.minimum(d2, ((points - points[nxt]) ** 2).sum(axis=1))
    return np.asarray(points[chosen], dtype=np.float64)


def silhouette(
    points: FloatArray, labels: IntArray, weights: FloatArray | None = None
) -> float:
    """Mean silhouette coefficient (optionally weighted by cluster sizes of the points)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    if k < 2:
        return -1.0
    w = np.ones(len(points)) if weights is None else weights
    dist = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    # Mean (weighted) distance from each point to each cluster.
    onehot = np.zeros((len(points), k))
    onehot[np.arange(len(points)), labels] = w
    totals = dist @ onehot
    sizes = onehot.sum(axis=0)
    own = labels
    own_size = sizes[own] - w  # leave the point itself out
    with np.errstate(divide="ignore", invalid="ignore"):
        a = totals[np.arange(len(points)), own] / own_size
        mean_to = totals / sizes[None, :]
    mean_to[np.arange(len(points)), own] = np.inf
    b = mean_to.min(axis=1)
    s = np.where(own_size > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(np.average(s, weights=w if weights is not None else None))


# --- statement statistics -----------------------------------------------------------------


def _one_prop_z(succ: FloatArray, n: FloatArray) -> FloatArray:
    s, nn = succ + 1, n + 1
    return np.asarray(2 * np.sqrt(nn) * (s / nn - 0.5), dtype=np.float64)


def _two_prop_z(s1: FloatArray, s2: FloatArray, n1: FloatArray, n2: FloatArray) -> FloatArray:
    s1, s2, n1, n2 = s1 + 1, s2 + 1, n1 + 1, n2 + 1
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    denom = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / denom
    return np.asarray(np.where(denom > 0, z, 0.0), dtype=np.float64)


@dataclass
class GroupStats:
    na: FloatArray  # groups × statements
    nd: FloatArray
    ns: FloatArray
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def group_stats(values: FloatArray, labels: IntArray, k: int) -> GroupStats:
    agree = (values == 1).astype(np.float64)
    disagree = (values == -1).astype(np.float64)
    seen = (~np.isnan(values)).astype(np.float64)
    onehot = np.zeros((k, len(labels)))
    onehot[labels, np.arange(len(labels))] = 1.0
    na, nd, ns = onehot @ agree, onehot @ disagree, onehot @ seen
    ta, td, ts = agree.sum(axis=0), disagree.sum(axis=0), seen.sum(axis=0)
    oa, od, os_ = ta - na, td - nd, ts - ns
    pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
    qa, qd = (oa + 1) / (os_ + 2), (od + 1) / (os_ + 2)
    return GroupStats(
        na=na, nd=nd, ns=ns, pa=pa, pd=pd,
        pat=_one_prop_z(na, ns), pdt=_one_prop_z(nd, ns),
        ra=pa / qa, rd=pd / qd,
        rat=_two_prop_z(na, oa, ns, os_), rdt=_two_prop_z(nd, od, ns, os_),
    )


def select_repness(
    stats: GroupStats,
    statement_ids: Sequence[int],
    excluded: frozenset[int] | set[int] = frozenset(),
    pick_max: int = 5,
    z: float = Z_90,
) -> dict[int, list[RepStatement]]:
    """Up to `pick_max` statements per group that set it apart (agree or disagree), ranked by
    repness = ra · rat · p · pat; a group with none significant gets its single best."""
    out: dict[int, list[RepStatement]] = {}
    allowed = np.array([sid not in excluded for sid in statement_ids], dtype=bool)
    for g in range(stats.na.shape[0]):
        candidates: list[RepStatement] = []
        fallback: RepStatement | None = None
        fallback_score = -math.inf
        for j, sid in enumerate(statement_ids):
            if not allowed[j] or stats.ns[g, j] == 0:
                continue
            agree_dir = stats.rat[g, j] > stats.rdt[g, j]
            if agree_dir:
                rep = RepStatement(
                    sid, "agree", int(stats.na[g, j]), int(stats.ns[g, j]),
                    float(stats.pa[g, j]), float(stats.pat[g, j]), float(stats.ra[g, j]),
                    float(stats.rat[g, j]),
                    float(stats.ra[g, j] * stats.rat[g, j] * stats.pa[g, j] * stats.pat[g, j]),
                )
            else:
                rep = RepStatement(
                    sid, "disagree", int(stats.nd[g, j]), int(stats.ns[g, j]),
                    float(stats.pd[g, j]), float(stats.pdt[g, j]), float(stats.rd[g, j]),
                    float(stats.rdt[g, j]),
                    float(stats.rd[g, j] * stats.rdt[g, j] * stats.pd[g, j] * stats.pdt[g, j]),
                )
            significant = (stats.pat[g, j] > z and stats.rat[g, j] > z) or (
                stats.pdt[g, j] > z and stats.rdt[g, j] > z
            )
            if significant:
                candidates.append(rep)
            score = max(stats.rat[g, j], stats.rdt[g, j])
            if score > fallback_score:
                fallback, fallback_score = rep, score
        candidates.sort(key=lambda r: (-r.metric, r.statement_id))
        if not candidates and fallback is not None:
            candidates = [fallback]
        out[g] = candidates[:pick_max]
    return out


def routing_priority(
    values: FloatArray, extremity: FloatArray, excluded_mask: NDArray[np.bool_] | None = None
) -> FloatArray:
    """(p_agree · (1 − p_pass) · (1 + extremity) · (1 + 8 · 2^(−n/5)))²: statements with few
    votes, that people engage with and that separate opinions, are shown first."""
    seen = ~np.isnan(values)
    n = seen.sum(axis=0).astype(np.float64)
    na = (values == 1).sum(axis=0)
    npass = (values == 0).sum(axis=0)
    p_agree = (na + 1) / (n + 2)
    p_pass = (npass + 1) / (n + 2)
    newness = 1 + 8 * np.power(2.0, -n / 5)
    pri = (p_agree * (1 - p_pass) * (1 + extremity) * newness) ** 2
    if excluded_mask is not None:
        pri = np.where(excluded_mask, 0.0, pri)
    return np.asarray(pri, dtype=np.float64)


# --- pipeline ------------------------------------------------------------------------------


def _inertia(points: FloatArray, labels: IntArray, weights: FloatArray) -> float:
    k = int(labels.max()) + 1
    wsum = np.bincount(labels, weights=weights, minlength=k)
    centers = np.stack(
        [np.bincount(labels, weights=weights * points[:, d], minlength=k) for d in range(2)],
        axis=1,
    ) / np.maximum(wsum, 1e-300)[:, None]
    return float((weights * ((points - centers[labels]) ** 2).sum(axis=1)).sum())


def group_kmeans(
    centers: FloatArray, weights: FloatArray, k: int, options: Options, seed: int
) -> IntArray | None:
    """Weighted k-means of the base clusters into k groups. Polis starts from the first k
    distinct base clusters and then carries clusters over from update to update; a one-shot
    analysis has no history, so we also try seeded k-means++ starts and keep the tightest
    solution (lowest weighted inertia)."""
    best: tuple[float, IntArray] | None = None
    ginit = first_distinct(centers, k)
    if len(ginit) == k:
        lab, _ = kmeans(centers, ginit, weights, iters=options.group_iters)
        if int(lab.max()) + 1 == k:
            best = (_inertia(centers, lab, weights), lab)
    rng = np.random.default_rng(seed)
    for _ in range(options.group_restarts):
        lab, _c = kmeans(centers, kmeans_pp(centers, weights, k, rng), weights, iters=100)
        if int(lab.max()) + 1 != k:
            continue
        inertia = _inertia(centers, lab, weights)
        if best is None or inertia < best[0] - 1e-9:
            best = (inertia, lab)
    return None if best is None else best[1]


def choose_groups(
    centers: FloatArray, weights: FloatArray, options: Options, seed: int
) -> tuple[IntArray, dict[int, IntArray], dict[int, float]]:
    """Cluster base clusters for k = 2..max_k and pick k by silhouette. Polis keeps k stable
    over successive updates (a new k must win 4 updates in a row); without that history we
    prefer the smallest k whose silhouette is within `k_tolerance` of the best."""
    clusterings: dict[int, IntArray] = {}
    sils: dict[int, float] = {}
    for k in range(2, max_group_k(len(centers), options.max_k) + 1):
        if k > len(centers):
            break
        lab = group_kmeans(centers, weights, k, options, seed)
        if lab is None:
            continue
        clusterings[k] = lab
        sils[k] = silhouette(centers, lab, weights if options.silhouette_weighted else None)
    if not sils:
        return np.zeros(len(centers), dtype=np.int64), clusterings, sils
    top = max(sils.values())
    k_best = min(k for k, v in sils.items() if v >= top - options.k_tolerance)
    return clusterings[k_best], clusterings, sils


def _refine(
    points: FloatArray, base_labels: IntArray, group_of_base: IntArray, iters: int
) -> tuple[IntArray, IntArray]:
    """Participant-level Lloyd steps from the group centres (participants straddling two groups
    inside one base cluster go to their nearest group). Returns per-participant groups as
    singleton 'base clusters' so the caller's mapping still applies."""
    groups = group_of_base[base_labels]
    k = int(groups.max()) + 1
    centers = np.array([points[groups == g].mean(axis=0) for g in range(k)])
    lab, _ = kmeans(points, centers, iters=iters)
    return lab, np.arange(len(points), dtype=np.int64)


def max_group_k(n_base: int, max_k: int = 5) -> int:
    # Polis: at most 2 + n/12 groups for n base clusters, capped at max-k.
    return min(max_k, 2 + n_base // 12)


def analyse(
    votes: Iterable[VoteLike],
    *,
    statement_ids: Iterable[int] = (),
    moderated_out: Iterable[int] = (),
    options: Options = Options(),
    seed: int = 0,
) -> OpinionResult:
    """Analyse a conversation's current votes. BLAS/OpenMP are pinned to one thread: the
    matrices are small, and oversubscribing cores made analyses several times slower."""
    with threadpool_limits(limits=1):
        return _analyse(votes, statement_ids, set(moderated_out), options, seed)


def _analyse(
    votes: Iterable[VoteLike],
    statement_ids: Iterable[int],
    excluded: set[int],
    options: Options,
    seed: int,
) -> OpinionResult:
    raw = build_matrix(votes, statement_ids)
    data = raw.values.copy()
    excl_mask = np.array([sid in excluded for sid in raw.statement_ids], dtype=bool)
    if excl_mask.any():
        if options.moderated_out_mode == "zero":
            data[:, excl_mask] = 0.0
        else:
            data[:, excl_mask] = np.nan

    n, m = data.shape
    center, comps = pca_components(data, 2, iters=options.pca_iters, seed=seed)
    if options.moderated_out_mode == "drop" and excl_mask.any():
        keep = ~excl_mask
        c2, p2 = pca_components(data[:, keep], 2, iters=options.pca_iters, seed=seed)
        center = np.zeros(m)
        center[keep] = c2
        comps = np.zeros((2, m))
        comps[:, keep] = p2
        proj = project(data[:, keep], c2, p2, options.scale_projections)
    else:
        proj = project(data, center, comps, options.scale_projections)

    mask = clusterable(raw, options)
    idx = np.flatnonzero(mask)
    labels = np.full(n, -1, dtype=np.int64)
    base_labels = np.full(n, -1, dtype=np.int64)
    silhouettes: dict[int, float] = {}
    all_group_labels: dict[int, IntArray] = {}
    base_centers = np.zeros((0, 2))
    base_weights = np.zeros(0)
    group_of_base = np.zeros(0, dtype=np.int64)
    k_final = 0
    if len(idx):
        pts = proj[idx]
        init = first_distinct(pts, options.base_k)
        blab, base_centers = kmeans(pts, init, iters=options.base_iters)
        base_labels[idx] = blab
        base_weights = np.bincount(blab, minlength=len(base_centers)).astype(np.float64)
        group_of_base, all_group_labels, silhouettes = choose_groups(
            base_centers, base_weights, options, seed
        )
        if options.refine_participants and len(group_of_base):
            group_of_base, blab = _refine(pts, blab, group_of_base, options.group_iters)
            base_labels[idx] = blab
        labels[idx] = group_of_base[blab]
        k_final = int(group_of_base.max()) + 1

    # Statement statistics over clustered participants (Polis's repness base).
    if k_final:
        stats = group_stats(raw.values[idx], labels[idx], k_final)
        # Representativeness contrasts a group with the others: nothing to say for one group.
        repness = (
            select_repness(stats, raw.statement_ids, excluded, options.pick_max)
            if k_final > 1
            else {}
        )
        gac_agree = stats.pa.prod(axis=0)
        gac_disagree = stats.pd.prod(axis=0)
        consensus = _consensus(stats, raw.statement_ids, excluded, gac_agree, gac_disagree,
                               options.pick_max)
    else:
        repness = {}
        gac_agree = np.zeros(m)
        gac_disagree = np.zeros(m)
        consensus = []

    # Extremity: how far a participant agreeing with only this statement is projected.
    if m:
        virtual = np.full((m, m), np.nan)
        np.fill_diagonal(virtual, 1.0)
        vproj = project(virtual, center, comps, options.scale_projections)
        extremity = np.linalg.norm(vproj, axis=1)
    else:
        extremity = np.zeros(0)
    priority = routing_priority(raw.values, extremity, excl_mask)

    sids = raw.statement_ids
    return OpinionResult(
        matrix=raw,
        projections=proj,
        components=comps,
        center=center,
        clustered=mask,
        base_labels=base_labels,
        base_centers=base_centers,
        base_weights=base_weights,
        group_of_base=group_of_base,
        labels=labels,
        group_count=k_final,
        silhouettes=silhouettes,
        repness=repness,
        consensus_agree=dict(zip(sids, map(float, gac_agree), strict=True)),
        consensus_disagree=dict(zip(sids, map(float, gac_disagree), strict=True)),
        consensus=consensus,
        priority=dict(zip(sids, map(float, priority), strict=True)),
        extremity=dict(zip(sids, map(float, extremity), strict=True)),
        group_clusterings=all_group_labels,
    )


def _consensus(
    stats: GroupStats,
    statement_ids: Sequence[int],
    excluded: set[int],
    gac_agree: FloatArray,
    gac_disagree: FloatArray,
    pick_max: int,
) -> list[int]:
    """Statements every group leans the same way on (each group's smoothed p > 0.5), best
    group-informed consensus first: up to `pick_max` agreed, then up to `pick_max` rejected."""
    agree: list[tuple[float, int]] = []
    disagree: list[tuple[float, int]] = []
    for j, sid in enumerate(statement_ids):
        if sid in excluded:
            continue
        if bool((stats.pa[:, j] > 0.5).all()):
            agree.append((-float(gac_agree[j]), sid))
        elif bool((stats.pd[:, j] > 0.5).all()):
            disagree.append((-float(gac_disagree[j]), sid))
    agree.sort()
    disagree.sort()
    return [sid for _, sid in agree[:pick_max]] + [sid for _, sid in disagree[:pick_max]]
