"""Current Time (Настоящее Время), the Russian-language network of RFE/RL with VOA, built on the Pangea CMS."""

from newsarchive.sites import Site
from newsarchive.sites._pangea import pangea_parts

SITE = Site(
    name="Current Time",
    homepage="https://www.currenttime.tv/",
    hosts=("www.currenttime.tv", "currenttime.tv"),
    aliases=("Настоящее Время", "currenttime"),
    html=pangea_parts,
)
