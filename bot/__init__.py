"""Rasa-side Python for Wegwijzer: custom NLU components and channel helpers."""
