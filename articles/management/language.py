"""Operator commands speak the operator's language, as Unix tools do."""

import os

from django.utils import translation


def operator_language():
    """Chinese for a zh locale (LC_ALL, LC_MESSAGES, LANG, in that order), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh-hans" if value.lower().startswith("zh") else "en"
    return "en"


class InOperatorLanguage:
    """A command mixin: everything the command says in one language (articles/locale holds the Chinese)."""

    def execute(self, *args, **options):
        with translation.override(operator_language()):
            return super().execute(*args, **options)
