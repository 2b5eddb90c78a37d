"""Open311 GeoReport v2: places as service requests, reports in through ``POST requests``."""
