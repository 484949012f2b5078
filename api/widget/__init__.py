"""The widget's files, its config and the demo host page."""
