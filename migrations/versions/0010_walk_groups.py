"""walk groups: night-walk groups, their walks and after-walk reports

Revision ID: 0010_walk_groups
Revises: 0009_lagesbild_speed
Create Date: 2026-11-22 08:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_walk_groups"
down_revision = "0009_lagesbild_speed"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "walk_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("join_code", sa.String(length=12), nullable=False),
        sa.Column("weekdays", sa.String(length=20), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("meeting_point", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_walk_group_area_id_area")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_group")),
        sa.UniqueConstraint("join_code", name=op.f("uq_walk_group_join_code")),
    )
    with op.batch_alter_table("walk_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_walk_group_area_id"), ["area_id"], unique=False)

    with op.batch_alter_table("walk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_walk_group_id"), ["group_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_walk_group_id_walk_group"),
            "walk_group",
            ["group_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "night_walk_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("people_out", sa.Integer(), nullable=False),
        sa.Column("mood", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_night_walk_report_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["walk_id"],
            ["walk.id"],
            name=op.f("fk_night_walk_report_walk_id_walk"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_night_walk_report")),
        sa.UniqueConstraint("walk_id", name=op.f("uq_night_walk_report_walk_id")),
    )


def downgrade():
    op.drop_table("night_walk_report")
    with op.batch_alter_table("walk", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_walk_group_id_walk_group"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_walk_group_id"))
        batch_op.drop_column("group_id")
    with op.batch_alter_table("walk_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_walk_group_area_id"))
    op.drop_table("walk_group")
