"""Relation rules on hand-written sentences (none copied from the eval set)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Run = Callable[..., set[tuple[str, str, str]]]
US = "United States government"
CN = "Chinese government"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Germany accused Russia of hacking the parliament.",
            ("German government", "accuses", "Russian government"),
        ),
        (
            "Microsoft blamed Russia for the intrusion into its email systems.",
            ("Microsoft", "accuses", "Russian government"),
        ),
        (
            "The FBI leveled charges against ZTE over sanctions violations.",
            ("FBI", "accuses", "ZTE"),
        ),
        (
            "Samsung has faced allegations from Apple that it copied the iPhone design.",
            ("Apple", "accuses", "Samsung Electronics"),
        ),
        (
            "Reuters reported that the NSA collected the phone records of millions.",
            ("@article", "cites", "Reuters"),
        ),
        (
            "According to Bloomberg, the Pentagon is reviewing the contract.",
            ("@article", "cites", "Bloomberg News"),
        ),
    ],
)
def test_cue_patterns(relations_of: Run, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in relations_of(text)


def test_denial_targets_the_claimant_of_the_previous_accusation(relations_of: Run) -> None:
    found = relations_of(
        "Washington accused ZTE of selling equipment to Iran. ZTE denied the allegations."
    )
    assert (US, "accuses", "ZTE") in found
    assert ("ZTE", "denies", US) in found
    assert ("@article", "cites", "ZTE") in found


def test_denial_names_its_claimant(relations_of: Run) -> None:
    assert ("TikTok", "denies", US) in relations_of(
        "TikTok rejected the US allegations about data sharing."
    )


def test_denial_without_any_claimant_is_dropped(relations_of: Run) -> None:
    found = relations_of("Kaspersky denied any wrongdoing.")
    assert not {r for r in found if r[1] == "denies"}


@pytest.mark.parametrize(
    "text",
    [
        "Germany did not accuse Russia of hacking the parliament.",
        "Germany never accused Russia of anything.",
        "Germany may accuse Russia of hacking the parliament.",
        "Germany refused to accuse Russia of hacking the parliament.",
        "Will Germany accuse Russia of hacking the parliament?",
        "If Germany accuses Russia of hacking, talks will stop.",
    ],
)
def test_negated_hedged_and_asked_accusations_give_nothing(relations_of: Run, text: str) -> None:
    assert ("German government", "accuses", "Russian government") not in relations_of(text)


def test_reported_speech_belongs_to_the_speaker(relations_of: Run) -> None:
    found = relations_of("British officials said that Russia had stolen vaccine research.")
    assert ("United Kingdom government", "accuses", "Russian government") in found
    assert ("@article", "cites", "United Kingdom government") in found


def test_quote_belongs_to_its_speaker(relations_of: Run) -> None:
    found = relations_of(
        "\u201cThe FBI is spying on ordinary people,\u201d Julian Assange told reporters."
    )
    assert ("Julian Assange", "accuses", "FBI") in found
    assert ("@article", "cites", "Julian Assange") in found


def test_block_quote_introduced_by_a_colon(relations_of: Run) -> None:
    text = (
        "Nokia issued a statement:\n\n"
        "Our competitors have abused their dominance to exclude us from the market.\n\n"
        "Analysts were not surprised."
    )
    found = relations_of(text)
    assert ("@article", "cites", "Nokia") in found


def test_transcript_turns(relations_of: Run) -> None:
    text = (
        "Reuters: The Pentagon said that Huawei equipment could intercept military traffic. "
        "What is your response?\n\n"
        "Hua Chunying: The US has been spreading lies about Chinese companies. "
        "We firmly reject these groundless smears."
    )
    found = relations_of(text)
    assert ("@article", "cites", "Reuters") in found
    assert ("@article", "cites", "Hua Chunying") in found
    assert ("Reuters", "cites", "US Department of Defense") in found
    assert ("Hua Chunying", "accuses", US) in found


def test_pronoun_we_resolves_to_the_speaker(relations_of: Run) -> None:
    text = (
        "Qualcomm issued a statement:\n\n"
        "We reject the baseless accusations made by the European Commission."
    )
    assert ("Qualcomm", "denies", "European Commission") in relations_of(text)


def test_state_descriptions_are_the_government(relations_of: Run) -> None:
    found = relations_of("Chinese officials accused the Dutch government of bowing to pressure.")
    assert (CN, "accuses", "Dutch government") in found


def test_slur_nouns_deny_and_accuse(relations_of: Run) -> None:
    text = (
        "Australia accused China of cyber espionage.\n\n"
        "Beijing said the claims were nothing but slander."
    )
    found = relations_of(text)
    assert ("Australian government", "accuses", CN) in found
    assert (CN, "denies", "Australian government") in found
    assert (CN, "accuses", "Australian government") in found


def test_authored_sources_are_cited(relations_of: Run) -> None:
    found = relations_of("A report by Amnesty International shows the spyware was used widely.")
    assert ("@article", "cites", "Amnesty International") in found


def test_demands_to_stop_accuse(relations_of: Run) -> None:
    found = relations_of(
        "Japan issued a statement:\n\nWe urge North Korea to stop its cyber attacks at once."
    )
    assert ("Japanese government", "demands", "North Korean government") in found
    assert ("Japanese government", "accuses", "North Korean government") in found


def test_article_voice_never_accuses(relations_of: Run) -> None:
    found = relations_of("Russia hacked the Democratic National Committee in 2016.")
    assert not {r for r in found if r[0] == "@article" and r[1] != "cites"}
