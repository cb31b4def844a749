from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ruamkan.api"
    label = "ruamkan_api"
    verbose_name = "API"
