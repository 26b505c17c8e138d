"""contractgen: draft NHS integrated-care partnership contracts from a YAML description."""

__version__ = "0.1.0"
