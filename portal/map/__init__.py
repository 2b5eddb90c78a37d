"""Platser: residents pin unsafe (and safe) places, staff moderate and handle them, everyone follows.

A :class:`~portal.map.models.Place` is the lasting record at one point; each report about it is an
:class:`~portal.map.models.Observation` (source resident, walk or staff). Public output shows only
moderated, masked text and approved photos.
"""
