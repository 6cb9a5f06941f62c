from newsarchive.convert.plaintext import looks_like_heading, parse_page_copy, split_credits
from newsarchive.records import Heading, Media, Paragraph
from newsarchive.sites import Site, TextProfile
from tests.support import SAMPLE, SAMPLE_CHROME


def sample_parts():
    return parse_page_copy(SAMPLE.read_text(encoding="utf-8"))


def body_text(parts):
    return "\n".join(getattr(block, "text", None) or block.title for block in parts.body)


def test_sample_is_recognised_as_rferl_from_the_page_itself():
    assert sample_parts().site.name == "RFE/RL"


def test_sample_title_caption_and_credits():
    parts = sample_parts()
    assert parts.title == "Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President"
    assert parts.image_caption.startswith("In this pool photograph distributed by the Russian state agency Sputnik")
    assert parts.credits == ("Reuters", "AP", "AFP", "The New York Times", "CNN", "The Washington Post")


def test_caption_is_kept_once_and_not_in_the_body():
    parts = sample_parts()
    assert parts.image_caption not in body_text(parts)


def test_sample_section_headings():
    headings = [block.text for block in sample_parts().body if isinstance(block, Heading)]
    assert headings == ["What About Trump's August 8 Cease-Fire Deadline?", "Russia Air Strikes Pound Ukraine"]


def test_each_video_becomes_one_media_line():
    media = [block for block in sample_parts().body if isinstance(block, Media)]
    assert media == [
        Media("Video", "Russian Strikes Ukraine's Zaporizhzhya Region"),
        Media("Video", "Mourners Remember Teacher And Sons Killed In Kyiv Strike"),
    ]
    assert "Russian Strikes Ukraine's Zaporizhzhya Region" not in [
        block.text for block in sample_parts().body if isinstance(block, Paragraph)
    ]


def test_no_page_chrome_in_the_body():
    text = body_text(sample_parts())
    for chrome in SAMPLE_CHROME:
        assert chrome not in text, chrome
    assert "With reporting by" not in text


def test_body_keeps_every_paragraph_in_order():
    paragraphs = [block.text for block in sample_parts().body if isinstance(block, Paragraph)]
    assert paragraphs[0].startswith("US President Donald Trump said a meeting on August 6")
    assert paragraphs[-1].startswith("Trump said on August 1 that he had decided to reposition")
    assert len(paragraphs) == 44  # counted by hand in the sample


def test_another_outlet_is_added_as_data():
    """A new outlet's page copy needs only a TextProfile, not new code."""
    outlet = Site(
        name="Example Times",
        homepage="https://news.example/",
        text=TextProfile(
            markers=(r"© Example Times .*",),
            chrome=(r"Subscribe now", r"Listen to this article"),
            footer=(r"© Example Times .*",),
            media_marker=r"Loading audio…",
            media_kind="Audio",
            credits=r"Additional reporting: (?P<names>.+)",
        ),
    )
    copy = "\n".join(
        [
            "Subscribe now",
            "Floods Reach the Old Town",
            "Listen to this article",
            "The river rose two metres overnight, officials said.",
            "Voices From the Flood",
            "Loading audio…",
            "Voices From the Flood",
            "Residents Count the Cost",
            "Shops along the embankment stayed shut.",
            "Additional reporting: Reuters and AP",
            "© Example Times 2025. All rights reserved.",
            "Privacy policy",
        ]
    )
    parts = parse_page_copy(copy, outlet)
    assert parts.title == "Floods Reach the Old Town"
    assert parts.body == (
        Paragraph("The river rose two metres overnight, officials said."),
        Media("Audio", "Voices From the Flood"),
        Heading("Residents Count the Cost"),
        Paragraph("Shops along the embankment stayed shut."),
    )
    assert parts.credits == ("Reuters", "AP")


def test_unknown_outlet_gets_generic_rules():
    parts = parse_page_copy("A Headline\n\nFirst paragraph of the story.\n\nSecond paragraph.\n")
    assert parts.site is None
    assert parts.title == "A Headline"
    assert parts.body == (Paragraph("First paragraph of the story."), Paragraph("Second paragraph."))


def test_heading_rule():
    assert looks_like_heading("Russia Air Strikes Pound Ukraine")
    assert looks_like_heading("What About Trump's August 8 Cease-Fire Deadline?")
    assert looks_like_heading("Mourners Remember Teacher and Sons Killed in Kyiv")
    assert not looks_like_heading("Four of the injured were children.")
    assert not looks_like_heading('"The only question is whether Trump is ready to fall into this trap or not."')
    assert not looks_like_heading("Trump said he would determine later whether there would be tariffs")
    assert not looks_like_heading("Ukraine")


def test_split_credits():
    assert split_credits("Reuters, AP and AFP.") == ("Reuters", "AP", "AFP")
