"""Turn the engine's answer into bot messages: response names, variables and links.

The engine's texts are already in the person's language; the responses in domain/ add the
few fixed words around them. Links travel in the message's custom JSON as
{"links": [{"title", "url"}]}, which the chat gateway turns into buttons that open them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_PLACES = 3
MAX_CHANNELS = 3
_SAFE_SCHEMES = ("tel:", "https:")
_NUMBER_CHANNELS = ("phone", "whatsapp")
# Per part of the urgent banner's kind: the place whose 24/7 line the banner shows, and the
# crisis reply (domain/responses/lines.yml) that gives that same line.
_BANNER_PARTS = {
    "danger": ("alarmnummer-112", "utter_danger"),
    "suicide": ("113-zelfmoordpreventie", "utter_suicide"),
}
CRISIS_REPLIES = tuple(reply for _, reply in _BANNER_PARTS.values())


@dataclass(frozen=True)
class Message:
    """One bot message: a response name, its variables and the links to attach."""

    response: str
    variables: dict[str, str] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)

    def json_message(self) -> dict[str, Any] | None:
        """The custom payload for the gateway, or None when there are no links."""
        return {"links": self.links} if self.links else None


def _link(title: str, url: str | None) -> dict[str, str] | None:
    # Only phone and https links: nothing the engine returns may open another scheme.
    if not url or not url.startswith(_SAFE_SCHEMES) or not title:
        return None
    return {"title": title, "url": url}


def _shown_value(channel: dict[str, Any]) -> str:
    # Numbers are worth showing; other values (URLs, descriptions of locations) are not
    # always in the person's language, so the label and the link speak for them.
    value = channel.get("value") or ""
    return value if channel.get("type") in _NUMBER_CHANNELS else ""


def _channel_line(channel: dict[str, Any]) -> str:
    label = f"{channel.get('label') or ''} {_shown_value(channel)}".strip()
    details = [part for part in (channel.get("hours_text"), channel.get("cost_text")) if part]
    return " · ".join([label, *details])


def _channel_link(channel: dict[str, Any]) -> dict[str, str] | None:
    title = f"{channel.get('label') or ''} {_shown_value(channel)}".strip()
    return _link(title, channel.get("link"))


def _place_response(place: dict[str, Any]) -> str:
    # "Closed now" only when the data says when it opens again; unknown hours are not closed.
    if place.get("open_now"):
        return "utter_place"
    return "utter_place_closed" if place.get("next_open") else "utter_place_hours_unknown"


def place_message(place: dict[str, Any]) -> Message:
    """One recommended place: why, how to reach it now, cost, anonymity, what happens."""
    channels = (place.get("channels") or [])[:MAX_CHANNELS]
    cost_and_anonymity = " · ".join(
        part for part in (place.get("cost_text"), place.get("anonymous_text")) if part
    )
    sections = [
        "\n".join(place.get("reasons") or []),
        "\n".join(_channel_line(channel) for channel in channels),
        cost_and_anonymity,
        place.get("what_happens") or place.get("description") or "",
        "\n".join(place.get("unverified") or []),
    ]
    links = [link for link in map(_channel_link, channels) if link]
    return Message(
        response=_place_response(place),
        variables={
            "name": place.get("name") or place.get("organisation") or "",
            "details": "\n".join(section for section in sections if section),
        },
        links=links,
    )


def _line_title(line: dict[str, Any], names: list[str]) -> str:
    # One line with several ways in (113: 113, 0800-0113, 113.nl) gave three links with the same
    # words: a line whose name comes more than once says which number or site each link is.
    name = line.get("name") or ""
    value = str(line.get("value") or "")
    if not name:
        return value
    if names.count(name) < 2 or not value:
        return name
    shown = value.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return f"{name}: {shown}"


def urgent_message(urgent: dict[str, Any]) -> Message:
    """The banner for danger and/or suicidal thoughts, with its 24/7 lines as links."""
    lines = urgent.get("lines") or []
    names = [line.get("name") or "" for line in lines]
    links = [
        link
        for link in (_link(_line_title(line, names), line.get("link")) for line in lines)
        if link
    ]
    return Message(
        response="utter_urgent", variables={"text": urgent.get("text") or ""}, links=links
    )


def banner_place_ids(urgent: dict[str, Any] | None) -> set[str]:
    """The ids of the places the urgent banner already shows (112, 113)."""
    kind = (urgent or {}).get("kind") or ""
    return {place for part, (place, _) in _BANNER_PARTS.items() if part in kind}


def _banner_said_already(urgent: dict[str, Any] | None, replies: set[str]) -> bool:
    kind = (urgent or {}).get("kind") or ""
    needed = [reply for part, (_, reply) in _BANNER_PARTS.items() if part in kind]
    return bool(needed) and all(reply in replies for reply in needed)


def recommendation_messages(
    answer: dict[str, Any], crisis_replies: set[str] | None = None
) -> list[Message]:
    """All messages for an answer: urgent banner, intro, places, next steps.

    `crisis_replies` are the crisis replies already sent in this turn: when they give every
    line of the banner (113 just now, right above), the banner would say the same again and is
    left out; 112 and 113 are still not repeated as places."""
    messages: list[Message] = []
    if answer.get("urgent") and not _banner_said_already(answer["urgent"], crisis_replies or set()):
        messages.append(urgent_message(answer["urgent"]))
    places = shown_places(answer)
    understood = (answer.get("understood") or "").strip()
    if understood:
        # Said back before the places, so a wrong reading can be corrected in one turn.
        messages.append(Message(response="utter_understood", variables={"understood": understood}))
    intro = "utter_general_intro" if answer.get("general") else "utter_recommend_intro"
    messages.append(Message(response=intro))
    messages += [place_message(place) for place in places]
    more = "utter_next_steps" if more_places(answer) else "utter_next_steps_no_more"
    messages.append(Message(response=more))
    return messages


def shown_places(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The place cards under the answer, in the engine's order. 112 and 113 are shown once, in
    the banner, not again as a place; the engine's next places take the spots they leave, so a
    9-year-old alone at night with danger and 113 on record sees three places to turn to, not
    only the Kindertelefoon, closed at that hour."""
    in_banner = banner_place_ids(answer.get("urgent"))
    recommended = answer.get("recommendations") or []
    places = [place for place in recommended if place.get("id") not in in_banner]
    taken = len(recommended) - len(places)
    if taken:
        also = [p for p in answer.get("also_possible") or [] if p.get("id") not in in_banner]
        places += also[:taken]
    return places[:MAX_PLACES]


def more_places(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The places the engine lists as also possible that the answer did not show already."""
    shown = {place.get("id") for place in shown_places(answer)}
    shown |= banner_place_ids(answer.get("urgent"))
    return [p for p in answer.get("also_possible") or [] if p.get("id") not in shown][:MAX_PLACES]


def more_options_messages(answer: dict[str, Any]) -> list[Message]:
    """The also-possible places the answer did not show yet, or a kind "no more" message."""
    places = more_places(answer)
    if not places:
        return [Message(response="utter_no_more_options"), Message(response="utter_anything_else")]
    return [
        Message(response="utter_more_options_intro"),
        *(place_message(place) for place in places),
        Message(response="utter_anything_else"),
    ]


def summary_messages(answer: dict[str, Any]) -> list[Message]:
    """The handover text to copy or read out; nothing of it is stored."""
    summary = (answer.get("summary") or "").strip()
    if not summary:
        return [Message(response="utter_summary_empty")]
    return [Message(response="utter_summary", variables={"summary": summary})]
