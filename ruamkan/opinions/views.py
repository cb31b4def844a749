import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruamkan.opinions import selectors, services
from ruamkan.opinions.models import Conversation, Statement
from ruamkan.opinions.rules import can_moderate_conversation
from ruamkan.spaces.selectors import phase_action_check, phase_get_for_user


def phase(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    conversation = Conversation.objects.filter(space=phase.space).order_by("pk").first()
    if conversation is None:
        raise Http404(_("No conversation in this space yet."))
    return redirect(conversation.get_absolute_url())


def _card_context(request, conversation):
    current = services.conversation_phase(conversation)
    done, total = selectors.progress(user=request.user, conversation=conversation)
    return {
        "conversation": conversation,
        "statement": selectors.statement_next(user=request.user, conversation=conversation),
        "vote_check": phase_action_check(user=request.user, phase=current, action="vote")
        if current else None,
        "create_check": phase_action_check(user=request.user, phase=current, action="create")
        if current else None,
        "done": done, "total": total,
    }


def conversation_detail(request, pk):
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    context = _card_context(request, conversation)
    context.update({
        "space": conversation.space,
        "can_moderate": can_moderate_conversation(request.user, conversation),
        "pending": conversation.statements.filter(status=Statement.Status.PENDING).count(),
    })
    return render(request, "opinions/conversation.html", context)


@login_required
@require_POST
def vote(request, pk):
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    statement = get_object_or_404(Statement, pk=request.POST.get("statement"),
                                  conversation=conversation)
    try:
        value = int(request.POST.get("value", ""))
        services.vote_cast(participant=request.user, statement=statement, value=value)
    except ValueError:
        messages.error(request, _("Choose agree, disagree or pass."))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    if request.htmx:
        return render(request, "opinions/includes/card.html", _card_context(request, conversation))
    return redirect(conversation.get_absolute_url() + "#card")


@login_required
@require_POST
def statement_create(request, pk):
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    try:
        statement = services.statement_submit(author=request.user, conversation=conversation,
                                              body=request.POST.get("body", ""))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        if statement.status == Statement.Status.PENDING:
            messages.success(request, _("Thank you. Your statement will show once a moderator accepts it."))
        else:
            messages.success(request, _("Thank you. Your statement is shown to others."))
    return redirect(conversation.get_absolute_url())


@login_required
def moderate(request, pk):
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    if not can_moderate_conversation(request.user, conversation):
        return HttpResponseForbidden(_("You cannot moderate this conversation."))
    if request.method == "POST":
        statement = get_object_or_404(Statement, pk=request.POST.get("statement"),
                                      conversation=conversation)
        services.statement_moderate(moderator=request.user, statement=statement,
                                    accept=request.POST.get("action") == "accept")
        return redirect("opinions:moderate", pk=conversation.pk)
    return render(request, "opinions/moderate.html", {
        "conversation": conversation,
        "pending": conversation.statements.filter(status=Statement.Status.PENDING),
        "shown": conversation.statements.filter(status=Statement.Status.ACCEPTED),
    })


def report(request, pk):
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    return render(request, "opinions/report.html", {
        "conversation": conversation, "space": conversation.space,
        "report": selectors.report(conversation),
        "can_moderate": can_moderate_conversation(request.user, conversation),
    })


def report_export(request, pk, fmt):
    """For officials' decision files: the groups' statements and the consensus, no personal data."""
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    if not can_moderate_conversation(request.user, conversation):
        return HttpResponseForbidden(_("Only officials can export the report."))
    data = selectors.report(conversation)
    rows = [("consensus", "", s.pk, s.body, s.agree_count, s.disagree_count, s.pass_count)
            for s in data["consensus"]]
    for group in data["groups"]:
        for rep in group["representative"]:
            s = rep["statement"]
            rows.append((f"group {group['letter']}", rep["direction"], s.pk, s.body,
                         s.agree_count, s.disagree_count, s.pass_count))
    if fmt == "json":
        payload = {
            "topic": conversation.topic, "analysed_at": str(conversation.analysed_at),
            "participants": data["data"].get("participants", 0),
            "group_count": data["data"].get("group_count", 0),
            "rows": [dict(zip(("kind", "direction", "statement_id", "statement", "agree",
                               "disagree", "pass"), r, strict=True)) for r in rows],
        }
        response = HttpResponse(json.dumps(payload, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel opens Thai CSV correctly with a BOM
        writer = csv.writer(response)
        writer.writerow(["kind", "direction", "statement_id", "statement", "agree", "disagree",
                         "pass"])
        writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="conversation-{conversation.pk}.{fmt}"'
    return response


