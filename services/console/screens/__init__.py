"""The console's pages: one FastAPI router per screen family, each naming its
navigation entry (SCREEN) or None. A screen reads the request, calls a client,
asks rules/ for any decision and renders a template; its words are in labels/."""
