import pytest

from ruamkan.spaces.tests.factories import PhaseFactory, SpaceFactory


@pytest.fixture
def space(place):
    return SpaceFactory(local_government=place["town"], slug="town-plan",
                        title="แผนพัฒนาเทศบาลเมืองนราธิวาส")


@pytest.fixture
def discussion(space):
    return PhaseFactory(space=space, content_key="spaces.discussion")
