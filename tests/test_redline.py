"""`contractgen redline`: tracked changes that accept to the new draft and reject to the old one."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import redline_ops as ops
from contractgen.cli import main
from contractgen.redline import redlines
from contractgen.resources import Resources
from contractgen.writers import docx as docx_writer
from office import convert_many

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MAIN = {"mcp": "mcp_contract", "pacs": "pacs_agreement", "gp_network": "network_agreement"}
NO_CHANGES = "No changes between the two drafts."


# ------------------------------------------------------------------ edits of a partnership file's YAML text


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    return y


def _main(data) -> str:
    from contractgen.doctypes import main_document

    # a GP network has no integration level; a Primary Care Home's main document follows its form
    info = data["partnership"]
    return main_document(info["care_model"], info.get("integration_level"), info["organisational_form"])


def edit_budget(data, k: int = 1) -> str:
    """Change the budget amounts (and the stated total, which must equal their sum)."""
    lines = data["budget"]["lines"]
    lines[0]["amount"] += 1_000_000 * k
    lines[-1]["amount"] += 250_000 * k
    if "stated_total" in data["budget"]:
        data["budget"]["stated_total"] += 1_250_000 * k
    return _main(data)


def edit_rename(data, k: int = 1) -> str:
    """Rename a party."""
    party = data["parties"][-1]
    party["name"] = party["name"].split(" (")[0] + f" (renamed {k})"
    return _main(data)


def edit_add_party(data, k: int = 1) -> str:
    """Add a participating practice, a copy of an existing one."""
    template = next(p for p in reversed(data["parties"]) if p["role"] == "participant")
    party = copy.deepcopy(dict(template))
    party.update(id=f"added_{k}", name=f"Added Party {k}")
    if "ods_code" in party:
        party["ods_code"] = f"Y{90000 + k}"
    if "list_size" in party and "registered" in data["partnership"]["population"]:
        # a registered figure, where the file gives one, is the sum of the practices' lists
        data["partnership"]["population"]["registered"] += party["list_size"]
    data["parties"].append(party)
    if "care_network" in data:  # every party of a care network is a member, and says what it brings
        data["care_network"]["members"].append({"party": party["id"], "brings": "general practice"})
    return _main(data)


def edit_remove_practice(data, text: str, k: int = 1) -> str:
    """Remove a participant that nothing else in the file refers to."""
    for party in reversed(data["parties"]):
        if party["role"] == "participant" and len(re.findall(rf"\b{party['id']}\b", text)) == 1:
            data["parties"].remove(party)
            return _main(data)
    raise LookupError("no removable participant")


def edit_decision_rule(data, k: int = 1) -> str:
    """Change the board's decision rule: one clause variant for another."""
    board = data["governance"]["board"]
    board["decision_rule"] = {"consensus": "majority", "majority": "unanimous", "unanimous": "consensus"}[
        board.get("decision_rule", "consensus")]
    return "board_terms_of_reference"


def edit_term(data, k: int = 1) -> str:
    """Change term_years."""
    data["partnership"]["term_years"] += 2 * k
    return _main(data)


def edit_risk_share(data, k: int = 1) -> str:
    """Change who shares risk: a new sharing party takes part of the first party's share."""
    risk_share = data["risk_share"]
    scheme = risk_share["schemes"][0] if "schemes" in risk_share else risk_share  # several schemes: the first
    parties = scheme["parties"]
    first = parties[0]
    first["gain_share"] -= 10
    first["loss_share"] -= 10
    taken = {p["party"] for p in parties}
    other = next(p["id"] for p in data["parties"] if p["id"] not in taken and p["role"] in ("provider", "lead_provider"))
    parties.append({"party": other, "gain_share": 10, "loss_share": 10})
    return "risk_share_agreement"


def edit_next_draft(data, k: int = 1) -> str:
    """The next draft: a new version, status and date."""
    draft = data["partnership"]["draft"]
    draft["version"] = f"{draft['version']}.{k}"
    draft["status"] = "for consultation"
    day = draft["date"].day  # the same month: the rules that follow the draft's date go by month
    draft["date"] = draft["date"].replace(day=day - k if day > k else day + k)
    return _main(data)


EDITS = {
    "budget": edit_budget, "rename": edit_rename, "add_party": edit_add_party, "remove_practice": edit_remove_practice,
    "decision_rule": edit_decision_rule, "term_years": edit_term, "risk_share": edit_risk_share,
    "next_draft": edit_next_draft,
}


def apply_edits(source: Path, names: list[str], k: int = 1) -> tuple[str, list[str]]:
    """The file's text after the named edits, and the documents they change."""
    text = source.read_text(encoding="utf-8")
    data = _yaml().load(text)
    documents = []
    for name in names:
        fn = EDITS[name]
        documents.append(fn(data, text, k) if name == "remove_practice" else fn(data, k))
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue(), list(dict.fromkeys(documents))


def applicable(source: Path) -> list[str]:
    """The edits that make sense for the file (a risk share to change, a participant free to remove)."""
    names = []
    for name in EDITS:
        try:
            apply_edits(source, [name])
        except (LookupError, StopIteration):
            continue
        names.append(name)
    return names


APPLICABLE = {source: applicable(source) for source in EXAMPLES}


# ------------------------------------------------------------------ the property


def check_accept_and_reject(result) -> None:
    """Accepting every change gives the new draft's DOCX, rejecting every change the old one's: paragraph
    texts and styles, table cells, and the list numbering of every numbered paragraph, from the title on,
    with nothing else left (the summary of changes is a file of its own)."""
    redline = ops.document_xml(result.docx)
    figures_whole(redline)  # whatever changed, no change starts or ends inside a figure
    for resolve, draft in ((ops.accept_all, result.new), (ops.reject_all, result.old)):
        got = resolve(redline)
        assert ops.changes(got) == 0
        if draft is None:  # a document only one draft has: nothing is left of it
            assert [b for b in ops.blocks(got) if b[0] == "table" or b[2]] == []
            continue
        built = docx_writer.render(draft, Resources())
        want = ops.document_xml(built)
        assert ops.blocks(got) == ops.blocks(want), resolve.__name__
        assert ops.numbering(got) == ops.numbering(want), resolve.__name__
        # the running header (draft marking and title) and footer too; a redline holding both drafts'
        # landscape tables has more sections, each with the same header, than either draft
        assert list(dict.fromkeys(ops.text(resolve(s)) for s in ops.stories(result.docx))) == \
            list(dict.fromkeys(ops.text(s) for s in ops.stories(built))), resolve.__name__


def redline_files(tmp_path: Path, old_text: str, new_text: str, documents: list[str], name: str = "p.yaml",
                  verbose: bool = False):
    old, new = tmp_path / "old" / name, tmp_path / "new" / name
    for path, text in ((old, old_text), (new, new_text)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return redlines(str(old), str(new), documents=documents, author="Reviewer", verbose=verbose)


# one edit for each of these examples, each edit tried at least once
EDIT_OF = {"dudley": "risk_share", "modality": "rename", "northumberland": "budget", "salford": "add_party",
           "somerset": "remove_practice", "stockport": "decision_rule", "wolverhampton": "term_years",
           "ashcombe_chin": "add_party", "marlbrook_pch": "term_years"}
PAIRS = [(source, EDIT_OF[source.stem]) for source in EXAMPLES if source.stem in EDIT_OF]


@pytest.mark.parametrize("source,edit", PAIRS, ids=[f"{s.stem}-{e}" for s, e in PAIRS])
def test_accept_all_gives_new_and_reject_all_gives_old(source, edit, tmp_path):
    new_text, documents = apply_edits(source, [edit])
    results = redline_files(tmp_path, source.read_text(encoding="utf-8"), new_text, documents, source.name)
    assert [r.doc_id for r in results] == documents
    for result in results:
        assert result.changed
        assert ops.changes(ops.document_xml(result.docx)) > 0
        assert b"<ins>" in result.markdown or b"<del>" in result.markdown
        check_accept_and_reject(result)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_accept_and_reject_on_generated_edits(data, tmp_path_factory):
    source = data.draw(st.sampled_from(EXAMPLES), label="example")
    names = data.draw(st.lists(st.sampled_from(APPLICABLE[source]), min_size=1, max_size=3, unique=True), label="edits")
    k = data.draw(st.integers(1, 3), label="k")
    new_text, documents = apply_edits(source, names, k)
    document = data.draw(st.sampled_from(documents), label="document")
    folder = tmp_path_factory.mktemp("generated")
    (result,) = redline_files(folder, source.read_text(encoding="utf-8"), new_text, [document], source.name)
    check_accept_and_reject(result)


def test_variant_swap_deletes_one_clause_and_inserts_the_other(tmp_path):
    source = ROOT / "examples" / "dudley.yaml"
    new_text, documents = apply_edits(source, ["decision_rule"])
    (result,) = redline_files(tmp_path, source.read_text(encoding="utf-8"), new_text, documents, source.name,
                              verbose=True)
    md = result.summary_markdown.decode().replace("\\_", "_")
    assert "| removed | governance.tor.decisions.consensus |" in md
    assert "| added | governance.tor.decisions.majority |" in md
    assert "| governance.board.decision_rule | consensus | majority |" in md
    # one entry for the clause, under the number and heading the reader sees, saying what the new text is
    assert re.search(r"\| Clause 9 \| Decision-making \| Clause replaced; the new text begins “The Board aims to "
                     r"reach decisions by agreement\.[^|]*\| governance\.tor\.decisions\.consensus → "
                     r"governance\.tor\.decisions\.majority \|", md), md
    root = ops.document_xml(result.docx)
    # the deleted numbered paragraph keeps its list number and has a deleted paragraph mark
    marked = [p for p in root.iter(ops.w("p")) if p.find(f"{ops.w('pPr')}/{ops.w('rPr')}/{ops.w('del')}") is not None]
    assert any(p.find(f"{ops.w('pPr')}/{ops.w('numPr')}") is not None for p in marked)


# ------------------------------------------------------------------ the command


def test_cli_writes_docx_and_markdown_with_author_and_date(tmp_path):
    source = ROOT / "examples" / "wolverhampton.yaml"
    new_text, documents = apply_edits(source, ["term_years", "rename"])
    new = tmp_path / "edited" / "wolverhampton.yaml"
    new.parent.mkdir()
    new.write_text(new_text, encoding="utf-8")
    out = tmp_path / "out"
    args = ["redline", str(source), str(new), "--document", documents[0], "--out", str(out),
            "--author", "A. Lawyer", "--date", "2024-05-01"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    folder = out / "wolverhampton"
    docx = (folder / f"{documents[0]}.redline.docx").read_bytes()
    md = (folder / f"{documents[0]}.redline.md").read_text(encoding="utf-8")
    summary = (folder / f"{documents[0]}.changes.md").read_text(encoding="utf-8")
    root = ops.document_xml(docx)
    marks = list(root.iter(ops.w("ins"))) + list(root.iter(ops.w("del")))
    assert marks and {(m.get(ops.w("author")), m.get(ops.w("date"))) for m in marks} == {
        ("A. Lawyer", "2024-05-01T00:00:00Z")}
    assert "<del>" in md and "<ins>" in md
    # the summary in plain words; the partnership file's key paths only with --verbose
    assert re.search(r"\| Clause 7\.1 \| Start[^|]* \| “10” changed to “12”\. \|", summary), summary
    assert "In the definition of “Expiry Date”, “31 May 2026” changed to “31 May 2028”." in summary
    assert "term\\_years" not in summary and "Summary of changes" not in md
    names = {"redline.docx", "redline.md", "changes.docx", "changes.md"}
    assert {p.name.split(".", 1)[1] for p in folder.iterdir()} == names
    # deterministic: a second run gives the same bytes, file for file
    again = CliRunner().invoke(main, args[:-6] + ["--out", str(tmp_path / "again")] + args[-4:])
    assert again.exit_code == 0, again.output
    for name in names:
        assert (tmp_path / "again" / "wolverhampton" / f"{documents[0]}.{name}").read_bytes() == \
            (folder / f"{documents[0]}.{name}").read_bytes(), name
    verbose = CliRunner().invoke(main, args[:-6] + ["--out", str(tmp_path / "verbose"), "--verbose"] + args[-4:])
    assert verbose.exit_code == 0, verbose.output
    summary = (tmp_path / "verbose" / "wolverhampton" / f"{documents[0]}.changes.md").read_text(encoding="utf-8")
    assert "| partnership.term\\_years | 10 | 12 |" in summary


def test_identical_drafts_give_no_changes(tmp_path):
    source = ROOT / "examples" / "northumberland.yaml"
    result = CliRunner().invoke(main, ["redline", str(source), str(source), "--document", "board_terms_of_reference",
                                       "--out", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert NO_CHANGES in result.output
    folder = tmp_path / "northumberland"
    root = ops.document_xml((folder / "board_terms_of_reference.redline.docx").read_bytes())
    assert ops.changes(root) == 0
    summary = ops.document_xml((folder / "board_terms_of_reference.changes.docx").read_bytes())
    assert NO_CHANGES in ops.text(summary.find(ops.w("body")))
    md = (folder / "board_terms_of_reference.redline.md").read_text(encoding="utf-8")
    assert "<ins>" not in md and "<del>" not in md
    assert NO_CHANGES in (folder / "board_terms_of_reference.changes.md").read_text(encoding="utf-8")


def test_author_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTGEN_AUTHOR", "Env Author")
    source = ROOT / "examples" / "salford.yaml"
    new_text, documents = apply_edits(source, ["decision_rule"])
    (result,) = redlines(str(source), _write(tmp_path / "salford.yaml", new_text), documents=documents)
    root = ops.document_xml(result.docx)
    assert {m.get(ops.w("author")) for m in root.iter(ops.w("ins"))} == {"Env Author"}
    # no --date: the new draft's date, never the clock
    assert {m.get(ops.w("date")) for m in root.iter(ops.w("ins"))} == {f"{result.new.meta.date.isoformat()}T00:00:00Z"}


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------ a library change between git revisions


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True)


def test_library_change_between_revisions_is_listed_and_tracked(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "clauses", repo / "clauses")
    shutil.copytree(ROOT / "templates", repo / "templates")
    (repo / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "dudley.yaml", repo / "examples" / "dudley.yaml")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    clause = repo / "clauses" / "governance" / "tor-minutes.md"
    text = clause.read_text(encoding="utf-8")
    clause_id = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
    old_version = re.search(r"^version:\s*\"?([^\"\s]+)", text, re.M).group(1)
    text = re.sub(r"^version:.*$", 'version: "9.9.9"', text, count=1, flags=re.M)
    text = text.rstrip("\n") + " Minutes are kept for seven years.\n"
    clause.write_text(text, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "two")
    spec = str(repo / "examples" / "dudley.yaml")
    (result,) = redlines(f"{spec}@HEAD~1", f"{spec}@HEAD", documents=["board_terms_of_reference"], author="T",
                         verbose=True)
    summary = result.summary_markdown.decode().replace("\\_", "_")
    assert re.search(rf"\| revised \| {re.escape(clause_id)} \| [^|]* \| {re.escape(old_version)} \| 9\.9\.9 \|",
                     summary)
    # the drafts are named by file and revision, never by the folder they were read from
    assert "dudley.yaml at revision HEAD~1" in summary and str(tmp_path) not in summary
    md = result.markdown.decode().replace("\\_", "_")
    assert "<ins>Minutes are kept for seven years.</ins>" in md or "<ins> Minutes are kept for seven years.</ins>" in md
    root = ops.document_xml(result.docx)
    inserted = "".join(ops.text(i) for i in root.iter(ops.w("ins")))
    assert "Minutes are kept for seven years." in inserted


# ------------------------------------------------------------------ what LibreOffice makes of it


def test_libreoffice_reports_the_tracked_changes(tmp_path):
    source = ROOT / "examples" / "dudley.yaml"
    new_text, documents = apply_edits(source, ["decision_rule", "rename"])
    changed = redline_files(tmp_path / "c", source.read_text(encoding="utf-8"), new_text,
                            ["board_terms_of_reference"], source.name)[0]
    same = redlines(str(source), str(source), documents=["board_terms_of_reference"], author="T")[0]
    files = []
    for name, result in (("changed", changed), ("same", same)):
        path = tmp_path / name / "board.redline.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(result.docx)
        files.append(path)
    converted = convert_many(files, "odt", tmp_path / "odt")  # raises, so fails, without LibreOffice
    counts = []
    for path in files:
        with zipfile.ZipFile(converted[path]) as odt:
            counts.append(odt.read("content.xml").decode("utf-8").count("<text:changed-region"))
    assert counts[0] > 0 and counts[1] == 0, counts


def test_writers_without_revisions_refuse_a_redline():
    from contractgen.writers import html

    source = ROOT / "examples" / "modality.yaml"
    (result,) = redlines(str(source), str(source), documents=["board_terms_of_reference"], author="T")
    from contractgen.build import assemble_all
    from contractgen.partnership.load import load
    from contractgen.redline.diff import diff_documents

    document = assemble_all(load(source), Resources(), only=["board_terms_of_reference"]).documents[
        "board_terms_of_reference"].document
    merged, _ = diff_documents(document, document, "T", document.meta.date)
    with pytest.raises(TypeError, match="cannot write a redline"):
        html.to_html(merged)
    assert result.old is not None and not result.changed


# ------------------------------------------------------------------ whole figures, a summary for lawyers, no local paths


FIGURE = re.compile(r"[\u2212-]?\u2060?£\d{1,3}(?:,\d{3})*")
INSIDE_BEFORE = re.compile(r"(?:\d[.,]?|[£\u2060\u2212])$")  # unchanged text ending where a figure goes on
INSIDE_AFTER = re.compile(r"^(?:[.,]?\d|%)")  # unchanged text starting inside a figure


def test_tokens_keep_figures_and_dates_whole():
    from contractgen.redline.diff import tokens

    text = "The sum is £244,000,000, from 1 April 2018 (2018/19), 12.5% and \u2212\u2060£1,600,000 in clause 8.1."
    found = tokens(text)
    assert "".join(found) == text
    assert {"£244,000,000", "1 April 2018", "2018/19", "12.5%", "\u2212\u2060£1,600,000", "8.1"} <= set(found)
    assert "," in found and "." in found  # the comma and full stop after a figure are punctuation


def figures_whole(root) -> list[tuple[str, str]]:
    """Check that no change starts or ends inside a figure; return each deletion followed by an insertion."""
    pairs = []
    for p in root.iter(ops.w("p")):
        pieces = ops.segments(p)
        for k, (kind, text) in enumerate(pieces):
            if kind == "equal":
                continue
            before = next((t for c, t in reversed(pieces[:k]) if c == "equal"), "")
            after = next((t for c, t in pieces[k + 1:] if c == "equal"), "")
            assert not (INSIDE_BEFORE.search(before) and re.match(r"[\d,.]", text)), (before, text)
            assert not (INSIDE_AFTER.match(after) and re.search(r"[\d]$", text)), (text, after)
            if kind == "del" and k + 1 < len(pieces) and pieces[k + 1][0] == "ins":
                pairs.append((text, pieces[k + 1][1]))
    return pairs


def test_a_changed_figure_is_one_deletion_and_one_insertion_of_the_whole_figure(tmp_path):
    source = ROOT / "examples" / "dudley.yaml"
    new_text, _ = apply_edits(source, ["budget"])
    (result,) = redline_files(tmp_path, source.read_text(encoding="utf-8"), new_text, ["mcp_contract"], source.name)
    pairs = figures_whole(ops.document_xml(result.docx))
    # the budget line, the total and the contract sum: each one deletion and one insertion, figure whole
    # (the total and the contract sum are worked out from a line given as an illustration, so are marked too)
    for old, new in (("£80,000,000", "£81,000,000"), ("[£244,000,000: ILLUSTRATIVE]", "[£245,250,000: ILLUSTRATIVE]"),
                     ("[£248,880,000: ILLUSTRATIVE]", "[£250,155,000: ILLUSTRATIVE]")):
        assert (old, new) in pairs, pairs
    # a figure given as an illustration is struck and inserted whole with its marking: "[£15,000,000: ILLUSTRATIVE]"
    assert all(FIGURE.fullmatch(re.sub(r"^\[(.*): ILLUSTRATIVE\]$", r"\1", x)) for pair in pairs if "£" in "".join(pair)
               for x in pair), pairs
    assert "<del>£80,000,000</del><ins>£81,000,000</ins>" in result.markdown.decode()


def test_the_summary_is_for_lawyers_and_ids_come_only_with_verbose(tmp_path):
    source = ROOT / "examples" / "dudley.yaml"
    new_text, _ = apply_edits(source, ["budget"])
    old = source.read_text(encoding="utf-8")
    (plain,) = redline_files(tmp_path / "plain", old, new_text, ["mcp_contract"], source.name)
    (verbose,) = redline_files(tmp_path / "verbose", old, new_text, ["mcp_contract"], source.name, verbose=True)
    md = plain.summary_markdown.decode()
    assert ("| Clause 10.1 | Contract sum | “\\[£244,000,000: ILLUSTRATIVE\\]” changed to “\\[£245,250,000: "
            "ILLUSTRATIVE\\]”. |") in md
    assert ("| Schedule 3, paragraph 1.1 | Whole Population Budget by service | In the row “Out-of-hospital acute "
            "services”, “£80,000,000” changed to “£81,000,000”;") in md
    assert "draft 0.3 (working draft, 30 June 2017) of dudley.yaml" in md
    # no clause ids, library versions, key paths or raw figures without --verbose
    for developer in ("mcp.particulars", "1.0.0", "budget.lines", "stated\\_total", "81000000"):
        assert developer not in md, developer
    vmd = verbose.summary_markdown.decode().replace("\\_", "_")
    assert ("| Clause 10.1 | Contract sum | \u201c\\[£244,000,000: ILLUSTRATIVE\\]\u201d changed to \u201c\\[£245,250,000: "
            "ILLUSTRATIVE\\]\u201d. | mcp.particulars.contract_sum |") in vmd
    assert "| budget.stated_total | 244000000 | 245250000 |" in vmd
    # the summary is not in the redline: it reads the same in Word as in the Markdown
    body = ops.document_xml(plain.docx).find(ops.w("body"))
    assert "Summary of changes" not in "".join(t.text or "" for t in body.iter(ops.w("t"), ops.w("delText")))
    summary_root = ops.document_xml(plain.summary_docx)
    assert ops.changes(summary_root) == 0  # a document of its own, not a redline
    summary_text = ops.text(summary_root.find(ops.w("body")))
    assert "“[£244,000,000: ILLUSTRATIVE]” changed to “[£245,250,000: ILLUSTRATIVE]”." in summary_text


def _texts(path: Path) -> dict[str, str]:
    """Every part of an output file as text: each member of a DOCX, or the file itself."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return {f"{path.name}:{n}": package.read(n).decode("utf-8", "replace") for n in package.namelist()}
    return {path.name: data.decode("utf-8")}


def test_no_local_path_in_any_redline_output(tmp_path):
    import tempfile

    source = ROOT / "examples" / "dudley.yaml"
    new_text, _ = apply_edits(source, ["budget", "rename", "decision_rule"])
    old = tmp_path / "drafts-old" / "dudley.yaml"
    new = tmp_path / "drafts-new" / "dudley.yaml"
    for path, text in ((old, source.read_text(encoding="utf-8")), (new, new_text)):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["redline", str(old.resolve()), str(new.resolve()), "--out", str(out),
                                       "--verbose", "--author", "A. Lawyer"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files = sorted((out / "dudley").iterdir())
    assert len(files) == 4 * 4  # four documents, each a redline and a summary, each DOCX and Markdown
    forbidden = {str(old.resolve()), str(new.resolve()), str(old.parent), str(tmp_path), "drafts-old", "drafts-new",
                 tempfile.gettempdir() + "/", "contractgen-redline-", str(ROOT)}
    home = str(Path.home())
    if len(home) > 1:
        forbidden.add(home + "/")
    for path in files:
        for name, text in _texts(path).items():
            found = [f for f in forbidden if f in text]
            assert not found, (name, found)
    summary = (out / "dudley" / "mcp_contract.changes.md").read_text(encoding="utf-8")
    assert "of dudley.yaml to draft" in summary


def test_paragraph_marks_are_marked_only_for_whole_paragraphs(tmp_path):
    """LibreOffice shows "[8.1]" beside a list item holding any tracked deletion, Word does not: our markup
    changes no paragraph's properties or numbering (no pPrChange, no numPr change) and marks a paragraph
    mark inserted or deleted only when the whole paragraph is, as Word does."""
    source = ROOT / "examples" / "dudley.yaml"
    new_text, documents = apply_edits(source, ["decision_rule", "budget", "rename"])
    results = redline_files(tmp_path, source.read_text(encoding="utf-8"), new_text,
                            ["board_terms_of_reference", "mcp_contract"], source.name)
    marked = 0
    for result in results:
        root = ops.document_xml(result.docx)
        for tag in ("pPrChange", "rPrChange", "numberingChange", "sectPrChange", "tblPrChange", "trPrChange"):
            assert next(root.iter(ops.w(tag)), None) is None, tag
        for p in root.iter(ops.w("p")):
            mark = p.find(f"{ops.w('pPr')}/{ops.w('rPr')}")
            kinds = {c.tag for c in mark} & {ops.w("ins"), ops.w("del")} if mark is not None else set()
            if not kinds:
                continue
            marked += 1
            (kind,) = kinds
            pieces = ops.segments(p)
            assert {k for k, _ in pieces} <= {kind.split("}")[1]}, pieces  # (an empty paragraph has none)
    assert marked > 0


def test_a_new_draft_version_is_tracked_in_the_header_and_named_in_the_summary(tmp_path):
    source = ROOT / "examples" / "modality.yaml"
    new_text, documents = apply_edits(source, ["next_draft"])
    (result,) = redline_files(tmp_path, source.read_text(encoding="utf-8"), new_text, documents[:1], source.name)
    check_accept_and_reject(result)  # the header's draft marking included
    header = next(s for s in ops.stories(result.docx) if s.tag == ops.w("hdr"))
    pieces = [piece for p in header.iter(ops.w("p")) for piece in ops.segments(p)]
    old, new = result.old.meta, result.new.meta
    assert old.version != new.version and ("del", old.version) in pieces and ("ins", new.version) in pieces, pieces
    md = result.summary_markdown.decode()
    assert f"from draft {old.version} ({old.status}, " in md and f"to draft {new.version} ({new.status}, " in md
    assert "| Title |" not in md


def test_the_summary_says_each_kind_of_change_in_plain_words():
    from contractgen.document import Deleted, Inserted, Table, Text
    from contractgen.redline.summary import block_changes, inline_changes

    text = [Text("The Board meets "), Deleted([Text("monthly")]), Inserted([Text("every two months")]),
            Text(". Members may attend"), Inserted([Text(" by video")]), Text(" and"), Deleted([Text(" by phone")]),
            Text(".")]
    assert inline_changes(text) == ["“monthly” changed to “every two months”",
                                    "“by video” added after “months. Members may attend”",
                                    "“by phone” deleted after “attend by video and”"]
    table = Table(header=[[Text("Practice")], [Text("List size")]], caption="Participating Practices",
                  rows=[[[Text("Oak Surgery")], [Deleted([Text("8,000")]), Inserted([Text("8,250")])]],
                        [[Text("Elm Surgery")], [Text("6,000")]], [[Text("Ash Surgery")], [Text("5,000")]]],
                  row_revisions=[None, "deleted", "inserted"])
    assert block_changes(table) == ["in the row “Oak Surgery”, “8,000” changed to “8,250”",
                                    "row “Elm Surgery” deleted", "row “Ash Surgery” added"]
