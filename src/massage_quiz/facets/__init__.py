"""Stage 2: the one table of what is asked about each kind of entry (``table``).

Both the Anki note types and the drill's items are made from it: ``fields``
fills a note's fields, ``render`` renders the templates as Anki does, and
``index`` and ``pictures`` serve ``list`` and ``show``.
"""
