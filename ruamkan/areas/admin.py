"""Django admin for areas. The gazetteer comes from load_areas and boundaries from
import_boundaries, so those are read-only here; local governments can be corrected by hand."""

from django.contrib import admin

from ruamkan.areas.models import (
    AbolishedAreaCode,
    BoundarySet,
    Coverage,
    District,
    LocalGovernment,
    Province,
    Subdistrict,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Subdistrict)
class SubdistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_th", "name_en", "district", "postal_codes"]
    list_select_related = ["district"]
    search_fields = ["code", "name_th", "name_en", "postal_codes"]


@admin.register(AbolishedAreaCode)
class AbolishedAreaCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "name_th", "abolished_on", "successor_codes"]
    search_fields = ["code", "name_th", "successor_codes"]


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 0
    raw_id_fields = ["subdistrict"]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(admin.ModelAdmin):
    list_display = ["code", "display_name_th", "kind", "province"]
    list_filter = ["kind", "province"]
    list_select_related = ["province"]
    search_fields = ["code", "name_th", "name_en"]
    raw_id_fields = ["district"]
    inlines = [CoverageInline]


@admin.register(BoundarySet)
class BoundarySetAdmin(ReadOnlyAdmin):
    list_display = ["name", "level", "is_current", "imported_at", "source"]
    list_filter = ["level", "is_current"]
