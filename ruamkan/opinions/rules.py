import rules

from ruamkan.spaces.rules import can_moderate_space, can_view_space


@rules.predicate
def can_view_conversation(user, conversation):
    return conversation is not None and can_view_space(user, conversation.space)


@rules.predicate
def can_moderate_conversation(user, conversation):
    return conversation is not None and can_moderate_space(user, conversation.space)


rules.add_perm("opinions.view_conversation", can_view_conversation)
rules.add_perm("opinions.moderate_conversation", can_moderate_conversation)
