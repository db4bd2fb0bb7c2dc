"""Format-neutral document content: compose.py writes these, the renderers turn them into files.

Footnote references inside any text are written as FN(n) and every renderer replaces them its own
way ([^1] in Markdown, <sup>1</sup> in HTML, (1) in plain text and print).
"""
import re
from dataclasses import dataclass, field
from typing import List, Optional, Union


def FN(n):
    return f"\u2983fn{n}\u2984"


FN_RE = re.compile("\u2983fn(\\d+)\u2984")


def replace_fn(text, fmt):
    """Replace every FN(n) in text with fmt.format(n=n)."""
    return FN_RE.sub(lambda m: fmt.format(n=m.group(1)), text)


@dataclass
class Title:
    text: str


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Para:
    text: str
    hidden: bool = False     # HTML may hide it (display:none); everywhere else it is plain text
    small: bool = False      # fine print


@dataclass
class Bullets:
    items: List[str]
    ordered: bool = False


@dataclass
class Leaders:
    """Key/value lines; plain text draws dot leaders between them ("Gold ....... 50,000")."""
    pairs: List[tuple]


@dataclass
class Group:
    """A row that labels the rows under it (operator or cabin), spanning the whole table."""
    label: str


@dataclass
class Table:
    header: Optional[List[str]]
    rows: List[Union[list, Group]]
    numeric: List[bool] = field(default_factory=list)   # right-align these columns where possible
    caption: Optional[str] = None
    nested: bool = False     # HTML: put the table inside a layout table cell
    tight: bool = False      # text PDF: columns packed so pdftotext may run cells together


@dataclass
class Footnotes:
    notes: List[tuple]       # (n, text)


@dataclass
class Rule:
    pass


@dataclass
class Document:
    name: str                # file name without extension
    lang: str
    title: str
    blocks: list
    chrome: dict             # site chrome for HTML: nav, cookie, sidebar, footer texts
