"""GP networks and federations: the care model's own fields and rules, the network agreement, and the
extended access and social prescribing service schedules that name the contract they form part of."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.build import assemble_all
from contractgen.cli import main
from contractgen.context import document_parties
from contractgen.document import inline_text
from contractgen.lint import lint, partnership_names
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.starter import NetworkAnswers, network_starter

from documents import edited, refused
from test_placeholders import _check_partnership as check_placeholders_and_seams
from test_legal_terms import assert_executed, find, table_rows, text_of, unmarked

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "wyvern_vale.yaml"
DUDLEY = ROOT / "examples" / "dudley.yaml"
FORMS = ["federation", "network", "collaboration", "joint_venture", "alliance"]


def build(path: Path):
    loaded = load(path)
    return loaded, assemble_all(loaded, Resources()).documents


@pytest.fixture(scope="module")
def example():
    return build(EXAMPLE)


# ---------------------------------------------------------------- init

@pytest.mark.parametrize("form, extended_access, social_prescribing",
                         list(itertools.product(FORMS, [True, False], [True, False])))
def test_every_network_starter_init_offers_builds_strictly_and_lints_clean(tmp_path, form, extended_access,
                                                                           social_prescribing):
    path = tmp_path / "starter.yaml"
    path.write_text(network_starter(NetworkAnswers("Wessex", "NHS Wessex CCG", form, 3, extended_access,
                                                   social_prescribing, today=date(2026, 1, 1))), encoding="utf-8")
    loaded, docs = build(path)
    assert loaded.unacknowledged == []  # --strict fails on any warning
    expected = {"network_agreement"} | ({"extended_access_schedule"} if extended_access else set()) \
        | ({"social_prescribing_schedule"} if social_prescribing else set())
    assert set(docs) == expected
    names = partnership_names(loaded.partnership)
    for doc_id, assembled in docs.items():
        assert lint(assembled, names) == [], doc_id
        assert_executed(loaded.partnership, doc_id, assembled.document)
    # placeholders are bracketed, never bare, and no list runs a phrase into its stem (the seam check)
    check_placeholders_and_seams(path)
    # a federation or joint venture holds the money in its company; the looser forms in a host practice
    holder = loaded.partnership.party(loaded.partnership.network.money.held_by)
    assert holder.kind == ("gp_federation" if form in ("federation", "joint_venture") else "gp_practice")


def test_init_on_the_command_line_asks_a_network_only_its_own_questions(tmp_path):
    target = tmp_path / "network.yaml"
    # form, extended access?, social prescribing? are asked; no level, lead or acute provider
    result = CliRunner().invoke(main, ["init", str(target), "--care-model", "gp_network", "--area", "Testville",
                                       "--commissioner", "NHS Testville CCG", "--practices", "2"],
                                input="collaboration\ny\nn\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Integration level" not in result.output and "Lead provider" not in result.output
    text = target.read_text(encoding="utf-8")
    assert "organisational_form: collaboration" in text and "\n  integration_level:" not in text
    assert "extended_access:" in text and "social_prescribing:" not in text
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", str(target), "--format", "md", "--out", str(out), "--jobs", "1",
                                      "--strict"], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (out / "network").glob("*.md")) == ["extended_access_schedule.md",
                                                                      "network_agreement.md"]
    level = CliRunner().invoke(main, ["init", str(tmp_path / "x.yaml"), "--care-model", "gp_network", "--level",
                                      "partial", "--area", "A", "--commissioner", "C", "--practices", "2"],
                          catch_exceptions=False)
    assert level.exit_code == 2 and "--level is for an MCP or PACS" in level.output


# ---------------------------------------------------------------- domain rules

def test_network_money_shares_must_sum_to_100(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("{ party: orchard, share: 20,", "{ party: orchard, share: 25,"))
    errors = refused(path)
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l.strip().startswith("shares:")) + 1
    assert f"{path}:{line}:7: network.money.shares: expected shares that sum to 100, got 105" in errors[0]


def test_extended_access_short_of_8am_to_8pm_is_a_warning_named_for_acknowledgement(tmp_path):
    path = edited(EXAMPLE, tmp_path,
                  ('{ day: monday, opens: "08:00", closes: "20:00" }', '{ day: monday, opens: "08:00", closes: "18:30" }'),
                  ("    - { day: saturday, opens: \"08:00\", closes: \"20:00\" }\n", ""),
                  ("days: [saturday, sunday]", "days: [sunday]"),
                  ("acknowledged_warnings:\n  - warning: extended-access-hours", "acknowledged_warnings:\n  - warning: term-length"))
    warnings = {str(w) for w in load(path).unacknowledged}
    monday = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "day: monday" in l)
    assert f"{path}:{monday}:7: warning: extended_access.hours[0]: expected 8am to 8pm on Monday, got 08:00 to " \
           "18:30 [extended-access-hours]" in warnings
    assert any("extended_access.hours: expected hours on every day of the week, got none for Saturday "
               "[extended-access-hours]" in w for w in warnings)
    # the example acknowledges the warning by name: nothing is left to fail --strict
    assert load(EXAMPLE).unacknowledged == []
    assert [w.code for w in load(EXAMPLE).warnings] == ["extended-access-hours"]


def test_a_schedule_attached_to_a_contract_the_partnership_does_not_have_is_refused(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("extended_access:\n  attaches_to: network_agreement",
                                      "extended_access:\n  attaches_to: mcp_contract"))
    errors = refused(path)
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "attaches_to: mcp_contract" in l)
    assert any(e.startswith(f"{path}:{line}:16: extended_access.attaches_to: expected a contract this partnership "
                            "has (network_agreement, or sub_contract), got mcp_contract") for e in errors), errors
    sub = edited(EXAMPLE, tmp_path, ("social_prescribing:\n  attaches_to: network_agreement",
                                     "social_prescribing:\n  attaches_to: sub_contract"))
    assert any("social_prescribing.attaches_to: expected a sub_contract naming the provider and the "
               "sub-contractor" in e for e in refused(sub))


def test_a_schedules_provider_must_be_bound_by_the_contract_it_forms_part_of(tmp_path):
    # the commissioner funds the network but is not a party to the network agreement
    path = edited(EXAMPLE, tmp_path, ("social_prescribing:\n  attaches_to: network_agreement\n  provider: federation",
                                      "social_prescribing:\n  attaches_to: network_agreement\n  provider: wyvern_ccg"))
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "provider: wyvern_ccg" in l)
    assert any(e.startswith(f"{path}:{line}:13: social_prescribing.provider: expected a party to the contract the "
                            "schedule forms part of (network_agreement), got 'wyvern_ccg'") for e in refused(path))


def test_majority_admission_under_a_unanimous_network_board_is_refused(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("    decision_rule: majority\n    quorum: 3", "    decision_rule: unanimous\n    quorum: 3"))
    assert any("legal.new_members: expected 'unanimous' where the network board decides unanimously, got 'majority'"
               in e for e in refused(path))


def test_integration_levels_belong_to_mcp_and_pacs_only(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("  organisational_form: federation", "  integration_level: partial\n"
                                      "  organisational_form: federation"))
    assert any("partnership.integration_level: expected no integration_level for a gp_network, got partial"
               in e for e in refused(path))
    dudley = edited(DUDLEY, tmp_path, ("  integration_level: partial", ""))
    assert any("partnership: expected an integration_level (virtual, partial or full) for a mcp" in e
               for e in refused(dudley))
    form = edited(EXAMPLE, tmp_path, ("organisational_form: federation", "organisational_form: lead_provider"))
    assert any("expected one of federation, network, collaboration, joint_venture, alliance for a gp_network, "
               "got lead_provider" in e for e in refused(form))


def test_network_members_must_be_practices_and_the_holder_a_member_or_the_company(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("{ party: hillside, votes: 2,", "{ party: wyvern_ccg, votes: 2,"),
                  ("held_by: federation", "held_by: wyvern_ccg"))
    errors = refused(path)
    assert any("network.members[3].party: expected a GP practice as a member, got 'wyvern_ccg' (ccg)" in e
               for e in errors)
    assert any("network.money.held_by: expected a member practice or the federation company" in e for e in errors)


# ---------------------------------------------------------------- the network agreement

def test_the_money_clause_states_each_members_share_from_the_file(example, tmp_path):
    loaded, docs = example
    money = find(docs["network_agreement"].document, "network.money")
    rows = table_rows(money)
    shares = loaded.partnership.network.money.shares
    by_id = {x.id: x.name for x in loaded.partnership.parties}
    # the example marks its names and shares as illustrative: they print bracketed, as the file gives them
    assert [[unmarked(c) for c in r] for r in rows[:-1]] == [[by_id[s.party], f"{s.share.normalize():f}%"]
                                                             for s in shares]
    assert rows[-1] == ["Total", "100%"]
    assert "Wyvern Vale GP Federation Limited: ILLUSTRATIVE] is the Holder" in text_of(money)
    # each duty is a sub-clause of its own: the sharing-out sentence is not run into the Holder's
    assert "#." not in text_of(money)
    assert any(inline_text(c.text).startswith("The balance after Network Costs is shared out") for c in money.children)
    # change the file, and the clause follows
    changed = edited(EXAMPLE, tmp_path, ("{ party: riverside, share: 30,", "{ party: riverside, share: 35,"),
                     ("{ party: orchard, share: 20,", "{ party: orchard, share: 15,"))
    _, docs = build(changed)
    rows = table_rows(find(docs["network_agreement"].document, "network.money"))
    rows = [[unmarked(c) for c in r] for r in rows]
    assert ["Riverside Medical Practice", "35%"] in rows and ["The Orchard Practice", "15%"] in rows


def test_the_execution_section_names_every_member_and_the_federation_company(example):
    loaded, docs = example
    p = loaded.partnership
    doc = docs["network_agreement"].document
    assert_executed(p, "network_agreement", doc)
    signers = [unmarked(r[0]) for r in table_rows(find(doc, "common.execution"))]
    members = [p.party(m.party).name for m in p.network.members]
    assert signers == members + ["Wyvern Vale GP Federation Limited"]
    assert "NHS Wyvern Vale Clinical Commissioning Group" not in signers  # it funds, it is not a party


def test_the_network_agreement_carries_each_term_a_network_needs(example):
    _, docs = example
    doc = docs["network_agreement"].document
    decisions = text_of(find(doc, "network.decisions"))
    assert "[nine (9): ILLUSTRATIVE] votes in all" in decisions and "more than half of the votes cast" in decisions
    assert "at least three (3) Member Practices" in decisions
    assert [unmarked(r[4]) for r in table_rows(find(doc, "network.schedule.members"))] == ["3", "2", "2", "2", "9"]
    lead = inline_text(docs["network_agreement"].terms["Clinical Lead"][0])
    assert lead.endswith("at the date of this Agreement, [Dr J. Lead: ILLUSTRATIVE], [GP Partner: ILLUSTRATIVE], "
                         "of [Castle Street Surgery: ILLUSTRATIVE].")
    staff = table_rows(find(doc, "network.staff"))
    assert [unmarked(c) for c in staff[1][:3]] == ["Advanced paramedic practitioner", "Riverside Medical Practice", "1"]
    assert "[Riverside Medical Practice: ILLUSTRATIVE] and [The Orchard Practice: ILLUSTRATIVE]" in \
        text_of(find(doc, "network.staff"))
    assert "not an NHS contract" in text_of(find(doc, "network.status"))
    # the agreement names the schedules that form part of it, as each schedule names the agreement
    assert "At the date of this Agreement, the service schedule for extended access and the service schedule for " \
        "social prescribing form part of this Agreement" in text_of(find(doc, "network.purpose"))
    caps = {unmarked(r[0]): r[1] for r in table_rows(find(doc, "common.liability.capped"))}
    assert caps["Hillside Family Doctors"] == "[£500,000: to be agreed]"  # defaults, open until agreed
    assert caps["Wyvern Vale GP Federation Limited"] == "[£1,000,000: to be agreed]"


# ---------------------------------------------------------------- the service schedules

def test_each_schedule_names_its_parent_contract_and_is_signed_by_its_parties(example):
    loaded, docs = example
    for doc_id in ("extended_access_schedule", "social_prescribing_schedule"):
        doc = docs[doc_id].document
        assert doc.meta.subtitle == "Wyvern Vale GP Federation: forming part of the Network Agreement"
        definition = inline_text(docs[doc_id].terms["Parent Contract"][0])
        assert definition.startswith("the Network Agreement for Wyvern Vale GP Federation, between the Parties")
        assert [x.id for x in document_parties(loaded.partnership, doc_id)] == \
            [x.id for x in document_parties(loaded.partnership, "network_agreement")]
        assert_executed(loaded.partnership, doc_id, doc)


def test_the_hours_table_matches_the_file(example):
    loaded, docs = example
    rows = table_rows(find(docs["extended_access_schedule"].document, "extended_access.hours"))
    clock = {"08:00": "8am", "09:00": "9am", "17:00": "5pm", "20:00": "8pm"}
    assert [[unmarked(c) for c in r] for r in rows] == [[h.day.capitalize(), clock[h.opens], clock[h.closes]]
                        for h in loaded.partnership.extended_access.hours]


def test_a_schedule_attached_to_an_mcp_contract_names_it_and_is_signed_by_its_parties(tmp_path):
    schedule = EXAMPLE.read_text(encoding="utf-8").split("\nextended_access:\n")[1].split("\nsocial_prescribing:")[0]
    schedule = (schedule.replace("attaches_to: network_agreement", "attaches_to: mcp_contract")
                .replace("federation", "dudley_group").replace("wyvern_ccg", "dudley_ccg"))
    text = DUDLEY.read_text(encoding="utf-8") + "\nextended_access:\n" + schedule
    path = tmp_path / "dudley.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, docs = build(path)
    doc = docs["extended_access_schedule"].document
    assert doc.meta.subtitle.endswith("forming part of the Multispecialty Community Provider Contract")
    assert_executed(loaded.partnership, "extended_access_schedule", doc)
    assert [x.id for x in document_parties(loaded.partnership, "extended_access_schedule")] == \
        [x.id for x in document_parties(loaded.partnership, "mcp_contract")]
    # the commissioner is a party to an MCP contract, so here the schedule binds it to pay
    payment = text_of(find(doc, "service_schedules.payment"))
    assert "must pay [£240,000: ILLUSTRATIVE] a year for the Service" in payment


def test_a_schedule_attached_to_a_sub_contract_names_it_and_is_signed_by_its_two_parties(tmp_path):
    path = edited(EXAMPLE, tmp_path,
                  ("services:\n", "  - { id: community_action, name: Wyvern Vale Community Action, kind: voluntary_sector, "
                   "role: sub_contractor }\nservices:\n"),
                  ("social_prescribing:\n  attaches_to: network_agreement",
                   "social_prescribing:\n  attaches_to: sub_contract\n  sub_contract: { name: Social Prescribing "
                   "Sub-contract 2019, provider: federation, sub_contractor: community_action }"))
    loaded, docs = build(path)
    doc = docs["social_prescribing_schedule"].document
    assert doc.meta.subtitle == "Wyvern Vale GP Federation: forming part of the Social Prescribing Sub-contract 2019"
    assert [x.id for x in document_parties(loaded.partnership, "social_prescribing_schedule")] == \
        ["federation", "community_action"]
    assert_executed(loaded.partnership, "social_prescribing_schedule", doc)
    assert lint(docs["social_prescribing_schedule"], partnership_names(loaded.partnership)) == []


def test_an_extended_access_site_open_on_a_day_the_service_does_not_run_is_refused(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("days: [saturday, sunday]", "days: [saturday, sunday, bank_holiday]"))
    assert any("extended_access.sites[1].days[2]: expected one of" in e for e in refused(path))
    path = edited(EXAMPLE, tmp_path, ('    - { day: sunday, opens: "09:00", closes: "17:00", illustrative: true }\n', ""))
    assert any("extended_access.sites[1].days[1]: expected a day the service runs (one in hours), got sunday" in e
               for e in refused(path))


# ---------------------------------------------------------------- clauses list and explain

def test_clauses_list_filters_by_the_network_model_and_explain_says_why():
    listed = CliRunner().invoke(main, ["clauses", "list", "--care-model", "gp_network"], catch_exceptions=False)
    assert listed.exit_code == 0
    ids = {line.split()[0] for line in listed.output.splitlines()}
    assert {"network.money", "network.decisions", "extended_access.hours", "common.vat", "common.execution"} <= ids
    assert not any(i.startswith(("mcp.", "pacs.", "alliance.")) for i in ids)
    line = next(l for l in listed.output.splitlines() if l.startswith("network.money "))
    assert " gp_network " in line and "virtual" not in line  # a network has no integration level
    mcp = CliRunner().invoke(main, ["clauses", "list", "--care-model", "mcp"], catch_exceptions=False)
    assert "network.money" not in mcp.output and "extended_access.hours" in mcp.output
    explained = CliRunner().invoke(main, ["explain", str(EXAMPLE)], catch_exceptions=False)
    assert explained.exit_code == 0
    out = explained.output
    assert "network.money" in out and "common.new_members.majority" in out
    assert 'legal.new_members == "majority"' in out
