"""Stage 1: content folders -> a validated catalogue of entries.

Safe YAML with line numbers (``yamlreader``), the authoring format
(``specs``, ``records``, ``codes``), loading and the catalogue itself
(``loader``, ``catalogue``), warnings (``lint``) and the on-disk cache
(``cache``). Kept free of imports so the drill's warm start stays light.
"""
