from django_tasks import task


@task()
def recompute_analysis(conversation_id: int) -> int:
    """Background recompute after new votes (the pipeline takes up to seconds on big
    conversations, so it never runs inside a request)."""
    from ruamkan.opinions.models import Conversation, StatementVote
    from ruamkan.opinions.services import analysis_compute

    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return 0
    # Votes arrive faster than analyses finish: a queued run with nothing new to add is skipped.
    current = StatementVote.objects.filter(statement__conversation=conversation).count()
    if conversation.analysed_at and current == conversation.analysed_votes:
        return current
    return analysis_compute(conversation=conversation)["votes"]
