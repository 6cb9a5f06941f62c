"""Settings for the published site (`invoke preview`, publishing): absolute URLs and Atom feeds.

Everything else comes from pelicanconf.py beside this file.
"""

import os
from pathlib import Path

from pelican.settings import get_settings_from_file

# Read by path, not imported: an import could find another project's pelicanconf on sys.path.
globals().update(get_settings_from_file(str(Path(__file__).resolve().parent / "pelicanconf.py")))

# The archive's public address, e.g. https://user.github.io/repo (no trailing slash).
SITEURL = os.environ.get("SITEURL", "")
# Links between the site's pages relative to the page (../../people/kyiv/): a site that works at any
# address, and 1.3 KB an article smaller than with SITEURL in every link (real-text benchmark). Feeds, the sitemap and
# the 404 page (shown at any missing address) use SITEURL.
RELATIVE_URLS = True
# A site of one period (see README, "A large archive"): SITE_PERIOD=2024 GITHUB_PAGES_REMOTE=archive-2024 invoke gh-pages
SITE_PERIOD = os.environ.get("SITE_PERIOD", globals().get("SITE_PERIOD", ""))
GITHUB_PAGES_REMOTE = os.environ.get("GITHUB_PAGES_REMOTE", globals().get("GITHUB_PAGES_REMOTE", "origin"))

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/sources/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tags/{slug}.atom.xml"

# Pages without the spaces and quotes they do not need: GitHub Pages stores a site's files as written.
MINIFY_HTML = True

DELETE_OUTPUT_DIRECTORY = True
