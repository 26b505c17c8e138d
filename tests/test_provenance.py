"""Provenance: what a document was built from, as a JSON manifest and as DOCX custom properties."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from lxml import etree

from contractgen import __version__
from contractgen.errors import InvalidInput
from contractgen.provenance import VALUE_MAX, manifest_json, properties, provenance, read_docx_provenance
from contractgen.resources import Resources
from contractgen.writers import docx as docx_writer
from sample_document import sample_document
from test_lint import FIXTURE, build_fixture

PARTNERSHIP = FIXTURE / "partnership.yaml"


@pytest.fixture(scope="module")
def prov() -> dict:
    assembled, _ = build_fixture()
    return provenance(assembled, "tests/fixtures/lint/partnership.yaml", PARTNERSHIP.read_bytes())


def test_provenance_names_the_tool_the_partnership_and_every_clause(prov):
    assert prov["contractgen"] == __version__
    assert prov["document"] == "board_terms_of_reference"
    assert prov["partnership"] == {"path": "tests/fixtures/lint/partnership.yaml",
                                   "sha256": hashlib.sha256(PARTNERSHIP.read_bytes()).hexdigest()}
    assert prov["draft"] == {"version": "0.1", "status": "working draft", "date": "2018-10-01"}
    files = {"lint.meetings": "meetings.md", "lint.board": "board.md", "lint.board_again": "board_again.md",
             "lint.observers": "observers.md", "lint.representatives": "representatives.md",
             "lint.practices": "practices.md"}
    assert [c["id"] for c in prov["clauses"]] == list(files)
    for clause in prov["clauses"]:
        digest = hashlib.sha256((FIXTURE / "clauses" / files[clause["id"]]).read_bytes()).hexdigest()
        assert clause["sha256"] == digest, clause["id"]
        assert clause["reason"] == "always included in this document"
    assert prov["clauses"][1]["version"] == "1.2.0"
    assert prov["left_out"] == []


def test_manifest_is_sorted_stable_json(prov):
    other = dict(prov, document="a_first_document")
    a, b = hashlib.sha256(b"a").hexdigest(), hashlib.sha256(b"b").hexdigest()
    first = manifest_json({"b.docx": (b, prov), "a.pdf": (a, other), "c.md": ("c", None)})
    assert first == manifest_json({"c.md": ("c", None), "a.pdf": (a, other), "b.docx": (b, prov)})
    assert first.endswith(b"\n")
    data = json.loads(first)
    assert data["format"] == 2
    assert [d["document"] for d in data["documents"]] == ["a_first_document", "board_terms_of_reference"]
    assert [d["outputs"] for d in data["documents"]] == [{"a.pdf": a}, {"b.docx": b}]
    assert data["outputs"] == {"a.pdf": a, "b.docx": b, "c.md": "c"}
    assert data["unrecorded"] == ["c.md"]
    assert list(data) == sorted(data) and list(data["documents"][0]) == sorted(data["documents"][0])


def test_manifest_lists_one_document_twice_when_its_files_come_from_two_drafts(prov):
    older = dict(prov, partnership={"path": prov["partnership"]["path"], "sha256": "0" * 64})
    data = json.loads(manifest_json({"d.docx": ("1", prov), "d.md": ("2", older)}))
    assert sorted((d["partnership"]["sha256"], list(d["outputs"])) for d in data["documents"]) == sorted(
        [(prov["partnership"]["sha256"], ["d.docx"]), ("0" * 64, ["d.md"])])


def test_properties_fit_word_and_hold_no_clause_hashes(prov):
    props = properties(prov)
    assert props == {
        "contractgen.version": __version__,
        "contractgen.document": "board_terms_of_reference",
        "contractgen.partnership": "tests/fixtures/lint/partnership.yaml",
        "contractgen.partnership_sha256": prov["partnership"]["sha256"],
        "contractgen.clause_count": "6",
        "contractgen.clauses": "lint.meetings@1.0.0,lint.board@1.2.0,lint.board_again@1.0.0,lint.observers@1.0.0,"
                               "lint.representatives@1.0.0,lint.practices@1.0.0",
    }


def long_provenance(prov: dict, count: int = 40) -> dict:
    clauses = [{"id": f"mcp.general_conditions.clause_number_{n}", "version": f"{n}.0.0", "sha256": "0" * 64,
                "reason": "always"} for n in range(count)]
    return dict(prov, clauses=clauses)


def test_a_long_clause_list_is_split_across_numbered_properties(prov):
    props = properties(long_provenance(prov))
    numbered = [name for name in props if name.startswith("contractgen.clauses.")]
    assert len(numbered) > 1 and "contractgen.clauses" not in props
    assert all(len(value) <= VALUE_MAX for value in props.values())
    joined = ",".join(props[f"contractgen.clauses.{n}"] for n in range(1, len(numbered) + 1))
    assert joined.split(",") == [f"mcp.general_conditions.clause_number_{n}@{n}.0.0" for n in range(40)]


@pytest.mark.parametrize("count", [6, 40])
def test_read_back_from_the_docx(prov, tmp_path, count):
    wanted = prov if count == 6 else long_provenance(prov, count)
    document = sample_document()
    document.meta.properties = properties(wanted)
    data = docx_writer.render(document, Resources())
    path = tmp_path / "built.docx"
    path.write_bytes(data)
    back = read_docx_provenance(path)
    assert back == {
        "contractgen": __version__,
        "document": wanted["document"],
        "partnership": wanted["partnership"],
        "clauses": [{"id": c["id"], "version": c["version"]} for c in wanted["clauses"]],
    }
    custom = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("docProps/custom.xml"))
    names = [p.get("name") for p in custom]
    assert names == sorted(names)  # written in a fixed order, whatever order the dict was built in
    document.meta.properties = dict(reversed(list(document.meta.properties.items())))
    assert docx_writer.render(document, Resources()) == data


def test_reading_a_docx_without_provenance_says_so(tmp_path):
    path = tmp_path / "plain.docx"
    path.write_bytes(docx_writer.render(sample_document(), Resources()))
    with pytest.raises(InvalidInput, match="expected contractgen's document properties, found none"):
        read_docx_provenance(path)
    (tmp_path / "not.docx").write_text("hello")
    with pytest.raises(InvalidInput, match="expected a .docx file"):
        read_docx_provenance(tmp_path / "not.docx")


def test_a_property_value_word_would_cut_is_refused():
    document = sample_document()
    document.meta.properties = {"contractgen.long": "x" * 256}
    with pytest.raises(ValueError, match="256 characters long; Word keeps 255"):
        docx_writer.render(document, Resources())
