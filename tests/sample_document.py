"""A hand-built Document holding every node type, for writer tests that need no partnership."""

from __future__ import annotations

from datetime import date

from contractgen.transforms import fill_contents
from contractgen.document import (
    Clause,
    Definitions,
    Document,
    Emph,
    LineBreak,
    Meta,
    PageBreak,
    Paragraph,
    Part,
    Placeholder,
    Ref,
    Source,
    Strong,
    Table,
    TableOfContents,
    Term,
    Text,
)


def sample_document() -> Document:
    """Numbers, reference labels and the contents are filled in as the transforms would."""
    meta = Meta(
        doc_type="mcp_contract",
        title="Multispecialty Community Provider Contract",
        subtitle="Dudley Multispecialty Community Provider",
        partnership="Dudley Multispecialty Community Provider",
        version="0.3",
        status="working draft",
        date=date(2017, 6, 30),
        subject="MCP contract (partially integrated)",
    )
    front = Part(
        title="Front matter",
        kind="front",
        blocks=[
            Paragraph([Text("This contract is made between the parties listed in Schedule 1.")], style="centred"),
            Paragraph([Strong([Text("NHS Dudley CCG")]), LineBreak(), Text("Brierley Hill, Dudley")], style="centred"),
            TableOfContents(),
            PageBreak(),
        ],
    )
    definitions = Clause(
        id="general.definitions",
        title="Definitions",
        text=[Text("In this Contract the following words have these meanings:")],
        number="1",
        blocks=[
            Definitions(
                entries=[
                    ("Contract Year", [Text("each period of 12 months starting on 1 April.")]),
                    ("Whole Population Budget", [Text("the annual sum described in "), Ref("payment.wpb", "clause 2.1")]),
                ]
            )
        ],
        source=Source("clauses/general/definitions.md", 1, "general.definitions", "1.0.0"),
    )
    payment = Clause(
        id="payment",
        title="Payment",
        number="2",
        source=Source("clauses/mcp/payment.md", 1, "payment", "1.0.0"),
        children=[
            Clause(
                id="payment.wpb",
                level=2,
                number="2.1",
                text=[
                    Text("The Commissioners will pay the Provider the "),
                    Term("Whole Population Budget"),
                    Text(" of "),
                    Strong([Text("£244,000,000")]),
                    Text(" in each "),
                    Term("Contract Year"),
                    Text(", "),
                    Emph([Text("subject to")]),
                    Text(" "),
                    Ref("payment.ips", "clause 2.2"),
                    Text(". A party named {{ 7*7 }} & <b>not markup</b> stays text."),
                ],
                children=[
                    Clause(level=3, number="2.1.1", text=[Text("in twelve equal monthly instalments; and")]),
                    Clause(level=3, number="2.1.2", text=[Text("by the tenth working day of each month.")]),
                ],
            ),
            Clause(id="payment.ips", level=2, number="2.2", text=[Text("The improvement payment is paid yearly.")]),
        ],
    )
    conditions = Part(title="General Conditions", kind="body", blocks=[definitions, payment])
    schedule = Part(
        title="Whole Population Budget",
        kind="schedule",
        number=2,
        blocks=[
            Clause(
                id="schedule.wpb.intro",
                title="Budget lines",
                number="1",
                children=[Clause(level=2, number="1.1", text=[Text("The budget for 2018/19 is:")])],
            ),
            Table(
                header=[[Text("Service")], [Text("Commissioner")], [Text("Amount")]],
                rows=[
                    [[Text("Primary care contracts")], [Text("NHS Dudley CCG")], [Text("£25,000,000")]],
                    [[Text("Premises")], [Text("NHS Dudley CCG")], [Text("£4,700,000")]],
                    [[Strong([Text("Total")])], [Text("")], [Strong([Text("£29,700,000")])]],
                ],
                align=["left", "left", "right"],
                caption="Whole Population Budget 2018/19",
                total_rows=1,
            ),
            Paragraph([Text("Figures marked illustrative are not sourced.")], style="note"),
            Paragraph([Text("Address for notices: "), Placeholder("address to be confirmed"), Text(".")]),
        ],
    )
    document = Document(meta=meta, parts=[front, conditions, schedule])
    fill_contents(document)
    return document
