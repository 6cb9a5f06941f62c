"""Polygraph.info, the fact-checking site of VOA and RFE/RL, built on the Pangea CMS."""

from newsarchive.sites import Site
from newsarchive.sites._pangea import pangea_parts

SITE = Site(
    name="Polygraph.info",
    homepage="https://www.polygraph.info/",
    hosts=("www.polygraph.info", "polygraph.info"),
    aliases=("POLYGRAPH.info", "polygraph"),
    html=pangea_parts,
)
