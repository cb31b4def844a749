"""Select a citizens' assembly from two CSV files (the sortition-algorithms formats)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ruamkan.sortition.lib import (
    ALGORITHMS,
    SortitionError,
    parse_features,
    parse_people,
    select_panel,
)


class Command(BaseCommand):
    help = _(
        "Select a panel by lot from PEOPLE.csv (id + one column per feature) and FEATURES.csv "
        "(feature,value,min,max), fairly (maximin) and reproducibly from a published seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", type=Path)
        parser.add_argument("features", type=Path)
        parser.add_argument("--size", type=int, required=True, help=_("panel size"))
        parser.add_argument("--seed", type=int, required=True, help=_("published lottery seed"))
        parser.add_argument("--algorithm", choices=ALGORITHMS, default="maximin")
        parser.add_argument("--id-column", default="id")
        parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    def handle(self, *args: Any, **options: Any) -> None:
        people_path: Path = options["people"]
        features_path: Path = options["features"]
        for path in (people_path, features_path):
            if not path.is_file():
                raise CommandError(_("%(path)s: no such file") % {"path": path})
        verbose = options["verbosity"] >= 2

        def progress(fraction: float, message: str) -> None:
            if verbose:
                self.stderr.write(f"{fraction:6.1%}  {message}")

        try:
            features = parse_features(features_path, name=str(features_path))
            pool = parse_people(
                people_path, features, id_column=options["id_column"], name=str(people_path)
            )
            result = select_panel(
                pool,
                features,
                options["size"],
                seed=options["seed"],
                algorithm=options["algorithm"],
                progress=progress,
            )
        except SortitionError as error:
            raise CommandError(str(error)) from error
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error

        spread = result.spread()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "algorithm": result.algorithm,
                        "seed": result.seed,
                        "size": result.size,
                        "pool_size": result.pool_size,
                        "panel": result.panel,
                        "quotas": [
                            {
                                "feature": q.feature,
                                "value": q.value,
                                "min": q.min,
                                "max": q.max,
                                "selected": q.selected,
                                "met": q.met,
                            }
                            for q in result.quotas
                        ],
                        "probability": spread,
                        "probabilities": result.probabilities,
                        "never_selectable": len(result.never_selectable),
                        "panels_in_distribution": len(result.distribution),
                        # maximin: panels as counts per type (members drawn uniformly in a type)
                        "types": [list(k) for k in result.type_keys],
                        "distribution": [
                            {"panel": panel, "probability": p} for panel, p in result.distribution
                        ],
                        "drawn": result.drawn,
                        "seconds": round(result.seconds, 3),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(
            _("Selected %(size)d of %(pool)d (%(algorithm)s, seed %(seed)d):")
            % {
                "size": result.size,
                "pool": result.pool_size,
                "algorithm": result.algorithm,
                "seed": result.seed,
            }
        )
        for pid in result.panel:
            self.stdout.write(f"  {pid}")
        self.stdout.write(_("Quotas:"))
        for q in result.quotas:
            mark = "ok" if q.met else "NOT MET"
            self.stdout.write(
                f"  {q.feature}={q.value}: {q.selected} (min {q.min}, max {q.max}) {mark}"
            )
        if spread is None:
            self.stdout.write(_("Selection probabilities: not computed for the legacy algorithm."))
        else:
            self.stdout.write(
                _(
                    "Selection probability: min %(min).4f, median %(median).4f, max %(max).4f "
                    "(equal share %(equal).4f); %(never)d people in no feasible panel; "
                    "%(panels)d panels in the distribution."
                )
                % {
                    "min": spread["min"],
                    "median": spread["median"],
                    "max": spread["max"],
                    "equal": spread["equal_share"],
                    "never": len(result.never_selectable),
                    "panels": len(result.distribution),
                }
            )
