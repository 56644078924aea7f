"""One module per archive format; each exposes a parser object registered in
``importers.registry``."""
