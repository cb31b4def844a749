from django.urls import path

from ruamkan.spaces import views

app_name = "spaces"
urlpatterns = [
    path("spaces/", views.space_list, name="list"),
    path("spaces/new/", views.space_create, name="create"),
    path("s/<str:slug>/", views.space_detail, name="detail"),
    path("s/<str:slug>/manage/", views.space_manage, name="manage"),
    path("s/<str:slug>/moderation/", views.moderation, name="moderation"),
    path("phases/<int:pk>/", views.phase_detail, name="phase"),
    path("phases/<int:phase_pk>/comments/", views.comment_create, name="comment_create"),
    path("report/<int:ct_id>/<int:obj_id>/", views.report_content, name="report"),
    path("follow/<int:ct_id>/<int:obj_id>/", views.follow_toggle, name="follow"),
]
