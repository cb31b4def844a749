from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OpportunityForm(forms.Form):
    owner = forms.ChoiceField(label=_("Posted by"))
    title = forms.CharField(label=_("What"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    place = forms.CharField(label=_("Where"), max_length=300)
    skills = forms.CharField(label=_("Skills wanted"), max_length=300, required=False,
                             help_text=_("Comma-separated, e.g. first aid, cooking, Malay"))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(key, str(getattr(o, "display_name_th", o)))
                                        for key, o in owners]


class ShiftForm(forms.Form):
    title = forms.CharField(label=_("Shift name"), max_length=120, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    capacity = forms.IntegerField(label=pgettext_lazy("volunteers", "Places"), min_value=1, max_value=10000)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(label=_("Came"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("Attended")), ("no", _("Did not come"))])
    hours = forms.DecimalField(label=_("Hours"), required=False, min_value=0, max_value=24,
                               decimal_places=1)
