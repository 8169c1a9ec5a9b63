"""The counts a decision's Điều 1 and its page say: two digits under ten, Vietnamese grouping from 1.000."""

import pytest

from campaign.services.decisions import counts_text


@pytest.mark.parametrize("collectives, individuals, expected", [
    (0, 4, "04 cá nhân"),
    (1, 0, "01 tập thể"),
    (2, 25, "02 tập thể và 25 cá nhân"),
    (0, 1000, "1.000 cá nhân"),
    (12, 1250, "12 tập thể và 1.250 cá nhân"),
    (0, 0, "00 cá nhân"),
])
def test_counts_text(collectives, individuals, expected):
    assert counts_text(collectives, individuals) == expected
