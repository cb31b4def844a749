"""Thai administrative areas (DOPA codes) and the local governments that serve them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NamedArea(models.Model):
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th


class Province(NamedArea):
    code = models.CharField(_("code"), max_length=2, primary_key=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_th

    def get_absolute_url(self) -> str:
        return reverse("areas:province", args=[self.code])


class District(NamedArea):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="districts")

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name_th


class Subdistrict(NamedArea):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="subdistricts")
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="subdistricts")
    postal_codes = models.CharField(_("postcodes"), max_length=40, blank=True, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")

    def __str__(self) -> str:
        return self.name_th


class AbolishedAreaCode(models.Model):
    """A DOPA code no longer in use; old records may still hold it."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    level = models.CharField(_("level"), max_length=12)
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    abolished_on = models.DateField(_("abolished on"))
    successor_codes = models.CharField(_("successor codes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("abolished area code")
        verbose_name_plural = _("abolished area codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def successors(self) -> list[str]:
        return self.successor_codes.split()


class LocalGovernment(models.Model):
    class Kind(models.TextChoices):
        PAO = "pao", _("Provincial Administrative Organization")
        THESABAN_NAKHON = "thesaban_nakhon", _("City Municipality")
        THESABAN_MUEANG = "thesaban_mueang", _("Town Municipality")
        THESABAN_TAMBON = "thesaban_tambon", _("Subdistrict Municipality")
        SAO = "sao", _("Subdistrict Administrative Organization")
        BANGKOK = "bangkok", _("Bangkok Metropolitan Administration")
        PATTAYA = "pattaya", _("Pattaya City")

    code = models.CharField(_("code"), max_length=12, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="local_governments"
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subdistricts = models.ManyToManyField(
        Subdistrict, through="Coverage", related_name="local_governments", blank=True
    )
    office_lat = models.FloatField(_("office latitude"), null=True, blank=True)
    office_lon = models.FloatField(_("office longitude"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    about = models.TextField(_("about"), blank=True)
    wikidata = models.CharField(_("Wikidata item"), max_length=20, blank=True)

    class Meta:
        ordering = ["province_id", "kind", "name_th"]
        # The lookup asks for a province's PAO on every call.
        indexes = [models.Index(fields=["province", "kind"], name="lg_province_kind")]
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")

    def __str__(self) -> str:
        return self.display_name_th

    def get_absolute_url(self) -> str:
        return reverse("areas:local_government", args=[self.code])

    # Thai names in the gazetteer are bare place names; the display name adds the type.
    KIND_PREFIX_TH: dict[str, str] = {
        Kind.PAO: "องค์การบริหารส่วนจังหวัด",
        Kind.THESABAN_NAKHON: "เทศบาลนคร",
        Kind.THESABAN_MUEANG: "เทศบาลเมือง",
        Kind.THESABAN_TAMBON: "เทศบาลตำบล",
        Kind.SAO: "องค์การบริหารส่วนตำบล",
        Kind.BANGKOK: "",
        Kind.PATTAYA: "เมือง",
    }
    KIND_SUFFIX_EN: dict[str, str] = {
        Kind.PAO: "Provincial Administrative Organization",
        Kind.THESABAN_NAKHON: "City Municipality",
        Kind.THESABAN_MUEANG: "Town Municipality",
        Kind.THESABAN_TAMBON: "Subdistrict Municipality",
        Kind.SAO: "Subdistrict Administrative Organization",
        Kind.BANGKOK: "",
        Kind.PATTAYA: "City",
    }

    @property
    def display_name_th(self) -> str:
        prefix = self.KIND_PREFIX_TH.get(self.kind, "")
        if prefix and not self.name_th.startswith(prefix):
            return f"{prefix}{self.name_th}"
        return self.name_th

    @property
    def display_name_en(self) -> str:
        suffix = self.KIND_SUFFIX_EN.get(self.kind, "")
        base = self.name_en or self.name_th
        return f"{base} {suffix}".strip() if suffix and suffix not in base else base

    @property
    def name(self) -> str:
        if (get_language() or "th").startswith("en"):
            return self.display_name_en
        return self.display_name_th


class Coverage(models.Model):
    """A subdistrict served by a local government, wholly or in part.

    A PAO has no rows: it covers its whole province and is added by the lookup.
    """

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="coverage"
    )
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.CASCADE, related_name="coverage")
    complete = models.BooleanField(_("covers all of it"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "subdistrict"], name="coverage_unique"
            )
        ]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")

    def __str__(self) -> str:
        return f"{self.local_government_id} → {self.subdistrict_id}"


class BoundarySet(models.Model):
    """A generation of boundaries (as MapIt's generations): records keep the one they were filed
    under, and a new import becomes current without rewriting history."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        SUBDISTRICT = "subdistrict", _("subdistrict")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["level"], condition=models.Q(is_current=True),
                name="one_current_boundary_set_per_level",
            )
        ]
        verbose_name = _("boundary set")
        verbose_name_plural = _("boundary sets")

    def __str__(self) -> str:
        return f"{self.level}: {self.name}"


class Boundary(models.Model):
    boundary_set = models.ForeignKey(BoundarySet, on_delete=models.CASCADE, related_name="boundaries")
    code = models.CharField(_("area code"), max_length=6, db_index=True)
    name_th = models.CharField(_("Thai name"), max_length=150, blank=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    geometry_wkb = models.BinaryField(_("geometry (WKB)"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["boundary_set", "code"], name="boundary_code_unique")
        ]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"
