"""Tests of app/apply."""
