"""The web layer's routes, one router per concern: pages, API, curation, reconciliation, static."""
