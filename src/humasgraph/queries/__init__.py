"""The SPARQL the services run, one module per question, each built from terms with ``render``."""
