"""The demo installation: every domain seeded, and no record dated in the future."""

from portal.demo import seed_demo
from portal.dialog.models import Survey
from portal.extensions import db
from portal.lagesbild.models import Snapshot
from portal.loften.models import Promise
from portal.map.models import Observation, Place, PlaceUpdate
from portal.timeutil import utcnow
from portal.walks.models import Walk


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_demo_seeds_every_domain_without_future_dates(app):
    seed_demo()
    for model in (Place, Observation, Survey, Walk, Snapshot, Promise):
        assert _count(model) > 0, model.__name__
    now = utcnow()
    for model in (Place, Observation, PlaceUpdate):
        future = db.session.scalar(
            db.select(db.func.count()).select_from(model).where(model.created_at > now)
        )
        assert future == 0, f"{model.__name__} dated in the future"
