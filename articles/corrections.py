"""Editors' corrections as a layer over the source file, one rule for issues, pages and articles.

A row shows one value per field: the editor's where there is one, else the
file's. `source` holds the file's value of each field an editor corrected
(and nothing else, so an uncorrected body is stored once): a field is
corrected exactly when it is a key there. Every import hands the file's
values to `take_source`, which updates what shows where no editor spoke and
the layer beneath where one did; the admin hands the state before an edit
to `keep_source`, which keeps as corrections only the fields that now differ
from it, so a split and a merge that restore the text leave none behind.
Values are compared in plain JSON form: dates as ISO strings, related rows
as lists.
"""

import datetime
import json

from django.db import models


def plain(value):
    """A value as JSON stores it, so a stored and a computed one compare equal."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return json.loads(json.dumps(value, ensure_ascii=False))


class Corrected(models.Model):
    # The fields a file gives and an editor may correct, in the order the admin lists them.
    SOURCE_FIELDS = ()
    # Labels of the fields that are related rows, not columns.
    RELATED_LABELS = {}

    source = models.JSONField("来源文本（被编辑更正的字段）", default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def edited_fields(self):
        """The fields whose shown value is an editor's, in SOURCE_FIELDS order."""
        return [name for name in self.SOURCE_FIELDS if name in self.source]

    def field_label(self, name):
        if name in self.RELATED_LABELS:
            return self.RELATED_LABELS[name]
        return str(self._meta.get_field(name).verbose_name)

    def shown(self, name):
        """What a reader sees of a field now, in plain JSON form."""
        if name in self.RELATED_LABELS:
            return plain(self.related_value(name))
        field = self._meta.get_field(name)
        value = getattr(self, name)
        if field.is_relation:
            value = str(value) if value is not None else None
        return plain(value)

    def show(self, name, value):
        """Make a plain JSON value the one a reader sees; related rows are written at once."""
        if name in self.RELATED_LABELS:
            self.set_related_value(name, value)
            getattr(self, "_prefetched_objects_cache", {}).pop(name, None)
            return
        field = self._meta.get_field(name)
        if isinstance(field, models.DateField) and value:
            value = datetime.date.fromisoformat(value)
        elif field.is_relation:
            value = self.related_object(name, value)
        setattr(self, name, value)

    def related_value(self, name):
        raise NotImplementedError

    def set_related_value(self, name, value):
        raise NotImplementedError

    def related_object(self, name, value):
        raise NotImplementedError

    def source_layer(self):
        """What the file says of every field, corrected or not."""
        return {
            name: self.source[name] if name in self.source else self.shown(name)
            for name in self.SOURCE_FIELDS
        }

    def take_source(self, values):
        """An import: the file's values. Returns the fields where an editor's value now differs from them."""
        differ = []
        for name, value in values.items():
            value = plain(value)
            if name not in self.source:
                if self.shown(name) != value:
                    self.show(name, value)
            elif self.shown(name) == value:
                del self.source[name]  # the file now says what the editor said
            else:
                self.source[name] = value
                differ.append(name)
        return differ

    def keep_source(self, layer):
        """After an editor's change: the fields that differ from the file's `layer` are corrections."""
        # Rows prefetched before the change are stale now.
        for name in self.RELATED_LABELS:
            getattr(self, "_prefetched_objects_cache", {}).pop(name, None)
        self.source = {name: value for name, value in layer.items() if self.shown(name) != value}

    def restore_source(self, name):
        """Drop an editor's correction: the field follows the file again."""
        self.show(name, self.source.pop(name))

    def rebase(self, layer, related=False):
        """After a revert: fields that were no correction then show what the file says now.

        The revert brought back an older row, its `source` included; the file's
        current values (`layer`) replace the ones it had then, so a revert
        never rolls back an import. Related rows are written at once, so the
        admin asks for them only once the reverted form is saved.
        """
        for name, value in layer.items():
            if (name in self.RELATED_LABELS) == related and name not in self.source:
                self.show(name, value)
        if related:
            self.keep_source(layer)

    def corrections(self):
        """[(name, label, the file's value, the editor's value)] for the admin's side-by-side view."""
        return [
            (name, self.field_label(name), self.source[name], self.shown(name)) for name in self.edited_fields
        ]
