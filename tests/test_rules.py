"""Rule files: every kind works, and a broken file is a clear error naming file and rule."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from cleaner.apply import apply_rules
from cleaner.rules import RuleError, load_rules, load_site

LINES = ["Top banner", "Start here", "Para one.", "[AD] Para two.", "Stop here", "Footer", "", "Footer"]


def _site(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sites" / "s.example.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[site]\nname = "s.example"\n' + body)
    return path


@pytest.mark.parametrize(
    "rule,dropped",
    [
        ('kind = "drop_line"\nlines = ["footer"]', {5, 7}),
        ('kind = "drop_regex"\npattern = "^Top"', {0}),
        ('kind = "drop_block"\nstart = "^Start"\nend = "^Stop"', {1, 2, 3, 4}),
        ('kind = "keep_between"\nstart = "^Start"\nend = "^Stop"', {0, 1, 4, 5, 7}),
    ],
)
def test_each_kind(tmp_path, rule, dropped):
    site = load_site(_site(tmp_path, f'[[rule]]\nid = "r"\n{rule}\n'))
    _, outcome = apply_rules(LINES, site.rules)
    assert set(outcome.dropped) == dropped
    assert set(outcome.dropped.values()) == {"site.s.example.r"}


def test_replace_records_span(tmp_path):
    site = load_site(
        _site(tmp_path, '[[rule]]\nid = "ad"\nkind = "replace"\npattern = "\\\\[AD\\\\]\\\\s*"\nreplacement = ""\n')
    )
    lines, outcome = apply_rules(LINES, site.rules)
    assert lines[3] == "Para two."
    (change,) = outcome.changes
    assert (change.line, change.start, change.end, change.old) == (3, 0, 5, "[AD] ")


def test_a_replacement_sees_the_lines_an_earlier_one_made(tmp_path):
    """Replacements run in file order, and a later one's literal prefilter looks at the
    replaced lines: the literal it needs may only exist once an earlier one has run, or
    be gone from a line it was in."""
    site = load_site(
        _site(
            tmp_path,
            '[[rule]]\nid = "make"\nkind = "replace"\ncontains = ["[ad]"]\npattern = "\\\\[AD\\\\]"\n'
            'replacement = "SPONSORED:"\n'
            '[[rule]]\nid = "use"\nkind = "replace"\ncontains = ["sponsored:"]\npattern = "^SPONSORED:\\\\s*"\n'
            'replacement = ""\n'
            '[[rule]]\nid = "gone"\nkind = "replace"\ncontains = ["[ad]"]\npattern = "\\\\[AD\\\\]"\n'
            'replacement = "never"\n',
        )
    )
    lines, outcome = apply_rules(LINES, site.rules)
    assert lines[3] == "Para two."
    assert [c.rule for c in outcome.changes] == ["site.s.example.make", "site.s.example.use"]


def test_rules_before_a_replacement_in_the_file_see_its_lines(tmp_path):
    """Replacements run first wherever they stand in the file: a drop rule above one
    is prefiltered on the replaced lines."""
    site = load_site(
        _site(
            tmp_path,
            '[[rule]]\nid = "drop"\nkind = "drop_regex"\ncontains = ["sponsored:"]\npattern = "^SPONSORED:"\n'
            '[[rule]]\nid = "make"\nkind = "replace"\ncontains = ["[ad]"]\npattern = "\\\\[AD\\\\]"\n'
            'replacement = "SPONSORED:"\n',
        )
    )
    lines, outcome = apply_rules(LINES, site.rules)
    assert lines[3] == "SPONSORED: Para two."
    assert outcome.dropped == {3: "site.s.example.drop"}


@pytest.mark.parametrize(
    "body,message",
    [
        ('[[rule]]\nid = "x"\nkind = "drop_regex"\npattern = "(open"\n', "rule 'x': `pattern` is not a valid regex"),
        ('[[rule]]\nkind = "drop_line"\nlines = ["a"]\n', "has no `id`"),
        ('[[rule]]\nid = "y"\nkind = "explode"\n', "rule 'y': unknown kind"),
        ('[[rule]]\nid = "z"\nkind = "drop_line"\nlines = "a"\n', "rule 'z': `lines`"),
        ('[[rule]]\nid = "w"\nkind = "drop_line"\nlines = ["a"]\ncolour = 1\n', "unknown key(s) colour"),
        ("[[rule]\n", "not valid TOML"),
        (
            '[[rule]]\nid = "v"\nkind = "drop_regex"\npattern = "a"\ncontains = ["a\\nb"]\n',
            "rule 'v': a `contains` literal cannot hold a line break",
        ),
        (
            '[[rule]]\nid = "u"\nkind = "drop_regex"\npattern = "a"\nmin_chars = 9\nmax_chars = 8\n',
            "rule 'u': `min_chars` is above `max_chars`",
        ),
        (
            '[[rule]]\nid = "t"\nkind = "drop_line"\nlines = ["a"]\nmin_chars = 3\n',
            "rule 't': `min_chars` is a positive",
        ),
    ],
)
def test_malformed_rule_file_names_file_and_rule(tmp_path, body, message):
    path = _site(tmp_path, body)
    with pytest.raises(RuleError) as info:
        load_rules((tmp_path,))
    assert str(path) in str(info.value) and message in str(info.value)


def test_site_recognition_order(tmp_path):
    _site(tmp_path, 'hosts = ["s.example"]\nfingerprints = ["Powered by S Example"]\n')
    rules = load_rules((tmp_path,))
    assert rules.recognise("https://www.s.example/a", None, "")[1] == "url"
    assert rules.recognise(None, "news.s.example", "")[1] == "folder"
    assert rules.recognise(None, None, "body\nPowered by S Example\n")[1] == "fingerprint"
    assert rules.recognise("https://other.example/", None, "nothing")[0] is None


@pytest.mark.parametrize(
    "url,hint,footer,how",
    [
        ("https://www.s.example/news/a-story", None, "", "url"),
        (None, "news.s.example", "", "folder"),
        ("https://other.example/a-story", None, "Powered by S Example", "fingerprint"),
        ("https://other.example/a-story", None, "", None),
    ],
)
def test_a_cleaned_page_gets_the_rules_of_the_site_it_is_recognised_as(tmp_path, url, hint, footer, how):
    from cleaner.pipeline import Config, clean_text

    _site(
        tmp_path,
        'hosts = ["s.example"]\nfingerprints = ["Powered by S Example"]\n'
        '[[rule]]\nid = "promo"\nkind = "drop_regex"\npattern = "^Subscribe to S Example today and save$"\n',
    )
    article = [f"Paragraph {k} of the story reads as prose, with enough words to be an article line." for k in range(4)]
    text = "\n\n".join([article[0], "Subscribe to S Example today and save", *article[1:], footer]) + "\n"
    result = clean_text(text, url, Config(rule_dirs=(str(tmp_path),)), site_hint=hint)
    promo = next(v for v in result.lines if v.text == "Subscribe to S Example today and save")
    assert result.meta.get("site_recognised_by") == how
    assert (promo.rule == "site.s.example.promo") == (how is not None)
    assert result.site == ("s.example" if how else "other.example")


def test_bundled_rules_load_and_have_unique_ids():
    rules = load_rules()
    ids = [r.id for r in rules.generic]
    assert len(ids) == len(set(ids)) and all(i.startswith("generic.") for i in ids)


def test_user_regex_cannot_hang(tmp_path):
    site = load_site(
        _site(tmp_path, '[[rule]]\nid = "slow"\nkind = "drop_regex"\npattern = "^(a|aa)+$"\n'), trusted=False
    )
    line = "a" * 40 + "!"
    _, outcome = apply_rules([line], site.rules, timeout=0.01)
    assert outcome.errors and "slow" in outcome.errors[0]


def test_markdown_images_links_and_emphasis_keep_the_words():
    from cleaner import clean_text
    from cleaner.pipeline import Config

    config = Config(heuristics=False)
    dump = "\n".join(
        [
            "Port director Lena Brandt![](https://x.example/a_\\(1\\).jpg)said the boats would be refitted.",
            'The _Harbour Gazette_ said so, citing the [port authority](/tag/port "Port authority").',
            "[![Ferry fares to rise](https://x.example/f.jpg) __](https://x.example/news/fares/)",
            "![Only a picture](https://x.example/p.jpg)",
        ]
    )
    result = clean_text(dump, config=config)
    assert result.text.splitlines() == [
        "Port director Lena Brandt said the boats would be refitted.",
        "The Harbour Gazette said so, citing the port authority.",
    ]
    # A line that the replacements leave empty is dropped, under the rule that emptied it.
    assert [v.rule for v in result.lines[2:]] == ["generic.markdown-image", "generic.markdown-image"]
    assert all(v.action == "removed" for v in result.lines[2:])


def test_markdown_image_with_a_long_caption_as_alt_text():
    from cleaner import clean_text
    from cleaner.pipeline import Config

    alt = "Former envoy testifies during the committee hearing on Capitol Hill. " * 8  # ~560 characters
    dump = "\n".join(
        [
            f"[![{alt}](data:image/gif;base64,R0lGODlhEAAJ)![{alt}](//cdn.example/a-large-169.jpg) __](/videos/a/)",
            # hard negatives: an exclamation before a bracket that opens no image, long bracketed prose
            "Wow![citation needed] the ferry runs all winter now, the port authority said.",
            "The notes say ![" + "the ferry runs all winter " * 90 + "] and nothing more.",
        ]
    )
    out = clean_text(dump, config=Config(heuristics=False)).text.splitlines()
    assert out == dump.splitlines()[1:]


def test_plain_text_underscores_and_brackets_stay():
    from cleaner import clean_text
    from cleaner.pipeline import Config

    line = "Helpers named my_var_name, __init__ and the _private fallback stay, as do [1, 2](3) and a blank __________ here."
    assert clean_text(line, config=Config(heuristics=False)).text == line + "\n"


@pytest.mark.parametrize(
    "line,rule",
    [
        ("The rebuilt north terminal landing in the early morning. (AP)", "generic.caption"),
        ("Above: Commuters wait for the shuttle bus at the north terminal.", "generic.caption"),
        ("Photo by Jane Roe/Getty Images", "generic.caption"),
        ("Photo illustration by Example Daily. Photo by Jane Roe.", "generic.caption"),
        ("By Jane Roe | Coastal Media Group for ExampleDaily.com", "generic.byline"),
        ("By Jane Roe, Example.com", "generic.byline"),
        ("By Jane Roe, John Doe on Monday, May 4th, 2020 at 9:30 a.m.", "generic.byline"),
        # hard negatives: datelines, prose that starts like a caption or a byline
        ("PORTLAND, Maine (AP)", None),
        ("The authority will introduce an electronic ticket (ePA) in the spring.", None),
        ("Photos by the dozen were posted online by commuters.", None),
        ("Above all, the port authority said, the new ramp is safer.", None),
        ("By Monday, the first boat will leave the north terminal at 6 a.m.", None),
        ("By Jane Roe on Monday, she said.", None),
        # an agency named in full, then its acronym, is prose, not a photo credit
        ("Officials will meet next week with the Environmental Protection Agency (EPA).", None),
        ("The figures were first reported by the Associated Press (AP).", None),
        ("The statement was sent to Agence France-Presse (AFP) on Monday night (AFP)", "generic.caption"),
        # captions written as sentences; prose that sets the picture off with commas stays
        ("An artist's concept of the lander on the moon's surface.", "generic.caption-sentence"),
        ("This satellite image from the weather service shows the storm over the coast.", "generic.caption-sentence"),
        ("This graphic, provided by Statista, shows the states where cannabis is legal.", None),
        ("An image of the suspect was released by police on Monday.", None),
        ("The photo of the president went viral on Tuesday.", None),
        # shouted teasers: eight or more words in capitals, no sentence end
        ("SINGER CLEARED TO PERFORM HITS AT AMAs AMID FEUD WITH LABEL: REPORT", "generic.caps-teaser"),
        ("HOW TO USE A WATER BATH CANNER", None),
        ("WILL SOMEONE STAND UP FOR THE ESTABLISHMENT IN THIS PARTY?", None),
        ("THE LABEL ON EVERY JAR SAYS THE SAME THING: KEEP IN A COOL PLACE.", None),
        ("WASHINGTON (AP) —", None),
        ("北京市政府周二宣布了新的交通规划方案以缓解城市拥堵问题并改善空气质量", None),
        # photo credits, BBC caption labels, tabloid teaser tags, list headings
        ("Michael Conroy, AP", "generic.photo-credit"),
        ("Rep. Jane Roe speaks at the Capitol on July 25, 2019. J. Scott Applewhite / AP file", "generic.photo-credit"),
        ("Protesters on the campus on Monday. Photograph: AFP via Getty", "generic.photo-credit"),
        ("Image copyright EPA", "generic.photo-credit"),
        (
            "Image caption The prosecutor said the decision followed interviews with seven witnesses",
            "generic.photo-credit",
        ),
        ("Traders on the floor of the exchange, November 18, 2019. REUTERS/Jane Roe", "generic.photo-credit"),
        ("Officials said they would share the footage via AP and Reuters.", None),
        ("The museum's Photograph: A History exhibit opens on Friday.", None),
        ("The image caption contest drew 400 entries, the paper said.", None),
        ("Holidaymakers die after eating marmot [INSIGHT]", "generic.teaser-tag"),
        ("NBA make final decision on game amid China turmoil [ VIDEO]", "generic.teaser-tag"),
        ("The ruling is final [1], the court said.", None),
        ("See the table below [Note: figures in millions].", None),
        ("Next Up In Science & Health", "generic.list-heading"),
        ("Related links:", "generic.list-heading"),
        ("Explore further", "generic.list-heading"),
        ("Promoted Stories", "generic.list-heading"),
        ("Advertisement", "generic.ad-label"),
        ("ADVERTISEMENT", "generic.ad-label"),
        ("Sponsored content", "generic.ad-label"),
        ("Ad", "generic.ad-label"),
        ("Advertisement for the new model.", None),
        ("Next up in the hearing was the ambassador.", None),
        # 'More from' / 'Also in' headings, and short sentences that begin the same way
        ("More from Politics", "generic.list-heading"),
        ("Also in Business", "generic.list-heading"),
        ("More From the Los Angeles Times", "generic.list-heading"),
        ("More from Space...", "generic.list-heading"),
        ("Also in Business:", "generic.list-heading"),
        ("More from the minister.", None),
        ("More from the minister is expected on Friday.", None),
        ("Also in attendance was the mayor.", None),
        ("Also in the room were two aides!", None),
        ("More from the U.S. on this?", None),
        ("Also in May, the board met twice.”", None),
        ("SEE MORE: Students under siege in university", "generic.read-more-teaser"),
        # invitations to comment, addressed to the reader; instructions and quotes stay
        ("Leave your questions and opinions below!", "generic.comment-invite"),
        ("Leave your comments below", "generic.comment-invite"),
        ("Let us know what you think in the comments.", "generic.comment-invite"),
        ("Share your thoughts below", "generic.comment-invite"),
        ("What do you think? Tell us in the comment section below.", "generic.comment-invite"),
        ("Feel free to leave a comment below!", "generic.comment-invite"),
        ("Drop us a line below.", "generic.comment-invite"),
        ("Sound off below!", "generic.comment-invite"),
        ("Leave a comment below and let us know!", "generic.comment-invite"),
        ("Leave the pan on the heat below 80 degrees.", None),
        ('"Leave your comments below," the moderator wrote.', None),
        ("Add the spices listed below.", None),
        ("Let the dough rest below the grill.", None),
        ("Share prices fell below their March lows.", None),
        ("Readers can leave their comments below.", None),
        ("The comments below the article were removed by the moderators.", None),
        ("He left a comment below her post that was later deleted.", None),
    ],
)
def test_caption_and_byline_forms(line, rule):
    from cleaner import clean_text
    from cleaner.pipeline import Config

    result = clean_text(line, config=Config(heuristics=False))
    assert result.lines[0].rule == rule


def test_bundled_patterns_on_re_match_as_on_regex():
    """Bundled patterns run on `re` (letter classes spelt out) where it compiles them;
    on every line of the golden inputs they must decide as the `regex` module does."""
    import re

    import regex

    from cleaner.rules import BUNDLED_RULES, _re_source

    golden = Path(__file__).resolve().parents[1] / "golden"
    lines = {line for f in golden.rglob("input.txt") for line in f.read_text(encoding="utf-8").splitlines() if line}
    lines |= {"Über Straßen ÉCOLE", "by Ünal Öztürk", "(AP) zürich ΑΘΗΝΑ"}
    checked = 0
    for file in [*BUNDLED_RULES.glob("*.toml"), *BUNDLED_RULES.glob("sites/*.toml")]:
        for raw in tomllib.loads(file.read_text(encoding="utf-8")).get("rule", []):
            for key in ("pattern", "start", "end"):
                source = raw.get(key)
                spelt = _re_source(source) if source else None
                if spelt is None:
                    continue
                try:
                    fast = re.compile(spelt)
                except re.error:
                    continue  # stays on regex
                reference = regex.compile(source, regex.V0)
                assert [bool(fast.search(x)) for x in lines] == [bool(reference.search(x)) for x in lines], raw["id"]
                checked += 1
    assert checked > 10


def test_letter_classes_spelt_for_re():
    from cleaner.rules import _re_source

    assert _re_source(r"\p{Foo}") is None and _re_source(r"[\P{Lu}]") is None
    import re

    pattern = re.compile(_re_source(r"^[\p{L}.'-]+ \p{Lu}[]\p{Ll}]+$"))
    assert pattern.search("Zoë-Ann Édith]") and pattern.search("o D]")
    assert not pattern.search("Zoë-Ann édith") and not pattern.search("3 Ab")
    assert re.compile(_re_source(r"\[\p{Ll}")).fullmatch("[ß")
    assert re.compile(_re_source(r"\P{Ll}+")).fullmatch("ÉCOLE 12!") and not re.compile(_re_source(r"\P{Ll}")).match(
        "é"
    )


def test_block_rules_without_a_start_are_reported(tmp_path):
    """A later pass over the output skips block rules whose start matched no line; so a
    rule is only reported when it found no start, never when it found one below
    `min_matches` (those lines could still be in the output)."""
    body = (
        '[[rule]]\nid = "thread"\nkind = "drop_block"\nstart = "says:$"\nmin_matches = 2\ncontains = ["says"]\n'
        '[[rule]]\nid = "tail"\nkind = "drop_block"\nstart = "^Source link$"\n'
        '[[rule]]\nid = "between"\nkind = "keep_between"\nstart = "^BEGIN$"\n'
    )
    site = load_site(_site(tmp_path, body))
    lines = ["Anna says:", "A reply.", "An article line."]
    _, outcome = apply_rules(lines, site.rules)
    assert not outcome.dropped
    assert outcome.unstarted == {"site.s.example.tail", "site.s.example.between"}


def test_markdown_bold_labels_and_whole_bold_lines_lose_their_marks():
    from cleaner import clean_text
    from cleaner.pipeline import Config

    config = Config(heuristics=False)
    assert clean_text("**SEE MORE** : Ferry fares to rise in spring", config=config).text == ""  # a read-more teaser
    assert clean_text("**DON'T MISS**", config=config).text == ""  # a list heading
    assert clean_text("**Q:** How do you plan the winter timetable?", config=config).text == (
        "Q: How do you plan the winter timetable?\n"
    )
    # hard negatives: bold inside or at the start of a sentence, two bold spans, a lone '**'
    for line in (
        "The **north pier** ferry will run all winter, the port authority said.",
        "**Commuters** on the east shore had asked for the change for years.",
        "**Ferry** and **bridge** plans go to consultation",
        "Rated ** out of five by readers",
    ):
        assert clean_text(line, config=config).text == line + "\n", line


def test_credit_tail_of_a_long_paragraph_goes_a_caption_with_a_credit_goes_whole():
    """A paragraph too long for generic.caption (400 characters before the credit) keeps its sentences and
    loses the credit at its end; a caption-length line that ends in a credit, even one written
    as a sentence, is dropped whole (on the benchmark pages such lines are all captions)."""
    from cleaner import clean_text
    from cleaner.pipeline import Config

    long = (
        "A cross-section through the module showing the crew quarters that would double as pods during the cruise. "
        "The soft-shelled pods would have their own thermal controls and flexible insulation, with a fan to move air "
        "and keep the humidity down when the temperature is lowered. The pods would also be well shielded against "
        "radiation, and each would hold one astronaut for the whole of the outbound journey to Mars."
    )
    assert len(long) > 400
    result = clean_text(long + " Credit: ESA", config=Config(heuristics=False))
    assert result.text == long + "\n"
    assert [(c.old, c.rule) for c in result.changes] == [(" Credit: ESA", "generic.credit-tail")]

    caption = "Tyvak plans to use its experience in small satellites for its small lunar landers. Credit: Tyvak"
    assert clean_text(caption, config=Config(heuristics=False)).lines[0].rule == "generic.caption"

    # a long paragraph that mentions a credit inside it, or ends in a credit without a sentence before it, stays as it is
    for line in (long + " Credit: the union's negotiators, who worked through the night", long[:-1] + ", Credit: ESA"):
        assert clean_text(line, config=Config(heuristics=False)).text == line + "\n"


def test_drop_regex_tries_only_lines_within_its_length_bounds(tmp_path):
    rule = '[[rule]]\nid = "r"\nkind = "drop_regex"\npattern = "^Para"\nmin_chars = 10\nmax_chars = 14\n'
    site = load_site(_site(tmp_path, rule))
    lines = ["Para one.", "Para one, two", "Para one, two, three"]
    _, outcome = apply_rules(lines, site.rules)
    assert set(outcome.dropped) == {1}


def test_drop_regex_tries_only_lines_within_its_lowercase_bound(tmp_path):
    """`max_lowercase` counts the letters a to z: a line with more is not tried, so the
    bound must be one the pattern implies (as generic.caps-teaser's does)."""
    rule = '[[rule]]\nid = "r"\nkind = "drop_regex"\npattern = "^BREAKING"\nmax_lowercase = 2\n'
    site = load_site(_site(tmp_path, rule))
    lines = ["BREAKING NEWS", "BREAKING: Mayor resigns", "BREAKING NEWS AT 9pm", "BREAKING ÉTÉ ÀÉÎ éèêë"]
    _, outcome = apply_rules(lines, site.rules)
    assert set(outcome.dropped) == {0, 2, 3}  # accented lowercase letters are not counted


@pytest.mark.parametrize(
    "line,count",
    [("", 0), ("ABC", 0), ("AMAs", 1), ("Héllo wörld", 7), ("ÉTÉ ß", 0), ("𝐀a\u212ab", 2), ("a\ud800b", 2)],
)
def test_ascii_lowercase_counts_the_letters_a_to_z(line, count):
    from cleaner.apply import ascii_lowercase

    assert ascii_lowercase(line) == count


@pytest.mark.parametrize("value", ["-1", "1.5", "true", '"2"'])
def test_max_lowercase_is_a_count(tmp_path, value):
    body = f'[[rule]]\nid = "q"\nkind = "drop_regex"\npattern = "a"\nmax_lowercase = {value}\n'
    with pytest.raises(RuleError, match="`max_lowercase` is an integer of 0 or more"):
        load_site(_site(tmp_path, body))


def _golden_and_example_lines() -> list[str]:
    """Every line of the golden inputs and the examples, canonical."""
    from cleaner.repair import split_lines

    root = Path(__file__).resolve().parent.parent
    lines = []
    for path in sorted(root.glob("golden/**/input.*")) + sorted(root.glob("examples/**/*.txt")):
        lines += [" ".join(line.split()) for line in split_lines(path.read_bytes().decode("utf-8", "replace"))]
    return lines


def test_caps_teaser_bound_matches_its_pattern():
    """The bundled caps-teaser's bound is implied by its pattern: on every line of the
    golden inputs and examples, and on shouted lines with two and three lowercase letters,
    the rule drops the same lines with the bound as without it."""
    from dataclasses import replace

    from cleaner.pipeline import Config, rules_for

    (caps,) = [rule for rule in rules_for(Config()).generic if rule.id == "generic.caps-teaser"]
    assert caps.max_lowercase == 2
    unbounded = replace(caps, max_lowercase=None)
    lines = [
        "TAYLOR SWIFT CLEARED TO PERFORM HITS AT AMAs AMID FEUD WITH SCOOTER BRAUN: REPORT",
        "TAYLOR SWIFT CLEARED TO PERFORM HITS AT AMAs AMID FEUD WITH SCOOTER BRAUN: REPORTs",
        "TAYLOR SWIFT CLEARED TO PERFORM HITS AT AMAss AMID FEUD WITH SCOOTER BRAUN: REPORTs",
    ]
    lines += _golden_and_example_lines()
    _, bounded = apply_rules(lines, (caps,))
    _, plain = apply_rules(lines, (unbounded,))
    assert bounded.dropped == plain.dropped
    assert {0, 1} <= set(bounded.dropped) and 2 not in bounded.dropped


def test_drop_regex_tries_only_lines_starting_with_its_literals(tmp_path):
    rule = '[[rule]]\nid = "r"\nkind = "drop_regex"\npattern = "(?i)(by|from) \\\\w+$"\nstarts_with = ["By"]\n'
    site = load_site(_site(tmp_path, rule))
    assert site.rules[0].starts_with == ("by",)  # matched against the lower-cased line
    lines = ["By Jane", "BY JANE", "Words by Jane", "From Jane"]
    _, outcome = apply_rules(lines, site.rules)
    assert set(outcome.dropped) == {0, 1}


@pytest.mark.parametrize("value", ["[]", '"by"', '[""]', "[1]"])
def test_starts_with_is_a_list_of_literals(tmp_path, value):
    body = f'[[rule]]\nid = "s"\nkind = "drop_regex"\npattern = "a"\nstarts_with = {value}\n'
    with pytest.raises(RuleError, match="`starts_with` is a list of strings"):
        load_site(_site(tmp_path, body))


def test_bundled_starts_with_match_their_patterns():
    """Each bundled rule's `starts_with` is implied by its pattern: on every golden and
    example line, and on a line for each way each pattern can start, the rule drops the
    same lines with the literals as without them."""
    from dataclasses import replace

    from cleaner.pipeline import Config, rules_for

    rules = [rule for rule in rules_for(Config()).generic if rule.starts_with]
    assert {rule.id for rule in rules} >= {
        "generic.byline",
        "generic.share-bar",
        "generic.ad-label",
        "generic.list-heading",
        "generic.read-more-teaser",
        "generic.legal-links",
        "generic.date-only",
    }
    lines = [
        "By Jane Smith, Staff Writer",
        "Written by: Jane Smith",
        "Reported by Jane Smith and John Roe",
        "Words by Jane Smith | Photos by John Roe",
        "Story by Jane Smith",
        "Text by Jane Smith",
        "Edited by Jane Smith",
        "Von Jana Schmidt",
        "Par Jeanne Dupont",
        "Por Juana Pérez",
        "By: Jane Smith",
        "BY : JANE SMITH",
        "Von: Jana Schmidt",
        "Updated Nov 19, 9:41 AM",
        "Last updated: June 3, 2024 10:00",
        "Posted on May 4, 2020",
        "Published 12:03 PM ET, Tue March 3, 2020",
        "Modified: 2021-01-02",
        "Share: Facebook Twitter Email",
        "Follow us on Instagram, YouTube",
        "X (Twitter) Facebook LinkedIn",
        "E-mail Print Copy link",
        "WhatsApp Telegram Reddit",
        *"Advertisement|ADVERTISEMENT|Sponsored content|Sponsored|Ad|Ads:".split("|"),
        *(
            "What's hot|What’s hot|Related posts|Related articles|Related stories|Related news|Related|"
            "Editors' picks|Editors picks|Editor's picks|Editor’s picks|Our picks|Recent posts|Recent|"
            "Popular posts|Popular|Most popular|Most read|Trending|Trending now|Latest|Latest news|"
            "Latest posts|Latest stories|You may also like|You might also like|More stories|More news|"
            "Recommended|Recommended for you|Recommended stories|Top stories|Don't miss|Don’t miss|"
            "More from Politics|Read next|Up next|Next up|Next up in Sports|Related links|Explore further|"
            "In case you missed it|Also in Business|Promoted stories:"
        ).split("|"),
        *(
            f"{start}: The mayor's new budget plan for the city"
            for start in (
                "Read more|Read also|Also read|See also|See more|Related|Related article|Related story|"
                "Related content|More|Must read|Recommended|Watch|Listen|Also on CNN|Read next|More reading|"
                "Read the full story|Click here to read more"
            ).split("|")
        ),
        *(
            "• Privacy policy|Privacy notice|- Terms of use|* Cookies|· Cookie settings|Terms & conditions|"
            "About us|About|Contact us|Advertise with us|DMCA|Disclaimer|Sitemap|Careers|FAQ|Imprint|"
            "Impressum|Accessibility|Do not sell my personal information|Your privacy choices|Home|Website|"
            "• Do not sell my personal information"
        ).split("|"),
        *(
            "June 17, 2025|17th June 2025|2025-06-17|6/17/25|Tue, June 17, 2025 at 10:30 am EDT|"
            "Wednesday June 18, 2025|Updated: Sept. 3, 2024 10:00|Published 3 Jan 2024|Posted: 2024-01-03|"
            "Last updated 12.01.2024|3 hours ago|An hour ago|a day ago|One week ago at 9:05 pm|"
            "Mon 6 May 2024|Thu, May 2, 2024|Fri 3 May 2024|Sat, 4 May 2024|Sun May 5 2024|"
            "Frıday, May 3, 2024|Publıshed June 17, 2025|PUBLİSHED: June 17, 2025"  # (?i) takes ı and İ for i
        ).split("|"),
        *(
            f"{month} {day}, 2024"
            for day, month in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)
        ),
        *(f"{day} June 2024" for day in range(1, 10)),
        "05/06/2024",
    ]
    samples = len(lines)
    lines += _golden_and_example_lines()
    for rule in rules:
        _, bounded = apply_rules(lines, (rule,))
        _, plain = apply_rules(lines, (replace(rule, starts_with=()),))
        assert bounded.dropped == plain.dropped, rule.id
    _, dropped = apply_rules(lines[:samples], tuple(rules))
    assert set(dropped.dropped) == set(range(samples))  # every sample is a way a pattern starts


def _first_letter_guards(pattern: str) -> list[tuple[str, list[str]]]:
    """Each one-letter lookahead '(?=[..])' of ``pattern`` that comes right before a group
    '(?:a|b|...)', with that group's top-level alternatives."""
    guards = []
    for guard in re.finditer(r"\(\?=\[([A-Za-z]+)\]\)\(\?:", pattern):
        depth, alternatives, piece = 0, [], ""
        for char in pattern[guard.end() :]:
            if char == ")" and depth == 0:
                break
            depth += (char == "(") - (char == ")")
            if char == "|" and depth == 0:
                alternatives.append(piece)
                piece = ""
            else:
                piece += char
        guards.append((guard.group(1), [*alternatives, piece]))
    return guards


def test_first_letter_lookaheads_cover_their_words():
    """A lookahead '(?=[gasi])' spares the engine trying a list of words at every position;
    a word added to the list without its first letter there would never match, silently."""
    generic = tomllib.loads((Path(__file__).resolve().parents[1] / "rules" / "generic.toml").read_text("utf-8"))
    checked = 0
    for rule in generic["rule"]:
        for letters, words in _first_letter_guards(rule.get("pattern", "")):
            for word in words:
                assert word[0] in letters or word[0].swapcase() in letters, (rule["id"], letters, word)
                checked += 1
    assert checked >= 30  # the guards of generic.caption and generic.newsletter
    assert _first_letter_guards(r"x(?=[ab])(?:apple|b(?:e|y)|c)") == [("ab", ["apple", "b(?:e|y)", "c"])]


COMMENT_HEADERS = [
    "12 responses to “Why the bridge closed”",
    "3 Comments on Why the bridge closed",
    "Jane Roe says:",
    "mark_t wrote:",
    "Bob Smith on June 5, 2019 at 10:58 am said:",
    "Anna K. on 3 May 2021 at 9:05 pm",
]


def test_comment_headers_start_the_comment_thread_and_pass_its_prefilter():
    """Each kind of comment header matches the rule's start and holds one of its literals
    (a line without one is never tried); a thread runs from its first header to the end,
    and a quote introduced by 'she says:' is not a thread."""
    from cleaner.pipeline import Config, rules_for

    rule = next(r for r in rules_for(Config()).generic if r.id == "generic.comment-thread")
    for header in COMMENT_HEADERS:
        assert rule.start.search(header), header
        assert any(literal in header.casefold() for literal in rule.contains), header
    said = "The minister said on Monday at 10:30 that the bridge would reopen in the spring."
    assert not rule.start.search(said)
    article = ["The bridge closed on Monday.", said, "“It will reopen,” she said."]
    thread = [COMMENT_HEADERS[2], "Great piece.", COMMENT_HEADERS[4], "I disagree with the council."]
    _, outcome = apply_rules(article + thread, (rule,))
    assert sorted(outcome.dropped) == list(range(len(article), len(article) + len(thread)))
    _, outcome = apply_rules([*article, "She says:", "“It will reopen.”"], (rule,))
    assert not outcome.dropped


PREFILTER_SAMPLES = {
    "generic.caption": [
        "Media caption The ferry leaves the north pier",
        "Above: The new pier at dawn",
        "Below : the old pier",
        "Pictured: the mayor at the opening",
        "Photo by Jane Roe",
        "Photo illustration courtesy of Harbour Times",
        *(
            f"{label}{separator} the ferry at dawn"
            for label in ("Video", "Watch", "Source", "Gallery", "Credit")
            for separator in (":", " :", "|", " |")
        ),
        "Above :the new pier",
        "Image 3 of 12",
        "The mayor opens the new pier on Monday (AP)",
        "The ferry at the north pier (Photo: Jane Roe/Reuters)",
        "The ferry at the north pier. Getty Images / AFP",
        "The ferry at the north pier (Image credit: NASA)",
        "The ferry at the north pier. Credit: Jane Roe",
    ],
    "generic.byline-readtime": [
        "By Jane Roe February 18, 2025 No Comments7 Mins Read",
        "5 min read",
        "12 minutes reading time",
        "Reading time: 4 min",
        "Read time 3min",
        "potusBy potusFebruary 18, 2025No Comments 7 Mins Read",
        "By Jane Roe | No Comments 3",
    ],
    "generic.newsletter": [
        "Sign up for our newsletter",
        "Join our mailing list for updates",
        "Subscribe to our daily newsletter",
        "Subscribe now!",
        "Enter your email address",
        "Enter your e-mail",
        "Your email address",
        "E-mail address",
        "Get the latest news from the harbour",
        "Join 4,210 other subscribers",
        "The best stories delivered straight to your inbox",
    ],
}


@pytest.mark.parametrize("rule_id", sorted(PREFILTER_SAMPLES))
def test_what_a_rule_drops_holds_one_of_its_literals(rule_id):
    """The literal prefilter passes every line the pattern drops: each kind of line the
    rule is for holds one of its literals, and is dropped."""
    from cleaner.pipeline import Config, rules_for

    rule = next(r for r in rules_for(Config()).generic if r.id == rule_id)
    samples = PREFILTER_SAMPLES[rule_id]
    for line in samples:
        assert rule.pattern.search(line), line
        assert any(literal in line.casefold() for literal in rule.contains), line
    _, outcome = apply_rules(samples, (rule,))
    assert sorted(outcome.dropped) == list(range(len(samples)))
