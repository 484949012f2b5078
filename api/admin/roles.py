"""Who may do what, for people in the workspace and for machines with a token alike: a
reader reads, an editor changes only the contact points of their organisations (or the
points named one by one) and only by proposal, a steward reviews and may change everything."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from api.core.errors import ServiceError

Role = Literal["reader", "editor", "steward"]
Via = Literal["api", "workspace", "cli", "import"]
ROLES: tuple[Role, ...] = ("editor", "steward", "reader")


class Forbidden(ServiceError):
    status_code = 403


@dataclass(frozen=True)
class Actor:
    """Someone acting on the landscape, with what they may touch."""

    name: str
    role: Role
    via: Via
    organisations: frozenset[str] = field(default_factory=frozenset)
    contact_points: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        *,
        name: str,
        role: Role,
        via: Via,
        organisations: Iterable[str] | None = None,
        contact_points: Iterable[str] | None = None,
    ) -> "Actor":
        return cls(name, role, via, frozenset(organisations or ()), frozenset(contact_points or ()))

    @property
    def may_review(self) -> bool:
        return self.role == "steward"

    @property
    def may_change_anything(self) -> bool:
        return self.role in ("editor", "steward")

    def may_edit(self, *, organisation_id: str, point_id: str) -> bool:
        """Whether this actor may change (or propose to change) this contact point."""
        if self.role == "steward":
            return True
        if self.role != "editor":
            return False
        return organisation_id in self.organisations or point_id in self.contact_points

    def scope_text(self) -> str:
        """What an editor may change, in words for an error message."""
        parts = [f"the contact points of {o}" for o in sorted(self.organisations)]
        parts += [f"'{p}'" for p in sorted(self.contact_points)]
        return ", ".join(parts) or "no contact points"


def check_edit(actor: Actor, *, organisation_id: str, point_id: str) -> None:
    """403 with a sentence that says what this actor may change instead."""
    if actor.may_edit(organisation_id=organisation_id, point_id=point_id):
        return
    if actor.role == "reader":
        raise Forbidden(
            f"'{actor.name}' may only read. Changes need an editor or a steward "
            "(for a token: python -m api.cli create-token NAME --scope write)."
        )
    raise Forbidden(
        f"'{actor.name}' may change only {actor.scope_text()}; '{point_id}' belongs to "
        f"{organisation_id}. Ask a steward to change it, or to widen your scope."
    )


def check_review(actor: Actor) -> None:
    if not actor.may_review:
        raise Forbidden(f"Only a steward may review proposals; '{actor.name}' is a {actor.role}.")
