"""Stage 4a: the Anki deck: note types from the facet table, the package writer, card previews."""
