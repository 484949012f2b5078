"""Bodies of POST /v1/recommendations (docs/contracts.md): structured facts in, a ranked and
explained list of places out. Unknown values give 422 with the allowed ones."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from api.core.params import Moment

Language = Literal["nl", "en"]
Role = Literal["victim", "relative", "bystander", "perpetrator", "professional", "unknown"]
Concern = Literal[
    "sexual_violence",
    "domestic_violence",
    "child_abuse",
    "human_trafficking",
    "online_sexual_abuse",
    "unsure",
]
YesNoUnsure = Literal["yes", "no", "unsure"]
Timing = Literal["within_7_days", "longer_ago", "ongoing", "unsure"]
AgeGroup = Literal["under_12", "12_17", "18_plus", "unknown"]
Need = Literal[
    "talk",
    "medical",
    "report_police",
    "report_anonymous",
    "advice_helping_someone",
    "stop_own_behaviour",
    "legal",
    "mediation",
    "information",
    "shelter",
    "unsure",
]
PreferChannel = Literal["phone", "chat", "in_person", "any"]


class RecommendationRequest(BaseModel):
    """Anonymous triage facts; every field may be left out except `language`. Free text is
    refused: unknown fields give 422."""

    model_config = ConfigDict(extra="forbid")

    language: Language
    role: Role | None = None
    concerns: list[Concern] = Field(default_factory=list, max_length=6)
    danger_now: YesNoUnsure | None = None
    suicidal_thoughts: YesNoUnsure | None = None
    timing: Timing | None = None
    age_group: AgeGroup | None = None
    needs: list[Need] = Field(default_factory=list, max_length=10)
    region: str | None = Field(
        default=None,
        max_length=100,
        description="4-digit postcode, municipality or province; used for this request only",
    )
    prefer_channel: PreferChannel | None = None
    now: Moment | None = Field(
        default=None, description="the moment for 'open now' (default: now, Europe/Amsterdam)"
    )
    record_outcome: StrictBool = Field(
        default=False,
        description="set by the chat when the answer is shown to a person: counts the "
        "structured categories anonymously (no region, no time, no text) unless "
        "RECORD_OUTCOMES is off, and returns a feedback_ref for 'did this help?'. Honoured "
        "only for the chat's own action server; ignored for every other caller",
    )

    @field_validator("concerns", "needs")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class UrgentLinePublic(BaseModel):
    name: str
    value: str
    link: str | None
    hours_text: str
    cost_text: str


class UrgentPublic(BaseModel):
    kind: Literal["danger", "suicide", "danger_and_suicide"]
    text: str
    lines: list[UrgentLinePublic]


class RecommendedChannelPublic(BaseModel):
    type: str
    value: str
    link: str | None
    label: str
    open_now: bool
    next_open: datetime | None
    hours_text: str
    cost_text: str
    anonymous: str
    note: str | None


class RecommendationPublic(BaseModel):
    id: str
    name: str
    organisation: str
    description: str
    what_happens: str
    reasons: list[str]
    open_now: bool
    next_open: datetime | None
    cost: str
    cost_text: str
    anonymous: str
    anonymous_text: str
    channels: list[RecommendedChannelPublic]
    unverified: list[str]


class RecommendationsPublic(BaseModel):
    language: Language
    urgent: UrgentPublic | None
    recommendations: list[RecommendationPublic]
    also_possible: list[RecommendationPublic]
    general: bool
    summary: str
    rules_fired: list[str]
    missing_facts: list[str] = Field(
        default_factory=list,
        description="the facts not given whose answer could still change this answer, in the "
        "order the bot asks about them (safety questions included); the bot asks only these",
    )
    understood: str = Field(
        default="",
        description="what the facts say, in a short sentence in the requested language, so "
        "the person can correct a wrong reading",
    )
    feedback_ref: str | None = None
