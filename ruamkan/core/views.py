from django.shortcuts import render
from django.utils import timezone


def home(request):
    from ruamkan.areas import selectors as area_selectors
    from ruamkan.spaces import selectors as space_selectors

    query = request.GET.get("q", "").strip()
    context = {
        "query": query,
        "local_governments": area_selectors.local_government_search(query=query)[:20]
        if query
        else [],
        "open_spaces": space_selectors.space_list_open(user=request.user)[:12],
        "now": timezone.now(),
    }
    return render(request, "core/home.html", context)


def search(request):
    from ruamkan.search import selectors as search_selectors

    query = request.GET.get("q", "").strip()
    results = search_selectors.search_documents(query=query, user=request.user, limit=50) if query else []
    return render(request, "core/search.html", {"query": query, "results": results})


def privacy(request):
    from ruamkan.accounts.pdpa import NOTICE_VERSION

    return render(request, "core/privacy.html", {"notice_version": NOTICE_VERSION})
