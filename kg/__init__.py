"""kg: knowledge graphs of geopolitical technology disputes from news text.

The pipeline runs ingest -> nlp -> extract -> rdf -> store -> analysis -> render;
each stage is one module (or package) of this name and passes plain records
(:mod:`kg.records`) to the next.
"""

from kg.store import Store, open_source, open_store

__version__ = "0.1.0"
__all__ = ["Store", "open_source", "open_store"]
