"""Settings for the published site (`invoke preview`, publishing): absolute URLs and Atom feeds."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The archive's public address, e.g. https://user.github.io/repo (no trailing slash).
SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/sources/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tags/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
