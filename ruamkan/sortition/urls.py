from django.urls import path

from ruamkan.sortition import views

app_name = "sortition"
urlpatterns = [
    path("assemblies/phase/<int:pk>/", views.phase, name="phase"),
    path("s/<str:slug>/assemblies/new/", views.assembly_create, name="create"),
    path("assemblies/<int:pk>/", views.assembly_detail, name="assembly"),
    path("assemblies/<int:pk>/edit/", views.assembly_edit, name="edit"),
    path("assemblies/<int:pk>/quotas/", views.quota_add, name="quota_add"),
    path("assemblies/<int:pk>/quotas/<int:quota_pk>/delete/", views.quota_delete,
         name="quota_delete"),
    path("assemblies/<int:pk>/quotas/upload/", views.features_upload, name="features_upload"),
    path("assemblies/<int:pk>/pool/upload/", views.invitations_upload, name="invitations_upload"),
    path("assemblies/<int:pk>/register/", views.register, name="register"),
    path("assemblies/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("assemblies/<int:pk>/seed/", views.seed_publish, name="seed"),
    path("assemblies/<int:pk>/draw/", views.draw, name="draw"),
    path("assemblies/<int:pk>/draws/<int:run_pk>/", views.run_status, name="run_status"),
    path("assemblies/<int:pk>/pool.csv", views.download_pool, name="pool_csv"),
    path("assemblies/<int:pk>/features.csv", views.download_features, name="features_csv"),
    path("assemblies/<int:pk>/members/<int:member_pk>/decline/", views.member_decline,
         name="decline"),
    path("assemblies/<int:pk>/meetings/new/", views.meeting_edit, name="meeting_add"),
    path("assemblies/<int:pk>/meetings/<int:meeting_pk>/", views.meeting_edit,
         name="meeting_edit"),
    path("assemblies/<int:pk>/recommendations/", views.recommendation_add,
         name="recommendation_add"),
    path("assemblies/<int:pk>/recommendations/<int:rec_pk>/answer/",
         views.recommendation_answer, name="answer"),
]
