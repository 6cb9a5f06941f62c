"""Search: the Whoosh index, queries over it, and its export to the site's static files.

- ``format``: the static format and analysis settings, declared once for Python and the browser;
- ``index``: the only module that knows Whoosh: the schema, updating the index and its journal,
  and what the others read of it (``IndexSearcher``, ``IndexReader``); ``segments``, its writer;
- ``postings``: each segment's postings as flat arrays, written with it, which queries read;
- ``results``: each segment's articles as a query's results show them, written with it;
- ``matches``: a query's matches as arrays, and the set algebra that joins them;
- ``query``: the query language, every spelling of a name, ranking, snippets, suggestions;
- ``export``: the site's search files, written (or updated) through ``IndexReader``.
"""

from newsarchive.search.export import ExportReport, PageOptions, export_static
from newsarchive.search.index import IndexChanges, IndexReport, IndexSearcher, SearchError, body_text, update_index
from newsarchive.search.query import SearchResults, expand_query, search, search_in

__all__ = [
    "ExportReport",
    "IndexChanges",
    "IndexReport",
    "IndexSearcher",
    "SearchError",
    "SearchResults",
    "body_text",
    "expand_query",
    "export_static",
    "PageOptions",
    "search",
    "search_in",
    "update_index",
]
