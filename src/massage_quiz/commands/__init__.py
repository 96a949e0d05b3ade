"""One module per command; each keeps its heavy imports inside the command."""
