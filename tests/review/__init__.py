"""Tests of app/review."""
