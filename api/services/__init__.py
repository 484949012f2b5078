"""Domain logic: plain functions, no FastAPI types."""
