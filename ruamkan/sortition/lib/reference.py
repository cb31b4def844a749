"""Adapters to sortition-algorithms (Sortition Foundation), the reference implementation.

Used for the ``legacy`` and ``library-maximin`` algorithms of ``sortition_select``, in the tests
(as the oracle for our maximin) and in the benchmark. It is a development dependency: callers
get ReferenceUnavailable when it is not installed.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from .data import Features, Pool


class ReferenceUnavailable(RuntimeError):
    pass


def _import() -> Any:
    try:
        import sortition_algorithms
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ReferenceUnavailable(
            "sortition-algorithms is not installed (pip install -e '.[dev]')"
        ) from error
    # The library logs its progress to sys.stdout (bound at import), which would mix with our
    # command's output (and break --json); our callers report progress themselves.
    for name in ("sortition_algorithms", "sortition_algorithms_user"):
        logging.getLogger(name).disabled = True
    return sortition_algorithms


def to_csv(pool: Pool, features: Features) -> tuple[str, str]:
    """Our parsed data back into the two CSV files the library reads."""
    fbuf = io.StringIO()
    fw = csv.writer(fbuf, lineterminator="\n")
    fw.writerow(["feature", "value", "min", "max"])
    for q in features.all_quotas():
        fw.writerow([q.feature, q.value, q.min, q.max])
    pbuf = io.StringIO()
    pw = csv.writer(pbuf, lineterminator="\n")
    pw.writerow(["id", *features.names])
    for pid, values in zip(pool.ids, pool.values, strict=True):
        pw.writerow([pid, *values])
    return fbuf.getvalue(), pbuf.getvalue()


def _load(
    pool: Pool, features: Features, size: int, seed: int, algorithm: str
) -> tuple[Any, Any, Any]:
    sa = _import()
    features_csv, people_csv = to_csv(pool, features)
    data = sa.SelectionData(sa.CSVStringDataSource(features_csv, people_csv))
    settings = sa.Settings(
        id_column="id",
        columns_to_keep=[],
        selection_algorithm=algorithm,
        solver_backend="highspy",
        random_number_seed=seed,
    )
    lib_features, _report = data.load_features(size)
    lib_people, _report = data.load_people(settings, lib_features)
    return sa, lib_features, lib_people


def library_maximin(
    pool: Pool, features: Features, size: int, *, seed: int = 1
) -> tuple[list[frozenset[str]], list[float]]:
    """The library's maximin distribution (committees of ids and their probabilities)."""
    sa, lib_features, lib_people = _load(pool, features, size, seed, "maximin")
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        standardize_distribution,
    )
    from sortition_algorithms.utils import set_random_provider

    set_random_provider(seed)
    committees, probabilities, _report = find_distribution_maximin(
        lib_features, lib_people, size, [], "highspy"
    )
    del sa
    committees, probabilities = standardize_distribution(committees, probabilities)
    return [frozenset(c) for c in committees], [float(p) for p in probabilities]


def library_legacy(pool: Pool, features: Features, size: int, *, seed: int) -> frozenset[str]:
    """One panel from the library's legacy (greedy random) algorithm."""
    sa, lib_features, lib_people = _load(pool, features, size, seed, "legacy")
    settings = sa.Settings(
        id_column="id",
        columns_to_keep=[],
        selection_algorithm="legacy",
        solver_backend="highspy",
        random_number_seed=seed,
    )
    success, committees, report = sa.run_stratification(lib_features, lib_people, size, settings)
    if not success or not committees:
        raise RuntimeError(f"legacy selection failed: {report.as_text()}")
    return frozenset(committees[0])
