"""The domain: plain functions named as verbs. They flush; callers commit."""
