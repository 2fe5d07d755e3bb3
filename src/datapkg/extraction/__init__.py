"""Machine drafting of annotations: rules (and, when installed, spaCy's French pipeline) that propose records
in the curated format for a curator to correct.

Data flows one way: text.py cuts a source into blocks and sentences; boilerplate.py marks what is not
reporting; registry.py and references.py find the actors a passage names or describes; quotes.py,
speakers.py and date_expressions.py turn quotations and reported speech into statements; triggers.py proposes
events and sanction measures; pipeline.py runs them in order and draft_yaml.py writes the draft.
"""
