from django.urls import path

from ruamkan.volunteering import views

app_name = "volunteering"
urlpatterns = [
    path("volunteering/", views.opportunity_list, name="list"),
    path("volunteering/new/", views.opportunity_create, name="create"),
    path("volunteering/<int:pk>/", views.opportunity_detail, name="detail"),
    path("volunteering/<int:pk>/manage/", views.manage, name="manage"),
    path("volunteering/shifts/<int:shift_pk>/signup/", views.signup, name="signup"),
    path("volunteering/signups/<int:signup_pk>/cancel/", views.cancel, name="cancel"),
    path("me/volunteering/", views.my_history, name="history"),
]
