"""A contact point as the landscape API shows it: the serialised point with, per channel, its
link, its hours in words and whether it is open at the moment asked about."""

from datetime import datetime

from api.landscape import channels as channel_view
from api.landscape import hours, serialise
from api.landscape.models import ContactPoint
from api.landscape.schemas import ContactPointPublic
from api.landscape.serialise import Obj


def channel(data: Obj, *, now: datetime) -> Obj:
    """A serialised channel with its link, hours in words and opening state at `now`."""
    schedule = channel_view.schedule_of(hours_text=data["hours"])
    return {
        **data,
        "link": channel_view.link(channel_type=data["type"], value=data["value"]),
        "hours_text": {
            language: channel_view.describe(schedule, language, data["type"])
            for language in ("nl", "en")
        },
        "open_now": hours.is_open(schedule, now),
        "next_open": hours.next_open(schedule, now),
    }


def contact_point(row: ContactPoint, *, now: datetime) -> ContactPointPublic:
    """A contact point as the API shows it at `now` (a confidential location has no address)."""
    data = serialise.contact_point(row)
    data["channels"] = [channel(c, now=now) for c in data["channels"]]
    return ContactPointPublic.model_validate(data)
