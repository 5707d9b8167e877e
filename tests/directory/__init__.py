"""Tests of app/directory."""
