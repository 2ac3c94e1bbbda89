"""The region search behind the line heuristics."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.lines import main_region, segments


def test_segments_with_a_huge_switch_cost_is_the_maximum_sum_region():
    rng = random.Random(0)
    for _ in range(500):
        scores = [round(rng.uniform(-5, 5), 1) for _ in range(rng.randint(1, 30))]
        if max(scores) <= 0:
            continue
        (first, last), (kadane_first, kadane_last) = segments(scores, 1e9)[0], main_region(scores)
        assert sum(scores[first : last + 1]) == sum(scores[kadane_first : kadane_last + 1])


def test_an_article_resumes_after_an_inline_box_only_when_worth_the_switch():
    scores = [5, 5, -2, -2, 5, 5]
    assert segments(scores, 3) == [(0, 1), (4, 5)]
    assert segments(scores, 5) == [(0, 5)]
    assert segments([6, 6, -9, -9, -9, 2], 4) == [(0, 1)]


def test_site_talk_counts_whole_phrases_on_lines_of_any_length():
    from cleaner.lines import features, prose_score

    consent = (
        "No spam, we promise. You can unsubscribe at any time and we will never share your details without your "
        "permission, and by using our site you agree to our use of cookies as set out in our cookie policy, which "
        "explains what we collect."
    )
    assert features(consent).words >= 40
    f = features(consent)
    assert f.site_talk >= 4
    assert prose_score(f) <= prose_score(f._replace(site_talk=0)) - 6
    # Substrings of other words are not phrases.
    assert features("Harbour sites yourself: this sitemap, our siteline and the blog in the design.").site_talk == 0


def test_one_privacy_phrase_in_an_article_paragraph_costs_nothing():
    from cleaner.lines import features, prose_score

    line = (
        "The photo-sharing app changed its privacy policy on Tuesday, telling users that their public posts may "
        "be used to train the company's image models."
    )
    f = features(line)
    assert f.site_talk == 1
    assert prose_score(f) == prose_score(f._replace(site_talk=0))


def test_site_talk_spares_a_whole_page_on_one_line():
    """Renderers that put a page's whole text on one line put its consent box there too:
    that line is the article, however many site phrases it holds."""
    from cleaner import clean_text

    article = (
        "The harbour bridge will close to traffic for six weeks from March while engineers replace corroded "
        "cables, the transport authority said on Monday. Ferries will run every ten minutes during the closure. "
    ) * 8
    consent = (
        "By using our site, you agree to our use of cookies. No spam, we promise: you can unsubscribe at any "
        "time and we will never share your details without your permission. Privacy Policy Terms of Use"
    )
    page = "Harbour bridge to close\n" + article + consent + "\n"
    assert "corroded cables" in clean_text(page).text


def test_author_boxes_need_the_name_in_the_bio():
    from cleaner.lines import author_boxes

    lines = [
        "The study followed 1,200 nurses for six weeks.",
        "About Night Work",
        "About one in five nurses works mostly at night, the ministry says.",
        "Über **Moritz Bachmann**",
        "Als Inbound Sales Manager bildet Moritz Bachmann die Schnittstelle zwischen Marketing und Sales.",
        "About The Author",
        "The Author is a play by Dennis Kelly.",
        "About Brigit Katz",
        "Brigit Katz is a freelance writer based in Toronto.",
    ]
    assert author_boxes(lines) == [(3, 4), (7, 8)]


def test_thin_block_after_the_article_is_dropped():
    from cleaner.lines import judge

    article, gap = [6.5] * 5, [-4.0] * 8
    rules = [2.4] * 8  # short terminated lines: rules text, a teaser list
    steps = [3.5] * 6  # a recipe's method after an ad box
    terminal = [True] * 21
    assert judge(terminal, article + gap + rules) == [True] * 5 + [False] * 16
    assert judge(terminal[:19], article + gap + steps) == [True] * 5 + [False] * 8 + [True] * 6


def test_main_block_is_below_the_headline_when_one_is_known():
    from cleaner.lines import judge

    teasers, gap, article = [6.5] * 5, [-4.0] * 8, [2.4] * 8
    terminal = [True] * 21
    # Without a headline the teaser block is the main one and the thinner article goes.
    assert judge(terminal, teasers + gap + article) == [True] * 5 + [False] * 16
    # The headline at index 12 makes the article the main block: both blocks stay.
    assert judge(terminal, teasers + gap + article, 12) == [True] * 5 + [False] * 8 + [True] * 8


def test_heading_like_counts_cjk_characters_as_words():
    from cleaner.title import heading_like

    assert heading_like("市立図書館の開館時間が延長へ")  # 14 characters: a headline
    assert not heading_like("図書館")  # a three-character menu label is not
    assert not heading_like("Menu")


def _furniture_by_tokens(line: str) -> int:
    """The readable definition of the furniture count the array code computes."""
    from cleaner.lines import FURNITURE_PHRASES, FURNITURE_WORDS, LONG_LINE, STRIP

    tokens = line.lower().split()
    if len(tokens) >= LONG_LINE:
        return 0
    phrases = sum(1 for phrase in FURNITURE_PHRASES if phrase in line.lower())
    return phrases + sum(1 for t in tokens if t.strip(STRIP) in FURNITURE_WORDS)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "share",
                    "Shares",
                    "(share)",
                    "share,",
                    "x-share",
                    "cookies",
                    "cookie.",
                    "«Comments»",
                    "comment",
                    "sign",
                    "in",
                    "up",
                    "sign in",
                    "Sign Up!",
                    "read more",
                    "follow",
                    "us",
                    "Follow us",
                    "menu:",
                    "the",
                    "news",
                    "said",
                    "—",
                    "|",
                    "•",
                    "2024",
                    "réseau",
                    "İstanbul",
                    "tweet.",
                    "re-tweet",
                ]
            ),
            max_size=45,
        ).map(" ".join),
        min_size=1,
        max_size=8,
    )
)
def test_furniture_counts_match_the_token_definition(lines):
    from cleaner.lines import page_features

    lines = [" ".join(line.split()) for line in lines]
    assert page_features(lines).furniture_words.tolist() == [_furniture_by_tokens(line) for line in lines]


def test_an_ellipsis_glued_to_a_word_cuts_off_an_excerpt():
    from cleaner.lines import features, prose_score

    excerpt = "Lenovo announced seven new Yoga laptops today, with improved Alexa suppor..."
    f = features(excerpt)
    assert f.cut_off and not f.terminal
    assert prose_score(f) <= prose_score(f._replace(cut_off=False, terminal=True)) - 5
    assert features("Lenovo announced seven new Yoga laptops today…").cut_off
    # A writer's trailing ellipsis after a space, and CJK prose trailing off, end sentences.
    assert features("T-Swift is beefing with The Carlyle Group ... what a time to be alive ...").terminal
    assert features("そして彼は静かに部屋を出ていった…").terminal
    assert not features("...").cut_off
    # A short line ('And then…', 'Loading...') is not an excerpt: no penalty beyond the missing stop.
    short = features("And then…")
    assert short.cut_off and prose_score(short) == prose_score(short._replace(cut_off=False))


def test_a_bracketed_ellipsis_marks_a_cms_excerpt():
    from cleaner.lines import features

    for excerpt in (
        "I haven’t written anything for a long time in the author’s […]",
        "Another feature that I [...]",
        "This is a hidden post for club members. Another feature that I [ … ]",
    ):
        f = features(excerpt)
        assert f.cut_off and not f.terminal, excerpt
    # Brackets a writer closes a sentence with are no excerpt mark.
    for line in ("The mayor said the vote would be held in June [2019].", "See the results below [PDF]"):
        assert not features(line).cut_off, line
    assert features("The mayor said the vote would be held in June [2019].").terminal


def test_dateline_needs_a_place_in_capitals_and_a_region_or_agency():
    from cleaner.lines import dateline

    for line in (
        "PORTLAND, Maine (AP)",
        "WASHINGTON (Reuters) -",
        "SÃO PAULO, Brazil (AP) —",
        "ST. JOSEPH, Mich. (AP)",
    ):
        assert dateline(line), line
    for line in (
        "WASHINGTON",
        "US FALLS",
        "ITV, ASSOCIATED PRESS",
        "VICTOR TANGERMANN, FUTURISM",
        "Portland, Maine (AP)",
    ):
        assert not dateline(line), line


def test_a_standalone_dateline_opens_the_article_but_a_section_label_does_not():
    from cleaner import clean_text

    body = (
        "The harbor ferry will resume its full schedule next week after three months of repairs to its dock, "
        "the port authority said on Monday.\n"
        "Commuters have relied on a shuttle bus since February, adding up to forty minutes to a trip that takes "
        "twelve minutes by water.\n"
    )
    kept = clean_text("Harbor ferry to resume\nWORLD NEWS\nPORTLAND, Maine (AP)\n" + body).text
    assert kept == "PORTLAND, Maine (AP)\n" + body
    # Not right above the first paragraph (a menu line between): not the article's dateline.
    assert clean_text("Harbor ferry to resume\nPORTLAND, Maine (AP)\nWORLD NEWS\n" + body).text == body


def test_consent_boilerplate_about_the_readers_data_is_site_talk():
    from cleaner.lines import features, prose_score

    consent = (
        "You may revoke this consent at any time with effect for the future, in which case your personal data "
        "will be deleted immediately. Otherwise, your data will be deleted if we have processed your request."
    )
    f = features(consent)
    assert f.site_talk >= 3
    assert prose_score(f) < prose_score(f._replace(site_talk=0))
    # An article about a data breach quotes the company once: no penalty.
    article = (
        "The retailer said hackers had copied the personal data of 3 million customers and that it would update "
        "its privacy policy, although regulators said the company had waited six weeks to disclose the breach."
    )
    g = features(article)
    assert g.site_talk <= 1
    assert prose_score(g) == prose_score(g._replace(site_talk=0))


def test_a_stop_inside_closing_emphasis_ends_a_sentence():
    from cleaner.lines import features

    # Markdown renders bold questions and quotes as '**...?**': the stop is inside the marks.
    assert features("**Q: How do you prioritize your day?**").terminal
    assert features("She said the ferry will run all winter.**").terminal
    # hard negatives: form labels and bold headings without a stop stay open
    for line in ("Required fields are marked *", "Name *", "**Breaking News**", "Terms apply*", "* Email*"):
        assert not features(line).terminal, line


def test_table_rows_need_words_a_digit_and_no_closing_stop():
    from cleaner.lines import page_features, table_row

    lines = [
        "1 Kyle Busch 5040 5 1 17 27",  # a standings row
        "1a etapa: 10 de março – Interlagos",  # a schedule row
        "Formula 1 News",  # a menu item: too short
        "Drivers and Teams of the Season",  # no digit
        "Standings after 19 of 21 rounds:",  # announces a table, is not a row
        "The hours take effect on 1 March.",  # a sentence
    ]
    assert table_row(page_features(lines)).tolist() == [True, True, False, False, False, False]


def test_table_runs_are_consecutive_rows_with_nothing_between():
    from cleaner.lines import TABLE_MIN_ROWS, table_runs

    n = TABLE_MIN_ROWS
    assert table_runs([True] * n, list(range(n))) == [(0, n - 1)]
    assert table_runs([True] * (n - 1), list(range(n - 1))) == []
    # A blank or dropped line (a gap in the positions) ends a run.
    assert table_runs([True] * n, [*range(n - 1), n + 1]) == []
    # A line that is not a row ends it too; runs on either side count on their own.
    rows = [True] * n + [False] + [True] * (n + 1)
    assert table_runs(rows, list(range(len(rows)))) == [(0, n - 1), (n + 1, 2 * n + 1)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(min_value=1, max_value=2)), max_size=40))
def test_table_runs_are_the_maximal_runs_of_linked_rows(lines):
    """Against the definition: split the lines wherever a line is not a row or its
    position does not follow the previous line's; keep the pieces of rows long enough."""
    from cleaner.lines import TABLE_MIN_ROWS, table_runs

    rows = [row for row, _ in lines]
    positions = [sum(step for _, step in lines[: k + 1]) for k in range(len(lines))]
    pieces, piece = [], []
    for k, row in enumerate(rows):
        if piece and not (row and positions[k] - positions[k - 1] == 1):
            pieces.append(piece)
            piece = []
        if row:
            piece.append(k)
    pieces.append(piece)
    assert table_runs(rows, positions) == [(p[0], p[-1]) for p in pieces if len(p) >= TABLE_MIN_ROWS]


def _page(body: list[str]) -> str:
    menu = ["Home", "News", "Sport", "Contact", ""]
    footer = ["", "Privacy Policy", "About Us", "Copyright © 2025 City Times. All rights reserved."]
    return "\n".join(["Standings | City Times", "", *menu, *body, *footer]) + "\n"


_INTRO = [
    "The league publishes its table after every round, and this page is updated on Monday mornings.",
    "",
    "Standings after 19 of 21 rounds:",
    "",
]
_ROWS = [f"{k} Team Number {k} {40 - 2 * k} {10 - k} {k}" for k in range(1, 9)]


def test_a_table_the_article_announces_no_longer_cuts_it():
    from cleaner import clean_text

    after = ["", "The last two rounds are played in the first week of June, both on neutral grounds."]
    out = clean_text(_page(_INTRO + _ROWS + after)).text.splitlines()
    assert out == [_INTRO[0], _INTRO[2], *_ROWS, after[1]]


def test_an_announced_list_of_dated_teasers_after_the_article_stays_out():
    from cleaner import clean_text

    teasers = [
        "School board delays its vote on the new 2025 calendar (March 3)",
        "Bridge repairs will close Main Street for a week from May 3",
        "Mayor proposes new parking fees for 12 downtown streets",
        "Library volunteers honoured at the 40th annual dinner",
        "High school robotics team heads to the 2025 nationals",
    ]
    article = [
        "The city council voted 7 to 2 on Tuesday to approve a budget that raises library funding by 12 percent.",
        "",
        "The new hours take effect in March.",
        "",
    ]
    # The label is prose-like and ends in a colon: the rows below it are neutral, not article.
    out = clean_text(_page([*article, "More on this story:", "", *teasers])).text
    assert not any(t in out for t in teasers)
    # Under a sentence that ends the article (no colon) they were never announced.
    out = clean_text(_page([*article, *teasers])).text
    assert not any(t in out for t in teasers)


def test_scripts_without_spaces_count_characters_as_words():
    from cleaner.lines import features, prose_score

    # A Thai paragraph has few spaces: counted by spaces it would be a four-word menu item.
    paragraph = (
        "ผู้ว่าการธนาคารกล่าวว่าการส่งออกเริ่มดีขึ้นในช่วงสามเดือนที่ผ่านมา แต่การบริโภคภายในประเทศยังอ่อนแอ และหนี้ครัวเรือนยังเป็นความเสี่ยงสำคัญ"
    )
    f = features(paragraph)
    assert f.words >= 40 and prose_score(f) > 0
    assert prose_score(features("ติดต่อเรา")) < 0  # 'Contact us' stays a short line
    # Myanmar and Khmer end a sentence with their own stops.
    assert features("ဒီနေ့ ရာသီဥတု အလွန်ကောင်းပါတယ်။").terminal
    assert features("ថ្ងៃនេះ អាកាសធាតុ ល្អណាស់។").terminal


def test_sentence_stops_of_other_scripts():
    from cleaner.lines import features

    for sentence in (
        "आज मौसम बहुत अच्छा है और बच्चे पार्क में खेल रहे हैं।",  # Hindi danda
        "আজ আবহাওয়া খুব ভালো এবং শিশুরা পার্কে খেলছে।",  # Bengali
        "هل سيتغير الطقس غدا في المدينة؟",  # Arabic question mark
        "آج موسم بہت اچھا ہے اور بچے پارک میں کھیل رہے ہیں۔",  # Urdu full stop
        "Այսօր եղանակը շատ լավ է։",  # Armenian
    ):
        assert features(sentence).terminal, sentence
    assert not features("आज का मौसम").terminal


def test_listed_teasers_are_the_headlines_or_pairs_under_a_list_heading():
    from cleaner.lines import TEASER_MAX_WORDS, listed_teasers

    H, S, P = (False, 9), (True, 15), (True, 30)  # headline, summary sentence, article paragraph

    def count(*lines: tuple[bool, int]) -> int:
        return listed_teasers([t for t, _ in lines], [w for _, w in lines])

    assert count(H, H, H, P, P) == 3  # headlines, then the article resumes
    assert count(H, S, H, S, H, S) == 6  # headline and summary pairs
    assert count(H, S, H, S, P, P) == 4
    # One pair could be a headline, then the article resuming after its own subheading.
    assert count(H, S, H, H, P) == 1
    assert count(P, H, H) == 0  # prose right under the heading: a section of the article
    assert count((False, TEASER_MAX_WORDS + 1), H) == 0  # a reference or credit, not a headline
    assert count((False, TEASER_MAX_WORDS), P) == 1
    assert count(H, (True, 45), H, S) == 1  # a long paragraph is no teaser's summary
    assert count() == 0


def test_lines_under_an_ad_label_are_not_a_related_list():
    """A short line under 'Related stories' reads as a teaser headline; under an ad label it
    stays the article's subheading."""
    from cleaner import clean_text

    before = [
        "The council approved the new budget on Tuesday after a debate that lasted well into the night, with two members voting against it.",
        "The plan raises spending on libraries and parks and cuts the cost of bus passes for pupils, the council said in a statement.",
    ]
    section = [
        "What happens next",
        "The budget now goes to the mayor, who has ten days to sign it or send it back to the council.",
    ]
    after = [
        "The mayor has said she supports the plan, though her office asked for changes to the parks budget last month.",
        "If she signs it, the new spending takes effect in January, and the cheaper bus passes go on sale before the spring term.",
    ]
    for label, kept in (("Advertisement", True), ("Related stories", False)):
        text = clean_text("\n".join([*before, label, *section, *after])).text
        assert ("What happens next" in text.splitlines()) is kept, label
        assert section[1] in text.splitlines()


def test_site_name_is_the_registered_label():
    from cleaner.lines import site_name

    assert site_name("www.ascom.com") == "ascom"
    assert site_name("news.example.co.uk") == "example"
    assert site_name("shop.example.com.br") == "example"
    assert site_name("detroit.cbslocal.com") == "cbslocal"  # not the subdomain, a word articles use
    assert site_name("hosted.ap.org") is None  # too short to tell from a word
    assert site_name("3dnews.ru") is None
    assert site_name("localhost") is None
    assert site_name(None) is None


def test_self_description_needs_the_name_a_statement_and_a_company_profile():
    from cleaner.lines import self_description

    boilerplate = [
        (
            "Ascom is a global solutions provider focused on healthcare ICT. The vision of Ascom is to close gaps.",
            "ascom",
        ),
        ("Ascom is headquartered in Baar (Switzerland) and employs around 1,300 people worldwide.", "ascom"),
        ("Space is part of Future US Inc, an international media group and leading digital publisher.", "space"),
        ("Slate is published by The Slate Group, a Graham Holdings Company.", "slate"),
        ("WIRED is a Condé Nast brand and media company.", "wired"),
        (
            "AppleInsider has affiliate partnerships and may earn commission on products bought through affiliate links.",
            "appleinsider",
        ),
    ]
    prose = [
        ("Space is a harsh place for the human body.", "space"),
        ("Acme is the first company to offer the service in Europe.", "acme"),
        ("Ascom announced a partnership with a company in Germany and its media group.", "ascom"),
        ("Acmeco is a company and a brand.", "acme"),
        ("The company said Ascom is a provider of software and a media group.", "ascom"),
    ]
    assert all(self_description(line, name) for line, name in boilerplate)
    assert not any(self_description(line, name) for line, name in prose)


def test_the_site_describing_itself_is_dropped_only_after_the_article():
    from cleaner import clean_text
    from cleaner.lines import self_description

    body = [
        "Acme and the city of Leeds have signed a five-year contract for the maintenance of the city's street lights, the council said on Monday.",
        "Acme is a lighting company and a subsidiary of a Dutch group, and its crews already look after the lights in two other cities.",
        "The contract covers 60,000 lamps and includes replacing the oldest ones with LED fittings by the end of next year.",
        "Council officers expect the new lamps to cut the city's electricity bill for street lighting by almost half.",
    ]
    profile = "Acme is a leading provider of lighting services. Founded in 1990, Acme employs 2,000 people."
    text = clean_text("\n".join([*body, profile, "Media contact"]), url="https://www.acme.example/news/leeds").text
    assert text.splitlines() == body
    # On another site, or inside the article, the same sentences stay.
    assert profile in clean_text("\n".join([*body, profile]), url="https://news.example/leeds").text
    assert self_description(body[1], "acme") and body[1] in text


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("aZkK \u212a\u0130iIéÉßΣ’-\n\ud800\U0001d400."), max_size=40))
def test_the_vocabulary_view_lowers_ascii_as_str_lower_does(text):
    """Where `str.lower` keeps the offsets (else ASCII alone is lowered), the vocabulary's
    view has the same ASCII characters at the same places: the needles, all lowercase
    ASCII, match the same spans."""
    from cleaner.lines import _lexicon_view

    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if c.isascii() else c for c in text)
    view = _lexicon_view(text)
    assert len(view) == len(text)
    assert [c if c.isascii() else None for c in view] == [c if c.isascii() else None for c in lowered]
