import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ruamkan.core.testing import require_shared
from ruamkan.opinions.lib.polis_io import read_export
from ruamkan.opinions.models import Conversation, StatementVote


@pytest.fixture
def space(place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    return SpaceFactory(local_government=place["town"], slug="imported-polis")


@pytest.mark.django_db
def test_import_a_polis_export_then_export_it_again(space, tmp_path):
    folder = require_shared("data/polis/scoop-hivemind.biodiversity")
    source = read_export(folder)
    call_command("opinion_import", str(folder), "--space", space.slug)
    conversation = Conversation.objects.get()
    assert conversation.statements.count() == len(source.comments)
    assert StatementVote.objects.count() == len(source.votes)
    assert conversation.analysis["group_count"] == 2
    call_command("opinion_export", "--conversation", str(conversation.pk), str(tmp_path / "out"))
    again = read_export(tmp_path / "out")
    assert len(again.votes) == len(source.votes)
    assert sorted(c.body for c in again.comments) == sorted(c.body[:280] for c in source.comments)
    assert set(again.polis_groups.values()) - {None} == {0, 1}


@pytest.mark.django_db
def test_malformed_export_names_the_file_and_line(space, tmp_path):
    (tmp_path / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,x,1,1,0,0,1,ok\n1,x,oops,1,0,0,1,bad\n")
    (tmp_path / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n")
    with pytest.raises(CommandError) as exc:
        call_command("opinion_import", str(tmp_path), "--space", space.slug)
    assert "comments.csv" in str(exc.value) and "line 3" in str(exc.value)
    assert not Conversation.objects.exists()
