"""Write contact points back into seed YAML that people wrote by hand, keeping their comments:
only the fields that changed are rewritten (per channel, only its changed fields), new points
are appended to their organisation's file, and everything else stays byte for byte."""

import re
from pathlib import Path
from typing import Any

import yaml

from api.landscape.seed_export import POINT_FIELDS
from api.landscape.seed_io import SeedLoader
from api.landscape.seed_schema import ContactPointSeed

Entry = dict[str, Any]
WIDE = 10**6
FLOW_TEXTS = ("name", "label")
BLOCK_TEXTS = ("description", "what_happens", "note")
KEY_ORDER = ("id", "organisation", *[f for f in POINT_FIELDS if f != "id"], "channels")
_ENTRY = re.compile(r"^  - id:\s*(\S+)\s*$")


def _flow(value: Any) -> str:
    return (
        str(
            yaml.safe_dump(
                value, default_flow_style=True, width=WIDE, allow_unicode=True, sort_keys=False
            )
        )
        .strip()
        .removesuffix("...")
        .strip()
    )


def _plain(key: str, value: Any) -> str:
    """`key: scalar` as block YAML (quoted only where YAML needs it)."""
    if isinstance(value, list):
        return f"{key}: {_flow(value)}"
    return str(
        yaml.safe_dump({key: value}, default_flow_style=False, width=WIDE, allow_unicode=True)
    ).strip()


def _key_lines(key: str, value: Any, indent: int) -> list[str]:
    """`key: value` in the seed's own style, indented by `indent` spaces."""
    pad = " " * indent
    if key in BLOCK_TEXTS and isinstance(value, dict):
        return [f"{pad}{key}:\n"] + [f"{pad}  {_plain(k, v)}\n" for k, v in value.items()]
    if key == "serves":
        return [f"{pad}serves:\n"] + [f"{pad}  {k}: {_flow(v)}\n" for k, v in value.items()]
    if key == "sources":
        return [f"{pad}sources:\n"] + [f"{pad}  - {_flow(s)}\n" for s in value]
    if key == "channels":
        lines = [f"{pad}channels:\n"]
        for channel in value:
            lines += _channel_lines(channel, indent + 2)
        return lines
    if key == "unverified_facts" and value:
        return [f"{pad}unverified_facts:\n"] + [
            f"{pad}  - {_plain('x', v).removeprefix('x: ')}\n" for v in value
        ]
    if isinstance(value, dict) and key not in FLOW_TEXTS and key != "area":
        return [f"{pad}{key}:\n"] + [f"{pad}  {_plain(k, v)}\n" for k, v in value.items()]
    if isinstance(value, dict):
        return [f"{pad}{key}: {_flow(value)}\n"]
    return [f"{pad}{_plain(key, value)}\n"]


def _channel_lines(channel: Entry, indent: int) -> list[str]:
    lines: list[str] = []
    for number, (key, value) in enumerate(channel.items()):
        rendered = _key_lines(key, value, indent + 2)
        if number == 0:
            rendered[0] = " " * indent + "- " + rendered[0].lstrip()
        lines += rendered
    return lines


def entry_lines(entry: Entry) -> list[str]:
    """A whole contact point entry, as it is written under `contact_points:`."""
    lines: list[str] = []
    for number, key in enumerate(k for k in KEY_ORDER if k in entry):
        rendered = _key_lines(key, entry[key], 4)
        if number == 0:
            rendered[0] = "  - " + rendered[0].lstrip()
        lines += rendered
    return lines


def _blocks(lines: list[str], start: int, end: int, key_indent: int) -> list[tuple[str, int, int]]:
    """(key, first line, end line) of the keys of one mapping written from `start` (the line
    with the dash and the first key) to `end`; comments right above a key belong to that key."""
    key_re = re.compile(rf"^ {{{key_indent}}}(\w+):")
    first = re.match(rf"^ {{{key_indent - 2}}}- (\w+):", lines[start])
    assert first is not None
    starts = [(first.group(1), start)]
    starts += [(m.group(1), i) for i in range(start + 1, end) if (m := key_re.match(lines[i]))]
    blocks = []
    for number, (key, begin) in enumerate(starts):
        stop = starts[number + 1][1] if number + 1 < len(starts) else end
        while stop - 1 > begin and (
            not lines[stop - 1].strip() or re.match(rf"^ {{0,{key_indent}}}#", lines[stop - 1])
        ):
            stop -= 1
        blocks.append((key, begin, stop))
    return blocks


def _same(a: Any, b: Any, key: str) -> bool:
    if key == "serves":
        return {k: sorted(v) for k, v in a.items()} == {k: sorted(v) for k, v in b.items()}
    if key == "area":
        return (a["scope"], sorted(a["regions"])) == (b["scope"], sorted(b["regions"]))
    return bool(a == b)


def _patch_mapping(
    lines: list[str], start: int, end: int, old: Entry, new: Entry, key_indent: int
) -> list[str]:
    """The lines of one mapping with only its changed keys rewritten."""
    out: list[str] = []
    cursor = start
    blocks = _blocks(lines, start, end, key_indent)
    for number, (key, begin, stop) in enumerate(blocks):
        out += lines[cursor:begin]
        if key not in new:
            cursor = stop
            continue
        if _same(old.get(key), new[key], key):
            out += lines[begin:stop]
        elif key == "channels" and len(old[key]) == len(new[key]):
            out += _patch_channels(lines, begin, stop, old[key], new[key], key_indent)
        else:
            rendered = _key_lines(key, new[key], key_indent)
            if number == 0:
                rendered[0] = " " * (key_indent - 2) + "- " + rendered[0].lstrip()
            out += rendered
        cursor = stop
    written = {key for key, _, _ in blocks}
    for key in (k for k in new if k not in written):
        out += _key_lines(key, new[key], key_indent)
    # What follows the last key (blank lines, a comment about the next entry) stays.
    return out + lines[cursor:end]


def _patch_channels(
    lines: list[str], begin: int, stop: int, old: list[Entry], new: list[Entry], indent: int
) -> list[str]:
    item_re = re.compile(rf"^ {{{indent + 2}}}- \w+:")
    starts = [i for i in range(begin + 1, stop) if item_re.match(lines[i])]
    if len(starts) != len(new):
        return _key_lines("channels", new, indent)
    out = lines[begin : starts[0]]
    for number, item_start in enumerate(starts):
        item_end = starts[number + 1] if number + 1 < len(starts) else stop
        if old[number] == new[number]:
            out += lines[item_start:item_end]
        else:
            out += _patch_mapping(lines, item_start, item_end, old[number], new[number], indent + 4)
    return out


def _dump(entry: ContactPointSeed) -> Entry:
    """The entry's values (dates stay dates, so they are written unquoted)."""
    return entry.model_dump()


def patch_file(path: Path, entries: dict[str, ContactPointSeed]) -> list[str]:
    """Bring the contact points in `path` in line with `entries` (id → entry), keeping
    comments; entries not in the file are appended, entries of the file not in `entries` are
    removed. Returns the ids whose text changed."""
    text = path.read_text(encoding="utf-8") if path.exists() else "contact_points:\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    data = yaml.load(text, Loader=SeedLoader) or {}  # noqa: S506  (a SafeLoader)
    old = {
        e["id"]: _dump(ContactPointSeed.model_validate(e)) for e in data.get("contact_points") or []
    }
    starts = [(m.group(1), i) for i, line in enumerate(lines) if (m := _ENTRY.match(line))]
    changed: list[str] = []
    out = lines[: starts[0][1]] if starts else list(lines)
    for number, (point_id, begin) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(lines)
        if point_id not in entries:
            changed.append(point_id)
            continue
        new = _dump(entries[point_id])
        if old.get(point_id) == new:
            out += lines[begin:end]
        else:
            out += _patch_mapping(lines, begin, end, old[point_id], new, 4)
            changed.append(point_id)
    for point_id, entry in entries.items():
        if point_id not in old:
            if out and out[-1].strip():
                out.append("\n")
            out += entry_lines(_dump(entry))
            changed.append(point_id)
    if changed:
        path.write_text("".join(out), encoding="utf-8")
    return changed
