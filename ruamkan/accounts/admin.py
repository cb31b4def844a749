"""Django admin for people and roles. The citizen ID is never shown in full: only the masked
form exists; the keyed hash is not shown either (it is a lookup key, not for reading)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ruamkan.accounts.models import (
    CitizenIdentity,
    ConsentRecord,
    DuplicateIdentityAttempt,
    RoleAssignment,
    User,
)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["province", "local_government", "organisation"]
    readonly_fields = ["granted_by", "created_at"]


class CitizenIdentityInline(admin.StackedInline):
    model = CitizenIdentity
    fk_name = "user"
    fields = ["masked", "source", "verified_at", "verified_by"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["public_name", "email", "phone", "verification_level", "is_active", "is_erased",
                    "date_joined"]
    list_filter = ["verification_level", "is_active", "is_erased", "is_staff"]
    search_fields = ["email", "phone", "display_name"]
    readonly_fields = ["last_login", "date_joined", "is_erased"]
    inlines = [CitizenIdentityInline, RoleInline]
    fieldsets = (
        (None, {"fields": ("email", "phone", "phone_verified", "password")}),
        (_("Profile"), {"fields": ("display_name", "home_subdistrict", "village",
                                   "preferred_language", "email_digest")}),
        (_("Verification"), {"fields": ("verification_level",)}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "is_erased",
                                       "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    raw_id_fields = ["home_subdistrict"]


@admin.register(CitizenIdentity)
class CitizenIdentityAdmin(admin.ModelAdmin):
    list_display = ["masked", "user", "source", "verified_at", "verified_by"]
    list_filter = ["source"]
    fields = ["user", "masked", "source", "verified_at", "verified_by"]
    readonly_fields = fields
    search_fields = ["user__email", "user__display_name"]

    def has_add_permission(self, request):
        return False  # IDs come in through the verification service, which hashes them


@admin.register(DuplicateIdentityAttempt)
class DuplicateIdentityAttemptAdmin(admin.ModelAdmin):
    list_display = ["masked", "user", "existing_user", "home_subdistrict", "attempted_at",
                    "reviewed"]
    list_filter = ["reviewed", "source"]
    fields = ["masked", "user", "existing_user", "home_subdistrict", "source", "attempted_at",
              "reviewed", "reviewed_by"]
    readonly_fields = ["masked", "user", "existing_user", "home_subdistrict", "source",
                       "attempted_at", "reviewed_by"]

    def has_add_permission(self, request):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "province", "local_government", "organisation", "granted_by",
                    "created_at"]
    list_filter = ["role", "province"]
    search_fields = ["user__email", "user__display_name", "local_government__name_th"]
    raw_id_fields = ["user", "local_government", "organisation", "granted_by"]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "purpose", "notice_version", "channel", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "notice_version", "channel"]
    readonly_fields = ["user", "purpose", "notice_version", "channel", "given_at", "withdrawn_at"]

    def has_add_permission(self, request):
        return False  # append-only records made by the consent services

    def has_delete_permission(self, request, obj=None):
        return False
