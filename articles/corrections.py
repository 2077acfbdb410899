"""Editors' corrections as a layer over the source file, one rule for issues, pages and articles.

A row shows one value per field: the editor's where there is one, else the
file's. `source` holds the file's value of each field an editor corrected
(and nothing else, so an uncorrected body is stored once): a field is
corrected exactly when it is a key there. Every import hands the file's
values to `take_source`, which updates what shows where no editor spoke and
the layer beneath where one did; an editor's change keeps as corrections only
the fields that then differ from the file, so a split and a merge that
restore the text leave none behind. Values are compared in plain JSON form:
dates as ISO strings, related rows as lists.

Every change to such a row goes through `Corrected.correcting()`, whoever
makes it (the admin, split and merge, an import that changed an article's
text): one transaction and one revision (django-reversion) that stores the
row before its first change ever ("导入时的版本", dated when the import gave
it), so the change shows as a difference and can be undone. Editors' changes
carry their name; an import's is a revision by "导入".

A revert (`revert_to`) puts back what a version says of the row itself: its
fields, its two layers and the rows it owns (an article's bylines and
captions, an issue's pages edited with it), never other rows of the same
revision (the half a split made, the article a merge took in), and never
where the row stands now (its page, place and address).
"""

import datetime
import json
from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.db import models, transaction
from reversion.models import Version

IMPORTED = "导入时的版本"
IMPORT = "导入"


class VersionIncomplete(Exception):
    """A version that cannot be put back: it names by number alone a row that is gone (saved before
    versions named people and sections). The message says what is missing."""


def plain(value):
    """A value as JSON stores it, so a stored and a computed one compare equal."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return json.loads(json.dumps(value, ensure_ascii=False))


def stored_fields(version):
    """The fields of the row as `version` stored them, in the serializer's JSON: a foreign key as a
    name (a one-item list) where its model has natural keys, else as a primary key."""
    return json.loads(version.serialized_data)[0]["fields"]


def keep_imported_version(obj):
    """Store the state an editor or an import is about to change, if nothing of it is stored yet,
    dated when an import gave it."""
    if not Version.objects.get_for_object(obj).exists():
        with reversion.create_revision():
            reversion.add_to_revision(obj)
            reversion.set_comment(IMPORTED)
            if obj.source_imported_at is not None:
                reversion.set_date_created(obj.source_imported_at)


@contextmanager
def revision(user, comment, *objects):
    """One revision by `user` (None: the importer); outside any other revision block, or the two merge."""
    for obj in objects:
        keep_imported_version(obj)
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield
        for obj in objects:
            if obj.pk is not None:
                reversion.add_to_revision(obj)


@dataclass
class Correction:
    """A change under way, kept on the row it changes: what the file said of each field when it began."""

    layer: dict
    # A revert: the fields that were no correction in the version it brought back follow the file.
    reverted: bool = False


class Corrected(models.Model):
    # The fields a file gives and an editor may correct, in the order the admin lists them.
    SOURCE_FIELDS = ()
    # Labels of the fields that are related rows, not columns.
    RELATED_LABELS = {}
    # Columns a revert brings back besides SOURCE_FIELDS and `source`; the others (where the row
    # stands, its review) stay as they are now.
    REVERTED_WITH = ()

    source = models.JSONField("来源文本（被编辑更正的字段）", default=dict, blank=True, editable=False)
    # When an import last gave the row the file's text (made it, or changed what the file says of it):
    # the date of its version "导入时的版本".
    source_imported_at = models.DateTimeField("来源文本导入时间", null=True, blank=True, editable=False)
    # The change under way (`correcting`), None between changes.
    correction = None

    class Meta:
        abstract = True

    @contextmanager
    def correcting(self, user, comment="", *, also=()):
        """Change this row as `user` (None: an import), in one transaction and one revision.

            with article.correcting(editor, "改正标题"):
                article.headline = "…"

        What the file says is noted when the block begins; when it ends, the
        fields that differ from it are kept as corrections (`keep_source`) and
        the row is saved, its save telling what derives from it, the cached
        pages and the search index (articles/changes.py). The revision holds the
        row, and `also` (rows the change touches besides it), as they were before
        their first change ever and as they are after this one. A block that
        saves the row through another copy of it (the admin's form) reads it
        back before it ends; an exception undoes the whole change.
        """
        if self.correction is not None:  # within a change of the same row: that change keeps it
            yield self
            return
        with transaction.atomic(), revision(user, comment, self, *also):
            self.correction = Correction(self.source_layer())
            try:
                yield self
                if self.correction.reverted:
                    self.rebase(self.correction.layer, related=True)
                else:
                    self.keep_source(self.correction.layer)
                self.save()
            finally:
                self.correction = None

    def revert_to(self, version):
        """Within `correcting`: the row as `version` stored it, over the file as it is now.

        The revert brings back the row's fields, the rows it owns and its
        `source`; the fields that were no correction then show what the file
        says now (`rebase`), so a revert never rolls back an import. The related
        rows are rebased when the correction ends: a form over the reverted row
        (the admin's) lists them as the version had them, and saves them first.
        VersionIncomplete (the change undone) when the version cannot be put back.
        """
        fields = stored_fields(version)
        self.restore_related_rows(version, fields)
        self.restore_fields(fields)
        self.rebase(self.correction.layer)
        self.save()
        self.correction.reverted = True

    def restore_fields(self, fields):
        """The columns a version stored (`stored_fields`): those the file gives, `REVERTED_WITH`, `source`."""
        for name in self.SOURCE_FIELDS:
            if name not in self.RELATED_LABELS and name in fields:
                self.show(name, self.stored_value(name, fields[name]))
        for name in self.REVERTED_WITH:
            if name in fields:
                setattr(self, name, self._meta.get_field(name).to_python(fields[name]))
        self.source = fields.get("source") or {}

    def restore_related_rows(self, version, fields):
        """Put back the rows this one owns as `version`'s revision stored them (none by default)."""

    def stored_value(self, name, value):
        """A column as a version stored it, in plain JSON form: a related row by its name."""
        field = self._meta.get_field(name)
        if not field.is_relation or value is None:
            return value
        if isinstance(value, list):
            return value[0]
        found = field.related_model.objects.filter(pk=value).first()
        if found is None:
            raise VersionIncomplete(f"{field.verbose_name}（编号 {value}）")
        return str(found)

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
        """An import: the file's values. Returns the fields where an editor's value now differs from them.

        Within `correcting` (an import that changed an article's text), the
        change then compares with these values: the file has spoken.
        """
        differ = []
        for name, value in values.items():
            value = plain(value)
            if self.correction is not None:
                self.correction.layer[name] = value
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
        """After a change: the fields that differ from the file's `layer` are corrections."""
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
