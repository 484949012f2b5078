"""Bodies of the chat gateway (docs/contracts.md): sessions and messages."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, WithJsonSchema, field_validator

Language = Literal["nl", "en"]


def to_language(value: object) -> Language | None:
    """'en', 'en-GB' or 'EN' → 'en'; 'nl', 'nl-BE' → 'nl'; anything else → None (the default)."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower()[:2]
    return "en" if code == "en" else "nl" if code == "nl" else None


def page_language(value: object) -> Language | None:
    """A request's language: any text (as a page's lang attribute), or null; not a number."""
    if value is not None and not isinstance(value, str):
        raise ValueError("language must be text, e.g. 'nl' or 'en-GB'")
    return to_language(value)


# Any text is taken (a page's lang attribute: 'en-GB' counts as 'en', anything else as 'nl').
PageLanguage = Annotated[
    Language | None,
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "null"}]}),
]


class Button(BaseModel):
    title: str
    payload: str


class Link(BaseModel):
    title: str
    url: str = Field(description="Only tel: and https: links are passed on.")


class Message(BaseModel):
    """One bot message: text (plain, never HTML), buttons to answer with, links to call or open."""

    text: str = ""
    buttons: list[Button] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


class SessionCreate(BaseModel):
    language: PageLanguage = Field(
        default=None,
        description="The host page's language ('en', 'en-GB': English; anything else: Dutch).",
    )

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: object) -> Language | None:
        return page_language(value)


class SessionPublic(BaseModel):
    session_id: str
    language: Language
    messages: list[Message]


class MessageCreate(BaseModel):
    """Either `text` (what the person typed) or `payload` (a button they chose)."""

    text: str | None = None
    payload: str | None = Field(default=None, max_length=500)
    language: PageLanguage = Field(
        default=None,
        description="The widget's current language, for the gateway's own messages "
        "(too long, rate limit, bot unavailable); the bot keeps its own.",
    )

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: object) -> Language | None:
        return page_language(value)


class MessagesPublic(BaseModel):
    messages: list[Message]
    language: Language
    started_over: bool = Field(
        default=False,
        description="true when the person asked to start over: the conversation was deleted "
        "and `session_id` replaces the old id (null: start a new session with the next "
        "message); the old id answers 404 from now on",
    )
    session_id: str | None = Field(
        default=None, description="the new conversation's id, only when `started_over`"
    )


class ChatProblem(BaseModel):
    """A 404 (unknown or expired session) or 429 (too many messages) in the session's language."""

    detail: str
    code: Literal["session_not_found", "rate_limited", "bot_unavailable"]
    messages: list[Message] = Field(default_factory=list)
