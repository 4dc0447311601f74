"""Reading the stored article format and cutting sentences with their offsets."""

import pytest

from meetings.extraction.parsing import ArticleFormatError, parse_article, split_sentences


def test_the_date_line_and_the_text():
    parsed = parse_article(b" date 2019-05-10 Envoys meet in Seoul\n\nThey met.")
    assert (
        str(parsed.published) == "2019-05-10"
        and parsed.body.startswith("Envoys meet")
        and parsed.title == "Envoys meet in Seoul"
    )


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty"),
        (b"\x00\x01", "binary"),
        ("caf\xe9".encode("latin-1"), "not UTF-8"),
        (b"Envoys met.", "line 1: expected"),
        (b" date 2019-02-30 x", "impossible date"),
        (b" date 2019-05-10  ", "no text"),
    ],
)
def test_broken_files_say_why(raw, reason):
    with pytest.raises(ArticleFormatError, match=reason):
        parse_article(raw)


def test_sentences_keep_abbreviations_and_offsets():
    body = "U.S. envoy Stephen E. Biegun met Kang on Dec. 7 in Seoul. He left.\nA caption without a full stop"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "U.S. envoy Stephen E. Biegun met Kang on Dec. 7 in Seoul.",
        "He left.",
        "A caption without a full stop",
    ]
    assert all(body[s.start : s.end] == s.text for s in sentences)


def test_a_line_that_runs_on_in_lower_case_continues_its_sentence():
    body = "The declaration was signed by President Moon Jae-in\nand leader Kim Jong Un on April 27."
    [sentence] = split_sentences(body)
    assert sentence.text.startswith("The declaration") and sentence.text.endswith("April 27.")
