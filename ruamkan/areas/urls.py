from django.urls import path

from ruamkan.areas import views

app_name = "areas"

urlpatterns = [
    path("provinces/", views.province_list, name="province_list"),
    path("provinces/<str:code>/", views.province_detail, name="province"),
    path("lg/<str:code>/", views.local_government_detail, name="local_government"),
    path("find/", views.find, name="find"),
    path("find/districts/", views.find_districts, name="find_districts"),
    path("find/subdistricts/", views.find_subdistricts, name="find_subdistricts"),
]
