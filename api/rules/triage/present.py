"""Turn the engine's result into the answer of the contract (docs/contracts.md): every text in
the requested language, channels ordered open-now first, cost, anonymity and hours from the data."""

from typing import Any

from api.landscape import channels as channel_view
from api.landscape import hours
from api.rules.triage import texts
from api.rules.triage.engine import PREFERRED_TYPES
from api.rules.triage.model import ChannelInfo, ContactPointInfo, Facts, Placement, Result
from api.rules.triage.summary import summary

URGENT_CHANNEL_TYPES = ("phone", "chat")


def _channel(channel: ChannelInfo, facts: Facts) -> dict[str, Any]:
    language = facts.language
    state = channel_view.status(
        hours_text=channel.hours, now=facts.now, language=language, channel_type=channel.type
    )
    label = channel.label or texts.CHANNEL_LABELS.get(channel.type)
    return {
        "type": channel.type,
        "value": channel.value,
        "link": channel_view.link(channel_type=channel.type, value=channel.value),
        "label": label.get(language) if label else channel.type,
        "open_now": state.open_now,
        "next_open": state.next_open,
        "hours_text": state.hours_text,
        "cost_text": texts.COST.get(channel.cost, texts.COST["unknown"]).get(language),
        "anonymous": channel.anonymous,
        "note": channel.note.get(language) if channel.note else None,
    }


def ordered_channels(point: ContactPointInfo, facts: Facts) -> list[ChannelInfo]:
    """Open now first (24/7 lines first among those), then the preferred kind, then as listed."""
    wanted = PREFERRED_TYPES.get(facts.prefer_channel, set())
    indexed = list(enumerate(point.channels))
    indexed.sort(
        key=lambda ic: (
            not hours.is_open(ic[1].schedule, facts.now),
            not ic[1].schedule.always_open,
            ic[1].type not in wanted,
            ic[0],
        )
    )
    return [c for _, c in indexed]


def _recommendation(placement: Placement, facts: Facts) -> dict[str, Any]:
    language = facts.language
    point = placement.point
    chosen = ordered_channels(point, facts)
    shown = [_channel(c, facts) for c in chosen]
    upcoming = [c["next_open"] for c in shown if c["next_open"]]
    primary = chosen[0] if chosen else None
    cost = primary.cost if primary else "unknown"
    anonymous = primary.anonymous if primary else "unknown"
    anonymous_text = texts.ANONYMOUS.get(anonymous, texts.ANONYMOUS["unknown"]).get(language)
    anonymous_channel = next((c for c in chosen if c.anonymous == "yes"), None)
    if anonymous != "yes" and anonymous_channel and anonymous_channel.type in texts.ANONYMOUS_VIA:
        anonymous_text = texts.ANONYMOUS_VIA[anonymous_channel.type].get(language)
    return {
        "id": point.id,
        "name": point.name.get(language),
        "organisation": point.organisation_name,
        "description": point.description.get(language),
        "what_happens": point.what_happens.get(language),
        "reasons": [r.get(language) for r in placement.reasons],
        "open_now": placement.open_now,
        "next_open": None if placement.open_now or not upcoming else min(upcoming),
        "cost": cost,
        "cost_text": texts.COST.get(cost, texts.COST["unknown"]).get(language),
        "anonymous": anonymous,
        "anonymous_text": anonymous_text,
        "channels": shown,
        "unverified": texts.unverified_lines(point, language),
    }


def _urgent(result: Result, facts: Facts) -> dict[str, Any] | None:
    if not result.urgent:
        return None
    language = facts.language
    lines = []
    for _kind, point in result.urgent_lines:
        for channel in ordered_channels(point, facts):
            if channel.type in URGENT_CHANNEL_TYPES:
                shown = _channel(channel, facts)
                lines.append(
                    {
                        "name": point.name.get(language),
                        "value": channel.value,
                        "link": shown["link"],
                        "hours_text": shown["hours_text"],
                        "cost_text": shown["cost_text"],
                    }
                )
    return {
        "kind": result.urgent,
        "text": texts.urgent_text(result.urgent_lines, language),
        "lines": lines,
    }


def answer(result: Result, facts: Facts) -> dict[str, Any]:
    """The response body of POST /v1/recommendations."""
    return {
        "language": facts.language,
        "urgent": _urgent(result, facts),
        "recommendations": [_recommendation(p, facts) for p in result.recommendations],
        "also_possible": [_recommendation(p, facts) for p in result.also_possible],
        "general": result.general,
        "summary": summary(facts),
        "rules_fired": list(result.rules_fired),
    }
