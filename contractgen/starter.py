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


@dataclass(frozen=True)
class NetworkAnswers:
    """What `contractgen init` asks for a GP network."""

    area: str
    commissioner: str
    form: str  # federation | network | collaboration | joint_venture | alliance
    practices: int = 3
    extended_access: bool = True
    social_prescribing: bool = True
    today: date = date(2026, 1, 1)


# a federation or joint venture usually trades through a company the practices own; the looser forms
# have a host practice hold the money
COMPANY_FORMS = ("federation", "joint_venture")


def network_starter(a: NetworkAnswers) -> str:
    """A starter file for a GP network: member practices, a network agreement and the chosen schedules."""
    start = date(a.today.year + 1, 4, 1)
    company = a.form in COMPANY_FORMS
    ids = [f"practice_{i}" for i in range(1, a.practices + 1)]
    holder = "federation" if company else ids[0]
    provider = holder
    practices = "".join(f"""  - id: {pid}
    name: {q(f"{a.area} Practice {i}")}        # replace with the practice's legal name
    kind: gp_practice
    role: participant
    ods_code: "X{i:05d}"                # the practice's ODS code
    list_size: 10000
    gp_contract: {{ type: gms, status: retained }}
    illustrative: [name, list_size]     # remove each key from this list once it is confirmed
""" for i, pid in enumerate(ids, 1))
    federation = f"""  - id: federation
    name: {q(f"{a.area} GP Federation Limited")}  # replace with the company's legal name
    kind: gp_federation
    role: provider
    company_number: "00000000"          # replace with its Companies House number
    illustrative: [name, company_number]
""" if company else ""
    share = [100 // len(ids)] * len(ids)
    share[0] += 100 - sum(share)  # the shares must sum to 100
    shares = "".join(f"      - {{ party: {pid}, share: {s} }}\n" for pid, s in zip(ids, share))
    members = "".join(f"    - {{ party: {pid}, votes: 1 }}\n" for pid in ids)
    services = []
    sections = []
    # network money as data, so that the agreement and each schedule state the same payment; the sums
    # are placeholders at about £6 (extended access) and £1.50 (social prescribing) a registered patient
    registered = 10000 * len(ids)
    paid = [(purpose, rate, doc) for purpose, rate, doc, chosen in (
        ("extended access to general practice", 6, "extended_access_schedule", a.extended_access),
        ("social prescribing", 1.5, "social_prescribing_schedule", a.social_prescribing)) if chosen]
    sources = "".join(f"      - {{ payer: commissioner, purpose: {purpose}, annual_amount: {int(registered * rate)}, "
                      f"paid_under: {doc}, illustrative: [annual_amount] }}\n" for purpose, rate, doc in paid) or \
        f"      - {{ payer: commissioner, purpose: the network's shared work, annual_amount: {registered}, " \
        "illustrative: [annual_amount] }\n"
    if a.extended_access:
        services.append("  - id: extended_access\n    name: Extended access to general practice\n"
                        f"    provider: {provider}\n")
        hours = "".join(f"    - {{ day: {d}, opens: \"08:00\", closes: \"20:00\" }}\n"
                        for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
        sections.append(f"""extended_access:                        # a service schedule attached to the network agreement
  attaches_to: network_agreement
  provider: {provider}
  commissioner: commissioner
  start_date: {start.isoformat()}
  hours:                                # 8am to 8pm every day is the national expectation
{hours}  sites:
    - {{ name: {q(f"{a.area} Practice 1")} }}  # add the address
  staffing:
    - {{ role: GP, employer: {provider}, sessions_per_week: 20 }}
    - {{ role: Practice nurse, employer: {provider}, sessions_per_week: 10 }}
  booking_routes:
    - Reception of any member practice
    - NHS 111
  measures:
    - {{ name: Appointments used, target: at least 90% of appointments offered, reported: monthly }}
""")
    if a.social_prescribing:
        services.append("  - id: social_prescribing\n    name: Social prescribing\n"
                        f"    provider: {provider}\n")
        sections.append(f"""social_prescribing:                     # a service schedule attached to the network agreement
  attaches_to: network_agreement
  provider: {provider}
  start_date: {start.isoformat()}
  sites:
    - {{ name: {q(f"{a.area} Practice 1")} }}
  staffing:
    - {{ role: Social prescribing link worker, employer: {provider}, wte: 2 }}
  referral_criteria:
    - Adults who are lonely or socially isolated
  referral_routes:
    - {{ source: GPs and practice staff, method: a referral form in the practice's clinical system }}
    - {{ source: Self-referral, method: by telephone or email to the link worker team }}
  link_workers:
    - {{ employer: {provider}, wte: 2, base: across the member practices }}
  partners:
    - {{ name: "Community partner's name", offer: befriending and community groups, illustrative: [name] }}
  measures:
    - {{ name: People referred who see a link worker, target: at least 80%, reported: quarterly }}
""")
    if not services:
        services.append("  - id: shared_care\n    name: Shared clinical services across the member practices\n")
    return f"""# Starter partnership file for a GP network written by `contractgen init`. Every figure below is
# a placeholder: replace it with the network's own before relying on any draft. Values listed
# under `illustrative:` show in the documents as "[value: ILLUSTRATIVE]", highlighted.
# Check it with `contractgen validate`, then build with `contractgen build`.
format: 1

partnership:
  name: {q(f"{a.area} GP Network")}
  area: {q(a.area)}
  care_model: gp_network                # no integration_level: the practices keep their own contracts
  organisational_form: {a.form}
  population:
    registered: {10000 * len(ids)}            # the sum of the practices' lists
    illustrative: [registered]
  start_date: {start.isoformat()}
  term_years: 5
  draft:
    version: "0.1"
    status: working draft
    date: {a.today.isoformat()}

parties:
  - id: commissioner
    name: {q(a.commissioner)}
    kind: ccg
    role: commissioner
{federation}{practices}
services:
{"".join(services)}
network:
  purpose:
    - Offer patients of every member practice joined-up care at scale
  members:
{members}  clinical_lead: {{ name: "Clinical lead's name", title: Clinical Lead, party: {ids[0]}, illustrative: [name] }}
  board:
    name: {q(f"{a.area} Network Board")}
    decision_rule: majority
    quorum: {len(ids) // 2 + 1}
  money:
    held_by: {holder}
    sources:                            # the payments the schedules describe, checked against them
{sources}    shares:                             # must sum to 100
{shares}
  term_years: 5

{"".join(s + chr(10) for s in sections)}"""


@dataclass(frozen=True)
class PlaceAnswers:
    """What `contractgen init` asks for a place-based partnership."""

    area: str  # the footprint
    commissioner: str  # a clinical commissioning group
    council: str
    acute_provider: str
    shared_costs: bool = False
    today: date = date(2026, 1, 1)


def place_starter(a: PlaceAnswers) -> str:
    """A starter file for a place-based partnership: a commissioner, an NHS provider and a council planning
    together under a memorandum of understanding, with or without contributions to shared costs."""
    start = date(a.today.year + 1, 4, 1)
    # a contribution from each payer for every financial year of the three-year term
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(start.year, start.year + 3)]
    lines = "".join(f"      - {{ party: {who}, amount: {amount}, financial_year: {year}, illustrative: [amount] }}\n"
                    for year in years for who, amount in (("commissioner", 100000), ("acute_trust", 50000),
                                                          ("council", 50000)))
    shared = f"""  shared_costs:                         # the only money the memorandum moves, and binding
    purpose: the partnership's programme office
    held_by: commissioner
    contributions:                      # one for every financial year of the term
{lines}""" if a.shared_costs else ""
    return f"""# Starter partnership file for a place-based partnership written by `contractgen init`. Every
# figure below is a placeholder: replace it with the partnership's own before relying on any draft.
# Values listed under `illustrative:` show in the documents as "[value: ILLUSTRATIVE]", highlighted.
# The memorandum of understanding pools no budget and no statutory function: a pooled fund, a
# budget or a risk share needs its own agreement, in a partnership file of its own.
# Check it with `contractgen validate`, then build with `contractgen build`.
format: 1

partnership:
  name: {q(f"{a.area} Health and Care Partnership")}
  area: {q(a.area)}
  care_model: place_based               # no integration_level: each partner keeps its own contracts
  organisational_form: memorandum
  population:
    whole_area: 500000                  # everyone living in the footprint; documents label it as such
    illustrative: [whole_area]
  start_date: {start.isoformat()}
  term_years: 3
  draft:
    version: "0.1"
    status: working draft
    date: {a.today.isoformat()}

parties:                                # commissioners, NHS providers and councils: add every partner
  - id: commissioner
    name: {q(a.commissioner)}
    kind: ccg
    role: commissioner
  - id: acute_trust
    name: {q(a.acute_provider)}
    kind: foundation_trust
    role: provider
  - id: council
    name: {q(a.council)}
    kind: local_authority
    role: commissioner

services:
  - id: acute
    name: Hospital services
    provider: acute_trust
  - id: social_care
    name: Adult social care

place:
  footprint: {q(a.area)}
  areas:
    - {{ name: {q(a.area)}, council: council }}   # add each place in the footprint, with its population
  priorities:
    - to help people stay well and independent at home
    - to join up care around each place's population
  principles:
    - put the interests of the people of the footprint before those of any one organisation
    - be open with one another about plans, risks and finances, so far as the law allows
  board:                                # it advises; no decision of it binds a partner
    name: {q(f"{a.area} System Leadership Group")}
    members:
      - {{ party: commissioner, role: Accountable Officer }}
      - {{ party: acute_trust, role: Chief Executive }}
      - {{ party: council, role: Chief Executive }}
    chair: 1
    meeting_frequency: monthly
  workstreams:
    - {{ name: Urgent and emergency care, lead: acute_trust, aim: Fewer avoidable emergency admissions }}
    - {{ name: Care closer to home, lead: council, aim: More people supported at home }}
{shared}  review_months: 12
"""


@dataclass(frozen=True)
class CareNetworkAnswers:
    """What `contractgen init` asks for a Primary Care Home or a care-closer-to-home network."""

    care_model: str  # primary_care_home | care_closer_to_home
    area: str
    commissioner: str
    form: str  # network | collaboration (a memorandum) | alliance (a binding alliance agreement)
    practices: int = 3
    today: date = date(2026, 1, 1)


# a Primary Care Home serves 30,000 to 50,000 registered patients; the starter's lists sum to the middle
PCH_REGISTERED = 40_000
CHIN_LIST_SIZE = 8_000


def care_network_starter(a: CareNetworkAnswers) -> str:
    """A starter file for a Primary Care Home or care-closer-to-home network: the commissioner, the practices,
    the community trust, the council and a voluntary organisation as members, with a team drawn from each."""
    start = date(a.today.year + 1, 4, 1)
    pch = a.care_model == "primary_care_home"
    count = max(a.practices, 1)  # both are built around at least one practice's registered list
    ids = [f"practice_{i}" for i in range(1, count + 1)]
    sizes = [PCH_REGISTERED // count] * count if pch else [CHIN_LIST_SIZE] * count
    sizes[0] += PCH_REGISTERED - sum(sizes) if pch else 0
    practices = "".join(f"""  - id: {pid}
    name: {q(f"{a.area} Practice {i}")}        # replace with the practice's legal name
    kind: gp_practice
    role: participant
    ods_code: "X{i:05d}"                # the practice's ODS code
    list_size: {size}
    gp_contract: {{ type: gms, status: retained }}
    illustrative: [name, list_size]     # remove each key from this list once it is confirmed
""" for i, (pid, size) in enumerate(zip(ids, sizes), 1))
    kind = "Primary Care Home" if pch else "Care Closer to Home Network"
    members = "".join(f"    - {{ party: {pid}, brings: general practice for the patients on its registered list }}\n"
                      for pid in ids)
    memorandum = a.form in ("network", "collaboration")
    return f"""# Starter partnership file for a {kind.lower() if not pch else kind} written by `contractgen init`. Every
# figure below is a placeholder: replace it with the members' own before relying on any draft. Values
# listed under `illustrative:` show in the documents as "[value: ILLUSTRATIVE]", highlighted.
# Check it with `contractgen validate`, then build with `contractgen build`.
format: 1

partnership:
  name: {q(f"{a.area} {kind}")}
  area: {q(a.area)}
  care_model: {a.care_model}{" " * max(1, 24 - len(a.care_model))}# no integration_level: every member keeps its own contracts
  organisational_form: {a.form}{" " * max(1, 16 - len(a.form))}# {"a memorandum of understanding that binds no one" if memorandum else "a binding alliance agreement among the members"}
  population:
    whole_area: {sum(sizes) + 5000}                 # everyone living in the area; the registered figure is the sum of the lists
    illustrative: [whole_area]
  start_date: {start.isoformat()}
  term_years: 3
  draft:
    version: "0.1"
    status: working draft
    date: {a.today.isoformat()}

parties:
  - id: commissioner
    name: {q(a.commissioner)}
    kind: ccg
    role: commissioner
{practices}  - id: community_trust
    name: {q(f"{a.area} Community Health NHS Trust")}  # replace with the trust's legal name
    kind: nhs_trust
    role: provider
    illustrative: [name]
  - id: council
    name: {q(f"{a.area} Council")}           # replace with the council's legal name
    kind: local_authority
    role: participant
    illustrative: [name]
  - id: voluntary
    name: {q(f"{a.area} Council for Voluntary Service")}  # replace with the organisation's legal name
    kind: voluntary_sector
    role: participant
    illustrative: [name]

services:
  - id: primary_medical
    name: Primary medical services from the member practices
  - id: community_health
    name: Community nursing and therapy
    provider: community_trust
  - id: social_care
    name: Adult social care
    provider: council

care_network:
  members:                              # every party, and what it brings
{members}    - {{ party: community_trust, brings: community nursing and therapy }}
    - {{ party: council, brings: adult social care assessment and support }}
    - {{ party: voluntary, brings: community connectors and volunteer support }}
    - {{ party: commissioner, brings: commissioning support for the team through its own contracts }}
  aims:
    - keep people well at home and out of hospital when they need not be there
    - give each person who needs more than one service one team that knows them
  team:                                 # one line per role and employer; staff stay with their employer
    - {{ role: GP, employer: practice_1, wte: 1, illustrative: [wte] }}
    - {{ role: Community nurse, employer: community_trust, wte: 4, illustrative: [wte] }}
    - {{ role: Social worker, employer: council, wte: 1, illustrative: [wte] }}
    - {{ role: Community connector, employer: voluntary, wte: 1, illustrative: [wte] }}
  lead: {{ name: "Lead's name", title: Clinical Lead, party: practice_1, illustrative: [name] }}
  forum:
    name: {q(f"{a.area} {kind} Board")}
    meeting_frequency: monthly
    decision_rule: consensus
    quorum: {(count + 4) // 2 + 1}
  review_months: 12
"""
