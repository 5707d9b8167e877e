"""Tests of app/public."""
