from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ruamkan.areas.models import LocalGovernment, Subdistrict
from ruamkan.servicerequests.models import ResponseTemplate, Status, Topic


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultiplePhotoField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _photo_field(label):
    return MultiplePhotoField(
        label=label, required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Up to 5 photos. Location data in photos is removed."),
    )


def default_province() -> str:
    return getattr(settings, "RUAMKAN_DEFAULT_PROVINCE", "96")


class ReportForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is the problem?"), choices=Topic.choices)
    description = forms.CharField(
        label=_("Describe it"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = _photo_field(_("Photos"))
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90,
                           widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                           widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    subdistrict = forms.ModelChoiceField(
        label=_("Or choose the subdistrict"), required=False, queryset=Subdistrict.objects.none(),
        to_field_name="code",
    )
    address = forms.CharField(label=_("Address or landmark"), required=False, max_length=300)
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    hide_name = forms.BooleanField(label=_("Do not show my name publicly"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, province: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(
            province_id=province or default_province()
        ).select_related("district").order_by("district__name_th", "name_th")
        self.fields["subdistrict"].label_from_instance = (
            lambda s: f"{s.district.name_th} – {s.name_th}")
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Both latitude and longitude are needed."))
        if lat is None and not data.get("subdistrict") and not self.errors.get("subdistrict"):
            raise forms.ValidationError(
                _("Please give the location: a pin on the map, your phone's position or the "
                  "subdistrict."), code="location")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[
        (s.value, s.label) for s in Status if s not in (Status.FORWARDED, Status.WAITING)])
    template = forms.ModelChoiceField(label=_("Response template"), required=False,
                                      queryset=ResponseTemplate.objects.none())
    text = forms.CharField(label=_("Message to the citizen"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    photos = _photo_field(_("Photos (after)"))
    photo_kind = forms.ChoiceField(label=_("Photos show"), choices=[
        ("after", _("After")), ("before", _("Before"))], initial="after", required=False)

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            self.fields["template"].queryset = ResponseTemplate.objects.filter(
                local_government=body)

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if template is not None and not data.get("text"):
            data["text"] = template.text
        data["photo_kind"] = data.get("photo_kind") or "after"
        return data


class ForwardForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Forward to"), queryset=LocalGovernment.objects.none(),
                                to_field_name="code")
    reason = forms.CharField(label=_("Reason"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = LocalGovernment.objects.all()
        if report is not None and report.province_id:
            qs = qs.filter(province_id=report.province_id)
        if report is not None and report.local_government_id:
            qs = qs.exclude(pk=report.local_government_id)
        self.fields["to"].queryset = qs.order_by("kind", "name_th")


class AssignForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Responsible body"), queryset=LocalGovernment.objects.none(),
                                to_field_name="code")

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        if report is not None:
            self.fields["to"].queryset = report.candidates.all()


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Number of the original report"), min_value=1)


class SplitForm(forms.Form):
    topic = forms.ChoiceField(label=_("Category of the second problem"), choices=Topic.choices)
    description = forms.CharField(label=_("Describe the second problem"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note (never shown publicly)"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("What is still wrong?"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How well was it handled?"), coerce=int,
                                    choices=[(i, "★" * i) for i in range(1, 6)],
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class BulkForm(forms.Form):
    reports = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Reports"))
    status = forms.ChoiceField(label=_("Set status"), choices=[
        (s.value, s.label) for s in (Status.ACCEPTED, Status.IN_PROGRESS, Status.DONE,
                                     Status.NOT_RELEVANT)])
    text = forms.CharField(label=_("Message to the citizens"), required=False, max_length=2000)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = [(i, str(i)) for i in ids]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = ["title", "text", "status"]
