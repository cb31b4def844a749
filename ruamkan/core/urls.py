from django.urls import path

from ruamkan.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("privacy/", views.privacy, name="privacy"),
]
