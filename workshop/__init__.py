"""Open Circle: run a men's group curriculum with anonymous phone prompts."""

__version__ = "0.1.0"
