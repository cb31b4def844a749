from django_tasks import task


@task()
def run_selection(run_id: int) -> str:
    """Draw a panel (maximin over the pool can take seconds to minutes: never in a request)."""
    from ruamkan.sortition.services import selection_execute

    run = selection_execute(run_id=run_id)
    return run.status if run is not None else "missing"
