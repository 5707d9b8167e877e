"""Memberships of a network and the organisations that hold them."""
