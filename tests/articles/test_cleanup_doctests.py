"""The examples in the docstrings of every clean-up module hold."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import articles.cleanup

MODULES = sorted(info.name for info in pkgutil.iter_modules(articles.cleanup.__path__, "articles.cleanup."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0


def test_every_rule_module_is_covered():
    total = sum(doctest.testmod(importlib.import_module(name)).attempted for name in MODULES)
    assert len(MODULES) >= 7
    assert total > 40
