import math

from django import forms
from django.utils.translation import gettext_lazy as _

from ruamkan.sortition.models import Meeting, Recommendation

DEFAULT_CONSENT = _(
    "We ask these questions so that the panel drawn by lot looks like the people of the area "
    "(for example as many women as men, every age group and every subdistrict). Some of them "
    "are sensitive personal data. Only the officials who run this assembly see your answers "
    "with your name; the public sees only counts and an anonymised list with random ids. "
    "Your answers are used for this assembly only. Until the lottery seed is published you can "
    "leave the pool, and your answers are then deleted."
)


class AssemblyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    remit = forms.CharField(label=_("Remit: the question the panel answers"),
                            widget=forms.Textarea(attrs={"rows": 3}))
    size = forms.IntegerField(label=_("Panel size"), min_value=2, max_value=1000)
    recruitment_opens_at = forms.DateTimeField(
        label=_("Registration opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    recruitment_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    consent_text = forms.CharField(
        label=_("Why you ask for these details (shown when people register)"),
        widget=forms.Textarea(attrs={"rows": 4}), required=False, initial=DEFAULT_CONSENT)


class QuotaForm(forms.Form):
    feature = forms.CharField(label=_("Feature (e.g. gender, age band, subdistrict)"),
                              max_length=80)
    value = forms.CharField(label=_("Value (e.g. women, 18–29)"), max_length=80)
    minimum = forms.IntegerField(label=_("At least (seats)"), min_value=0, required=False)
    maximum = forms.IntegerField(label=_("At most (seats)"), min_value=0, required=False)
    share = forms.DecimalField(
        label=_("Or: share of the population (%)"), min_value=0, max_value=100, required=False,
        decimal_places=2,
        help_text=_("From the census: the panel gets this share of its seats, rounded down "
                    "and up."))

    def __init__(self, *args, size: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.size = size

    def clean(self):
        data = super().clean()
        low, high, share = data.get("minimum"), data.get("maximum"), data.get("share")
        if low is None and high is None and share is not None:
            seats = float(share) / 100 * self.size
            data["minimum"], data["maximum"] = math.floor(seats), math.ceil(seats)
        elif low is None or high is None:
            raise forms.ValidationError(_("Give the minimum and maximum, or the population share."))
        if data["minimum"] > data["maximum"]:
            raise forms.ValidationError(_("The minimum is greater than the maximum."))
        return data


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Save the file as CSV UTF-8.")) from error


class RegistrationForm(forms.Form):
    """One choice per feature; the labels are the features the officials set."""

    def __init__(self, *args, features: dict, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.feature_names = list(features)
        for i, (name, quotas) in enumerate(features.items()):
            self.fields[f"f{i}"] = forms.ChoiceField(
                label=name, choices=[("", "—")] + [(q.value, q.value) for q in quotas])
        self.fields["consent"] = forms.BooleanField(
            label=_("I agree that the organisers use these answers for the draw as explained "
                    "above."), help_text=consent_text)

    def feature_values(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"f{i}"] for i, name in enumerate(self.feature_names)}


class SeedForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed (a whole number)"), min_value=0, max_value=2**63 - 1, required=False,
        help_text=_("For example the numbers of a public lottery, or dice rolled in front of "
                    "the audience. Leave empty to let the site pick a random number."))


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "agenda", "minutes"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "agenda": forms.Textarea(attrs={"rows": 3}),
                   "minutes": forms.Textarea(attrs={"rows": 5})}


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    support_count = forms.IntegerField(label=_("Members in support"), min_value=0)
    meeting = forms.ModelChoiceField(label=_("Agreed at the meeting"),
                                     queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, assembly=None, **kwargs):
        super().__init__(*args, **kwargs)
        if assembly is not None:
            self.fields["meeting"].queryset = assembly.meetings.all()


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Recommendation.Answer.choices)
    answer_text = forms.CharField(label=_("Reasons and next steps"),
                                  widget=forms.Textarea(attrs={"rows": 3}))
