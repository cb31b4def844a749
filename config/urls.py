from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from ruamkan.api.root import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
# Each domain app that has pages brings its own urls.py, mounted at its prefix.
for prefix, module in settings.RUAMKAN_URL_MODULES:
    urlpatterns.append(path(prefix, include(module)))

if settings.DEBUG or settings.RUAMKAN_SERVE_MEDIA:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
