"""Layer sizes typed into notebook 2's sizes boxes."""

from __future__ import annotations

import pytest

from backprop_tutorial.core.shapes import check_sizes
from backprop_tutorial.ui.sizes import parse_sizes, sizes_text


@pytest.mark.parametrize(
    "text, sizes",
    [
        ("2, 3, 3, 1", [2, 3, 3, 1]),
        ("[4 5 1]", [4, 5, 1]),
        (" 1;1 ", [1, 1]),
        ((2, 2, 1), [2, 2, 1]),
        ("2; 2; 2", [2, 2, 2]),
        ("+2, 03, 1", [2, 3, 1]),
    ],
)
def test_parse_sizes_accepts_common_spellings(text, sizes):
    assert parse_sizes(text) == sizes
    assert parse_sizes(sizes_text(sizes)) == sizes


@pytest.mark.parametrize(
    "text, words",
    [
        ("2, x, 1", "not a whole number"),
        ("x", "'x' is not a whole number"),
        ("", "separated by commas"),
        ("2", "at least"),
        ("2, 0, 1", "width 0"),
        ("2, -1, 1", "not a whole number"),
        ("2, 1.5, 1", "not a whole number"),
        ("20, 20, 1", "readably"),
        ("1, " * 12 + "1", "layers"),
        ("1, " * 5000 + "1", "layers"),
        ("2, " + "9" * 5000 + ", 1", "5000 digits"),
        ("9" * 5000, "far too wide"),
        ([2, 10**5000, 1], "far too wide"),
        ([2, 2.5, 1], "positive integer"),
        (None, "text like"),
        (7, "text like"),
    ],
)
def test_parse_sizes_rejects_with_a_helpful_message(text, words):
    with pytest.raises(ValueError, match=words) as info:
        parse_sizes(text)
    assert "Exceeds the limit" not in str(info.value)
    assert len(str(info.value)) < 300  # the message quotes the input, never all of it


@pytest.mark.parametrize("text", ["2, x, 1", "2, 1.5, 1", "2, -1, 1", "[2 3; y]"])
def test_the_core_and_the_sizes_box_read_text_with_one_reader(text):
    with pytest.raises(ValueError) as core:
        check_sizes(text)
    with pytest.raises(ValueError) as box:
        parse_sizes(text)
    assert str(core.value) == str(box.value) and "not a whole number" in str(box.value)


def test_a_width_too_long_to_read_gets_the_callers_hint():
    text = "2, " + "9" * 50 + ", 1"
    with pytest.raises(ValueError, match="use at most 1,000,000,000 neurons"):
        check_sizes(text)
    with pytest.raises(ValueError, match="use at most 40 neurons in total"):
        parse_sizes(text)
