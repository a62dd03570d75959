"""One focused case per extraction mechanism: quote attribution, reported
speech, coreference, negation and hedging, claim text, the relation types
beyond the scored three, and the GUIDELINES.md clarifications.

Every sentence is hand-written about disputes outside the eval set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from kg.extract import extract
from kg.records import Article, Relation, RelationType

pytestmark = pytest.mark.model

Triple = tuple[str, str, str]
Run = Callable[..., set[Triple]]

ART = "@article"
US = "United States government"
CN = "Chinese government"
RU = "Russian government"
MFA = "Chinese Ministry of Foreign Affairs"
DOC = "US Department of Commerce"
DOJ = "US Department of Justice"
DOD = "US Department of Defense"
KL = "Kaspersky Lab"
WSJ = "The Wall Street Journal"


def check(found: set[Triple], present: frozenset[Triple], absent: frozenset[Triple]) -> None:
    missing = present - found
    unwanted = absent & found
    assert not missing and not unwanted, f"missing={missing} unwanted={unwanted} found={found}"


# 1. Quote attribution ---------------------------------------------------------

QUOTES = [
    pytest.param(
        '"ZTE lied to federal investigators for years," the Commerce Department said.',
        frozenset({(DOC, "accuses", "ZTE"), (ART, "cites", DOC)}),
        frozenset({(ART, "accuses", "ZTE")}),
        id="straight-quote-then-speaker",
    ),
    pytest.param(
        "“TikTok illegally collected the personal data of children,” the FTC said on Monday.",
        frozenset({("FTC", "accuses", "TikTok"), (ART, "cites", "FTC")}),
        frozenset({(ART, "accuses", "TikTok")}),
        id="curly-quote-then-speaker",
    ),
    pytest.param(
        '"ZTE lied to us again and again," said Wilbur Ross.',
        frozenset({("Wilbur Ross", "accuses", "ZTE"), (ART, "cites", "Wilbur Ross")}),
        frozenset(),
        id="quote-said-inverted",
    ),
    pytest.param(
        "Kaspersky Lab said, “The NSA planted spyware on the phones of our researchers.”",
        frozenset({(KL, "accuses", "NSA"), (ART, "cites", KL)}),
        frozenset(),
        id="speaker-then-curly-quote",
    ),
    pytest.param(
        '"We have the evidence and we will go to court. China stole our chip designs," '
        "Nvidia said.",
        frozenset({("Nvidia", "accuses", CN), (ART, "cites", "Nvidia")}),
        frozenset({(ART, "accuses", CN)}),
        id="quote-spans-two-sentences",
    ),
    pytest.param(
        '"Washington is abusing state power to suppress Chinese companies," '
        "the foreign ministry spokesperson Geng Shuang said.",
        frozenset({("Geng Shuang", "accuses", US), (ART, "cites", "Geng Shuang")}),
        frozenset({(MFA, "accuses", US)}),
        id="named-ministry-spokesperson",
    ),
    pytest.param(
        '"We reject the Commerce Department\'s claims," ZTE said.',
        frozenset({("ZTE", "denies", DOC)}),
        frozenset(),
        id="we-in-quote-is-speaker",
    ),
    pytest.param(
        '"We accuse Washington of economic bullying," a ZTE spokeswoman said.',
        frozenset({("ZTE", "accuses", US), (ART, "cites", "ZTE")}),
        frozenset(),
        id="we-as-agent-in-quote",
    ),
    pytest.param(
        "Eugene Kaspersky said:\n\n“We reject the FBI's allegations against our company.”",
        frozenset({("Eugene Kaspersky", "denies", "FBI"), (ART, "cites", "Eugene Kaspersky")}),
        frozenset({(ART, "denies", "FBI")}),
        id="block-quote-after-colon",
    ),
    pytest.param(
        "The Commerce Department accused Huawei of stealing trade secrets. "
        "A Huawei spokesman said the company rejected the charges.",
        frozenset({("Huawei", "denies", DOC), (ART, "cites", "Huawei")}),
        frozenset(),
        id="unnamed-company-spokesman",
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), QUOTES)
def test_quote_attribution(
    relations_of: Run, text: str, present: frozenset[Triple], absent: frozenset[Triple]
) -> None:
    check(relations_of(text), present, absent)


# 2. Reported speech -----------------------------------------------------------

REPORTED = [
    pytest.param(
        "The FBI said that Salt Typhoon stole call records from American telecom carriers.",
        frozenset({("FBI", "accuses", "Salt Typhoon"), (ART, "cites", "FBI")}),
        frozenset(),
        id="said-that-stole",
    ),
    pytest.param(
        "According to the Justice Department, ZTE violated US sanctions on Iran.",
        frozenset({(ART, "cites", DOJ), (DOJ, "accuses", "ZTE")}),
        frozenset(),
        id="according-to-with-wrongdoing",
    ),
    pytest.param(
        "According to a CISA advisory, Salt Typhoon hacked at least nine telecom companies.",
        frozenset({(ART, "cites", "CISA"), ("CISA", "accuses", "Salt Typhoon")}),
        frozenset(),
        id="according-to-advisory",
    ),
    pytest.param(
        "Kaspersky Lab told Reuters that it had never worked for Russian intelligence.",
        frozenset({(ART, "cites", KL)}),
        frozenset({(KL, "cites", "Reuters")}),
        id="told-reuters",
    ),
    pytest.param(
        "Eugene Kaspersky told Reuters that he rejected the FBI's claims.",
        frozenset({("Eugene Kaspersky", "denies", "FBI"), (ART, "cites", "Eugene Kaspersky")}),
        frozenset(),
        id="told-reuters-denial",
    ),
    pytest.param(
        "Citing documents from the Commerce Department, Bloomberg reported that Nvidia "
        "chips were smuggled into China.",
        frozenset({(ART, "cites", "Bloomberg News"), ("Bloomberg News", "cites", DOC)}),
        frozenset(),
        id="citing-documents",
    ),
    pytest.param(
        "US officials said ZTE had violated export rules by shipping routers to North Korea.",
        frozenset({(US, "accuses", "ZTE"), (ART, "cites", US)}),
        frozenset(),
        id="officials-said",
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), REPORTED)
def test_reported_speech(
    relations_of: Run, text: str, present: frozenset[Triple], absent: frozenset[Triple]
) -> None:
    check(relations_of(text), present, absent)


# 3. Coreference ---------------------------------------------------------------

COREF = [
    pytest.param(
        "TikTok filed a lawsuit in Washington on Tuesday. "
        "It accused the Commerce Department of violating the First Amendment.",
        frozenset({("TikTok", "accuses", DOC)}),
        frozenset(),
        id="it",
    ),
    pytest.param(
        "Christopher Wray testified before the committee on Thursday. "
        "He accused Huawei of stealing trade secrets.",
        frozenset({("Christopher Wray", "accuses", "Huawei")}),
        frozenset(),
        id="he",
    ),
    pytest.param(
        "Gina Raimondo spoke to reporters in August. "
        "She accused China of stealing American chip technology.",
        frozenset({("Gina Raimondo", "accuses", CN)}),
        frozenset(),
        id="she",
    ),
    pytest.param(
        "The FCC accused DJI of sending flight data to Beijing. "
        "The company rejected the allegations.",
        frozenset({("DJI", "denies", "FCC"), ("FCC", "accuses", "DJI")}),
        frozenset(),
        id="the-company",
    ),
    pytest.param(
        "Washington accused Huawei of stealing router code. The Chinese firm rejected the charges.",
        frozenset({("Huawei", "denies", US)}),
        frozenset(),
        id="the-chinese-firm",
    ),
    pytest.param(
        "Kaspersky Lab accused the NSA of hiding spyware in hard drive firmware. "
        "The agency rejected the allegations.",
        frozenset({("NSA", "denies", KL)}),
        frozenset(),
        id="the-agency",
    ),
    pytest.param(
        "Christopher Wray accused Huawei of spying for Beijing. Huawei rejected his claims.",
        frozenset({("Huawei", "denies", "Christopher Wray")}),
        frozenset(),
        id="possessive-his",
    ),
    pytest.param(
        "Kaspersky Lab published a long report on the NSA. The agency rejected its findings.",
        frozenset({("NSA", "denies", KL)}),
        frozenset(),
        id="possessive-its",
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), COREF)
def test_coreference(
    relations_of: Run, text: str, present: frozenset[Triple], absent: frozenset[Triple]
) -> None:
    check(relations_of(text), present, absent)


# 4. Negation, hedging, questions ----------------------------------------------

NO_RELATION = [
    pytest.param(
        "Nvidia did not accuse the Chinese government of stealing its designs.",
        (("Nvidia", "accuses", CN),),
        id="did-not-accuse",
    ),
    pytest.param(
        "DJI never accused the Pentagon of lying about its drones.",
        (("DJI", "accuses", DOD),),
        id="never-accused",
    ),
    pytest.param(
        "Kaspersky Lab refused to deny the FBI's allegations.",
        ((KL, "denies", "FBI"),),
        id="refused-to-deny",
    ),
    pytest.param(
        "TikTok may be asked to deny the allegations made by the FCC.",
        (("TikTok", "denies", "FCC"),),
        id="may-be-asked-to-deny",
    ),
    pytest.param(
        "Will Kaspersky deny the FBI's claims?",
        ((KL, "denies", "FBI"),),
        id="question-deny",
    ),
    pytest.param(
        "Did the FBI accuse Kaspersky Lab of spying?",
        (("FBI", "accuses", KL),),
        id="question-accuse",
    ),
    pytest.param(
        "ZTE has not denied the Commerce Department's allegations.",
        (("ZTE", "denies", DOC),),
        id="has-not-denied",
    ),
    pytest.param(
        "The Commerce Department could accuse ZTE of violating the settlement.",
        ((DOC, "accuses", "ZTE"),),
        id="could-accuse",
    ),
    pytest.param(
        "If Huawei rejects the FCC's allegations, the agency will publish more evidence.",
        (("Huawei", "denies", "FCC"),),
        id="conditional-reject",
    ),
]


@pytest.mark.parametrize(("text", "absent"), NO_RELATION)
def test_negated_hedged_and_asked_cues_give_nothing(
    relations_of: Run, text: str, absent: tuple[Triple, ...]
) -> None:
    check(relations_of(text), frozenset(), frozenset(absent))


# 5. Claims --------------------------------------------------------------------


def _relations(nlp: Language, text: str) -> tuple[Relation, ...]:
    return extract(nlp(text), Article(text, "m.txt")).relations


def _one(relations: tuple[Relation, ...], agent: str, kind: RelationType, target: str) -> Relation:
    found = [
        r
        for r in relations
        if r.agent_label == agent and r.type is kind and r.target.label == target
    ]
    assert found, f"no {agent} {kind} {target} in {relations}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "agent", "target", "fragment"),
    [
        pytest.param(
            "The Justice Department accused Huawei of stealing trade secrets from Cisco.",
            DOJ,
            "Huawei",
            "stealing trade secrets",
            id="accuse-of",
        ),
        pytest.param(
            "The FBI said that Salt Typhoon stole call records from telecom carriers.",
            "FBI",
            "Salt Typhoon",
            "stole call records",
            id="said-that",
        ),
        pytest.param(
            "The FTC alleged that TikTok collected the data of children without consent.",
            "FTC",
            "TikTok",
            "collected the data of children",
            id="alleged-that",
        ),
    ],
)
def test_accusation_claim_text(
    nlp: Language, text: str, agent: str, target: str, fragment: str
) -> None:
    accusation = _one(_relations(nlp, text), agent, RelationType.ACCUSES, target)
    assert accusation.claim is not None and fragment in accusation.claim


@pytest.mark.parametrize(
    ("text", "accuser", "denier"),
    [
        pytest.param(
            "The FCC accused DJI of sending flight data to Beijing. DJI rejected the accusation.",
            "FCC",
            "DJI",
            id="next-sentence",
        ),
        pytest.param(
            "The Justice Department accused ZTE of lying to investigators. "
            "The company dismissed the charges.",
            DOJ,
            "ZTE",
            id="next-sentence-description",
        ),
    ],
)
def test_denial_links_to_the_accusation_claim(
    nlp: Language, text: str, accuser: str, denier: str
) -> None:
    relations = _relations(nlp, text)
    accusation = _one(relations, accuser, RelationType.ACCUSES, denier)
    denial = _one(relations, denier, RelationType.DENIES, accuser)
    assert accusation.claim is not None
    assert denial.claim == accusation.claim


# 6. Relation types beyond the scored three ------------------------------------

EXTRA = [
    pytest.param(
        "Senator Marco Rubio criticized Nvidia on Tuesday.",
        frozenset({("Marco Rubio", "criticizes", "Nvidia")}),
        frozenset(),
        id="criticizes-bare",
    ),
    pytest.param(
        "The European Commission criticized TikTok for its failure to protect children.",
        frozenset(
            {
                ("European Commission", "criticizes", "TikTok"),
                ("European Commission", "accuses", "TikTok"),
            }
        ),
        frozenset(),
        id="criticizes-for-keeps-accuses",
    ),
    pytest.param(
        "The Chinese foreign ministry slammed Washington for its smear campaign against Huawei.",
        frozenset({(MFA, "criticizes", US), (MFA, "accuses", US)}),
        frozenset(),
        id="slammed-for-keeps-accuses",
    ),
    pytest.param(
        "The Chinese government urged Washington to stop suppressing Chinese companies.",
        frozenset({(CN, "demands", US), (CN, "accuses", US)}),
        frozenset(),
        id="demands-stop-keeps-accuses",
    ),
    pytest.param(
        "The FCC urged DJI to hand over its flight records.",
        frozenset({("FCC", "demands", "DJI")}),
        frozenset({("FCC", "accuses", "DJI")}),
        id="urged-to",
    ),
    pytest.param(
        "Washington threatened ZTE with fresh penalties.",
        frozenset({(US, "threatens", "ZTE")}),
        frozenset({(US, "sanctions", "ZTE")}),
        id="threatens-object",
    ),
    pytest.param(
        "Beijing threatened the Netherlands with countermeasures over the chip export controls.",
        frozenset({(CN, "threatens", "Dutch government")}),
        frozenset(),
        id="threatens-countermeasures",
    ),
    pytest.param(
        "The Commerce Department added DJI to the Entity List in December.",
        frozenset({(DOC, "sanctions", "DJI")}),
        frozenset({(DOC, "accuses", "DJI")}),
        id="sanctions-entity-list",
    ),
    pytest.param(
        "The Bureau of Industry and Security imposed new export controls on YMTC.",
        frozenset({("Bureau of Industry and Security", "sanctions", "YMTC")}),
        frozenset(),
        id="sanctions-export-controls",
    ),
    pytest.param(
        "Canada banned TikTok from government phones.",
        frozenset({("Canadian government", "sanctions", "TikTok")}),
        frozenset({("Canadian government", "accuses", "TikTok")}),
        id="sanctions-ban",
    ),
    pytest.param(
        "The Commerce Department put ZTE on the Entity List and accused the company of lying.",
        frozenset({(DOC, "sanctions", "ZTE"), (DOC, "accuses", "ZTE")}),
        frozenset(),
        id="sanctions-keeps-accuses",
    ),
    pytest.param(
        "Jensen Huang defended Nvidia in an interview with CNBC.",
        frozenset({("Jensen Huang", "defends", "Nvidia")}),
        frozenset(),
        id="defends-bare",
    ),
    pytest.param(
        "The Global Times defended ZTE and said the US charges were a smear.",
        frozenset(
            {
                ("Global Times", "defends", "ZTE"),
                ("Global Times", "denies", US),
                ("Global Times", "accuses", US),
            }
        ),
        frozenset(),
        id="defends-keeps-denies",
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), EXTRA)
def test_extra_relation_types(
    relations_of: Run, text: str, present: frozenset[Triple], absent: frozenset[Triple]
) -> None:
    check(relations_of(text), present, absent)


# 7. GUIDELINES.md clarifications 3, 4, 6, 7, 13 -------------------------------

CLARIFICATIONS = [
    # 3: slander/smear/fabrication/lies deny and accuse; groundless etc. deny only;
    # pretext accuses only.
    pytest.param(
        "Kaspersky Lab said the claims made by the FBI were lies.",
        frozenset({(KL, "denies", "FBI"), (KL, "accuses", "FBI")}),
        frozenset(),
        id="c3-lies",
    ),
    pytest.param(
        "Huawei said the Wall Street Journal story was a fabrication.",
        frozenset({("Huawei", "denies", WSJ), ("Huawei", "accuses", WSJ)}),
        frozenset(),
        id="c3-fabrication",
    ),
    pytest.param(
        "Beijing rejected the groundless accusations made by CISA.",
        frozenset({(CN, "denies", "CISA")}),
        frozenset({(CN, "accuses", "CISA")}),
        id="c3-groundless-denies-only",
    ),
    pytest.param(
        "DJI dismissed the Pentagon's claims as disinformation.",
        frozenset({("DJI", "denies", DOD)}),
        frozenset({("DJI", "accuses", DOD)}),
        id="c3-disinformation-denies-only",
    ),
    pytest.param(
        "China's Ministry of Commerce said Washington used national security as a pretext.",
        frozenset({("Chinese Ministry of Commerce", "accuses", US)}),
        frozenset({("Chinese Ministry of Commerce", "denies", US)}),
        id="c3-pretext-accuses-only",
    ),
    # 4: state-backed actors accuse the government; named groups are their own actors.
    pytest.param(
        "Microsoft blamed Russian state-sponsored actors for the breach of its email systems.",
        frozenset({("Microsoft", "accuses", RU)}),
        frozenset(),
        id="c4-state-sponsored",
    ),
    pytest.param(
        "The FBI said Chinese state-backed hackers hacked the networks of nine telecom companies.",
        frozenset({("FBI", "accuses", CN)}),
        frozenset(),
        id="c4-state-backed",
    ),
    # 6: "firm opposition" to an accusation denies; opposing a measure gives nothing.
    pytest.param(
        "China expressed firm opposition to the US ban on TikTok.",
        frozenset(),
        frozenset({(CN, "denies", US), (CN, "accuses", US)}),
        id="c6-opposing-a-measure",
    ),
    pytest.param(
        "Washington accused Beijing of hacking. "
        "China expressed strong dissatisfaction and firm opposition to the accusations.",
        frozenset({(CN, "denies", US), (US, "accuses", CN)}),
        frozenset(),
        id="c6-firm-opposition",
    ),
    # 7: a bare hedge gives no accusation; "points fingers at" / "smears" does.
    pytest.param(
        "CISA said the breach was possibly linked to Salt Typhoon.",
        frozenset(),
        frozenset({("CISA", "accuses", "Salt Typhoon")}),
        id="c7-possibly-linked",
    ),
    pytest.param(
        "Mandiant said the intrusion was likely the work of APT41.",
        frozenset(),
        frozenset({("Mandiant", "accuses", "APT41")}),
        id="c7-likely",
    ),
    pytest.param(
        "The Chinese Foreign Ministry said Washington keeps pointing fingers at Huawei.",
        frozenset({(US, "accuses", "Huawei")}),
        frozenset(),
        id="c7-pointing-fingers",
    ),
    pytest.param(
        "Geng Shuang said the United States smears TikTok to hide its own surveillance.",
        frozenset({(US, "accuses", "TikTok")}),
        frozenset(),
        id="c7-smears",
    ),
    # 13: a ban is a sanction, not an accusation, unless a conduct claim is attributed.
    pytest.param(
        "The Commerce Department added YMTC to the Entity List, citing national security.",
        frozenset({(DOC, "sanctions", "YMTC")}),
        frozenset({(DOC, "accuses", "YMTC")}),
        id="c13-entity-list-national-security",
    ),
    pytest.param(
        "The FCC banned new Huawei equipment for national security reasons.",
        frozenset({("FCC", "sanctions", "Huawei")}),
        frozenset({("FCC", "accuses", "Huawei")}),
        id="c13-ban-national-security",
    ),
    pytest.param(
        "The FCC banned Huawei equipment and alleged that the company helps Chinese "
        "intelligence spy on Americans.",
        frozenset({("FCC", "sanctions", "Huawei"), ("FCC", "accuses", "Huawei")}),
        frozenset(),
        id="c13-ban-with-allegation",
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), CLARIFICATIONS)
def test_guideline_clarifications(
    relations_of: Run, text: str, present: frozenset[Triple], absent: frozenset[Triple]
) -> None:
    check(relations_of(text), present, absent)
