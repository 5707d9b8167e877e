"""Tests of app/auth."""
