"""The writer registry: every format's module is importable and agrees with the table of extensions."""

import pytest

from contractgen.writers import DEFAULT_FORMATS, EXTENSIONS, FORMATS, writer


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_writer_has_the_extension_the_table_gives(fmt):
    module = writer(fmt)
    assert module.EXTENSION == EXTENSIONS[fmt]
    assert callable(module.render)


def test_the_tables_name_the_same_formats():
    assert set(EXTENSIONS) == set(FORMATS) and set(DEFAULT_FORMATS) <= set(FORMATS)


def test_writers_read_the_model_only_never_the_partnership_format_or_the_templating_setup():
    # a fresh interpreter, so what another test imported cannot hide what a writer pulls in
    import subprocess
    import sys

    code = ("import sys\nfrom contractgen.writers import FORMATS, writer\n"
            "[writer(f) for f in FORMATS]\n"
            "print(sorted(m for m in sys.modules if m.startswith(('contractgen.templating', 'contractgen.partnership', "
            "'jinja2', 'ruamel'))))")
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[]"
