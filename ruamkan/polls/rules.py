import rules

from ruamkan.spaces.rules import can_manage_space, can_view_space


@rules.predicate
def can_view_poll(user, poll):
    return poll is not None and can_view_space(user, poll.space)


@rules.predicate
def can_manage_poll(user, poll):
    return poll is not None and can_manage_space(user, poll.space)


rules.add_perm("polls.view_poll", can_view_poll)
rules.add_perm("polls.change_poll", can_manage_poll)
