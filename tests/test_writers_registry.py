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
