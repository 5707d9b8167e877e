"""Tests of app/account."""
