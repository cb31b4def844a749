from django import forms
from django.utils.translation import gettext_lazy as _

from ruamkan.spaces.models import Comment, ContentReport, Space
from ruamkan.spaces.registry import methods


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    stance = forms.ChoiceField(
        label=_("Your view"), choices=Comment.Stance.choices, initial=Comment.Stance.NEUTRAL,
        widget=forms.RadioSelect,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this?"),
                               choices=ContentReport.Reason.choices)
    details = forms.CharField(label=_("Details (optional)"), required=False, max_length=500)


class SpaceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("One-line summary"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False,
        help_text=_("Simple formatting is kept (paragraphs, lists, links); scripts are removed."),
    )
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=Space.Visibility.choices)
    participation_model = forms.ChoiceField(
        label=_("Participation model"), choices=Space.Model.choices
    )


class PhaseForm(forms.Form):
    content_key = forms.ChoiceField(label=_("Kind of phase"), choices=())
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_key"].choices = methods.choices()

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A phase must end after it starts."))
        return data
