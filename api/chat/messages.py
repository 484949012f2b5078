"""What passes between the person and the bot: typed text without control characters, and the
bot channel's messages as `{text, buttons, links}` with only tel: and https: links."""

from api.chat.schemas import Button, Link, Message
from api.core.params import CONTROL_CHARACTERS

SAFE_LINK_SCHEMES = ("tel:", "https:")


def clean_text(text: str) -> str:
    """What a person typed, without control characters or surrounding whitespace."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n")).strip()


def safe_link(url: object) -> str | None:
    """The URL if it is a tel: or https: link (the only schemes the widget opens)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if url.lower().startswith(SAFE_LINK_SCHEMES) and not CONTROL_CHARACTERS.search(url):
        return url
    return None


def _buttons(raw: object) -> list[Button]:
    if not isinstance(raw, list):
        return []
    return [
        Button(title=str(item["title"]), payload=str(item["payload"]))
        for item in raw
        if isinstance(item, dict) and item.get("title") and item.get("payload")
    ]


def _links(custom: object) -> list[Link]:
    raw = custom.get("links") if isinstance(custom, dict) else None
    if not isinstance(raw, list):
        return []
    links = []
    for item in raw:
        if isinstance(item, dict) and item.get("title") and (url := safe_link(item.get("url"))):
            links.append(Link(title=str(item["title"]), url=url))
    return links


def convert_bot_messages(raw_messages: object) -> list[Message]:
    """The channel's messages as `{text, buttons, links}`; links-only messages join the one
    before them, and anything else (images, unknown keys) is dropped."""
    messages: list[Message] = []
    if not isinstance(raw_messages, list):
        return messages
    for raw in raw_messages:
        if not isinstance(raw, dict):
            continue
        text = raw.get("text") if isinstance(raw.get("text"), str) else ""
        buttons, links = _buttons(raw.get("buttons")), _links(raw.get("custom"))
        if not text and not buttons and links and messages:
            messages[-1].links.extend(links)
        elif text or buttons or links:
            messages.append(Message(text=text, buttons=buttons, links=links))
    return messages
