"""Conditions of rules: `fact: value(s)`, and all/any/not of other conditions."""

from typing import Any

from api.rules.triage.model import FACT_VALUES, Condition


def parse_condition(raw: Any, where: str, errors: list[str]) -> Condition:
    """The condition of a `when` mapping; errors are appended with where they are."""
    if not isinstance(raw, dict) or not raw:
        errors.append(f"{where}: expected a mapping of facts (or all/any/not)")
        return Condition(op="all")
    parts: list[Condition] = []
    for key, value in raw.items():
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                errors.append(f"{where}: {key}: expected a non-empty list of conditions")
                continue
            children = tuple(parse_condition(v, f"{where}: {key}", errors) for v in value)
            parts.append(Condition(op=key, children=children))
        elif key == "not":
            parts.append(
                Condition(op="not", children=(parse_condition(value, f"{where}: not", errors),))
            )
        elif key in FACT_VALUES:
            values = value if isinstance(value, list) else [value]
            allowed = FACT_VALUES[key]
            wrong = [str(v) for v in values if str(v) not in allowed]
            if wrong or not values:
                errors.append(
                    f"{where}: {key}: '{', '.join(wrong)}' is not a value "
                    f"(allowed: {', '.join(sorted(allowed))})"
                )
            parts.append(Condition(op="fact", fact=key, values=frozenset(str(v) for v in values)))
        else:
            errors.append(
                f"{where}: '{key}' is not a fact (facts: {', '.join(sorted(FACT_VALUES))})"
            )
    return parts[0] if len(parts) == 1 else Condition(op="all", children=tuple(parts))
