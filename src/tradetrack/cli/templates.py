"""The commitments file `tradetrack init --empty` writes: valid as it is, with one commented
example of each kind to copy from (a test checks that the examples, uncommented, are valid)."""

EMPTY = """\
# yaml-language-server: $schema=commitments.schema.json
# Commitments tracked by tradetrack. `tradetrack check` validates this file; the README's
# "The data" section describes every field. Dates are YYYY-MM-DD; quote text that YAML could
# read as a boolean or a number (NO, on, 0201). Required: id, kind, deal, title, party, start,
# sources (at least one), and per kind: a purchase's commodity, target and due (or recurring);
# an investment's target and due (no commodity).
version: 1
settings:
  default_basis: official        # the basis purchases and investments are judged on unless they name one
deals:
  - id: my-deal
    title: A deal (rename me)
    parties: [US, CN]
commitments: []
# Examples: uncomment one, fill in the facts, and put it under `commitments:` (remove the []).
#
#  - id: buy-soybeans
#    kind: purchase
#    deal: my-deal
#    title: CN buys 12 Mt of US soybeans
#    party: CN
#    counterparty: US
#    commodity: soybeans
#    target: {amount: 12, unit: Mt}
#    start: 2025-11-01
#    due: 2025-12-31
#    sources: [{title: White House fact sheet, url: "https://example.org/fact-sheet", date: 2025-11-01}]
#
#  - id: invest
#    kind: investment
#    deal: my-deal
#    title: CN invests $100bn in the US
#    party: CN
#    counterparty: US
#    target: {amount: 100, unit: bnUSD}
#    start: 2025-11-01
#    due: 2028-12-31
#    sources: [{title: Joint statement}]
#
#  - id: rare-earth-suspension
#    kind: suspension
#    deal: my-deal
#    title: CN suspends its rare-earth export controls for a year
#    party: CN
#    start: 2025-11-10
#    end: 2026-11-10
#    sources: [{title: MOFCOM announcement}]
#
#  - id: tariff-cut
#    kind: tariff
#    deal: my-deal
#    title: US cuts a tariff from 20% to 10%
#    party: US
#    from_rate: 20
#    to_rate: 10
#    start: 2025-11-04
#    due: 2025-11-10
#    sources: [{title: Executive order}]
#
#  - id: lift-ban
#    kind: action
#    deal: my-deal
#    title: CN lifts its ban on US logs
#    party: CN
#    start: 2025-11-10
#    due: 2025-11-10
#    sources: [{title: GACC notice}]
"""
