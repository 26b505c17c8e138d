"""A commented starter partnership file for `contractgen init`: valid as written, so it builds at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Answers:
    """What `contractgen init` asks."""

    care_model: str  # mcp | pacs
    level: str  # virtual | partial | full
    area: str
    commissioner: str
    lead_provider: str
    acute_provider: str
    practices: int = 2
    today: date = date(2026, 1, 1)
    form: str = ""  # organisational form; "" for the usual one at this level (see FORMS)


# The organisational forms `init` offers at each level, the usual one first: a virtual model is
# an alliance; a single contract is held by a lead provider or a prime provider.
FORMS = {"virtual": ("alliance",), "partial": ("lead_provider", "prime_provider"),
         "full": ("lead_provider", "prime_provider")}


def q(value: str) -> str:
    """A YAML double-quoted string (JSON's escaping is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def starter(a: Answers) -> str:
    model_name = {"mcp": "Multispecialty Community Provider", "pacs": "Integrated Care System"}[a.care_model]
    form = a.form or FORMS[a.level][0]
    lead_role = "prime_provider" if form == "prime_provider" else "lead_provider"
    area_population = 120000 if a.care_model == "mcp" else 260000
    status = {"virtual": "retained", "partial": "retained", "full": "suspended"}[a.level]
    start = date(a.today.year + 1, 4, 1)
    ccg, lead, acute = "commissioner", "lead_provider", "acute_trust"
    practices = []
    for i in range(1, a.practices + 1):
        practices.append(f"""  - id: practice_{i}
    name: {q(f"{a.area} Practice {i}")}        # replace with the practice's legal name
    kind: gp_practice
    role: participant
    # ods_code: add the practice's ODS code (until then the documents show it as to be confirmed)
    list_size: 10000
    gp_contract: {{ type: gms, status: {status} }}
    illustrative: [name, list_size]     # remove each key from this list once it is confirmed
""")
    primary = "\n      primary_medical: true             # full integration: core GP services inside the budget" \
        if a.level == "full" else ""
    sections = []
    if a.level == "virtual":
        sections.append(f"""alliance:                               # a virtual model runs on an alliance agreement
  leadership_team:
    - {{ name: "Chief Officer's name", title: Chief Officer, party: {ccg}, illustrative: [name] }}
    - {{ name: "Chief Executive's name", title: Chief Executive, party: {lead}, illustrative: [name] }}
    - {{ name: "Chief Executive's name", title: Chief Executive, party: {acute}, illustrative: [name] }}
  chair: 1
  decision_rule: unanimous
  objectives:
    - {{ name: Fewer avoidable emergency admissions, kpi: "admissions per 1,000 people", target: 5% fewer by year 3 }}
  risk_reward_pool:                     # gains and losses against the objectives, shared
    amount: 500000
    shares:
      - {{ party: {ccg}, share: 20 }}
      - {{ party: {lead}, share: 50 }}
      - {{ party: {acute}, share: 30 }}
    contributions:                      # where the pool comes from: held back from each own contract
      - {{ party: {ccg}, underlying_contract: {lead}, amount: 250000 }}
      - {{ party: {ccg}, underlying_contract: {acute}, amount: 250000 }}
  underlying_contracts:
    - {{ party: {lead}, contract: NHS Standard Contract for community services, commissioner: {ccg} }}
    - {{ party: {acute}, contract: NHS Standard Contract for acute services, commissioner: {ccg} }}
  term_years: 5
""")
    if a.level == "partial" and a.practices:
        sections.append("""integration_agreement:                  # practices join through integration agreements
  nhs_contract: true
  forum: Practice Forum
  payment_per_patient: 4
  illustrative: [payment_per_patient]
  integrated_services: [community]
""")
    # a virtual model has no single contract and no whole population budget
    money = "" if a.level == "virtual" else f"""budget:
  financial_year: {start.year}/{(start.year + 1) % 100:02d}
  lines:
    - service: community
      amount: 60000000
      commissioner: {ccg}{primary}
      illustrative: [amount]
    - service: acute_outpatients
      amount: 40000000
      commissioner: {ccg}
      illustrative: [amount]

improvement_scheme:
  percent_of_budget: 2
  illustrative: [percent_of_budget]
  metrics:
    - id: admissions
      name: Avoidable emergency admissions
      unit: admissions per 1,000 people
      baseline: 14
      target: 13
      weight: 100
      higher_is_better: false
      illustrative: [baseline, target]

"""
    risk = "" if a.level == "virtual" else f"""risk_share:
  metric: spend on avoidable emergency admissions
  baseline: 30000000
  illustrative: [baseline]
  baseline_year: {start.year - 2}/{(start.year - 1) % 100:02d}
  threshold: {{ amount: 300000, illustrative: [amount] }}
  parties:
    - {{ party: {lead}, gain_share: 50, loss_share: 50 }}
    - {{ party: {acute}, gain_share: 30, loss_share: 30 }}
    - {{ party: {ccg}, gain_share: 20, loss_share: 20 }}

"""
    acknowledged = "" if a.level != "full" else """
acknowledged_warnings:                  # a decision for the partners: keep it only once it is true
  - warning: full-integration
    reason: >-
      The partners have confirmed that the regulations allowing GP contracts to be suspended
      are in force for the start date (replace this with the date and source of that check).
"""
    # with practices, the registered figure is the sum of their lists, so it is not written here
    registered = "" if practices else f"\n    registered: {area_population}            # people registered with the practices"
    return f"""# Starter partnership file written by `contractgen init`. Every figure below is a
# placeholder: replace it with the partnership's own before relying on any draft. Values
# listed under `illustrative:` show in the documents as "[value: ILLUSTRATIVE]", highlighted;
# take a key out of the list once its value is confirmed. `contractgen lint` lists what is open.
# Check it with `contractgen validate`, then build with `contractgen build`.
format: 1

partnership:
  name: {q(f"{a.area} {model_name}")}
  area: {q(a.area)}
  care_model: {a.care_model}
  integration_level: {a.level}
  organisational_form: {form}
  population:{registered}
    whole_area: {area_population}            # everyone in the area; documents label it as such
    illustrative: [whole_area{", registered" if registered else ""}]
  start_date: {start.isoformat()}
  term_years: 10
  draft:
    version: "0.1"
    status: working draft
    date: {a.today.isoformat()}

parties:
  - id: {ccg}
    name: {q(a.commissioner)}
    kind: ccg
    role: co_ordinating_commissioner
  - id: {lead}
    name: {q(a.lead_provider)}
    kind: foundation_trust
    role: {lead_role}
  - id: {acute}
    name: {q(a.acute_provider)}
    kind: foundation_trust
    role: provider
{"".join(practices)}
services:
  - id: community
    name: Community health services
    provider: {lead}
  - id: acute_outpatients
    name: Outpatient services delivered in the community
    provider: {acute}

{money}{risk}procurement:                            # assurance checkpoint dates, in order
  early_engagement: {date(start.year - 2, 4, 1).isoformat()}
  checkpoint_1: {date(start.year - 2, 9, 1).isoformat()}
  checkpoint_2: {date(start.year - 1, 9, 1).isoformat()}
  checkpoint_3: {date(start.year, 2, 1).isoformat()}

{"".join(s + chr(10) for s in sections)}governance:
  board:
    name: {q(f"{a.area} Partnership Board")}
    members:
      - {{ party: {ccg}, role: Chief Officer }}
      - {{ party: {lead}, role: Chief Executive }}
      - {{ party: {acute}, role: Chief Executive }}
    chair: 1
    quorum: 3
    decision_rule: consensus
{acknowledged}"""
