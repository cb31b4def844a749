from django.urls import path

from ruamkan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/notifications/read/", views.notifications_read, name="notifications_read"),
    path("me/verify/", views.verify, name="verify"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/privacy/consent/", views.consent_change, name="consent_change"),
    path("me/export.json", views.export, name="export"),
    path("me/delete/", views.delete_account, name="delete"),
    path("officials/duplicate-ids/", views.duplicate_ids, name="duplicate_ids"),
    path("officials/verify-in-person/", views.verify_in_person, name="verify_in_person"),
    path("officials/lg/<str:code>/officers/", views.lg_officers, name="lg_officers"),
]
