from django.urls import path, re_path

from ruamkan.servicerequests import line, open311, views

app_name = "servicerequests"
FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/new/", views.report_create, name="create"),
    path("reports/map.geojson", views.report_map_data, name="map_data"),
    path("reports/queue/", views.queue, name="queue"),
    path("reports/queue/bulk/", views.queue_bulk, name="queue_bulk"),
    path("reports/templates/<str:code>/", views.templates_manage, name="templates"),
    path("reports/dashboard/", views.dashboard, name="dashboard"),
    path("reports/dashboard/<str:code>/", views.dashboard, name="dashboard_body"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/manage/", views.report_manage, name="manage"),
    path("reports/<int:pk>/follow/", views.report_follow, name="follow"),
    path("reports/<int:pk>/confirm/", views.report_confirm, name="confirm"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="reopen"),
    path("reports/<int:pk>/rate/", views.report_rate, name="rate"),
    path("line/webhook/", line.webhook, name="line_webhook"),
    re_path(r"^open311/v2/discovery" + FMT, open311.discovery, name="open311_discovery"),
    re_path(r"^open311/v2/services" + FMT, open311.service_list, name="open311_services"),
    re_path(r"^open311/v2/services/(?P<code>[-\w]+)" + FMT, open311.service_definition,
            name="open311_service"),
    re_path(r"^open311/v2/requests" + FMT, open311.requests_view, name="open311_requests"),
    re_path(r"^open311/v2/requests/(?P<pk>[^/.]+)" + FMT, open311.request_detail,
            name="open311_request"),
    re_path(r"^open311/v2/tokens/(?P<token>[^/.]+)" + FMT, open311.token_detail,
            name="open311_token"),
]
