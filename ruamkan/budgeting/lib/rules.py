"""Participatory-budgeting rules: greedy, Method of Equal Shares (plain and with completion), Phragmén.

Every rule selects exactly what pabutools 1.2.3 selects with its default exact arithmetic and its
default lexicographic tie-breaking (by project id, as a string), with the calls listed in
shared/data/pabulib/SOURCES.md:

- satisfaction: cost of the approved projects for approval and choose-1 (`Cost_Sat`), points for
  cumulative and scoring (`Additive_Cardinal_Sat`), Borda score `len(ballot) - position - 1` for
  ordinal (`Additive_Borda_Sat`);
- `greedy`: projects by total satisfaction per unit of cost, ties by id, skipping what no longer fits;
- `mes-plain`: Method of Equal Shares with per-voter budget B/n, no completion;
- `mes`: pabutools' `completion_by_rule_combination([method_of_equal_shares(voter_budget_increment=1),
  greedy_utilitarian_welfare])`, i.e. the add-one variant: run MES with per-voter budget B/n + k for
  k = 0, 1, 2, ...; stop at the first k whose outcome is exhaustive (no supported project still fits)
  or, if the outcome at k costs more than B, return the outcome at k - 1; then fill any remaining
  budget greedily. We return the same outcome but do not run MES for every k: see `_MESCompletion`.
- `phragmen`: sequential Phragmén (approval ballots only), which stops at the first tied-best project
  that no longer fits.

How exactness is kept: bulk work is float64 numpy; every decision whose float margin is below a
relative 1e-9 (far above the ~1e-13 float error here) is re-decided with exact rationals
(`fractions.Fraction`), reconstructed from the exact per-round prices. Voters with identical ballots
are merged into one weighted voter (they always hold identical budgets, so nothing changes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from . import _mes_core
from .pabulib import Election

Number = int | Fraction
FArray = npt.NDArray[np.float64]
IArray = npt.NDArray[np.int64]

RULES = ("greedy", "mes", "mes-plain", "phragmen")
#: a float comparison closer than this (relative) is re-decided exactly
TOL = 1e-9


class RuleError(ValueError):
    """The rule does not apply to this election (e.g. Phragmén on non-approval ballots)."""


@dataclass
class Outcome:
    selected: list[int]  # project indices (into election.projects) in order of selection
    spent: Number
    #: for `mes`: the per-voter budget MES ended at and how many MES runs that took
    details: dict[str, object] = field(default_factory=dict)


def _frac(x: Number) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


# --------------------------------------------------------------------------- profile preparation


@dataclass
class Profile:
    """Election reduced to what the rules need: weighted distinct ballots and integer satisfactions."""

    names: list[str]
    costs: list[Number]
    cost_f: FArray
    budget: Number
    num_voters: int  # ballots in the file, before merging identical ones
    weights: IArray  # per distinct ballot
    #: dense satisfaction, distinct ballots x projects, scaled to integers (one common factor)
    sat: IArray
    approval: bool
    additive: bool  # pabutools' greedy takes its "additive" path (all but Borda)
    rank: list[int]  # rank[j] = position of project j in pabutools' lexicographic order

    @property
    def num_projects(self) -> int:
        return len(self.names)


def _lcm_denominator(values: Sequence[Number]) -> int:
    d = 1
    for v in values:
        if isinstance(v, Fraction) and v.denominator != 1:
            d = d * v.denominator // math.gcd(d, v.denominator)
    return d


def prepare(election: Election) -> Profile:
    vote_type = election.vote_type
    names = [p.id for p in election.projects]
    costs = [p.cost for p in election.projects]
    m = len(names)
    approval = vote_type in ("approval", "choose-1")
    groups: dict[object, int] = {}
    counts: list[int] = []
    rows: list[tuple[tuple[int, ...], tuple[Number, ...]]] = []
    if approval:
        for ballot in election.ballots:
            key = frozenset(ballot)
            g = groups.get(key)
            if g is None:
                groups[key] = len(counts)
                counts.append(1)
                rows.append((tuple(key), ()))
            else:
                counts[g] += 1
    elif vote_type == "ordinal":
        for ballot in election.ballots:
            g = groups.get(ballot)
            if g is None:
                groups[ballot] = len(counts)
                counts.append(1)
                n = len(ballot)
                rows.append((ballot, tuple(n - k - 1 for k in range(n))))
            else:
                counts[g] += 1
    else:
        assert election.points is not None
        for ballot, pts in zip(election.ballots, election.points, strict=True):
            pair: object = (ballot, pts)
            g = groups.get(pair)
            if g is None:
                groups[pair] = len(counts)
                counts.append(1)
                rows.append((ballot, pts))
            else:
                counts[g] += 1

    if approval:
        scale = _lcm_denominator(costs)
        unit = [c * scale for c in costs]
    else:
        scale = _lcm_denominator([x for _, pts in rows for x in pts])
        unit = []
    dense = np.zeros((len(rows), m), dtype=np.int64)
    gs: list[int] = []
    js: list[int] = []
    vs: list[int] = []
    if approval:
        for g, (ballot, _) in enumerate(rows):
            gs.extend([g] * len(ballot))
            js.extend(ballot)
        vs = [int(unit[j]) for j in js]
        big = max((abs(int(u)) for u in unit), default=0) >= 2**40
    else:
        big = False
        for g, (ballot, pts) in enumerate(rows):
            gs.extend([g] * len(ballot))
            js.extend(ballot)
            for x in pts:
                v = x * scale if scale != 1 else x
                if not isinstance(v, int):
                    v = Fraction(v)
                    if v.denominator != 1:
                        big = True
                    v = v.numerator
                if abs(v) >= 2**40:
                    big = True
                vs.append(v if v > 0 else 0)  # pabutools' MES ignores non-positive scores
    if big:
        raise RuleError("satisfaction values are too large for exact integer arithmetic")
    if gs:
        dense[np.array(gs), np.array(js)] = np.array(vs, dtype=np.int64)
    order = sorted(range(m), key=lambda j: names[j])
    rank = [0] * m
    for r, j in enumerate(order):
        rank[j] = r
    return Profile(
        names=names,
        costs=costs,
        cost_f=np.array([float(c) for c in costs], dtype=np.float64),
        budget=election.budget,
        num_voters=len(election.ballots),
        weights=np.array(counts, dtype=np.int64),
        sat=dense,
        approval=approval,
        additive=vote_type != "ordinal",
        rank=rank,
    )


def _signed_sat_totals(election: Election, profile: Profile) -> list[Number]:
    """Total satisfaction per project as pabutools' greedy sums it (negative points included)."""
    if election.points is None:
        w = profile.weights
        totals = (profile.sat * w[:, None]).sum(axis=0)
        scale = _lcm_denominator(profile.costs) if profile.approval else 1
        return [Fraction(int(t), scale) if scale != 1 else int(t) for t in totals]
    acc: list[Number] = [0] * profile.num_projects
    for ballot, pts in zip(election.ballots, election.points, strict=True):
        for j, x in zip(ballot, pts, strict=True):
            acc[j] += x
    return acc


# --------------------------------------------------------------------------- greedy


def greedy(
    election: Election, profile: Profile | None = None, initial: Sequence[int] = ()
) -> Outcome:
    """pabutools' `greedy_utilitarian_welfare`: best satisfaction per cost first, ties by id."""
    profile = profile or prepare(election)
    totals = _signed_sat_totals(election, profile)
    inf = (1, Fraction(0))
    keys: dict[int, tuple[int, Fraction]] = {}
    for j in range(profile.num_projects):
        cost, total = profile.costs[j], totals[j]
        if profile.additive:
            # additive path: density total/cost if total > 0 (infinite for free projects), else 0
            if total > 0:
                keys[j] = inf if cost == 0 else (0, _frac(total) / _frac(cost))
            else:
                keys[j] = (0, Fraction(0))
        else:
            # general path (Borda): free projects come first, whatever their score
            keys[j] = inf if cost == 0 else (0, _frac(total) / _frac(cost))
    chosen = set(initial)
    remaining = _frac(profile.budget) - sum((_frac(profile.costs[j]) for j in chosen), Fraction(0))
    candidates = [j for j in range(profile.num_projects) if j not in chosen]
    candidates.sort(key=lambda j: (-keys[j][0], -keys[j][1], profile.rank[j]))
    selected = list(initial)
    for j in candidates:
        if profile.costs[j] <= remaining:
            selected.append(j)
            remaining -= profile.costs[j]
    return Outcome(selected, _spent(profile, selected))


def _spent(profile: Profile, selected: Sequence[int]) -> Number:
    total = sum((_frac(profile.costs[j]) for j in selected), Fraction(0))
    return total.numerator if total.denominator == 1 else total


# --------------------------------------------------------------------------- Phragmén


def phragmen(election: Election, profile: Profile | None = None) -> Outcome:
    """pabutools' `sequential_phragmen` (approval ballots)."""
    if not election.is_approval:
        raise RuleError("sequential Phragmén applies to approval (and choose-1) ballots only")
    profile = profile or prepare(election)
    w = profile.weights
    approves = profile.sat > 0
    m = profile.num_projects
    budget = _frac(profile.budget)
    score = (approves * w[:, None]).sum(axis=0)  # weighted approval counts
    score_f = score.astype(np.float64)
    costs = [_frac(c) for c in profile.costs]
    remaining = [j for j in range(m) if costs[j] <= budget]
    # voters' loads take one of a few values: class 0 is load 0, class t the max-load of round t
    load_x: list[Fraction] = [Fraction(0)]
    load_f = [0.0]
    voter_class = np.zeros(len(w), dtype=np.int64)
    # counts[j, k]: weighted supporters of j whose load is class k
    counts = np.zeros((m, m + 1), dtype=np.int64)
    counts[:, 0] = score
    spent = Fraction(0)
    selected: list[int] = []
    while remaining:
        rem = np.array(remaining)
        k = len(load_f)
        lf = np.array(load_f)
        with np.errstate(divide="ignore", invalid="ignore"):
            ml = (counts[rem, :k] @ lf + profile.cost_f[rem]) / score_f[rem]
        ml[score[rem] == 0] = np.inf
        best = ml.min()
        if math.isinf(best):
            tied = list(remaining)
        else:
            near = rem[ml <= best * (1 + TOL) + 1e-300]
            exact = {
                int(j): (
                    sum(
                        (load_x[c] * int(counts[j, c]) for c in range(k) if counts[j, c]),
                        Fraction(0),
                    )
                    + costs[j]
                )
                / int(score[j])
                for j in near
            }
            low = min(exact.values())
            tied = [j for j, v in exact.items() if v == low]
        if any(spent + costs[j] > budget for j in tied):
            break
        s = min(tied, key=lambda j: profile.rank[j])
        selected.append(s)
        spent += costs[s]
        remaining.remove(s)
        if not math.isinf(best):
            new_class = len(load_x)
            load_x.append(exact[s])
            load_f.append(float(exact[s]))
            movers = np.nonzero(approves[:, s])[0]
            old = voter_class[movers]
            wm = w[movers]
            # move the movers' weight from their old load class to the new one, for every project
            for c in np.unique(old):
                sel = movers[old == c]
                counts[:, c] -= (approves[sel] * w[sel, None]).sum(axis=0)
            counts[:, new_class] += (approves[movers] * wm[:, None]).sum(axis=0)
            voter_class[movers] = new_class
    return Outcome(selected, _spent(profile, selected))


# --------------------------------------------------------------------------- Method of Equal Shares


class _MESData:
    """Per-election arrays for MES: the projects MES considers (positive satisfaction, positive cost)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        w = profile.weights
        self.w = w
        self.wf = w.astype(np.float64)
        sat = profile.sat
        totals = (sat * w[:, None]).sum(axis=0)
        self.free = [
            j for j in range(profile.num_projects) if totals[j] > 0 and profile.costs[j] == 0
        ]
        self.projects = [
            j for j in range(profile.num_projects) if totals[j] > 0 and profile.costs[j] > 0
        ]
        self.sup: dict[int, IArray] = {}
        self.u: dict[int, IArray] = {}
        self.uf: dict[int, FArray] = {}
        self.wuf: dict[int, FArray] = {}
        self.wu_total: dict[int, int] = {}
        for j in self.projects:
            idx = np.nonzero(sat[:, j] > 0)[0]
            self.sup[j] = idx
            self.u[j] = sat[idx, j]
            self.uf[j] = self.u[j].astype(np.float64)
            self.wuf[j] = self.wf[idx] * self.uf[j]
            self.wu_total[j] = int((w[idx] * self.u[j]).sum())
        self.wu_total_f = {j: float(self.wu_total[j]) for j in self.projects}
        self.cost_x = {j: _frac(profile.costs[j]) for j in self.projects}
        self.cost_f = {j: float(profile.costs[j]) for j in self.projects}
        self.rank = profile.rank
        self.initial_lb = {j: self.cost_f[j] / self.wu_total[j] for j in self.projects}
        # CSR form over the MES projects (local index p -> global self.projects[p]) for the core
        sizes = [len(self.sup[j]) for j in self.projects]
        self.ptr = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        self.idx = (
            np.concatenate([self.sup[j] for j in self.projects]).astype(np.int64)
            if self.projects
            else np.zeros(0, dtype=np.int64)
        )
        self.uflat = (
            np.concatenate([self.uf[j] for j in self.projects])
            if self.projects
            else np.zeros(0, dtype=np.float64)
        )
        self.wflat = self.wf[self.idx]
        self.costs_local = np.array([self.cost_f[j] for j in self.projects], dtype=np.float64)
        self.wu_local = np.array([self.wu_total_f[j] for j in self.projects], dtype=np.float64)
        self.rank_local = np.array([self.rank[j] for j in self.projects], dtype=np.int64)

    def fast_run(
        self, b: Fraction, upper: _FastRun | None = None
    ) -> tuple[list[int], list[float]] | None:
        """The compiled float run; None when some decision is too close to call in floats."""
        run = self.fast_run_raw(b, upper)
        if run is None:
            return None
        return [self.projects[int(p)] for p in run.seq], [float(r) for r in run.rhos]

    def fast_run_raw(self, b: Fraction, upper: _FastRun | None = None) -> _FastRun | None:
        if not _mes_core.AVAILABLE or not self.projects:
            return None
        n = len(self.projects)
        seq_up = upper.seq if upper is not None else np.zeros(0, dtype=np.int64)
        lb_up = upper.lbs if upper is not None else np.zeros((0, n), dtype=np.float64)
        status, seq, rhos, lbs = _mes_core.mes_run(
            float(b),
            len(self.w),
            self.ptr,
            self.idx,
            self.uflat,
            self.wflat,
            self.costs_local,
            self.wu_local,
            self.rank_local,
            TOL,
            seq_up,
            lb_up,
        )
        if status != _mes_core.OK:
            return None
        return _FastRun(seq, rhos, lbs)

    def fast_certify(self, b_hi: Fraction, seq: Sequence[int], rhos: Sequence[float]) -> int:
        """1 holds, 0 fails, _mes_core.UNSURE_CERT when only exact arithmetic can tell."""
        local = {j: p for p, j in enumerate(self.projects)}
        return int(
            _mes_core.mes_certify(
                float(b_hi),
                len(self.w),
                np.array([local[j] for j in seq], dtype=np.int64),
                np.array(rhos, dtype=np.float64),
                self.ptr,
                self.idx,
                self.uflat,
                self.wflat,
                self.costs_local,
                self.wu_local,
                TOL,
            )
        )


@dataclass
class _FastRun:
    seq: IArray  # local project indices
    rhos: FArray
    lbs: FArray  # per round, lower bounds of every project's price


@dataclass
class _Round:
    project: int
    rho_f: float
    rho_x: Fraction | None
    poor: IArray  # supporters clearly poor (they pay their whole budget)
    border: IArray  # supporters whose poor/rich status is too close to call in floats
    sat_factor: int = 0


class _MESRun:
    """One run of MES at a given per-voter budget b (an exact rational).

    Float budgets drive the run. Exact values are reconstructed on demand from the exact price of
    every round: a voter that was clearly rich in every round so far holds b - sum(rho_t * u_t);
    a voter that was clearly poor in some round holds exactly 0; any other ("border") voter is
    replayed round by round with exact prices.
    """

    BIG = 1 << 30

    def __init__(self, data: _MESData, b: Fraction) -> None:
        self.d = data
        self.b = b
        self.bf = float(b)
        g = len(data.w)
        self.budget = np.full(g, self.bf)
        self.exhausted_at = np.full(g, self.BIG, dtype=np.int64)
        self.border_at = np.full(g, self.BIG, dtype=np.int64)
        self.rounds: list[_Round] = []
        self.alive = dict.fromkeys(data.projects, True)
        self.lb = dict(data.initial_lb)
        self.tol_abs = TOL * max(self.bf, 1e-300)

    # ---------------------------------------------------------------- float primitives

    def sum_budget_f(self, j: int) -> float:
        idx = self.d.sup[j]
        return float(self.d.wf[idx] @ self.budget[idx])

    def rho_f(self, j: int) -> tuple[float, float]:
        """Float price per unit of satisfaction for project j, and its error tolerance.

        Poor/rich iteration (no sort): start with everybody paying rho*u; whoever cannot is poor and
        pays their whole budget; recompute rho from the rest; repeat until nobody new is poor. The
        price only rises and the poor set only grows, so this ends at the minimal rho.
        """
        d = self.d
        idx = d.sup[j]
        bud = self.budget[idx]
        uf = d.uf[j]
        cost = d.cost_f[j]
        wu = d.wuf[j]
        wb = d.wf[idx] * bud
        total_wu = d.wu_total_f[j]
        rho = cost / total_wu
        poor_b = 0.0
        rich_u = total_wu
        count = -1
        while True:
            poor = bud < rho * uf
            n = int(np.count_nonzero(poor))
            if n == count or n == 0:
                return rho, TOL * (cost + poor_b) / rich_u
            count = n
            poor_b = float(wb @ poor)
            rich_u = total_wu - float(wu @ poor)
            if rich_u <= 0.0:
                return math.inf, 0.0
            rho = (cost - poor_b) / rich_u

    # ---------------------------------------------------------------- exact primitives

    def rho_x(self, t: int) -> Fraction:
        rnd = self.rounds[t]
        if rnd.rho_x is None:
            rnd.rho_x = self._exact_rho(rnd.project, t, rnd.poor, rnd.border)
        return rnd.rho_x

    def exact_budgets(self, idx: IArray, t: int) -> Fraction:
        """Exact total (weighted) budget of voters idx before round t."""
        d = self.d
        w = d.w[idx]
        exh = self.exhausted_at[idx] < t
        border = (~exh) & (self.border_at[idx] < t)
        clean = ~(exh | border)
        total = self.b * int(w[clean].sum())
        if t and clean.any():
            cols = np.array([self.rounds[s].project for s in range(t)], dtype=np.int64)
            paid = (self.d.profile.sat[np.ix_(idx[clean], cols)] * w[clean, None]).sum(axis=0)
            for s in range(t):
                if paid[s]:
                    total -= self.rho_x(s) * int(paid[s])
        for g, wg in zip(idx[border], w[border], strict=True):
            total += self.exact_budget_one(int(g), t) * int(wg)
        return total

    def exact_budget_one(self, g: int, t: int) -> Fraction:
        budget = self.b
        sat = self.d.profile.sat
        for s in range(t):
            u = int(sat[g, self.rounds[s].project])
            if u:
                pay = self.rho_x(s) * u
                budget = Fraction(0) if pay >= budget else budget - pay
        return budget

    def _exact_rho(self, j: int, t: int, poor: IArray, border: IArray) -> Fraction:
        """Exact MES price of j before round t, given the float split into poor/rich/border voters."""
        d = self.d
        sat = d.profile.sat
        idx = d.sup[j]
        poor_sum = self.exact_budgets(poor, t) if len(poor) else Fraction(0)
        in_poor = np.isin(idx, poor)
        in_border = np.isin(idx, border)
        rich = idx[~(in_poor | in_border)]
        rich_sat = int((d.w[rich] * sat[rich, j]).sum())
        items = sorted(
            ((self.exact_budget_one(int(g), t), int(sat[g, j]), int(d.w[g])) for g in border),
            key=lambda x: x[0] / x[1],
        )
        border_sat = sum(u * wg for _, u, wg in items)
        cost = d.cost_x[j]
        # pabutools: supporters by budget/sat; the first one who can pay rho*u sets rho
        for bud, u, wg in items:
            rho = (cost - poor_sum) / (rich_sat + border_sat)
            if rho * u <= bud:
                return rho
            poor_sum += bud * wg
            border_sat -= u * wg
        return (cost - poor_sum) / rich_sat

    def classify(self, j: int, rho: float) -> tuple[IArray, IArray]:
        idx = self.d.sup[j]
        diff = self.budget[idx] - rho * self.d.uf[j]
        return idx[diff < -self.tol_abs], idx[np.abs(diff) <= self.tol_abs]

    def exact_rho_now(self, j: int, rho: float) -> Fraction:
        poor, border = self.classify(j, rho)
        return self._exact_rho(j, len(self.rounds), poor, border)

    def affordable(self, j: int) -> bool:
        """Do j's supporters hold at least its cost (exactly decided when close)?"""
        total = self.sum_budget_f(j)
        cost = self.d.cost_f[j]
        if total < cost * (1 - TOL):
            return False
        if total > cost * (1 + TOL):
            return True
        return self.exact_budgets(self.d.sup[j], len(self.rounds)) >= self.d.cost_x[j]

    # ---------------------------------------------------------------- the run

    def pay(self, j: int, rho: float, rho_x: Fraction | None) -> None:
        t = len(self.rounds)
        poor, border = self.classify(j, rho)
        self.rounds.append(_Round(j, rho, rho_x, poor, border))
        idx = self.d.sup[j]
        self.budget[idx] = np.maximum(self.budget[idx] - rho * self.d.uf[j], 0.0)
        self.budget[poor] = 0.0
        self.exhausted_at[poor] = np.minimum(self.exhausted_at[poor], t)
        self.border_at[border] = np.minimum(self.border_at[border], t)
        self.alive[j] = False

    def candidates(
        self, limit: float | None = None, keep_limit: bool = False
    ) -> list[tuple[int, float, float]]:
        """Affordable alive projects whose price may be minimal, as (project, rho, tolerance).

        Like pabutools, projects are visited by their last known price, a lower bound of the current
        one (budgets only shrink), and the scan stops once that bound is clearly above the best.
        """
        best = math.inf if limit is None else limit
        found: list[tuple[int, float, float]] = []
        alive = [j for j, a in self.alive.items() if a]
        alive.sort(key=self.lb.__getitem__)
        for j in alive:
            if self.lb[j] > best * (1 + 2 * TOL):
                break
            if not self.affordable(j):
                self.alive[j] = False
                continue
            rho, tol = self.rho_f(j)
            self.lb[j] = rho
            found.append((j, rho, tol))
            if rho < best and not keep_limit:
                best = rho
        return found

    def select(self, found: list[tuple[int, float, float]]) -> tuple[int, float, Fraction | None]:
        best_j, best, best_tol = min(found, key=lambda x: x[1])
        near = [(j, r) for j, r, tol in found if r - best <= tol + best_tol]
        if len(near) == 1:
            return best_j, best, None
        exact = {j: self.exact_rho_now(j, r) for j, r in near}
        low = min(exact.values())
        s = min((j for j, v in exact.items() if v == low), key=lambda j: self.d.rank[j])
        return s, dict(near)[s], exact[s]

    def run(self) -> list[int]:
        while True:
            found = self.candidates()
            if not found:
                return [r.project for r in self.rounds]
            s, rho, rho_x = self.select(found)
            self.pay(s, rho, rho_x)

    # ---------------------------------------------------------------- certification

    def certify(self, lo: _MESRun) -> bool:
        """Does MES at every per-voter budget in [lo.b, self.b] make lo's choices?

        For a fixed sequence of choices every budget grows and every price falls as the per-voter
        budget grows (induction over rounds: a price is decreasing in the budgets, a budget after
        paying, max(0, budget - rho*u), is increasing in the budget and decreasing in rho). So if,
        replaying lo's choices at this (higher) budget, every other project's price stays above the
        chosen one's price at lo.b (or equal with a later id), and no other project becomes
        affordable at the end, every budget in between makes the same choices. Float margins too
        close to call are decided exactly; any doubt returns False (the caller then just runs MES).
        """
        for t, rnd in enumerate(lo.rounds):
            s = rnd.project
            bar = rnd.rho_f * (1 + 4 * TOL)
            for j, rho, _tol in self.candidates(limit=bar, keep_limit=True):
                if j == s:
                    continue
                if rho > bar:
                    continue
                # too close: compare exactly, a tie is fine only if s comes first by id
                mine = self.exact_rho_now(j, rho)
                theirs = lo.rho_x(t)
                if mine < theirs or (mine == theirs and self.d.rank[j] < self.d.rank[s]):
                    return False
            rho_s, _ = self.rho_f(s)
            self.pay(s, rho_s, None)
        return not any(self.alive[j] and self.affordable(j) for j in self.alive)


def _exhaustive(profile: Profile, chosen: set[int], spent: Fraction, pool: Sequence[int]) -> bool:
    budget = _frac(profile.budget)
    return all(j in chosen or spent + _frac(profile.costs[j]) > budget for j in pool)


def mes_plain(election: Election, profile: Profile | None = None) -> Outcome:
    """pabutools' `method_of_equal_shares` with per-voter budget B/n."""
    profile = profile or prepare(election)
    if profile.num_voters == 0:
        return Outcome([], 0)
    data = _MESData(profile)
    b = _frac(profile.budget) / profile.num_voters
    fast = data.fast_run(b)
    selected = data.free + (fast[0] if fast is not None else _MESRun(data, b).run())
    return Outcome(selected, _spent(profile, selected))


class _MESCompletion:
    """MES with pabutools' add-one completion, without running MES for every +1 step.

    Variant (pabutools `method_of_equal_shares(voter_budget_increment=1)`): per-voter budgets
    b_k = B/n + k for k = 0, 1, 2, ...; MES_k is MES run with b_k. Stop at the first k such that
    MES_k costs more than B (answer MES_{k-1}) or MES_k is exhaustive over the projects MES considers
    (supported, positive cost) (answer MES_k). The result is then completed greedily (see `mes`).

    The k are visited in increasing order and the answer is exactly pabutools' answer; only the
    work per k is reduced:

    1. Skipping steps: after MES_k, where the choices were stable over the last steps, we look for
       an m such that MES makes the same choices at every per-voter budget in [b_k, b_k + m]
       (`certify`: replaying MES_k's choices at b_k + m, every other price must stay above the
       chosen price at b_k; galloping 2, 4, 8, ... then bisecting). Those steps all have MES_k's
       non-exhaustive, feasible outcome, so none can stop the search: MES next runs at b_{k+m+1}.
       This is what makes budgets counted in small units (baht: thousands of +1 steps) cheap where
       the outcome is stable (Poznań 2026: 2,321 steps, 3 runs).
    2. Where choices change at almost every step (Warszawa Mokotów: 157 changes in 348 steps)
       nothing can be skipped, so each run is made cheap: the compiled float core
       (`_mes_core.mes_run`), and runs done in blocks from the highest budget down, each run's
       prices bounding the next lower run's prices from below while their choices agree, which
       prunes most price evaluations. A run whose decisions are too close to call in floats is
       redone by the exact-checked `_MESRun`. A block runs at most BLOCK - 1 steps past the answer.
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.data = _MESData(profile)
        self.start = _frac(profile.budget) / profile.num_voters
        # money in integer units of 1/scale, so the per-step checks avoid Fraction arithmetic
        scale = _lcm_denominator([*profile.costs, _frac(profile.budget)])
        self.money = [int(c * scale) for c in profile.costs]
        self.budget_units = _frac(profile.budget) * scale
        self.runs = 0
        self.certifications = 0
        self.cache: dict[int, tuple[list[int], list[float], _MESRun | None]] = {}

    BLOCK = 16

    def mes_at(self, k: int) -> tuple[list[int], list[float], _MESRun | None]:
        """MES at b_k: (choices, float prices, the exact-checked run if the float core was unsure)."""
        if k in self.cache:
            return self.cache.pop(k)
        self.runs += 1
        b = self.start + k
        fast = self.data.fast_run(b)
        if fast is not None:
            return fast[0], fast[1], None
        return self._exact(b)

    def _exact(self, b: Fraction) -> tuple[list[int], list[float], _MESRun]:
        run = _MESRun(self.data, b)
        run.run()
        return [r.project for r in run.rounds], [r.rho_f for r in run.rounds], run

    def prefetch(self, k: int) -> None:
        """Run MES at b_k .. b_{k+BLOCK-1} from the top down, each run bounding the next one's
        prices from below (see _mes_core.mes_run); results wait in the cache for mes_at."""
        if not _mes_core.AVAILABLE or not self.data.projects:
            return
        upper: _FastRun | None = None
        for kk in range(k + self.BLOCK - 1, k - 1, -1):
            if kk in self.cache:
                continue
            self.runs += 1
            b = self.start + kk
            run = self.data.fast_run_raw(b, upper)
            if run is None:
                self.cache[kk] = self._exact(b)
                upper = None
                continue
            self.cache[kk] = (
                [self.data.projects[int(p)] for p in run.seq],
                [float(r) for r in run.rhos],
                None,
            )
            upper = run

    def same_until(self, k: int, seq: list[int], rhos: list[float], lo: _MESRun | None) -> int:
        """Some m >= 0 such that MES at b_k .. b_k + m provably makes the choices seq.

        Gallops (2, 4, 8, ...) while the certificate holds, then bisects. m = 1 is not tried: it
        would cost a certificate to save one run.
        """
        b = self.start + k
        exact_lo: list[_MESRun] = [lo] if lo is not None else []

        def holds(m: int) -> bool:
            self.certifications += 1
            if _mes_core.AVAILABLE:
                verdict = self.data.fast_certify(b + m, seq, rhos)
                if verdict != _mes_core.UNSURE_CERT:
                    return verdict == 1
            if not exact_lo:
                # the float core ran b_k; near ties need the exact-checked run's prices
                exact_lo.append(_MESRun(self.data, b))
                exact_lo[0].run()
            return _MESRun(self.data, b + m).certify(exact_lo[0])

        good, bad = 0, 2
        while holds(bad):
            good, bad = bad, bad * 2
        if good == 0:
            return 0
        while bad - good > 1:
            mid = (good + bad) // 2
            if holds(mid):
                good = mid
            else:
                bad = mid
        return good

    def solve(self) -> tuple[list[int], int]:
        data = self.data
        previous: list[int] = list(data.free)
        previous_seq: list[int] | None = None
        streak, wait = 0, 2
        k = 0
        while True:
            if k not in self.cache:
                self.cache.clear()  # runs left from a block we jumped past
                self.prefetch(k)
            seq, rhos, run = self.mes_at(k)
            chosen = data.free + seq
            money = self.money
            spent = sum(money[j] for j in chosen)
            if spent > self.budget_units:
                return previous, k - 1
            picked = set(chosen)
            left = self.budget_units - spent
            if all(j in picked or money[j] > left for j in data.projects):
                return chosen, k
            # a certificate pays off only where choices are stable: try one after `wait` steps
            # without change, and wait twice as long after each failure
            streak = streak + 1 if seq == previous_seq else 0
            m = 0
            if streak >= wait:
                m = self.same_until(k, seq, rhos, run)
                wait = 1 if m else wait * 2
            previous, previous_seq = chosen, seq
            k += m + 1


def mes(election: Election, profile: Profile | None = None) -> Outcome:
    """MES with add-one completion, then greedy (`completion_by_rule_combination` in SOURCES.md)."""
    profile = profile or prepare(election)
    if profile.num_voters == 0:
        chosen: list[int] = []
        k = 0
        completion = None
    else:
        completion = _MESCompletion(profile)
        chosen, k = completion.solve()
    spent = sum((_frac(profile.costs[j]) for j in chosen), Fraction(0))
    details: dict[str, object] = {"mes_selected": len(chosen)}
    if completion is not None:
        per_voter = completion.start + k
        details.update(
            per_voter_budget=str(per_voter),
            increments=k,
            mes_runs=completion.runs,
            certifications=completion.certifications,
        )
    if not _exhaustive(profile, set(chosen), spent, range(profile.num_projects)):
        out = greedy(election, profile, initial=chosen)
        out.details = details
        return out
    return Outcome(chosen, _spent(profile, chosen), details)


def tally(election: Election, rule: str) -> Outcome:
    """Run one of RULES on an election."""
    if rule == "greedy":
        return greedy(election)
    if rule == "mes":
        return mes(election)
    if rule == "mes-plain":
        return mes_plain(election)
    if rule == "phragmen":
        return phragmen(election)
    raise RuleError(f"unknown rule {rule!r}; choose one of {', '.join(RULES)}")


def warm_up() -> None:
    """Load (or compile, the first time) the compiled MES core on a tiny election."""
    if not _mes_core.AVAILABLE:
        return
    one = np.array([0, 1], dtype=np.int64)
    zero = np.zeros(1, dtype=np.int64)
    ones = np.ones(1, dtype=np.float64)
    _mes_core.mes_run(
        1.0, 1, one, zero, ones, ones, ones, ones, zero, TOL, zero[:0], np.zeros((0, 1))
    )
    _mes_core.mes_certify(1.0, 1, zero, ones, one, zero, ones, ones, ones, ones, TOL)
