"""The coverage heatmap as a PNG: roles down, phases across, one panel per form of violence.
Every cell shows its number, and gaps are hatched, so it reads without colour."""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.patches import Rectangle

from api.insight.coverage import Cell

WIDTH_PX, HEIGHT_PX, DPI = 1600, 520, 100


def render_png(
    cells: list[Cell],
    *,
    roles: list[str],
    phases: list[str],
    violence_types: list[str],
    labels: dict[str, str],
    title: str,
) -> bytes:
    """The heatmap of `cells` as PNG bytes of WIDTH_PX x HEIGHT_PX."""
    by_key = {(c.violence_type, c.role, c.phase): c for c in cells}
    peak = max((c.count for c in cells), default=1) or 1
    figure, axes = plt.subplots(
        1, len(violence_types), figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, sharey=True
    )
    axes = axes if len(violence_types) > 1 else [axes]
    for axis, violence in zip(axes, violence_types, strict=True):
        for row, role in enumerate(roles):
            for column, phase in enumerate(phases):
                cell = by_key[(violence, role, phase)]
                shade = cell.count / peak
                axis.add_patch(
                    Rectangle(
                        (column, row),
                        1,
                        1,
                        facecolor=plt.cm.Blues(0.15 + 0.75 * shade),
                        edgecolor="white",
                        hatch="///" if cell.count == 0 else None,
                    )
                )
                axis.text(
                    column + 0.5,
                    row + 0.5,
                    str(cell.count),
                    ha="center",
                    va="center",
                    fontsize=11,
                    fontweight="bold" if cell.count == 0 else "normal",
                    color="white" if shade > 0.55 else "#1a1a1a",
                )
        axis.set_xlim(0, len(phases))
        axis.set_ylim(len(roles), 0)
        axis.set_xticks([i + 0.5 for i in range(len(phases))])
        axis.set_xticklabels([labels[p] for p in phases], rotation=30, ha="right", fontsize=8)
        axis.set_yticks([i + 0.5 for i in range(len(roles))])
        axis.set_yticklabels([labels[r] for r in roles], fontsize=9)
        axis.set_title(labels[violence], fontsize=10)
        axis.tick_params(length=0)
    figure.suptitle(title, fontsize=12)
    figure.subplots_adjust(left=0.08, right=0.99, bottom=0.3, top=0.84, wspace=0.08)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(figure)
    return buffer.getvalue()
