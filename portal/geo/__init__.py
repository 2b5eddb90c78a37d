"""Coordinates and map rendering shared by every domain (the one place lon/lat ↔ lat/lon)."""
