"""content translations: a translations column on place categories and promise texts

Merges the heads of dialog, walks, lägesbild and löften.

Revision ID: 0007_content_translations
Revises: 0002_dialog, 0004_walks, 0005_lagesbild, 0006_loften
Create Date: 2026-11-22 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_content_translations'
down_revision = ('0002_dialog', '0004_walks', '0005_lagesbild', '0006_loften')
branch_labels = None
depends_on = None

TABLES = (
    'place_category',
    'loften_promise',
    'loften_focus',
    'loften_commitment',
    'loften_activity',
    'loften_update',
)


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('translations', sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
