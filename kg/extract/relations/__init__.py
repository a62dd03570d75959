"""Relation rules over the dependency parse.

Each rule starts from a cue of the lexicon (``ontologies/cues.toml``) and
follows dependency arcs to the agent and target actors:

- ``accuses``: accusation verbs ("A accused B of ..."), accusation nouns
  ("A's allegations against B", "B faced charges from A"), and statements in
  an actor's voice that B did wrong ("X said B stole ...", an embassy writing
  "the US abused ...", "Canada's arbitrary detention of ...").
- ``denies``: denial verbs ("A denied the claims", "A hit back at"), and
  evaluations of a claim in an actor's voice ("baseless allegations",
  "nothing but a smokescreen", "strong dissatisfaction and firm opposition").
  The target is the claimant: the author of the denied claim, or the last
  actor that accused the denier in this article.
- ``cites``: communication verbs ("A said", "A told"), "according to A",
  "citing A", and authored sources ("A's report", "the Snowden leaks"); the
  agent is whoever speaks at that point (the article, a quoted speaker, a
  transcript turn).

Negated, hedged, conditional and interrogative cues give no accusation or
denial.

The rules are split by relation family, one mixin class per module:

- :mod:`.accuses` (:class:`AccusationRules`), :mod:`.denies`
  (:class:`DenialRules`), :mod:`.cites` (:class:`CitationRules`) and
  :mod:`.measures` (:class:`MeasureRules`: criticizes, threatens, sanctions,
  defends, demands) hold the rules of each family;
- :mod:`.base` (:class:`RuleBase`) holds the document state and the helpers
  they share: arguments of a cue, who speaks, modality, and the output;
- :mod:`.finder` combines them into :class:`RelationFinder`, whose
  ``_token_rules`` dispatches each token to the rules its cues call for.
"""

from kg.extract.relations.finder import RelationFinder

__all__ = ["RelationFinder"]
