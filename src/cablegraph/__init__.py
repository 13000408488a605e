"""Cablegraph: a research workbench for historical diplomatic telegrams."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cablegraph.corpus import Corpus

try:
    __version__ = version("cablegraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"


def open(path: str | None = None) -> Corpus:
    """Open the corpus at ``path`` (default: the ``CABLEGRAPH_DB`` setting); see ``cablegraph.corpus``."""
    from cablegraph import corpus

    return corpus.open(path)


__all__ = ["__version__", "open"]
