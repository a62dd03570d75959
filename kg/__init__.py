"""kg: knowledge graphs of geopolitical technology disputes from news text.

The pipeline runs ingest -> nlp -> extract -> rdf -> store -> analysis -> render;
each stage is one module (or package) of this name and passes plain records
(:mod:`kg.records`) to the next.
"""

__version__ = "0.1.0"
