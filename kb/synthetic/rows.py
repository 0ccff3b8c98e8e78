"""A family's drafts written as dataset rows, in a fixed order (so output is byte-stable)."""

from __future__ import annotations

from kb.synthetic.family import FamilyBuilder
from kb.synthetic.records import InteractionDraft
from kb.synthetic.writer import DatasetWriter, iso_instant


def write_family(writer: DatasetWriter, family: FamilyBuilder) -> None:
    """Every row of one family: itself, its clients, episodes, allocations, case teams,
    objects, interactions, perspectives and tensions."""
    family_id = family.id
    writer.row("families", family_id, family.reference)
    for c in family.clients:
        writer.row("clients", c.id, c.name, c.role.value, c.birth_year)
        writer.row("belongs_to", c.id, family_id, c.since, c.until, c.relationship)
    for episode in sorted(family.episodes, key=lambda e: e.id):
        writer.row(
            "episodes",
            episode.id,
            episode.kind.value,
            episode.opened,
            episode.closed,
            episode.source,
            episode.reason,
        )
        writer.row("has_episode", family_id, episode.id)
    for i in family.involvements:
        writer.row(
            "involved_with", i.professional.id, family_id, i.start, i.end, i.role.value, i.agency.id
        )
    for team in family.teams:
        writer.row("teams", team.id, team.name, team.type.value, team.level.value)
        for professional, start, end, role in team.members:
            writer.row("member_of", professional.id, team.id, start, end, role)
    for made in sorted(family.objects, key=lambda b: b.id):
        writer.row("boundary_objects", made.id, made.kind.value, made.title, made.created)
        writer.row("concerns", made.id, family_id)
    for interaction in sorted(family.interactions, key=lambda a: a.id):
        write_interaction(writer, interaction)
        writer.row("concerns", interaction.id, family_id)
    for view in family.perspectives:
        writer.row("perspectives", view.id, view.statement, iso_instant(view.at))
        writer.row("holds", view.holder_id, view.id)
        writer.row("on", view.id, view.on.id if view.on else family_id)
        if view.revises is not None:
            writer.row("revises", view.id, view.revises.id)
    for t in family.tensions:
        writer.row(
            "tensions",
            t.id,
            t.kind.value,
            t.description,
            iso_instant(t.raised),
            iso_instant(t.resolved) if t.resolved else None,
            t.resolution,
        )
        for party in t.between:
            writer.row("between", t.id, party)
        writer.row("about", t.id, t.about.id if t.about is not None else family_id)


def write_interaction(writer: DatasetWriter, interaction: InteractionDraft) -> None:
    """An interaction and its participation, episode, referral and object work rows."""
    writer.row(
        "interactions",
        interaction.id,
        interaction.kind.value,
        iso_instant(interaction.at),
        iso_instant(interaction.ends) if interaction.ends else None,
        interaction.level.value,
    )
    for professional, role in interaction.professionals:
        writer.row("participated_in", professional.id, interaction.id, role.value)
    for client, role in interaction.clients:
        writer.row("participated_in", client.id, interaction.id, role.value)
    if interaction.episode is not None:
        writer.row("part_of", interaction.id, interaction.episode.id)
    if interaction.referred_to is not None:
        writer.row("referred_to", interaction.id, interaction.referred_to.id)
    for worked_on, action, section in interaction.work:
        writer.row("worked_on", interaction.id, worked_on.id, action.value, section)
