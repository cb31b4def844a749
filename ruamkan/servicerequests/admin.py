from django.contrib import admin

from ruamkan.servicerequests import models


@admin.register(models.Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name_th", "name_en"]
    date_hierarchy = "date"


class AttributeInline(admin.TabularInline):
    model = models.ServiceAttribute
    extra = 0


@admin.register(models.ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "topic", "local_government", "accept_days", "close_days",
                    "is_active"]
    list_filter = ["topic", "is_active"]
    search_fields = ["code", "name_th", "local_government__name_th"]
    inlines = [AttributeInline]


@admin.register(models.ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "created_at"]
    readonly_fields = ["key_prefix", "key_hash"]


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "topic", "status", "local_government", "created_at"]
    list_filter = ["status", "topic", "channel"]
    raw_id_fields = ["reporter", "duplicate_of", "split_from", "boundary", "subdistrict"]
