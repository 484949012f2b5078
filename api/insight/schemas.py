"""Bodies of the insight API."""

from typing import Literal

from pydantic import BaseModel, Field


class Feedback(BaseModel):
    ref: str = Field(max_length=60)
    answer: Literal["yes", "partly", "no"]
