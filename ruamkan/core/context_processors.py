from django.conf import settings


def site(request):
    return {
        "SITE_NAME": "ร่วมกัน Ruamkan",
        "TILE_URL": settings.RUAMKAN_TILE_URL,
    }
