"""The reviewer's edition (target `review`): answer keys, feedback, hints, facts, source lines."""

from .facts import Fact, load_facts, parse_facts
from .site import ReviewSite

__all__ = ["Fact", "ReviewSite", "load_facts", "parse_facts"]
