from django.contrib import admin

from ruamkan.volunteering.models import Opportunity, Shift, Signup


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0
    readonly_fields = ["taken"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "local_government", "organisation", "is_published", "created_at"]
    inlines = [ShiftInline]


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    list_display = ["shift", "user", "status", "hours"]
    list_filter = ["status"]
    raw_id_fields = ["user", "confirmed_by"]
