"""Public pages that belong to no domain: home, language, accessibility, privacy, health."""
