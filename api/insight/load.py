"""Read the landscape from the database (serialised) into the plain shapes the insight
functions use."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.insight.coverage import PointCoverage
from api.landscape import hours, models, serialise
from api.landscape import service as landscape
from api.landscape.serialise import Obj

# "Open at night" means open at 03:00 on an ordinary Wednesday (no public holiday).
NIGHT = datetime(2026, 11, 25, 3, 0, tzinfo=hours.AMSTERDAM)


def coverage_points(session: Session) -> list[PointCoverage]:
    """Every active contact point with its classification and whether it is open at night."""
    rows = session.scalars(
        select(models.ContactPoint)
        .where(models.ContactPoint.status == "active")
        .options(*landscape.load_options())
        .order_by(models.ContactPoint.id)
    )
    return [_coverage(serialise.contact_point(row)) for row in rows]


def _coverage(point: Obj) -> PointCoverage:
    serves = point["serves"]
    return PointCoverage(
        id=point["id"],
        name=point["name"]["nl"],
        kind=point["kind"],
        national=point["area"]["scope"] == "national",
        roles=frozenset(serves["role"]),
        phases=frozenset(serves["phase"]),
        violence_types=frozenset(serves["violence_type"]),
        age_groups=frozenset(serves["age_group"]),
        regions=frozenset(point["area"]["regions"]),
        open_at_night=any(hours.is_open(hours.parse(c["hours"]), NIGHT) for c in point["channels"]),
    )


# The taxonomy's role labels are written for the person in the chat ("Het gaat over mij");
# the landscape team reads target-group names.
GROUP_NAMES = {
    "nl": {
        "victim": "Slachtoffer",
        "relative": "Naaste",
        "bystander": "Omstander",
        "perpetrator": "Pleger",
        "professional": "Professional",
    },
    "en": {
        "victim": "Victim",
        "relative": "Relative",
        "bystander": "Bystander",
        "perpetrator": "Perpetrator",
        "professional": "Professional",
    },
}


def labels(session: Session, language: str) -> dict[str, str]:
    """Term code -> label in `language`, for every taxonomy term (roles as group names)."""
    terms = session.scalars(select(models.TaxonomyTerm))
    found = {t.code: t.label_nl if language == "nl" else t.label_en for t in terms}
    return found | GROUP_NAMES[language]
