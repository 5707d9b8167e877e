"""Tests of app/privacy."""
