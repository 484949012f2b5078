"""Read the landscape from the database into the plain shapes the insight functions use."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from api.insight.coverage import PointCoverage
from api.landscape import hours, models

# "Open at night" means open at 03:00 on an ordinary Wednesday (no public holiday).
NIGHT = datetime(2026, 11, 25, 3, 0, tzinfo=hours.AMSTERDAM)


def coverage_points(session: Session) -> list[PointCoverage]:
    """Every active contact point with its classification and whether it is open at night."""
    points = session.scalars(
        select(models.ContactPoint)
        .where(models.ContactPoint.status == "active")
        .options(
            selectinload(models.ContactPoint.terms),
            selectinload(models.ContactPoint.regions),
            selectinload(models.ContactPoint.channels),
        )
        .order_by(models.ContactPoint.id)
    )
    return [
        PointCoverage(
            id=p.id,
            name=p.name_nl,
            kind=p.kind,
            national=p.area_scope == "national",
            roles=frozenset(p.codes("role")),
            phases=frozenset(p.codes("phase")),
            violence_types=frozenset(p.codes("violence_type")),
            age_groups=frozenset(p.codes("age_group")),
            regions=frozenset(r.id for r in p.regions),
            open_at_night=any(hours.is_open(hours.parse(c.hours), NIGHT) for c in p.channels),
        )
        for p in points
    ]


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
