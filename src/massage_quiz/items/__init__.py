"""Stage 3: the study items: the facet table applied to the catalogue, one item per facet.

``item`` is the record, ``compile`` makes items from the table, ``load`` reads
them through the cache (the warm start imports neither PyYAML, attrs, genanki
nor fsrs), and ``shipped`` holds the bundled content's items compiled into the
wheel. The drill, the sheets, the report and sync all read items from here.
"""
