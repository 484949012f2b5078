"""`make bench`: understanding, triage quality, speed and cost, measured the same way each run."""
