"""initial: empty schema

Revision ID: dfad9e19ac00
Revises: 
Create Date: 2026-11-26 06:10:58.352065

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dfad9e19ac00'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
