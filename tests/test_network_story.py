"""A GP network agreement and the service schedules attached to it tell one story: members, provider
and staff, payer and sum, hours and the practices served. The money is one set of flows in the model
of the deal, stated from it by both documents and checked across them by `lint`."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from contractgen.cli import main
from contractgen.deal import build_deal
from contractgen.lint import lint, partnership_names
from contractgen.partnership.load import load

from documents import assembled, edited, library_with, line_of, refused
from test_legal_terms import find, text_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "wyvern_vale.yaml"
CCG = "NHS Wyvern Vale Clinical Commissioning Group"
FEDERATION = "Wyvern Vale GP Federation Limited"
FREE_TEXT = ("""    sources:                                  # what each schedule's service is paid, as network money
      - payer: wyvern_ccg
        purpose: extended access to general practice
        annual_amount: 240000                 # illustrative: £6 a registered patient
        paid_under: extended_access_schedule
        illustrative: [annual_amount]
      - payer: wyvern_ccg
        purpose: social prescribing
        annual_amount: 60000                  # illustrative: £1.50 a registered patient
        paid_under: social_prescribing_schedule
        illustrative: [annual_amount]
""", """    sources:
      - Extended access funding from NHS Wyvern Vale Clinical Commissioning Group, £240,000 a year
      - Social prescribing funding from NHS Wyvern Vale Clinical Commissioning Group, £60,000 a year
    illustrative: [sources]
""")




def _cross(path: Path, clauses: Path | None = None) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["lint", str(path)] + (["--clauses", str(clauses)] if clauses else []))
    return result.exit_code, [line for line in result.output.splitlines() if "cross-document" in line]


# ---------------------------------------------------------------- the model of the deal

def test_each_schedule_is_paid_once_as_network_money_then_shared_out():
    deal = build_deal(load(EXAMPLE).partnership)
    into_holder = [f for f in deal.flows if f.payee == "federation"]
    # one flow per service, from the commissioner to the holder, under the schedule it pays for
    assert [(f.payer, f.amount, f.instrument) for f in into_holder] == [
        ("wyvern_ccg", Decimal(240000), "extended_access_schedule"),
        ("wyvern_ccg", Decimal(60000), "social_prescribing_schedule")]
    shares = {f.payee: f.amount for f in deal.flows if f.payer == "federation"}
    # the most each member can be paid: its share of the whole, before the Network Costs come out
    assert shares == {"riverside": Decimal(90000), "castle_street": Decimal(75000), "orchard": Decimal(60000),
                      "hillside": Decimal(75000)}
    assert all("the most payable" in f.purpose for f in deal.flows if f.payer == "federation")
    ea = deal.schedule("extended_access_schedule")
    assert (ea.payer, ea.payee, ea.annual_amount, ea.source) == ("wyvern_ccg", "federation", Decimal(240000), 0)
    assert ea.practices == ("riverside", "castle_street", "orchard", "hillside")


def test_a_free_text_source_leaves_the_schedule_paying_its_provider(tmp_path):
    deal = build_deal(load(edited(EXAMPLE, tmp_path, FREE_TEXT)).partnership)
    assert [(f.payer, f.payee, f.amount, f.instrument) for f in deal.flows] == [
        ("wyvern_ccg", "federation", Decimal(240000), "extended_access_schedule"),
        ("wyvern_ccg", "federation", Decimal(60000), "social_prescribing_schedule")]


# ---------------------------------------------------------------- validation, at the line

def test_a_source_whose_sum_disagrees_with_the_schedule_is_refused_at_its_line(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("annual_amount: 240000 ", "annual_amount: 250000 "))
    errors = refused(path)
    value_line = line_of(path, "annual_value: 240000")
    assert f"{path}:{line_of(path, 'annual_amount: 250000')}:24: network.money.sources[0].annual_amount: expected " \
           f"£240,000, the annual_value of extended_access (line {value_line}), got £250,000: the network " \
           "agreement and the schedule must state the same sum; correct one of them" in errors


def test_a_source_paid_by_a_party_that_is_not_a_commissioner_is_refused(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("      - payer: wyvern_ccg\n        purpose: social",
                                      "      - payer: riverside\n        purpose: social"))
    errors = refused(path)
    here = f"{path}:{line_of(path, 'payer: riverside')}:16: network.money.sources[1].payer: "
    assert here + "expected a party whose role is commissioner, got 'riverside' (participant): network money " \
                  "is paid to the network by a commissioner" in errors
    assert any(e.startswith(here + "expected 'wyvern_ccg', the commissioner of social_prescribing") for e in errors)


def test_a_source_naming_a_schedule_the_set_does_not_include_is_refused(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    cut = text[text.index("\nsocial_prescribing:"):text.index("\nlegal:")]
    path = tmp_path / "no_sp.yaml"
    path.write_text(text.replace(cut, ""), encoding="utf-8")
    errors = refused(path)
    assert f"{path}:{line_of(path, 'paid_under: social_prescribing_schedule')}:21: network.money.sources[1]." \
           "paid_under: expected a schedule this partnership has (extended_access_schedule), got " \
           "social_prescribing_schedule: add the social_prescribing section, or leave paid_under out" in errors
    twice = edited(EXAMPLE, tmp_path, ("paid_under: social_prescribing_schedule", "paid_under: extended_access_schedule"))
    assert any("network.money.sources[1].paid_under: expected each schedule to be paid for by one source, got "
               "extended_access_schedule again (also sources[0]): a service paid twice" in e for e in refused(twice))


def test_a_source_that_is_neither_text_nor_a_mapping_gets_one_message(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("      - payer: wyvern_ccg\n        purpose: extended",
                                      "      - 5\n      - payer: wyvern_ccg\n        purpose: extended"))
    errors = refused(path)
    assert errors == [f"{path}:{line_of(path, '- 5')}:9: network.money.sources[0]: expected a line of text, or a "
                      "mapping with payer, purpose and annual_amount, got the number 5"]


def test_old_free_text_sources_still_validate_build_and_lint_clean(tmp_path):
    path = edited(EXAMPLE, tmp_path, FREE_TEXT)
    loaded = load(path)
    assert loaded.unacknowledged == []
    docs = assembled(path)
    money = text_of(find(docs["network_agreement"].document, "network.money"))
    # printed as the file gives them, marked illustrative
    assert f"[Extended access funding from {CCG}, £240,000 a year: ILLUSTRATIVE]" in money
    names = partnership_names(loaded.partnership)
    assert all(lint(a, names) == [] for a in docs.values())
    code, cross = _cross(path)
    assert code == 0 and cross == []
    # the schedule still states its own annual value, from the model of the deal
    assert f"[{CCG}: ILLUSTRATIVE], which is not a Party, funds the Service at [£240,000: ILLUSTRATIVE] a year" in \
        text_of(find(docs["extended_access_schedule"].document, "service_schedules.payment"))


# ---------------------------------------------------------------- the documents state the same flow

def test_the_agreement_and_each_schedule_state_the_same_payer_and_sum():
    docs = assembled(EXAMPLE)
    money = text_of(find(docs["network_agreement"].document, "network.money"))
    for doc_id, amount in (("extended_access_schedule", "£240,000"), ("social_prescribing_schedule", "£60,000")):
        service = "extended access" if doc_id.startswith("extended") else "social prescribing"
        assert f"[{CCG}: ILLUSTRATIVE], which pays the Holder [{amount}: ILLUSTRATIVE] a year, exclusive of VAT, " \
               f"from [1 April 2019: ILLUSTRATIVE], for the service described in the service schedule for " \
               f"{service}" in money
        payment = text_of(find(docs[doc_id].document, "service_schedules.payment"))
        assert f"[{CCG}: ILLUSTRATIVE], which is not a Party, pays [{amount}: ILLUSTRATIVE] a year, exclusive " \
               f"of VAT, for the Service, from [1 April 2019: ILLUSTRATIVE], under its own agreement with " \
               f"[{FEDERATION}: ILLUSTRATIVE], which holds the money paid to the Network" in payment
        assert "no Party is paid for the Service again" in payment
    # the agreement says the service money is shared out only after the service is paid for
    assert "is the whole payment for that service: it is Network Money, and is not paid again under the schedule" \
        in money


def test_a_schedule_without_its_own_annual_value_states_the_network_money_sum(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("  annual_value: 60000                         # illustrative: £1.50 a "
                                      "registered patient\n", ""),
                  ("  illustrative: [annual_value, start_date, referral_criteria]",
                   "  illustrative: [start_date, referral_criteria]"))
    payment = text_of(find(assembled(path)["social_prescribing_schedule"].document, "service_schedules.payment"))
    assert "pays [£60,000: ILLUSTRATIVE] a year, exclusive of VAT, for the Service" in payment


def _docx_text(path: Path) -> str:
    opened = docx.Document(str(path))
    cells = [c.text for t in opened.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in opened.paragraphs] + cells)


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed: apt-get install poppler-utils"
    return " ".join(subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_the_docx_and_pdf_of_the_agreement_and_schedule_state_the_same_payer_and_sum(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--format", "docx,pdf", "--out", str(out), "--jobs",
                                       "1", "--force", "--document", "network_agreement", "--document",
                                       "extended_access_schedule"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    folder = out / "wyvern_vale"
    agreement = f"{CCG}: ILLUSTRATIVE], which pays the Holder [£240,000: ILLUSTRATIVE] a year"
    schedule = (f"{CCG}: ILLUSTRATIVE], which is not a Party, pays [£240,000: ILLUSTRATIVE] a year, exclusive of "
                "VAT, for the Service")
    for reader, suffix in ((_docx_text, "docx"), (_pdf_text, "pdf")):
        assert agreement in reader(folder / f"network_agreement.{suffix}"), suffix
        assert schedule in reader(folder / f"extended_access_schedule.{suffix}"), suffix


# ---------------------------------------------------------------- the cross-document check

def test_the_wyvern_vale_set_lints_clean():
    code, cross = _cross(EXAMPLE)
    assert code == 0 and cross == []


def test_a_schedule_that_states_another_sum_is_reported_with_both_places(tmp_path):
    clauses = library_with(tmp_path, "service_schedules/payment.md", "which is not a Party, pays {{ paid }} a year",
                            "which is not a Party, pays £250,000 a year")
    code, cross = _cross(EXAMPLE, clauses)
    assert code == 2
    ea = [l for l in cross if ": extended_access_schedule [11.1]: " in l]
    assert len(ea) == 1, cross
    assert ("states £250,000 a year for the service of extended_access_schedule, but "
            "network_agreement clause 12.1.1 states £240,000") in ea[0]
    assert any(": social_prescribing_schedule [12.1]: " in l and "network_agreement clause 12.1.2 states £60,000" in l
               for l in cross)


def test_an_agreement_that_states_another_sum_is_reported_with_both_places(tmp_path):
    clauses = library_with(tmp_path, "network/money.md", "which pays the Holder {{ source.annual_amount | money }}",
                            "which pays the Holder {{ (source.annual_amount + 1000) | money }}")
    code, cross = _cross(EXAMPLE, clauses)
    assert code == 2
    assert any(": network_agreement [12.1.1]: states £241,000 a year for the service of extended_access_schedule, "
               "but extended_access_schedule clause 11.1 states £240,000" in l for l in cross), cross


def test_a_provider_that_is_not_a_member_or_the_holder_is_reported_with_both_places(tmp_path):
    clauses = library_with(tmp_path, "service_schedules/front-attachment.md",
                            '.provider_party.name }}, which delivers the Service.',
                            '.commissioner_party.name }}, which delivers the Service.')
    code, cross = _cross(EXAMPLE, clauses)
    assert code == 2
    line = next(l for l in cross if ": extended_access_schedule [1]: " in l)
    assert (f"names {CCG} as the Provider, but network_agreement lists the Member Practices at "
                         f"network_agreement Schedule 1, paragraph 1, and it is not one of them nor the Holder "
                         f"({FEDERATION}, network_agreement clause 1)") in line


def test_a_staff_employer_that_is_not_a_member_is_reported(tmp_path):
    clauses = library_with(tmp_path, "service_schedules/staffing.md", "| {{ line.employer_record.name }} |",
                            "| {{ line.employer_record.name if line.role != 'GP' else party.wyvern_ccg.name }} |")
    code, cross = _cross(EXAMPLE, clauses)
    assert code == 2
    assert any(": extended_access_schedule [9.1]: " in l and f"names {CCG} as employer of the GP staff" in l
               for l in cross), cross


def test_hours_the_agreement_states_that_the_schedule_does_not_give_are_reported(tmp_path):
    # the agreement's purpose promises 8am to 8pm seven days a week; the schedule opens 9am to 5pm on Sunday
    path = edited(EXAMPLE, tmp_path, ("appointments in the evening and at weekends, beyond their own practice's hours",
                                      "appointments from 8am to 8pm, seven days a week"))
    code, cross = _cross(path)
    assert code == 2
    assert [l.split(": cross-document: ")[1].split(" (building")[0] for l in cross] == [
        "network_agreement [6.1.1]: states extended access from 08:00 to 20:00 on Sunday, but "
        "extended_access_schedule clause 6.1 gives 09:00 to 17:00"]
    # hours the schedule gives are no contradiction
    path = edited(EXAMPLE, tmp_path, ("appointments in the evening and at weekends, beyond their own practice's hours",
                                      "appointments from 8am to 8pm, Monday to Saturday"))
    assert _cross(path) == (0, [])


def test_a_schedule_whose_hours_change_is_reported(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("appointments in the evening and at weekends, beyond their own practice's hours",
                                      "appointments from 8am to 8pm, Monday to Saturday"))
    clauses = library_with(tmp_path, "service_schedules/ea-hours.md", "| {{ h.closes_text }} |",
                            "| {{ '6.30pm' if h.day == 'wednesday' else h.closes_text }} |")
    code, cross = _cross(path, clauses)
    assert code == 2
    assert any("network_agreement [6.1.1]: states extended access from 08:00 to 20:00 on Wednesday, but "
               "extended_access_schedule clause 6.1 gives 08:00 to 18:30" in l for l in cross), cross


def test_a_schedule_that_serves_other_practices_than_the_members_is_reported(tmp_path):
    clauses = library_with(tmp_path, "service_schedules/ea-service.md",
                            '{{ served | map(attribute="name") | list | join_words }}',
                            '{{ served[:-1] | map(attribute="name") | list | join_words }}')
    code, cross = _cross(EXAMPLE, clauses)
    assert code == 2
    assert any(": extended_access_schedule [5.2]: lists the practices the Service serves, but leaves out the "
               "Member Practice Hillside Family Doctors: network_agreement lists the Member Practices at "
               "network_agreement Schedule 1, paragraph 1" in l for l in cross), cross


def test_each_schedule_names_the_member_practices_it_serves():
    docs = assembled(EXAMPLE)
    for doc_id, clause in (("extended_access_schedule", "extended_access.service"),
                           ("social_prescribing_schedule", "social_prescribing.referrals")):
        text = re.sub(r"\[([^\]]*): ILLUSTRATIVE\]", r"\1", text_of(find(docs[doc_id].document, clause)))
        assert "The practices the Service serves are Riverside Medical Practice, Castle Street Surgery, The Orchard " \
               "Practice and Hillside Family Doctors, the practices that are members of the Network under the Parent Contract" in text


def test_a_schedule_that_names_another_payer_is_reported_with_both_places(tmp_path):
    clauses = library_with(tmp_path, "service_schedules/payment.md", "#. {{ pay.payer.name }}, which is not a Party, pays",
                            "#. {{ pay.payee.name }}, which is not a Party, pays")
    code, cross = _cross(EXAMPLE, clauses)
    assert code == 2
    assert any(": extended_access_schedule [11.1]: names Wyvern Vale GP Federation Limited as paying for the service "
               f"of extended_access_schedule, but network_agreement clause 12.1.1 names {CCG}" in l for l in cross), cross


def test_a_source_for_a_financial_year_and_without_a_schedule_is_stated_as_given(tmp_path):
    path = edited(EXAMPLE, tmp_path,
                  ("        paid_under: social_prescribing_schedule\n", ""),
                  ("        purpose: social prescribing\n", "        purpose: a practice resilience programme\n"
                                                          "        financial_year: 2019/20\n"))
    docs = assembled(path)
    money = text_of(find(docs["network_agreement"].document, "network.money"))
    assert f"[{CCG}: ILLUSTRATIVE], which pays the Holder [£60,000: ILLUSTRATIVE] a year, exclusive of VAT, for the " \
           "financial year 2019/20, for a practice resilience programme." in money
    deal = build_deal(load(path).partnership)
    # the schedule, no longer paid as network money, pays its provider; the programme is network money
    assert [(f.payer, f.payee, f.amount, f.financial_year, f.instrument) for f in deal.flows
            if f.payer == "wyvern_ccg"] == [
        ("wyvern_ccg", "federation", Decimal(60000), None, "social_prescribing_schedule"),
        ("wyvern_ccg", "federation", Decimal(240000), None, "extended_access_schedule"),
        ("wyvern_ccg", "federation", Decimal(60000), "2019/20", "network_agreement")]


def test_explain_gives_a_reason_for_every_clause_of_the_network_documents():
    out = CliRunner().invoke(main, ["explain", str(EXAMPLE)], catch_exceptions=False).output
    sections = dict(re.findall(r"^(\w+): [^\n]*\n((?:  [^\n]*\n)*)", out, flags=re.MULTILINE))
    docs = assembled(EXAMPLE)
    assert set(sections) == set(docs) == {"network_agreement", "extended_access_schedule",
                                          "social_prescribing_schedule"}
    for doc_id, a in docs.items():
        listed = {(m[0] == "+", m[1]): m[2] for m in
                  re.findall(r"^  ([+-]) (\S+)\s+\S+\s+(.+)$", sections[doc_id], flags=re.MULTILINE)}
        # every clause the assembly considered is listed, in or out as it was decided, with a reason
        assert set(listed) == {(d.included, d.clause_id) for d in a.decisions}, doc_id
        assert all(reason.strip() for reason in listed.values())
    assert re.search(r"^  \+ common\.new_members\.majority\s+\S+\s+condition held: legal\.new_members == \"majority\"$",
                     sections["network_agreement"], flags=re.MULTILINE)


@pytest.mark.parametrize("form", ["federation", "network"])
@pytest.mark.parametrize("extended_access, social_prescribing", [(True, True), (True, False), (False, True),
                                                                 (False, False)])
def test_every_network_starter_states_its_money_as_data_and_tells_one_story(tmp_path, form, extended_access,
                                                                            social_prescribing):
    from datetime import date

    from contractgen.starter import NetworkAnswers, network_starter

    path = tmp_path / "starter.yaml"
    path.write_text(network_starter(NetworkAnswers("Wessex", "NHS Wessex CCG", form, 3, extended_access,
                                                   social_prescribing, today=date(2026, 1, 1))), encoding="utf-8")
    p = load(path).partnership
    assert all(not isinstance(s, str) for s in p.network.money.sources)
    deal = build_deal(p)
    # each schedule chosen is paid once, as network money to the holder
    for facts in deal.schedules:
        assert facts.source is not None and facts.payee == p.network.money.held_by
        assert [f.instrument for f in deal.flows if f.payer == "commissioner"].count(facts.document) == 1
    assert _cross(path) == (0, [])


def test_a_schedule_paid_by_a_commissioner_that_no_source_lists_is_a_warning(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("        paid_under: social_prescribing_schedule\n", ""))
    warnings = [str(w) for w in load(path).unacknowledged]
    assert warnings == [f"{path}:{line_of(path, 'annual_value: 60000')}:17: warning: social_prescribing.annual_value: "
                        "expected a network money source with paid_under: social_prescribing_schedule, got none: the "
                        "schedule's payment is money paid to the network, so list it in network.money.sources "
                        "[network-money-unlisted]"]
    # a file that gives its sources as text is not asked to
    assert load(edited(EXAMPLE, tmp_path, FREE_TEXT)).unacknowledged == []
    acknowledged = edited(path, tmp_path, ("acknowledged_warnings:\n", "acknowledged_warnings:\n  - warning: "
                                           "network-money-unlisted\n    reason: paid under a separate grant\n"))
    assert load(acknowledged).unacknowledged == []
