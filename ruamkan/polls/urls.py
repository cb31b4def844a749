from django.urls import path

from ruamkan.polls import views

app_name = "polls"
urlpatterns = [
    path("polls/phase/<int:pk>/", views.phase, name="phase"),
    path("polls/<int:pk>/", views.poll_detail, name="poll"),
    path("s/<str:slug>/polls/new/", views.poll_create, name="create"),
]
