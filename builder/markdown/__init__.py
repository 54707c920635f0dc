"""Markdown rendering for lessons and quiz text: one configured renderer, shared by every target."""

from .render import Renderer, LinkResolver

__all__ = ["Renderer", "LinkResolver"]
