from django import forms
from django.utils.translation import gettext_lazy as _

from ruamkan.areas.models import Subdistrict


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    description = forms.CharField(
        label=_("What should be done, where, and who benefits"),
        widget=forms.Textarea,
        max_length=5000,
    )
    cost = forms.IntegerField(label=_("Estimated cost (baht)"), min_value=1)
    category = forms.CharField(label=_("Category"), max_length=80, required=False)
    subdistrict = forms.ModelChoiceField(
        label=_("Subdistrict"), required=False, queryset=Subdistrict.objects.none()
    )
    lat = forms.FloatField(label=_("Latitude (optional)"), required=False, min_value=5.5,
                           max_value=20.6)
    lon = forms.FloatField(label=_("Longitude (optional)"), required=False, min_value=97.3,
                           max_value=105.7)
    image = forms.ImageField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args, budget=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = budget.subdistricts.all() if budget is not None else Subdistrict.objects.none()
        if budget is not None and not qs.exists() and budget.space.local_government_id:
            qs = Subdistrict.objects.filter(
                coverage__local_government=budget.space.local_government
            )
        self.fields["subdistrict"].queryset = qs


class ReviewForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Feasible?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Feasible: put it on the ballot")), ("no", _("Not feasible"))],
        widget=forms.RadioSelect,
    )
    cost = forms.IntegerField(label=_("Checked cost (baht)"), min_value=1, required=False)
    reason = forms.CharField(
        label=_("Reason (shown publicly)"), widget=forms.Textarea, required=False, max_length=2000
    )


class PaperBallotForm(forms.Form):
    citizen_id = forms.CharField(
        label=_("Voter's citizen ID number"),
        max_length=20,
        help_text=_("Only a keyed fingerprint is stored."),
    )


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=20)


class BudgetForm(forms.ModelForm):
    class Meta:
        from ruamkan.budgeting.models import Budget

        model = Budget
        fields = ["title", "description", "amount", "subdistricts", "exclusive_group",
                  "ballot_type", "min_projects", "max_projects", "points", "rule"]
        widgets = {"subdistricts": forms.CheckboxSelectMultiple}

    def __init__(self, *args, space=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Subdistrict.objects.none()
        if space is not None and space.local_government_id:
            qs = Subdistrict.objects.filter(coverage__local_government=space.local_government)
        elif space is not None and space.province_id:
            qs = Subdistrict.objects.filter(province=space.province)
        self.fields["subdistricts"].queryset = qs.order_by("name_th")
        self.fields["subdistricts"].required = False
