from django import forms
from django.utils.translation import gettext_lazy as _

from ruamkan.polls.models import Poll


class PollForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of poll"), choices=Poll.Kind.choices)
    question = forms.CharField(label=_("Question"), max_length=300)
    details = forms.CharField(label=_("Details"), widget=forms.Textarea, required=False)
    options = forms.CharField(label=_("Options, one per line (for a meeting poll: the times)"),
                              widget=forms.Textarea, required=False)
    closes_at = forms.DateTimeField(label=_("Closes"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)
    hide_results = forms.BooleanField(label=_("Hide results until it closes"), required=False,
                                      initial=True)
    members_only = forms.BooleanField(label=_("Only invited members (a committee) vote"),
                                      required=False)
    quorum_count = forms.IntegerField(label=_("Quorum: at least this many voters"), min_value=0,
                                      initial=0)
    max_choices = forms.IntegerField(label=_("Most choices (multiple choice)"), min_value=1,
                                     required=False)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, initial=5)
    dots = forms.IntegerField(label=_("Dots per person"), min_value=1, initial=10)
    seats = forms.IntegerField(label=_("Seats (STV)"), min_value=1, initial=1)
