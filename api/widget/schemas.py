"""What the widget fetches before it starts: where to talk to, quick exit and limits."""

from pydantic import BaseModel, Field


class WidgetConfig(BaseModel):
    gateway_url: str = Field(description="Where the widget sends chat calls; '' = its own origin.")
    quick_exit_url: str
    max_chars: int
    idle_minutes: float
