"""Bulletins in from where they are published: web pages, feeds, PDF, Word and text files.

``labexport add`` and ``labexport fetch`` use this layer: :mod:`~labexport.intake.web`
fetches within limits, :mod:`~labexport.intake.extract` turns HTML, PDF and Word into
text with a title and a date, :mod:`~labexport.intake.store` names and stores the text
beside its sidecar, :mod:`~labexport.intake.feeds` reads RSS and Atom feeds, and
:mod:`~labexport.intake.add` puts them together. The third-party libraries (httpx,
trafilatura, feedparser, pypdf, python-docx) are the ``intake`` extra, imported only
when a source is added.
"""
