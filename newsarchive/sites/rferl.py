"""Radio Free Europe/Radio Liberty (www.rferl.org), built on the Pangea CMS."""

from newsarchive.sites import Site, TextProfile
from newsarchive.sites._pangea import pangea_parts

SITE = Site(
    name="RFE/RL",
    homepage="https://www.rferl.org/",
    hosts=("www.rferl.org", "rferl.org"),
    aliases=("rferl", "Radio Free Europe/Radio Liberty", "Radio Free Europe"),
    html=pangea_parts,
    text=TextProfile(
        # The footer's mission statement and the notice to readers in Russia
        # appear on every article page.
        markers=(
            r"RFE/RL journalists report the news in .*",
            r"RFE/RL has been declared an .undesirable organization. by the Russian government\.",
        ),
        chrome=(
            r"Accessibility links",
            r"Skip to main content",
            r"Skip to main Navigation",
            r"Skip to Search",
            r"Breaking News",
            r"Updated",
            r"Share",
            r"Print",
            r"No media source currently available",
            # The player's clock: position, duration, position.
            r"\d+:\d\d(?::\d\d)?(?: \d+:\d\d(?::\d\d)?)*",
            r"(?:[•·]\s*)?16x9 Image",
            r"XS|SM|MD|LG",
            r"To find out more, click here\.",
        ),
        footer=(
            r"(?:[•·]\s*)?16x9 Image",
            r"RFE/RL journalists report the news in .*",
            r"RFE/RL has been declared an .undesirable organization. by the Russian government\.",
        ),
        media_marker=r"please wait",
        media_kind="Video",
        credits=r"With reporting by (?P<names>.+)",
    ),
)
