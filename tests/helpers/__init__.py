"""Helpers shared by tests; test modules never import each other."""
