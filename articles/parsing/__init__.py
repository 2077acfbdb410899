"""The importer's parser: text in, dataclasses out. It knows nothing of Django."""

from .document import Caption, ParsedArticle, ParsedIssue, ParsedPage, ParseError
from .gazetteer import Gazetteer, default_gazetteer
from .parser import explain_issue, join_cut_paragraphs, parse_issue, read_title_block
from .text import decode

__all__ = [
    "Caption",
    "Gazetteer",
    "ParseError",
    "ParsedArticle",
    "ParsedIssue",
    "ParsedPage",
    "decode",
    "default_gazetteer",
    "explain_issue",
    "join_cut_paragraphs",
    "parse_issue",
    "read_title_block",
]
