"""Write templates/reference.docx, the Word styles contractgen writes with: `python tools/make_reference_docx.py [OUT]`.

The styles, the clause numbering list and the page set-up are built by
contractgen/writers/docx_reference.py, which an installed contractgen has too
(`contractgen reference-docx OUT` writes the same file for a legal team to restyle).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractgen.output import write_atomic  # noqa: E402
from contractgen.writers.docx_reference import default_reference  # noqa: E402

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "reference.docx"
    write_atomic(target, default_reference())
    print(f"wrote {target}")
