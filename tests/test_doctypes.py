"""One registry of document types: the schema, the default set, the runner and the templates agree with it."""

from pathlib import Path

import pytest

from contractgen.doctemplate import load_template
from contractgen.doctypes import DOCUMENT_IDS, DOCUMENT_TYPES, main_document
from contractgen.errors import InvalidInput
from contractgen.partnership.schema import PartnershipFile, json_schema

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "documents"


def test_every_registered_type_has_its_template_and_every_template_is_registered():
    files = {p.stem for p in TEMPLATES.glob("*.yaml")}
    assert files == set(DOCUMENT_IDS)
    for doc_id in DOCUMENT_IDS:
        assert load_template(TEMPLATES / f"{doc_id}.yaml", doc_id).spec.id == doc_id


def test_the_schema_offers_exactly_the_registered_types():
    schema = json_schema()
    documents = schema["properties"]["documents"]["anyOf"][0]["items"]
    assert documents["enum"] == list(DOCUMENT_IDS)


def test_every_partnership_section_that_asks_for_a_document_exists_in_the_format():
    sections = {t.section for t in DOCUMENT_TYPES if t.section}
    assert sections <= set(PartnershipFile.model_fields)
    assert main_document("mcp") == "mcp_contract" and main_document("pacs") == "pacs_agreement"


@pytest.mark.parametrize("doc_id, file_name", [("board_terms", "board_terms"),
                                               ("alliance_agreement", "board_terms_of_reference")])
def test_a_template_whose_id_is_not_a_registered_type_or_not_its_file_name_is_refused(tmp_path, doc_id, file_name):
    source = (TEMPLATES / "board_terms_of_reference.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{file_name}.yaml"
    path.write_text(source.replace("id: board_terms_of_reference", f"id: {doc_id}"), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_template(path, "my/template.yaml")
    message = str(caught.value.diagnostics[0])
    assert message.startswith("my/template.yaml:1:5: id: expected the id of the document type")
    assert f"got {doc_id}" in message


def test_every_care_model_is_offered_by_the_schema_and_has_a_main_document_and_its_section():
    from contractgen.care_models import CARE_MODELS, CARE_MODEL_IDS

    assert json_schema()["$defs"]["PartnershipInfo"]["properties"]["care_model"]["enum"] == list(CARE_MODEL_IDS)
    for model in CARE_MODELS:
        levels = ("partial", "full") if model.leveled else (None,)
        for level in levels:
            assert main_document(model.id, level) in DOCUMENT_IDS
        # a model without levels is drafted from a section of its own, which the format has
        assert model.leveled or model.section in PartnershipFile.model_fields
        assert model.forms
