"""Forms parse and type the input; the services clean text and decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ruamkan.deliberation.models import Result
from ruamkan.spaces.models import Comment


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=400,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    body = forms.CharField(label=_("Your proposal"), max_length=12000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int,
                                      empty_value=None, choices=())
    area = forms.ChoiceField(label=_("Area (subdistrict)"), required=False, choices=())
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    coauthors = forms.CharField(
        label=_("Co-authors (e-mail addresses, separated by commas)"), required=False,
        max_length=1000, help_text=_("They need an account on Ruamkan."),
    )
    image = forms.FileField(label=_("Photo (optional)"), required=False)
    image_alt = forms.CharField(label=_("What the photo shows"), required=False, max_length=200)
    attachment = forms.FileField(label=_("PDF document (optional)"), required=False)
    attachment_title = forms.CharField(label=_("Document title"), required=False, max_length=200)

    def __init__(self, *args, space=None, categories=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("— none —"))] + [(c.pk, c.name) for c in categories]
        self.fields["area"].choices = [("", _("— anywhere —"))] + [(a.code, a.name) for a in areas]

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Choose a place on the map, or leave it empty."))
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Please describe the photo for people who cannot see it."))
        return data


class AnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("Answer"), choices=())
    text = forms.CharField(label=_("Explanation"), max_length=12000,
                           widget=forms.Textarea(attrs={"rows": 5}))
    cost_estimate = forms.DecimalField(label=_("Cost estimate (baht, optional)"), required=False,
                                       min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s.key, s.name) for s in states]


class AmendmentForm(forms.Form):
    title = forms.CharField(label=_("New title"), max_length=400)
    body = forms.CharField(label=_("New text"), max_length=12000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(label=_("Why this change"), required=False, max_length=1000)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=8000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    stance = forms.ChoiceField(label=_("Your view"), choices=Comment.Stance.choices,
                               initial=Comment.Stance.NEUTRAL, widget=forms.RadioSelect)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DebateForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=400)
    body = forms.CharField(label=_("Background"), required=False, max_length=12000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), max_length=12000,
                                 widget=forms.Textarea(attrs={"rows": 5}))


class ForumForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=400)
    description = forms.CharField(label=_("Agenda"), required=False, max_length=12000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    starts_at = forms.DateTimeField(label=_("Starts"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"),
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), required=False, max_length=600)
    online_url = forms.CharField(label=_("Online link"), required=False, max_length=200)
    capacity = forms.IntegerField(label=_("Places (empty: no limit)"), required=False, min_value=1)


class AttendanceForm(forms.Form):
    email = forms.CharField(label=_("Account e-mail (if the person has one)"), required=False,
                            max_length=254)
    name = forms.CharField(label=_("Name"), required=False, max_length=300)
    village = forms.CharField(label=_("Village (moo)"), required=False, max_length=200)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))
    resolutions = forms.CharField(label=_("Resolutions"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))


class OnBehalfForm(forms.Form):
    on_behalf_of = forms.CharField(label=_("Raised by (name or group, village)"), max_length=400)
    title = forms.CharField(label=_("Title"), max_length=400)
    body = forms.CharField(label=_("Proposal"), max_length=12000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class PlanItemForm(forms.Form):
    project = forms.CharField(label=_("Project"), max_length=400)
    year = forms.IntegerField(label=_("Plan year (B.E., e.g. 2570)"))
    budget = forms.DecimalField(label=_("Planned budget (baht)"), min_value=0, max_digits=14,
                                decimal_places=2)
    description = forms.CharField(label=_("Description"), required=False, max_length=12000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class BudgetLineForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"))
    amount = forms.DecimalField(label=_("Amount (baht)"), min_value=0, max_digits=14,
                                decimal_places=2)
    reference = forms.CharField(label=_("Budget ordinance reference"), required=False,
                                max_length=100)


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Result"), max_length=400)
    description = forms.CharField(label=_("Description"), required=False, max_length=12000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.TypedChoiceField(label=_("Part of"), required=False, coerce=int,
                                    empty_value=None, choices=())
    plan_item = forms.TypedChoiceField(label=_("Plan item"), required=False, coerce=int,
                                       empty_value=None, choices=())
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=1000, initial=1)

    def __init__(self, *args, results=(), plan_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("— top level —"))] + [(r.pk, r.title) for r in results]
        self.fields["plan_item"].choices = [("", _("— none —"))] + [
            (p.pk, f"{p.project} ({p.year_be})") for p in plan_items
        ]


class ResultUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Result.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                  required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=400)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Description"), required=False, max_length=12000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label=_("Photo (optional)"), required=False)
    photo_alt = forms.CharField(label=_("What the photo shows"), required=False, max_length=200)


class ProposalSettingsForm(forms.Form):
    support_threshold = forms.IntegerField(label=_("Supports needed for an official answer"),
                                           min_value=1, max_value=10_000_000)
    answer_days = forms.IntegerField(label=_("Days the local government has to answer"),
                                     min_value=1, max_value=365)
    support_limit = forms.IntegerField(label=_("Supports each person may give (empty: no limit)"),
                                       min_value=1, required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("New category"), max_length=100)


class AnswerStateForm(forms.Form):
    name_th = forms.CharField(label=_("Answer state (Thai)"), max_length=100)
    name_en = forms.CharField(label=_("Answer state (English)"), max_length=100, required=False)
    effect = forms.ChoiceField(label=_("What it means"), choices=())

    def __init__(self, *args, **kwargs):
        from ruamkan.deliberation.models import AnswerState

        super().__init__(*args, **kwargs)
        self.fields["effect"].choices = AnswerState.Effect.choices
