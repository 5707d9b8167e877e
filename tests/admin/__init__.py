"""Tests of app/admin."""
