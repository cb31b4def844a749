from django.urls import path

from ruamkan.opinions import views

app_name = "opinions"
urlpatterns = [
    path("conversations/phase/<int:pk>/", views.phase, name="phase"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation"),
    path("conversations/<int:pk>/vote/", views.vote, name="vote"),
    path("conversations/<int:pk>/statements/", views.statement_create, name="statement_create"),
    path("conversations/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("conversations/<int:pk>/report/", views.report, name="report"),
    path("conversations/<int:pk>/report.<str:fmt>", views.report_export, name="export"),
]
