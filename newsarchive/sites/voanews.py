"""Voice of America (www.voanews.com), built on the Pangea CMS."""

from newsarchive.sites import Site
from newsarchive.sites._pangea import pangea_parts

SITE = Site(
    name="VOA",
    homepage="https://www.voanews.com/",
    hosts=("www.voanews.com", "voanews.com"),
    aliases=("Voice of America", "voanews"),
    html=pangea_parts,
)
