"""Demo data for seed_demo: "Intervisiegroep Utrecht", anna chair, bram and carla signed."""

from groups import services
from groups.models import IncidentGroup, Membership, Role
from groups.permissions import is_signed_member
from groups.selectors import group_members, groups_for_user
from project.management.commands.seed_demo import counted

DEMO_GROUP = "Intervisiegroep Utrecht"


def seed(users, stdout) -> None:
    anna, bram, carla = users["anna"], users["bram"], users["carla"]
    group = IncidentGroup.objects.filter(name=DEMO_GROUP, created_by=anna).first()
    if group is None:
        group = services.group_create(
            actor=anna,
            name=DEMO_GROUP,
            description="Intervisiegroep van psychologen en psychotherapeuten in de regio "
            "Utrecht. We bespreken elke bijeenkomst één of twee (bijna-)incidenten.",
            region="Utrecht",
        )
    for user in (anna, bram, carla):
        # Demo shortcut: members join directly instead of through an e-mailed link.
        Membership.objects.get_or_create(group=group, user=user, defaults={"role": Role.MEMBER})
        if not is_signed_member(user, group):
            group.refresh_from_db()
            services.signature_sign(
                actor=user,
                group=group,
                declaration=group.current_declaration,
                typed_name=user.full_name,
            )
    stdout.write(f"Groep: {DEMO_GROUP} (voorzitter {anna.full_name}; leden bram en carla)")


def summary(users) -> list[str]:
    """Each persona's "Mijn groepen", and the demo group's members as its page lists them."""
    lines = [
        f"Mijn groepen van {user.full_name}: "
        f"{counted(groups_for_user(user).count(), 'groep', 'groepen')}"
        for user in users.values()
    ]
    group = IncidentGroup.objects.filter(name=DEMO_GROUP, created_by=users["anna"]).first()
    if group is not None:
        members = group_members(group).count()
        lines.append(f"Groep {DEMO_GROUP}: {counted(members, 'lid', 'leden')}")
    return lines
