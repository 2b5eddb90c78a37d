"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import app_config
from tests.databases import drop_database, fresh_database_url


def test_models_and_migrations_agree(tmp_path):
    url = fresh_database_url("migrations", tmp_path)
    app = create_app(app_config(url))
    try:
        with app.app_context():
            upgrade(revision="heads")
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            assert diff == [], f"models and migrations differ; run flask db migrate: {diff}"
            downgrade(revision="base")
            with db.engine.connect() as connection:
                tables = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
            assert tables == set()
    finally:
        with app.app_context():
            db.engine.dispose()
        drop_database(url)
