from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ruamkan.polls import services
from ruamkan.polls.forms import PollForm
from ruamkan.polls.models import Poll
from ruamkan.polls.rules import can_manage_poll, can_view_poll
from ruamkan.spaces.rules import can_manage_space
from ruamkan.spaces.selectors import phase_get_for_user, space_get_for_user

STANCES = [("agree", _("Agree")), ("abstain", _("Abstain")), ("disagree", _("Disagree")),
           ("block", _("Block"))]
OUTCOMES = {"passed": _("Passed"), "rejected": _("Not passed"), "blocked": _("Blocked"),
            "no_quorum": _("No quorum")}
AVAILABILITY = [("yes", _("Yes")), ("if_need_be", _("If need be")), ("no", _("No"))]


def _poll_for(user, pk):
    poll = Poll.objects.select_related("space").filter(pk=pk).first()
    if poll is None or not can_view_poll(user, poll):
        raise Http404(_("No such poll."))
    return poll


def ballot_from_post(poll, post):
    """The form's fields as a ballot in the tally's shape (validated by the tally)."""
    ids = [str(o.pk) for o in poll.options.all()]
    kind = poll.kind
    if kind == Poll.Kind.PROPOSAL:
        return post.get("stance", "")
    if kind == Poll.Kind.SINGLE:
        return post.get("option", "")
    if kind == Poll.Kind.MULTIPLE:
        return [o for o in post.getlist("option") if o]
    if kind in (Poll.Kind.RANKED, Poll.Kind.STV):
        ranks = {}
        for o in ids:
            value = post.get(f"rank_{o}", "")
            if value.isdigit() and int(value) > 0:
                ranks.setdefault(int(value), []).append(o)
        if any(len(v) > 1 for v in ranks.values()):
            raise ValidationError(_("Give each rank to one option only."))
        return [ranks[r][0] for r in sorted(ranks)]
    if kind == Poll.Kind.MEETING:
        return {o: post.get(f"slot_{o}") for o in ids if post.get(f"slot_{o}")}
    numbers = {}
    for o in ids:
        value = post.get(f"n_{o}", "").strip()
        if value:
            if not value.isdigit():
                raise ValidationError(_("Use whole numbers."))
            numbers[o] = int(value)
    return numbers


def phase(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    return render(request, "polls/poll_list.html", {
        "space": phase.space, "polls": phase.space.polls.all(),
        "can_manage": can_manage_space(request.user, phase.space),
    })


def poll_detail(request, pk):
    poll = _poll_for(request.user, pk)
    if request.method == "POST":
        try:
            ballot = ballot_from_post(poll, request.POST)
            services.vote_cast(voter=request.user, poll=poll, ballot=ballot,
                               reason=request.POST.get("reason", ""))
        except (PermissionDenied, ValidationError) as exc:
            for error in getattr(exc, "messages", [str(exc)]):
                messages.error(request, error)
        else:
            messages.success(request, _("Your vote is saved. You can change it until the poll closes."))
            return redirect(poll.get_absolute_url())
    labels = {str(o.pk): o.label for o in poll.options.all()}
    my_vote = poll.votes.filter(voter=request.user).first() if request.user.is_authenticated else None
    show_results = poll.is_closed or not poll.hide_results or can_manage_poll(request.user, poll)
    return render(request, "polls/poll_detail.html", {
        "poll": poll, "space": poll.space, "labels": labels, "my_vote": my_vote,
        "refusal": services.vote_refusal(user=request.user, poll=poll),
        "result": services.poll_result(poll) if show_results else None,
        "stances": STANCES, "availability": AVAILABILITY, "stance_labels": dict(STANCES),
        "outcome_labels": OUTCOMES,
        "ranks": range(1, poll.options.count() + 1),
        "voters": None if poll.anonymous else poll.votes.select_related("voter"),
    })


@login_required
def poll_create(request, slug):
    space = space_get_for_user(user=request.user, slug=slug)
    if not can_manage_space(request.user, space):
        return HttpResponseForbidden(_("You cannot change this space."))
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        options = [line for line in data.pop("options").splitlines() if line.strip()]
        try:
            poll = services.poll_create(by=request.user, space=space, options=options, **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect(poll.get_absolute_url())
    return render(request, "polls/poll_form.html", {"form": form, "space": space})
