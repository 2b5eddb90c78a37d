"""The OpenAPI 3.1 document of the public API, and its arrangement for the API page."""
