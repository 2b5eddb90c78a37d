"""lagesbild speed: covering indexes for the lägesbild's scans

Revision ID: 0009_lagesbild_speed
Revises: 0008_api_keys
Create Date: 2026-11-22 09:00:00.000000

A kommun's lägesbild reads every observation, place and survey response of two periods; these
indexes let it do so from indexes alone (see portal/lagesbild/sources/__init__.py).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_lagesbild_speed"
down_revision = "0008_api_keys"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("place_observation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_place_observation_lagesbild",
            ["created_at", "place_id", "time_of_day", "source", "lon", "lat"],
            unique=False,
        )
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.create_index(
            "ix_place_lagesbild",
            [
                "area_id",
                "category_id",
                "published",
                "status",
                "merged_into_id",
                "created_at",
                "status_changed_at",
            ],
            unique=False,
        )
        batch_op.create_index(
            "ix_place_lagesbild_lookup",
            ["id", "category_id", "area_id", "published", "status", "merged_into_id"],
            unique=False,
        )
    with op.batch_alter_table("dialog_response", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dialog_response_lagesbild", ["survey_id", "area_id", "submitted_on"], unique=False
        )
    with op.batch_alter_table("lagesbild_survey_tally", schema=None) as batch_op:
        batch_op.drop_index("ix_lagesbild_survey_tally_day")
        batch_op.create_index(
            "ix_lagesbild_survey_tally_day",
            ["survey_id", "day", "question_id", "area_id", "value", "n"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("lagesbild_survey_tally", schema=None) as batch_op:
        batch_op.drop_index("ix_lagesbild_survey_tally_day")
        batch_op.create_index("ix_lagesbild_survey_tally_day", ["survey_id", "day"], unique=False)
    with op.batch_alter_table("dialog_response", schema=None) as batch_op:
        batch_op.drop_index("ix_dialog_response_lagesbild")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_index("ix_place_lagesbild_lookup")
        batch_op.drop_index("ix_place_lagesbild")
    with op.batch_alter_table("place_observation", schema=None) as batch_op:
        batch_op.drop_index("ix_place_observation_lagesbild")
