from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruamkan.areas.models import LocalGovernment, Province
from ruamkan.spaces import selectors, services
from ruamkan.spaces.forms import CommentForm, PhaseForm, ReportForm, SpaceForm
from ruamkan.spaces.models import Comment, Space
from ruamkan.spaces.rules import can_manage_space, can_moderate_space


def space_list(request):
    spaces = selectors.space_list_visible(user=request.user).prefetch_related("phases")
    province = request.GET.get("province")
    if province:
        spaces = spaces.filter(local_government__province_id=province) | spaces.filter(
            province_id=province
        )
    return render(request, "spaces/space_list.html", {
        "spaces": spaces[:100], "now": timezone.now(),
    })


def space_detail(request, slug):
    space = selectors.space_get_for_user(user=request.user, slug=slug)
    now = timezone.now()
    phases = list(space.phases.all())
    active = [p for p in phases if p.is_active(now)]
    discussion = next((p for p in active if p.content_key == "spaces.discussion"), None)
    context = {
        "space": space,
        "phases": phases,
        "now": now,
        "active_phases": active,
        "discussion": discussion,
        "can_manage": can_manage_space(request.user, space),
        "can_moderate": can_moderate_space(request.user, space),
        "following": selectors.is_following(user=request.user, target=space),
        "space_ct": ContentType.objects.get_for_model(Space).pk,
    }
    if discussion:
        context.update(_discussion_context(request, discussion, space))
    return render(request, "spaces/space_detail.html", context)


def _discussion_context(request, phase, target, form=None):
    check = selectors.phase_action_check(user=request.user, phase=phase, action="comment")
    return {
        "thread": selectors.comment_thread(target=target, user=request.user),
        "comment_check": check,
        "comment_form": form or CommentForm(),
        "comment_phase": phase,
        "comment_target": target,
        "target_ct": ContentType.objects.get_for_model(target).pk,
        "comment_ct": ContentType.objects.get_for_model(Comment).pk,
    }


def phase_detail(request, pk):
    phase = selectors.phase_get_for_user(user=request.user, pk=pk)
    context = {"phase": phase, "space": phase.space, "now": timezone.now()}
    if "comment" in (phase.content.actions if phase.content else ()):
        context.update(_discussion_context(request, phase, phase.space))
    return render(request, "spaces/phase_detail.html", context)


@require_POST
def comment_create(request, phase_pk):
    phase = selectors.phase_get_for_user(user=request.user, pk=phase_pk)
    ct = get_object_or_404(ContentType, pk=request.POST.get("target_ct"))
    model = ct.model_class()
    if model is None or not hasattr(model, "space") and model is not Space:
        raise Http404
    target = get_object_or_404(model, pk=request.POST.get("target_id"))
    if (target.pk if isinstance(target, Space) else target.space_id) != phase.space_id:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"],
                                       space=phase.space)
        try:
            services.comment_create(
                author=request.user, phase=phase, target=target,
                body=form.cleaned_data["body"], stance=form.cleaned_data["stance"], parent=parent,
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Thank you, your comment is published."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(request.POST.get("next") or target.get_absolute_url())


def _target_from(ct_id, obj_id):
    ct = get_object_or_404(ContentType, pk=ct_id)
    model = ct.model_class()
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=obj_id)


@login_required
def report_content(request, ct_id, obj_id):
    target = _target_from(ct_id, obj_id)
    space = services._space_of(target)
    selectors.space_get_for_user(user=request.user, slug=space.slug)  # 404 if not visible
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.content_report(
                reporter=request.user, target=target, reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. Moderators will look at it."))
        return redirect(space.get_absolute_url())
    return render(request, "spaces/report_form.html", {"form": form, "target": target,
                                                        "space": space})


@login_required
def moderation(request, slug):
    space = selectors.space_get_for_user(user=request.user, slug=slug)
    if not can_moderate_space(request.user, space):
        return HttpResponseForbidden(_("You cannot moderate this space."))
    if request.method == "POST":
        target = _target_from(request.POST.get("ct"), request.POST.get("obj"))
        if services._space_of(target).pk != space.pk:
            raise Http404
        services.moderation_set_hidden(
            moderator=request.user, target=target,
            hidden=request.POST.get("action") == "hide", reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Saved."))
        return redirect("spaces:moderation", slug=space.slug)
    queue = selectors.moderation_queue(user=request.user, space=space)
    hidden = Comment.objects.filter(space=space, is_hidden=True).select_related("author")
    return render(request, "spaces/moderation.html", {
        "space": space, "queue": queue, "hidden_comments": hidden,
        "comment_ct": ContentType.objects.get_for_model(Comment).pk,
    })


@login_required
@require_POST
def follow_toggle(request, ct_id, obj_id):
    target = _target_from(ct_id, obj_id)
    space = services._space_of(target)
    selectors.space_get_for_user(user=request.user, slug=space.slug)
    following = services.follow_toggle(user=request.user, target=target)
    messages.success(request, _("You follow this now.") if following else _("You no longer follow this."))
    return redirect(request.POST.get("next") or space.get_absolute_url())


@login_required
def space_create(request):
    lg = None
    province = None
    if request.GET.get("lg"):
        lg = get_object_or_404(LocalGovernment, code=request.GET["lg"])
        level = Space.Level.LOCAL
    elif request.GET.get("province"):
        province = get_object_or_404(Province, code=request.GET["province"])
        level = Space.Level.PROVINCE
    else:
        level = Space.Level.NATION
    owner = lg if level == Space.Level.LOCAL else province
    if not request.user.has_perm("spaces.add_space", owner):
        return HttpResponseForbidden(_("You cannot create spaces here."))
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        space = services.space_create(by=request.user, level=level, local_government=lg,
                                      province=province, **form.cleaned_data)
        messages.success(request, _("The space is created. Now add its phases."))
        return redirect("spaces:manage", slug=space.slug)
    return render(request, "spaces/space_form.html", {"form": form, "owner": owner})


@login_required
def space_manage(request, slug):
    space = selectors.space_get_for_user(user=request.user, slug=slug)
    if not can_manage_space(request.user, space):
        return HttpResponseForbidden(_("You cannot change this space."))
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_create(by=request.user, space=space, **form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, _("Phase added."))
            return redirect("spaces:manage", slug=space.slug)
    return render(request, "spaces/space_manage.html", {"space": space, "form": form,
                                                         "phases": space.phases.all()})
