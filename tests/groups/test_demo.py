import io

from django.core.management import call_command

from groups.models import IncidentGroup
from groups.permissions import is_chair, is_signed_member
from project.models import User


def test_seed_demo_adds_the_utrecht_group_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    group = IncidentGroup.objects.get(name="Intervisiegroep Utrecht")
    users = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="demo.vim-kring.nl")
    }
    assert is_chair(users["anna"], group)
    assert is_signed_member(users["bram"], group) and not is_chair(users["bram"], group)
    assert is_signed_member(users["carla"], group)
    assert not group.memberships.filter(user=users["dirk"]).exists()
    assert group.memberships.count() == 3
    assert group.declarations.count() == 1
