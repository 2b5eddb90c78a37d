"""``make bench``: seeds large synthetic data, serves the portal under gunicorn and measures it."""
