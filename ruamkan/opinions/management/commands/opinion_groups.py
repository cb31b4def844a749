"""Analyse a Polis openData export folder: opinion groups, representative and consensus
statements (the same pipeline the conversations use)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ruamkan.opinions.lib.analysis import analyse
from ruamkan.opinions.lib.polis_io import PolisFormatError, read_export


class Command(BaseCommand):
    help = _("Analyse a Polis export folder (comments.csv, votes.csv …) into opinion groups.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help=_("Polis openData export folder"))
        parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
        parser.add_argument("--seed", type=int, default=0, help=_("random seed (default 0)"))

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(_("%(folder)s is not a folder.") % {"folder": folder})
        started = time.perf_counter()
        try:
            export = read_export(folder)
        except PolisFormatError as exc:
            raise CommandError(
                _("Cannot read the Polis export in %(folder)s: %(error)s")
                % {"folder": folder, "error": exc}
            ) from exc
        if not export.votes:
            raise CommandError(_("%(folder)s holds no votes.") % {"folder": folder})
        result = analyse(
            export.votes,
            statement_ids=[c.id for c in export.comments],
            moderated_out=export.moderated_out,
            seed=options["seed"],
        )
        seconds = time.perf_counter() - started

        if options["json"]:
            payload = {
                "groups": {str(pid): g for pid, g in sorted(result.groups.items())},
                "group_count": result.group_count,
                "representative": {str(g): ids for g, ids in result.representative.items()},
                "consensus": result.consensus,
                "seconds": round(seconds, 4),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return

        bodies = {c.id: c.body for c in export.comments}
        out = self.stdout
        topic = export.summary.get("topic", "").strip() or folder.name
        out.write(_("Conversation / การสนทนา: %(topic)s") % {"topic": topic})
        out.write(
            _("%(participants)d participants, %(statements)d statements, %(votes)d votes; "
              "%(clustered)d participants have enough votes to be placed in a group.")
            % {
                "participants": len(result.matrix.participant_ids),
                "statements": len(result.matrix.statement_ids),
                "votes": len(export.votes),
                "clustered": int(result.clustered.sum()),
            }
        )
        out.write(_("Opinion groups / กลุ่มความคิดเห็น: %(k)d") % {"k": result.group_count})
        sizes: dict[int, int] = {}
        for g in result.groups.values():
            sizes[g] = sizes.get(g, 0) + 1
        for g, reps in result.repness.items():
            out.write("")
            out.write(
                _("Group %(name)s (%(size)d people) — statements that set it apart:")
                % {"name": chr(ord("A") + g), "size": sizes.get(g, 0)}
            )
            for rep in reps:
                verb = _("agree") if rep.direction == "agree" else _("disagree")
                out.write(
                    _("  #%(id)d %(share)d%% %(verb)s: %(body)s")
                    % {"id": rep.statement_id, "share": round(rep.p_success * 100), "verb": verb,
                       "body": _short(bodies.get(rep.statement_id, ""))}
                )
        out.write("")
        out.write(_("Common ground across groups / จุดร่วมของทุกกลุ่ม:"))
        if not result.consensus:
            out.write(_("  (none yet)"))
        for sid in result.consensus:
            out.write(
                _("  #%(id)d group-informed consensus: agree %(agree).2f, disagree "
                  "%(disagree).2f: %(body)s")
                % {"id": sid, "agree": result.consensus_agree[sid],
                   "disagree": result.consensus_disagree[sid],
                   "body": _short(bodies.get(sid, ""))}
            )
        if export.polis_group_count is not None:
            out.write("")
            out.write(
                _("Polis itself found %(k)d groups for this conversation.")
                % {"k": export.polis_group_count}
            )
        out.write(_("Analysed in %(seconds).2f s.") % {"seconds": seconds})


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
