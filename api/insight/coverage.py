"""The coverage matrix of the landscape: for every role x phase x form of violence, which active
contact points serve it; cells nobody serves are gaps, cells many national points of the same
kind serve are overlaps. Pure functions over plain data."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ROLES = ("victim", "relative", "bystander", "perpetrator", "professional")
PHASES = ("acute", "within_7_days", "longer_ago", "ongoing")
VIOLENCE_TYPES = (
    "sexual_violence",
    "domestic_violence",
    "child_abuse",
    "human_trafficking",
    "online_sexual_abuse",
)


@dataclass(frozen=True)
class PointCoverage:
    """What the matrix needs of one contact point."""

    id: str
    name: str
    kind: str
    national: bool
    roles: frozenset[str]
    phases: frozenset[str]
    violence_types: frozenset[str]
    age_groups: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    open_at_night: bool = False


@dataclass
class Cell:
    role: str
    phase: str
    violence_type: str
    points: list[str] = field(default_factory=list)
    overlap_kinds: dict[str, list[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.points)


@dataclass(frozen=True)
class Filters:
    age_group: str | None = None
    region_ids: frozenset[str] | None = None
    open_at_night: bool = False


def _passes(point: PointCoverage, filters: Filters) -> bool:
    if filters.age_group and point.age_groups and filters.age_group not in point.age_groups:
        return False
    elsewhere = filters.region_ids is not None and not point.regions & filters.region_ids
    if elsewhere and not point.national:
        return False
    return not (filters.open_at_night and not point.open_at_night)


def matrix(
    points: Iterable[PointCoverage],
    *,
    filters: Filters | None = None,
    overlap_min: int = 3,
    roles: Sequence[str] = ROLES,
    phases: Sequence[str] = PHASES,
    violence_types: Sequence[str] = VIOLENCE_TYPES,
) -> list[Cell]:
    """Every cell of the matrix, in the order violence type, role, phase."""
    chosen = [p for p in points if _passes(p, filters or Filters())]
    cells = []
    for violence in violence_types:
        for role in roles:
            for phase in phases:
                cell = Cell(role=role, phase=phase, violence_type=violence)
                by_kind: dict[str, list[str]] = {}
                for point in chosen:
                    if (
                        role in point.roles
                        and phase in point.phases
                        and violence in point.violence_types
                    ):
                        cell.points.append(point.id)
                        if point.national:
                            by_kind.setdefault(point.kind, []).append(point.id)
                cell.overlap_kinds = {
                    k: ids for k, ids in by_kind.items() if len(ids) >= overlap_min
                }
                cells.append(cell)
    return cells


def gaps(cells: Iterable[Cell]) -> list[Cell]:
    """Cells no active contact point serves."""
    return [c for c in cells if c.count == 0]


def overlaps(cells: Iterable[Cell]) -> list[Cell]:
    """Cells served by `overlap_min` or more national points of the same kind."""
    return [c for c in cells if c.overlap_kinds]
