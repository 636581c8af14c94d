"""The catalogue of bad inputs: for each kind of problem (its stable code), an input and the
exact message it gives. test_errors.py checks every case; scripts/regenerate.py writes the
README's "Errors" section from it, so the documented messages are the tested ones.

FILE stands for the path of the file at fault.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    name: str
    code: str  # a key of tradetrack.core.problems.CODES
    file: str  # the file at fault: commitments (the input is the file) or progress (one record a line)
    text: str
    expected: str
    commitments: str = ""  # for a progress case: the commitments file, if not conftest.MINIMAL


CASES = [
    Case(
        "unknown field",
        "unknown-field",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    dew: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:13:5: unknown field 'dew'
   13 |     dew: 2026-01-10
      |     ^
  hint: did you mean 'due'?""",
    ),
    Case(
        "missing field",
        "missing-field",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:5:5: missing field 'title'
    5 |   - id: buy
      |     ^
  hint: add `title:` here""",
    ),
    Case(
        "date in the wrong form",
        "not-a-date",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 10/01/2026
    sources: [{title: test}]
""",
        """\
FILE:13:10: '10/01/2026' is not a date
   13 |     due: 10/01/2026
      |          ^
  hint: write dates as YYYY-MM-DD, e.g. 2025-11-10""",
    ),
    Case(
        "impossible date",
        "not-a-date",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-02-30
    sources: [{title: test}]
""",
        """\
FILE:13:10: '2026-02-30' is not a date
   13 |     due: 2026-02-30
      |          ^
  hint: write dates as YYYY-MM-DD, e.g. 2025-11-10""",
    ),
    Case(
        "NO read as false",
        "yaml-1.1",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: NO
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        "FILE:9:12: 'NO' was read as False (YAML 1.1), not as text\n    9 |     party: NO\n      |            ^\n  hint: quote it: party: \"NO\"",
    ),
    Case(
        "code read as octal",
        "yaml-1.1",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: 0201
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        "FILE:7:11: '0201' was read as 129 (YAML 1.1), not as text\n    7 |     deal: 0201\n      |           ^\n  hint: quote it: deal: \"0201\"",
    ),
    Case(
        "unknown kind",
        "unknown-kind",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchse
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:6:11: unknown kind 'purchse'
    6 |     kind: purchse
      |           ^
  hint: did you mean 'purchase'? kind is one of purchase, investment, suspension, tariff, action""",
    ),
    Case(
        "commodity on an investment",
        "unknown-field",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: invest
    kind: investment
    deal: d
    title: Invest $100bn
    party: CN
    commodity: dollars
    target: {amount: 100, unit: bnUSD}
    start: 2026-01-01
    due: 2028-12-31
    sources: [{title: test}]
""",
        """\
FILE:10:5: an investment has no commodity
   10 |     commodity: dollars
      |     ^
  hint: remove `commodity:`, or write `kind: purchase` if goods are bought""",
    ),
    Case(
        "ambiguous unit",
        "unit",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: MT}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:11:33: ambiguous unit 'MT'
   11 |     target: {amount: 100, unit: MT}
      |                                 ^
  hint: MT is ambiguous (metric tons or million tons): write t or Mt""",
    ),
    Case(
        "negative target",
        "invalid-value",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: -5, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:11:22: amount: input should be greater than 0
   11 |     target: {amount: -5, unit: t}
      |                      ^""",
    ),
    Case(
        "due before start",
        "date-order",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2025-01-10
    sources: [{title: test}]
""",
        """\
FILE:13:10: due 2025-01-10 is before start 2026-01-01
   13 |     due: 2025-01-10
      |          ^
  hint: swap the dates or fix the typo""",
    ),
    Case(
        "duplicate key",
        "duplicate-key",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    due: 2026-01-11
    sources: [{title: test}]
""",
        """\
FILE:14:5: duplicate key 'due' (first at line 13)
   14 |     due: 2026-01-11
      |     ^
  hint: remove one of the two; YAML would silently keep only the last""",
    ),
    Case(
        "duplicate id",
        "duplicate-id",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:15:9: duplicate id 'buy' (first at line 5)
   15 |   - id: buy
      |         ^
  hint: give each commitment its own id""",
    ),
    Case(
        "syntax error",
        "yaml-syntax",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
   party2: x
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:9:4: YAML syntax error: did not find expected '-' indicator
    9 |    party2: x
      |    ^
  hint: check indentation, colons and quotes near this point""",
    ),
    Case(
        "python tag",
        "yaml-tag",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: !!python/object/apply:os.system [echo hi]
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:8:12: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed
    8 |     title: !!python/object/apply:os.system [echo hi]
      |            ^
  hint: tradetrack reads plain YAML only: remove the tag""",
    ),
    Case(
        "empty file",
        "empty-file",
        "commitments",
        "",
        """\
FILE: the file is empty
  hint: start from `tradetrack init`, or see the README for the format""",
    ),
    Case(
        "not a mapping",
        "not-a-mapping",
        "commitments",
        """\
- a
- b
""",
        """\
FILE:1:1: the file must be a mapping with a `commitments:` list
    1 | - a
      | ^
  hint: see the README for the format""",
    ),
    Case(
        "record: unknown commitment",
        "unknown-commitment",
        "progress",
        '{"commitment": "byu", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}',
        """\
FILE:1:1: unknown commitment 'byu'
    1 | {"commitment": "byu", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}
      | ^
  hint: did you mean 'buy'?""",
    ),
    Case(
        "record: unit of another dimension",
        "unit",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "MUSD", "source": "x"}',
        """\
FILE:1:1: unit 'MUSD' (US dollars) does not convert to 't' (mass)
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "MUSD", "source": "x"}
      | ^
  hint: give the figure in a mass unit such as t""",
    ),
    Case(
        "target written as text",
        "target",
        "commitments",
        """\
version: 1
deals:
  - {id: d, title: D, parties: [US, EU]}
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy
    party: EU
    commodity: energy
    target: 600 bnUSD
    start: 2026-01-01
    due: 2026-12-31
    sources: [{title: test}]
""",
        """\
FILE:11:13: target: '600 bnUSD' is text, not an amount and a unit
   11 |     target: 600 bnUSD
      |             ^
  hint: write target: {amount: 600, unit: bnUSD}""",
    ),
    Case(
        "recurring written as a list of years",
        "period",
        "commitments",
        """\
version: 1
deals:
  - {id: d, title: D, parties: [US, EU]}
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy
    party: EU
    commodity: energy
    target: {amount: 100, unit: t}
    start: 2026-01-01
    recurring: [2026, 2027]
    sources: [{title: test}]
""",
        """\
FILE:13:16: recurring: a list, not a mapping
   13 |     recurring: [2026, 2027]
      |                ^
  hint: write recurring: {years: [2026, 2027]}""",
    ),
    Case(
        "years written as a range",
        "period",
        "commitments",
        """\
version: 1
deals:
  - {id: d, title: D, parties: [US, EU]}
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy
    party: EU
    commodity: energy
    target: {amount: 100, unit: t}
    start: 2026-01-01
    recurring: {years: 2026-2028}
    sources: [{title: test}]
""",
        """\
FILE:13:24: years: '2026-2028' is not a list of years
   13 |     recurring: {years: 2026-2028}
      |                        ^
  hint: write years: [2026, 2027, 2028]""",
    ),
    Case(
        "a mistyped standing",
        "invalid-value",
        "commitments",
        """\
version: 1
deals:
  - {id: d, title: D, parties: [US, EU]}
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy
    party: EU
    standing: confirmd
    commodity: energy
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-12-31
    sources: [{title: test}]
""",
        """\
FILE:10:15: standing: unknown value 'confirmd'
   10 |     standing: confirmd
      |               ^
  hint: did you mean 'confirmed'? standing is one of confirmed, reported, stated, unverified""",
    ),
    Case(
        "an unquoted colon in a title",
        "yaml-syntax",
        "commitments",
        """\
version: 1
deals:
  - {id: d, title: D, parties: [US, EU]}
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: US-EU framework: energy
    party: EU
    commodity: energy
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-12-31
    sources: [{title: test}]
""",
        """\
FILE:8:27: YAML syntax error: mapping values are not allowed in this context
    8 |     title: US-EU framework: energy
      |                           ^
  hint: a colon and a space inside an unquoted value start a mapping: quote it, title: "US-EU framework: energy\"""",
    ),
    Case(
        "a party outside the deal",
        "unknown-party",
        "commitments",
        """\
version: 1
deals:
  - {id: us-eu, title: US-EU framework, parties: [US, EU]}
commitments:
  - id: buy
    kind: purchase
    deal: us-eu
    title: Buy 100 t
    party: EY
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:9:12: party 'EY' is not a party to the deal us-eu
    9 |     party: EY
      |            ^
  hint: did you mean 'EU'? its parties: US, EU""",
    ),
    Case(
        "record: a figure before its period",
        "outside-period",
        "progress",
        '{"commitment": "buy", "date": "2025-12-31", "amount": 5, "unit": "t", "source": "x"}',
        """\
FILE:1:1: a figure of 2025-12-31 is before the period of buy (2026-01-01 to 2026-01-10)
    1 | {"commitment": "buy", "date": "2025-12-31", "amount": 5, "unit": "t", "source": "x"}
      | ^
  hint: date it 2026-01-01 or later""",
    ),
    Case(
        "record: date in the wrong form",
        "not-a-date",
        "progress",
        '{"commitment": "buy", "date": "05.01.2026", "amount": 5, "unit": "t", "source": "x"}',
        """\
FILE:1:23: '05.01.2026' is not a date
    1 | {"commitment": "buy", "date": "05.01.2026", "amount": 5, "unit": "t", "source": "x"}
      |                       ^
  hint: write dates as YYYY-MM-DD, e.g. 2025-11-10""",
    ),
    Case(
        "record: not JSON",
        "not-json",
        "progress",
        "{commitment: buy}",
        """\
FILE:1:2: not valid JSON: Expecting property name enclosed in double quotes
    1 | {commitment: buy}
      |  ^
  hint: each line holds one JSON object, e.g. {"commitment": "id", ...}""",
    ),
    Case(
        "record: amount as text",
        "invalid-value",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "amount": "5", "unit": "t", "source": "x"}',
        """\
FILE:1:45: amount: input should be a valid number
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": "5", "unit": "t", "source": "x"}
      |                                             ^""",
    ),
    Case(
        "record: event for a purchase",
        "record-shape",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "event": "done", "source": "x"}',
        """\
FILE:1:1: buy is a purchase: the record needs an amount and unit
    1 | {"commitment": "buy", "date": "2026-01-05", "event": "done", "source": "x"}
      | ^""",
    ),
    Case(
        "comma in an unquoted title",
        "unquoted-comma",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: USTR notice, 85 FR 3741}]
""",
        "FILE:14:36: '85 FR 3741' was read as a field name\n   14 |     sources: [{title: USTR notice, 85 FR 3741}]\n      |                                    ^\n  hint: a comma inside an unquoted value splits it: quote the value, title: \"USTR notice, 85 FR 3741\"",
    ),
    Case(
        "no sources",
        "empty-list",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: []
""",
        """\
FILE:14:14: sources: at least 1 needed
   14 |     sources: []
      |              ^
  hint: add where it was published: - {title: ..., url: ...}""",
    ),
    Case(
        "date out of range",
        "not-a-date",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2999-01-10
    sources: [{title: test}]
""",
        """\
FILE:13:10: '2999-01-10' is not a date between 1900 and 2199
   13 |     due: 2999-01-10
      |          ^
  hint: write dates as YYYY-MM-DD, e.g. 2025-11-10""",
    ),
    Case(
        "infinite number",
        "not-finite",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: .inf, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:11:22: amount: inf is not a finite number
   11 |     target: {amount: .inf, unit: t}
      |                      ^
  hint: give a number such as 12.5""",
    ),
    Case(
        "count unit that is already a unit",
        "unit",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
  count_units: [t]
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:4:17: 't' is already a unit of measure
    4 |   count_units: [t]
      |                 ^
  hint: count units name counted things, e.g. aircraft or plants""",
    ),
    Case(
        "baseline in another dimension",
        "unit",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target:
      baseline: {official: {amount: 5, unit: Mt}}
      increase: {amount: 1, unit: bnUSD}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:12:46: unit 'Mt' (mass) does not convert to 'bnUSD' (US dollars)
   12 |       baseline: {official: {amount: 5, unit: Mt}}
      |                                              ^
  hint: give the figure in US dollars, such as bnUSD: currencies are never converted""",
    ),
    Case(
        "increase without a baseline",
        "target",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {increase: {amount: 100, unit: t}}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:11:24: an increase needs a baseline per basis
   11 |     target: {increase: {amount: 100, unit: t}}
      |                        ^
  hint: add baseline: {us-exports: {amount: ..., unit: ...}}, or give amount and unit""",
    ),
    Case(
        "no baseline on the judged basis",
        "baseline",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target:
      baseline: {us-exports: {amount: 5, unit: t}}
      increase: {amount: 1, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:12:17: no baseline for the official basis (the file's default_basis) this commitment is judged on
   12 |       baseline: {us-exports: {amount: 5, unit: t}}
      |                 ^
  hint: add a baseline for official, or set `basis:` to one of us-exports""",
    ),
    Case(
        "unknown part",
        "roll-up",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: sell
    kind: purchase
    deal: d
    title: Sell
    party: CN
    commodity: soybeans
    target: {amount: 5, unit: MUSD}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: both
    kind: purchase
    deal: d
    title: Both
    party: CN
    commodity: all
    start: 2026-01-01
    parts: [buy, sel]
    sources: [{title: test}]
""",
        """\
FILE:32:18: unknown part 'sel'
   32 |     parts: [buy, sel]
      |                  ^
  hint: did you mean 'sell'?""",
    ),
    Case(
        "roll-up in a cycle",
        "roll-up",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: sell
    kind: purchase
    deal: d
    title: Sell
    party: CN
    commodity: soybeans
    target: {amount: 5, unit: MUSD}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: both
    kind: purchase
    deal: d
    title: Both
    party: CN
    commodity: all
    start: 2026-01-01
    parts: [buy, both]
    sources: [{title: test}]
""",
        """\
FILE:32:12: roll-ups form a cycle: both → both
   32 |     parts: [buy, both]
      |            ^
  hint: a roll-up cannot include itself, directly or through others""",
    ),
    Case(
        "parts of two dimensions",
        "roll-up",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: sell
    kind: purchase
    deal: d
    title: Sell
    party: CN
    commodity: soybeans
    target: {amount: 5, unit: USD}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: both
    kind: purchase
    deal: d
    title: Both
    party: CN
    commodity: all
    start: 2026-01-01
    parts: [buy, sell]
    sources: [{title: test}]
""",
        """\
FILE:32:18: part 'sell' is measured in USD, which does not convert to t
   32 |     parts: [buy, sell]
      |                  ^
  hint: a roll-up adds up parts of one dimension (mass, money or one count unit)""",
    ),
    Case(
        "a year's target outside the years",
        "period",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    recurring:
      years: [2026]
      targets: {2027: {amount: 1, unit: t}}
    sources: [{title: test}]
""",
        """\
FILE:15:23: 2027 is not one of the years [2026]
   15 |       targets: {2027: {amount: 1, unit: t}}
      |                       ^
  hint: add it to `years:`, or remove its target""",
    ),
    Case(
        "stated without saying by whom",
        "standing",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    standing: stated
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:10:15: a commitment stated by one side names that side
   10 |     standing: stated
      |               ^
  hint: add `stated_by:` with the party, e.g. US""",
    ),
    Case(
        "unknown deal",
        "unknown-deal",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
deals:
  - {id: deal-a, title: A, parties: [US, CN]}
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
""",
        """\
FILE:9:11: unknown deal 'd'
    9 |     deal: d
      |           ^
  hint: known deals: deal-a""",
    ),
    Case(
        "amendments out of order",
        "date-order",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
    amendments:
      - {date: 2026-01-05, due: 2026-01-20, summary: later, source: {title: s}}
      - {date: 2026-01-03, due: 2026-01-15, summary: earlier, source: {title: s}}
""",
        """\
FILE:17:16: amendment of 2026-01-03 is listed after one of 2026-01-05
   17 |       - {date: 2026-01-03, due: 2026-01-15, summary: earlier, source: {title: s}}
      |                ^
  hint: list amendments oldest first""",
    ),
    Case(
        "a series in the wrong unit",
        "series",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    series:
      - {basis: us-exports, census: {flow: exports, hs: ["1201"], country: 5700}}
    sources: [{title: test}]
""",
        """\
FILE:15:9: this series gives US dollars, which do not convert to the target's t
   15 |       - {basis: us-exports, census: {flow: exports, hs: ["1201"], country: 5700}}
      |         ^
  hint: for a target in mass, take `measure: quantity`""",
    ),
    Case(
        "a series code the API does not know",
        "unknown-code",
        "commitments",
        """\
version: 1
settings:
  default_basis: usda-esr
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    series:
      - {basis: usda-esr, esr: {commodity: 802, country: 5700}}
    sources: [{title: test}]
""",
        """\
FILE:14:44: 802 is not in the ESR commodities list (https://api.fas.usda.gov/api/esr/commodities, as of 2026-08-20)
   14 |       - {basis: usda-esr, esr: {commodity: 802, country: 5700}}
      |                                            ^
  hint: did you mean 801 (Soybeans), 902 (Soybean Oil), 102 (Wheat - SRW)? `tradetrack codes esr-commodity WORD` looks codes up by code or name""",
    ),
    Case(
        "an amendment for a year the commitment does not recur over",
        "period",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: a
    kind: purchase
    deal: d
    title: A
    party: CN
    commodity: x
    target: {amount: 10, unit: t}
    start: 2026-01-01
    recurring: {years: [2026, 2027]}
    amendments:
      - {date: 2026-02-01, target: {amount: 5, unit: t}, periods: [2029], summary: s, source: {title: s}}
    sources: [{title: s}]
""",
        """\
FILE:15:68: 2029 is not one of the years [2026, 2027]
   15 |       - {date: 2026-02-01, target: {amount: 5, unit: t}, periods: [2029], summary: s, source: {title: s}}
      |                                                                    ^
  hint: name a year the commitment recurs over""",
    ),
    Case(
        "a roll-up of recurring and single parts",
        "roll-up",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: a
    kind: purchase
    deal: d
    title: A
    party: CN
    commodity: x
    target: {amount: 10, unit: t}
    start: 2026-01-01
    recurring: {years: [2026, 2027]}
    sources: [{title: s}]
  - id: b
    kind: purchase
    deal: d
    title: B
    party: CN
    commodity: x
    target: {amount: 10, unit: t}
    start: 2026-01-01
    due: 2026-06-30
    sources: [{title: s}]
  - id: r
    kind: purchase
    deal: d
    title: R
    party: CN
    commodity: x
    start: 2026-01-01
    due: 2027-12-31
    parts: [a, b]
    sources: [{title: s}]
""",
        """\
FILE:33:12: parts must all recur over the same years, or all be single periods
   33 |     parts: [a, b]
      |            ^
  hint: name single periods as id-YEAR, e.g. a-2026""",
    ),
    Case(
        "year weights that miss a year of the period",
        "period",
        "commitments",
        """\
version: 1
settings:
  default_basis: official
commitments:
  - id: b
    kind: purchase
    deal: d
    title: B
    party: CN
    commodity: x
    target: {amount: 10, unit: t}
    start: 2026-01-01
    due: 2026-06-30
    sources: [{title: s}]
  - id: w
    kind: purchase
    deal: d
    title: W
    party: CN
    commodity: x
    start: 2026-01-01
    due: 2027-12-31
    parts: [b]
    year_weights: {2026: 1, 2028: 1}
    sources: [{title: s}]
""",
        """\
FILE:24:19: year_weights must give each year of the period 2026–2027
   24 |     year_weights: {2026: 1, 2028: 1}
      |                   ^
  hint: missing: [2027]; outside the period: [2028]""",
    ),
    Case(
        "record: two kinds of figure",
        "record-shape",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "rate": 10, "source": "x"}',
        """\
FILE:1:1: a record holds exactly one of amount, rate or event
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "rate": 10, "source": "x"}
      | ^
  hint: this one has amount, rate""",
    ),
    Case(
        "record: a tariff figure without a rate",
        "record-shape",
        "progress",
        '{"commitment": "cut", "date": "2026-01-05", "event": "in-force", "source": "x"}',
        """\
FILE:1:1: cut is a tariff: the record needs an observed rate
    1 | {"commitment": "cut", "date": "2026-01-05", "event": "in-force", "source": "x"}
      | ^
  hint: give --rate PERCENT""",
        commitments="""\
version: 1
commitments:
  - id: cut
    kind: tariff
    deal: d
    title: Cut the tariff to 10%
    party: US
    from_rate: 20
    to_rate: 10
    start: 2026-01-01
    due: 2026-01-01
    sources: [{title: test}]
""",
    ),
    Case(
        "record: two records on one line",
        "record-shape",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}, {"commitment": "buy", "date": "2026-01-06", "amount": 5, "unit": "t", "source": "x"}',
        """\
FILE:1:85: more than one JSON value on this line
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}, {"commitment": "buy", "date": "2026-01-06", "amount": 5, "unit": "t", "source": "x"}
      |                                                                                     ^
  hint: put each record on a line of its own""",
    ),
    Case(
        "record: carriage returns alone",
        "line-ends",
        "progress",
        '# a comment\r{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}',
        """\
FILE:1:12: a carriage return without a line feed
    1 | # a comment␍{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}
      |            ^
  hint: save the file with LF (or CRLF) line ends: CR alone hides the lines after it""",
    ),
    Case(
        "record: an integer of thousands of digits",
        "not-finite",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "amount": 1' + "0" * 4999 + ', "unit": "t", "source": "x"}',
        """\
FILE:1:45: amount: a number of 5,000 digits is out of range
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 1"""
        + "0" * 4999
        + """, "unit": "t", "source": "x"}
      |                                             ^
  hint: amounts and rates are at most 1e15; give the figure in a larger unit (kt, Mt)""",
    ),
    Case(
        "record: an infinite amount",
        "not-finite",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "amount": 1e999, "unit": "t", "source": "x"}',
        """\
FILE:1:45: amount: inf is not a finite number
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 1e999, "unit": "t", "source": "x"}
      |                                             ^
  hint: give a number such as 12.5""",
    ),
    Case(
        "record: unknown field",
        "unknown-field",
        "progress",
        '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "sauce": "x"}',
        """\
FILE:1:1: missing field 'source'
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "sauce": "x"}
      | ^
  hint: add "source": ... to the record
FILE:1:71: unknown field 'sauce'
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "sauce": "x"}
      |                                                                       ^
  hint: did you mean 'source'?""",
    ),
    Case(
        "record: two measures on one basis",
        "measure",
        "progress",
        """\
{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "basis": "usda", "source": "x"}
{"commitment": "buy", "date": "2026-01-06", "amount": 5, "unit": "t", "basis": "usda", "measure": "shipped", "source": "x"}""",
        """\
FILE:2:1: the usda figures of buy mix measures: none (line 1) and shipped
    2 | {"commitment": "buy", "date": "2026-01-06", "amount": 5, "unit": "t", "basis": "usda", "measure": "shipped", "source": "x"}
      | ^
  hint: give each measure a basis of its own, e.g. usda-shipped""",
    ),
    Case(
        "record: a to-date figure below the total reached",
        "inconsistent",
        "progress",
        """\
{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}
{"commitment": "buy", "date": "2026-01-06", "amount": 3, "unit": "t", "source": "x"}""",
        """\
FILE:2:1: official figure for buy of 2026-01-06 asserts 3 t to date, but 5 t was reached by line 1 (2026-01-05); difference -2 t
    2 | {"commitment": "buy", "date": "2026-01-06", "amount": 3, "unit": "t", "source": "x"}
      | ^
  hint: correct one of the two figures, or mark a later addition with "increment": true""",
    ),
    Case(
        "record: a lower figure of the same day, not marked as a revision",
        "inconsistent",
        "progress",
        """\
{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}
{"commitment": "buy", "date": "2026-01-05", "amount": 4, "unit": "t", "source": "x"}""",
        """\
FILE:2:1: official figure for buy of 2026-01-05 asserts 4 t to date, but 5 t was reached by line 1 (2026-01-05); difference -1 t
    2 | {"commitment": "buy", "date": "2026-01-05", "amount": 4, "unit": "t", "source": "x"}
      | ^
  hint: if it revises line 1, mark it with "revises": 1; otherwise correct one of the two figures""",
    ),
    Case(
        "record: a decline with no note saying what the source published",
        "record-shape",
        "progress",
        """\
{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}
{"commitment": "buy", "date": "2026-01-12", "amount": 4, "unit": "t", "decline": true, "source": "x"}""",
        """\
FILE:2:1: a decline needs a note saying what the source published
    2 | {"commitment": "buy", "date": "2026-01-12", "amount": 4, "unit": "t", "decline": true, "source": "x"}
      | ^
  hint: add a "note", e.g. "net cancellations of 0.2 Mt published by USDA", or remove "decline\"""",
    ),
]


def _purchase(cid: str, terms: str) -> str:
    return (
        f"  - id: {cid}\n    kind: purchase\n    deal: d\n    title: {cid.upper()}\n    party: CN\n"
        f"    commodity: x\n    start: 2026-01-01\n    {terms}\n    sources: [{{title: s}}]\n"
    )


_HEAD = "version: 1\nsettings:\n  default_basis: official\ncommitments:\n"
_LEAF = "target: {amount: 10, unit: t}\n    due: 2026-12-31"

CASES += [
    Case(
        "a target too small to judge",
        "not-finite",
        "commitments",
        _HEAD + _purchase("buy", "target: {amount: 2.5e-323, unit: t}\n    due: 2026-12-31"),
        """\
FILE:12:22: amount: 2.5e-323 is too small for a target
   12 |     target: {amount: 2.5e-323, unit: t}
      |                      ^
  hint: give 0 or at least 1e-06, or write it in a smaller unit (e.g. t for Mt)""",
    ),
    Case(
        "a part named twice",
        "roll-up",
        "commitments",
        _HEAD + _purchase("a", _LEAF) + _purchase("r", "parts: [a, a]"),
        """\
FILE:22:16: part 'a' is listed twice (first as part 1)
   22 |     parts: [a, a]
      |                ^
  hint: a roll-up adds each part once: remove the repeat""",
    ),
    Case(
        "roll-ups in a longer cycle",
        "roll-up",
        "commitments",
        _HEAD + _purchase("a", _LEAF) + _purchase("r", "parts: [a, s]") + _purchase("s", "parts: [r]"),
        """\
FILE:22:12: roll-ups form a cycle: r → s → r
   22 |     parts: [a, s]
      |            ^
  hint: a roll-up cannot include itself, directly or through others""",
    ),
    Case(
        "roll-ups nested too deep",
        "roll-up",
        "commitments",
        _HEAD + _purchase("p0", _LEAF) + "".join(_purchase(f"p{k}", f"parts: [p{k - 1}]") for k in range(1, 22)),
        """\
FILE:202:12: roll-ups nested more than 20 levels deep: p21 → p20 → p19 → p18 → p17 → p16 → p15 → p14 → p13 → p12 → … → p0 (22 commitments)
  202 |     parts: [p20]
      |            ^
  hint: at most 20 levels of roll-ups above a purchase: name deeper parts directly""",
    ),
    Case(
        "a part whose years' targets are of another dimension",
        "roll-up",
        "commitments",
        _HEAD
        + _purchase("a", "recurring: {years: [2026], year_start: '01-01'}\n    target: {amount: 10, unit: t}")
        + _purchase("b", "recurring: {years: [2026], year_start: '01-01', targets: {2026: {amount: 5, unit: USD}}}")
        + _purchase("r", "parts: [a, b]"),
        """\
FILE:31:16: part 'b' is measured in USD, which does not convert to t
   31 |     parts: [a, b]
      |                ^
  hint: a roll-up adds up parts of one dimension (mass, money or one count unit)""",
    ),
]


def readme_section() -> str:
    """The README's catalogue: each code, what it means, and one tested example."""
    from tradetrack.core.problems import CODES

    lines = [
        "Every problem names its file, line and column, shows the line with a caret under the fault, and",
        "says how to fix it; `check --json` gives each problem's code. The codes, each with a tested example",
        "(generated from tests/catalogue.py):",
        "",
    ]
    lines += ["| code | meaning |", "|---|---|"] + [f"| `{code}` | {meaning} |" for code, meaning in CODES.items()]
    lines.append("")
    shown = set()
    for case in CASES:
        if case.code in shown:
            continue
        shown.add(case.code)
        lines += [f"`{case.code}` ({case.name}):", "", "```text", case.expected, "```", ""]
    return "\n".join(lines)
