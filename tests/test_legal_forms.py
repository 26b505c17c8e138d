"""Every party is named with its legal form (LEGAL.md section 1): the kind where it settles the form, the
form the file gives, or a visible placeholder where neither does; the same wording in every document."""

from __future__ import annotations

import re
from pathlib import Path

import docx

from contractgen.partnership.load import load
from contractgen.partnership.rules import FORM_OPEN_KINDS
from contractgen.errors import InvalidInput

from conftest import EXAMPLES
from documents import build, edited

ROOT = Path(__file__).resolve().parent.parent
WYVERN = ROOT / "examples" / "wyvern_vale.yaml"
FEDERATION = "Wyvern Vale GP Federation Limited"


def _openings(md: str) -> dict[str, str]:
    """Each party named in bold at the start of a line of the opening, with the words that follow its name."""
    opening = md.split("**Background**")[0]
    out = {}
    for m in re.finditer(r"^\*\*(?:<mark>\\\[)?(.+?)(?:: ILLUSTRATIVE\\\]</mark>)?\*\*, (.+)$", opening, re.M):
        out[m.group(1)] = m.group(2)
    return out


def test_every_party_of_every_example_is_named_with_a_legal_form_or_a_placeholder_for_one():
    checked = 0
    for path in EXAMPLES:
        p = load(path).partnership
        for doc_id, md in build(path).items():
            for name, words in _openings(md).items():
                party = next((x for x in p.parties if x.name == name), None)
                if party is None:
                    continue  # a practice named in a schedule, or another opening line
                if party.kind in FORM_OPEN_KINDS and party.legal_form is None:
                    assert "[legal form to be confirmed\\]" in words, (path.name, doc_id, name, words)
                else:
                    assert "legal form to be confirmed" not in words, (path.name, doc_id, name, words)
                checked += 1
    assert checked > 100


def test_a_legal_form_the_file_gives_is_printed_in_every_document_the_party_signs(tmp_path):
    path = edited(WYVERN, tmp_path, ('    kind: gp_federation\n', '    kind: gp_federation\n'
                                     '    legal_form: a company limited by guarantee\n'))
    docs = build(path)
    named = [doc_id for doc_id, md in docs.items() if FEDERATION in _openings(md)]
    assert set(named) == set(docs)  # the federation is party to the agreement and both schedules
    for doc_id in named:
        # the example marks the federation's every detail illustrative, and the form it is given with them
        words = _openings(docs[doc_id])[FEDERATION].replace("<mark>\\[", "").replace(": ILLUSTRATIVE\\]</mark>", "")
        assert words.startswith("a company limited by guarantee,"), (doc_id, words)
        assert "company number" in words and "legal form to be confirmed" not in words
    out = tmp_path / "out"
    from click.testing import CliRunner
    from contractgen.cli import main

    result = CliRunner().invoke(main, ["build", str(path), "--out", str(out), "--format", "docx",
                                       "--document", "network_agreement"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(out / path.stem / "network_agreement.docx").paragraphs)
    assert f"{FEDERATION}: ILLUSTRATIVE], [a company limited by guarantee: ILLUSTRATIVE]" in text


def test_a_legal_form_for_a_kind_that_settles_its_own_is_refused_at_its_line(tmp_path):
    path = edited(WYVERN, tmp_path, ('    kind: ccg\n', '    kind: ccg\n    legal_form: a statutory body\n'))
    try:
        load(path)
    except InvalidInput as exc:
        message = "\n".join(exc.lines())
    else:
        raise AssertionError("a legal form for a CCG was accepted")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "legal_form: a statutory body" in text)
    assert f"{path.name}:{line}:" in message or f":{line}:" in message, message
    assert "expected no legal_form for a party of kind ccg" in message
