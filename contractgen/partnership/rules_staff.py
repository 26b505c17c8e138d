"""Rules for staff transfers, council functions carried out by an NHS trust, and `illustrative` keys."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel

from .schema import PartnershipFile, value_fields

EMPLOYER_KINDS = {"ccg", "nhs_england", "local_authority", "nhs_trust", "foundation_trust", "gp_practice",
                  "gp_federation", "voluntary_sector", "social_enterprise", "company"}
NHS_PROVIDER_KINDS = {"nhs_trust", "foundation_trust"}


def end_date(start: date, years: int) -> date:
    """The last day of a term of `years` starting on `start`."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + years, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def check_staff(p: PartnershipFile, f) -> None:
    """Add the findings for `staff_transfers` and `council_functions` to `f` (a rules._Findings)."""
    from .rules import _suggest  # here: rules imports this module

    parties = {x.id: x for x in p.parties}
    services = {x.id for x in p.services}
    start = p.partnership.start_date
    last = end_date(start, p.partnership.term_years)

    def party(path: tuple, value: str) -> bool:
        if value not in parties:
            f.error(path, f"expected the id of a party, got '{value}'{_suggest(value, set(parties))}")
            return False
        return True

    for i, t in enumerate(p.staff_transfers):
        here = ("staff_transfers", i)
        known = party((*here, "transferor"), t.transferor) & party((*here, "transferee"), t.transferee)
        if known and t.transferor == t.transferee:
            f.error((*here, "transferee"), f"expected a different party from the transferor, got '{t.transferee}' "
                    "for both: staff transfer from one employer to another")
        if not start <= t.transfer_date <= last:
            f.error((*here, "transfer_date"), f"expected a date within the term ({start.isoformat()} to "
                    f"{last.isoformat()}), got {t.transfer_date.isoformat()}")
        if known and t.pension == "lgps_admitted_body" and parties[t.transferor].kind != "local_authority":
            f.error((*here, "pension"), "expected nhs_pension_scheme or broadly_comparable, got lgps_admitted_body: "
                    f"admitted body status in the Local Government Pension Scheme protects council staff, and "
                    f"'{t.transferor}' is not a local authority")
        for j, s in enumerate(t.services):
            if s not in services:
                f.error((*here, "services", j), f"expected the id of a service, got '{s}'{_suggest(s, services)}")

    c = p.council_functions
    if c is not None:
        here = ("council_functions",)
        if party((*here, "council"), c.council) and parties[c.council].kind != "local_authority":
            f.error((*here, "council"), f"expected a party whose kind is local_authority, got '{c.council}' "
                    f"({parties[c.council].kind})")
        if party((*here, "provider"), c.provider) and parties[c.provider].kind not in NHS_PROVIDER_KINDS:
            f.error((*here, "provider"), f"expected an NHS trust or foundation trust, got '{c.provider}' "
                    f"({parties[c.provider].kind}): only an NHS body can carry out a council's functions under "
                    "section 75 of the NHS Act 2006")
        if c.start_date is not None and not start <= c.start_date <= last:
            f.error((*here, "start_date"), f"expected a date within the term ({start.isoformat()} to "
                    f"{last.isoformat()}), got {c.start_date.isoformat()}")


def check_illustrative(p: PartnershipFile, f) -> None:
    """Every key an `illustrative` list names is a value of that entry."""
    _walk(p, (), f)


def _walk(model: BaseModel, path: tuple, f) -> None:
    marked = model.illustrative
    if isinstance(marked, list):
        allowed = value_fields(type(model))
        for i, key in enumerate(marked):
            if key not in allowed:
                expected = ", ".join(allowed) if allowed else "nothing: this entry holds no values of its own"
                f.error((*path, "illustrative", i), f"expected one of this entry's values ({expected}), got '{key}'")
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            _walk(value, (*path, name), f)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _walk(item, (*path, name, i), f)
