"""Pydantic models of the config format."""
