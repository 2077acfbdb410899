"""The importer's parser: text in, dataclasses out. It knows nothing of Django."""

from .document import Caption, ParsedArticle, ParsedIssue, ParsedPage, ParseError
from .gazetteer import Gazetteer, default_gazetteer
from .names import plausible_name
from .paragraphs import join_cut_paragraphs
from .parser import explain_issue, parse_issue
from .text import decode
from .titles import read_title_block

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
    "plausible_name",
    "read_title_block",
]
