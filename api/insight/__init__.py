"""Landscape insight: coverage, anonymous outcomes, freshness and the heatmap."""
