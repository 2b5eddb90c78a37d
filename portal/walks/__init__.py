"""Trygghetsvandringar: walks, joining by code, pins (place observations), live view, protocol.

Builds on :mod:`portal.map`: a walk point is a place observation with ``source == "walk"`` and
``walk_id`` set, so its status, follow page and public notes are the places machinery.
"""
