"""The shared council test world builds on every backend (the other council tests stand on it)."""

from campaign.models import SessionStatus


def test_the_world_has_nine_members_and_five_items(council_world):
    world = council_world(status=SessionStatus.VOTING)
    assert len(world.session.members) == 9
    assert [item.nomination.status for item in world.session.items] == ["accepted"] * 5
    assert world.khdt_member.person.unit.code == "KHDT"
