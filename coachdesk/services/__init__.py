"""Use cases on the local store: plain Python, no Qt."""
