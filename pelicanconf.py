"""Settings for building the archive locally (`invoke build`). `publishconf.py` extends them.

newsarchive's own settings (CAPTURES_PATH, ARTICLES_PATH, SEARCH_INDEX_PATH,
SEARCH_RESULTS) are listed with their help by `invoke settings`.
"""

import os

SITENAME = "newsarchive"
SITESUBTITLE = "A searchable archive of news articles"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# ---- newsarchive
ARCHIVE_ROOT = os.path.dirname(os.path.abspath(__file__))
CAPTURES_PATH = "captures"
ARTICLES_PATH = "content/articles"
SEARCH_INDEX_PATH = "search-index"
SEARCH_RESULTS = 10
SITE_PERIOD = ""  # all the archive; "2025" publishes one year's articles (README, "A large archive")

# ---- content
PATH = "content"
OUTPUT_PATH = "output"
# Each build starts from an empty output folder, so the page of an article whose capture was
# removed goes too; the search files stay, since the export updates them file by file, and so
# do people's and places' pages, rendered again only when what they show changed (the
# entity_pages plugin removes those of names no article has any more). The folders of article
# pages and of authors', sources' and tags' lists stay too, when the last build finished: the
# kept_pages plugin renders only those whose content changed and removes those no longer made.
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = ["search", "people", "places"]
# Pelican's content cache: an unchanged article is not read again (the GitHub Actions
# workflow keeps cache/ between runs). Checked by content, not by time: a fresh checkout
# gives every file a new time.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
# Not gzipped: compressing the cache cost 1.9 s of every build at 10,000 articles (45 MB on disk instead of 17).
GZIP_CACHE = False
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"  # the converter already chose a stable ASCII slug as the file name
# Every article is an article of its own: Pelican takes articles of one slug (two days' "Live updates")
# for translations of each other and lists only the one in DEFAULT_LANG (and compares every pair).
ARTICLE_TRANSLATION_ID = None
FORMATTED_FIELDS = []  # summaries are plain text from the page, escaped by the theme
DEFAULT_PAGINATION = 20
# The home page lists the newest DEFAULT_PAGINATION articles on one page (theme/templates/index.html);
# the lists of a source's, tag's or author's articles are paginated, a hundred lines a page (a line an
# article, as a person's or place's page lists theirs: at twenty lines a page, its header would be a third of it).
PAGINATED_TEMPLATES = {"tag": 100, "category": 100, "author": 100}
# A feed (when publishconf.py turns them on) gives the newest 20 articles: a reader follows what
# is new; the archive pages hold the rest (Pelican's 100 made feeds a sixth of a large site).
FEED_MAX_ITEMS = 20
# Markdown as the converter writes it: tables, nothing that lets text set HTML attributes
# (Pelican's default "extra" bundles attr_list, which would read "{: onclick=...}").
MARKDOWN = {
    "extension_configs": {"markdown.extensions.tables": {}},
    "output_format": "html5",
}

# ---- theme and plugins
THEME = "theme"
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["yaml_metadata", "newsarchive_site", "entity_pages", "versions_pages", "kept_pages"]

# ---- URLs: /YYYY/MM/slug/, one page per source, tag, year and month
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "sources/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "sources/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
# 404.html: the page GitHub Pages shows for an address the site does not have.
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"

# Feeds are for the published site (publishconf.py), as in Pelican's quickstart.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
