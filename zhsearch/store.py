"""The FTS5 index's SQLite file (its layout is in layout.py): its connections and its writes.

Each write is one IMMEDIATE transaction, in WAL mode with a busy timeout,
so gunicorn workers and an import can write at once and readers never wait.
"""

import json
import logging
import os
import threading
import time
import uuid
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from .exceptions import SearchIndexUnavailable
from .layout import DAY, TABLES, TITLE_TABLES, day, db_value
from .text import fold, keywords, pairs, short_token, singles

try:  # a newer SQLite than most systems' (requirements.txt), whose FTS5 scores BM25 faster
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # no wheel for this platform: the Python's own SQLite serves as well
    import sqlite3

log = logging.getLogger(__name__)

# FTS5's memory for terms not yet written (its 'hashsize'), in bytes: its default, and while bulk loading.
HASH, BULK_HASH = 1 << 20, 16 << 20
# How many segments of one level FTS5 lets pile up before it merges them ('crisismerge'): its
# default, and while bulk loading (a build of a hundred thousand documents writes about sixty).
CRISIS, BULK_CRISIS = 16, 64
# The facet keys of `combos` ids, the same in every thread: {"generation": …, "values": {id: keys}}.
_combos = {}
# Tables of earlier layouts, dropped when a file of one is emptied for the current layout.
EARLIER_TABLES = ("grams", "title_grams")
# Words of SQLite errors that mean the file is gone or broken, not busy.
DAMAGED = ("no such table", "malformed", "not a database", "disk I/O")


class IndexFile:
    def __init__(self, path, schema, timeout):
        self.path, self.schema, self.timeout = Path(path), schema, timeout
        self.appended = Appended()
        self.local = threading.local()

    # Connections -----------------------------------------------------------

    def connect(self, create):
        """This thread's connection, to an index built for the current fields."""
        local = self.local
        if getattr(local, "pid", None) != os.getpid():  # never share a connection across fork()
            local.db, local.pid = None, os.getpid()
        identity = self.identity()
        if local.db is not None and local.identity != identity:
            # rebuild_index swapped a new file in, or the file was deleted: read what the path holds now.
            local.db.close()
            local.db = None
        if local.db is None:
            if not create and identity is None:
                raise SearchIndexUnavailable("the search index does not exist")
            db = self._open()
            try:
                found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            except sqlite3.OperationalError as error:
                if "no such table" not in str(error):
                    raise
                found = None
            if found is None and create:
                self._create(db, replace=False)
            elif found is None:
                raise SearchIndexUnavailable("the search index has not been built")
            elif found[0] != self.schema.fingerprint:
                raise SearchIndexUnavailable("the search index was built for other fields")
            local.db, local.identity = db, identity or self.identity()
        return local.db

    def identity(self):
        """(device, inode) of the file the path leads to now, None when there is none."""
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return found.st_dev, found.st_ino

    def exists(self):
        return self.identity() is not None

    def _open(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA temp_store=MEMORY")
        return db

    @contextmanager
    def transaction(self, write):
        try:
            # Writes never create a missing index: one holding only what is written next would pass for whole.
            db = self.connect(create=False)
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.DatabaseError as error:
            raise self.unavailable(error) from None
        try:
            yield db
        except sqlite3.DatabaseError as error:
            db.execute("ROLLBACK")
            raise self.unavailable(error) from None
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def unavailable(self, error):
        """A damaged or vanished index; other errors (busy past the timeout, a bug) stay as they are."""
        if isinstance(error, sqlite3.OperationalError) and not any(words in str(error) for words in DAMAGED):
            return error
        self.local.db = None
        return SearchIndexUnavailable(f"the search index cannot be used ({error})")

    # The tables ------------------------------------------------------------

    def _create(self, db, replace):
        """Create the tables; `replace` drops what was there, an index of other fields or none."""
        text = ", ".join(f'"{name}"' for name, _ in self.schema.text)
        titles = ", ".join(f'"{name}"' for name in self.schema.titles) or "title"
        columns = "".join(f', "f_{name}"' for name, _ in self.schema.columns)
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        if not replace and db.execute("SELECT 1 FROM meta WHERE key = 'schema'").fetchone():
            db.execute("COMMIT")  # another process created it meanwhile
            return
        tables = ("documents", "stored", "multi", "tally", "combos", "keywords", "stamps")
        for table in (*TABLES, *TITLE_TABLES, *EARLIER_TABLES, *tables):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in (
            f"""CREATE TABLE documents (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                django_ct TEXT NOT NULL, django_id TEXT NOT NULL{columns})""",
            "CREATE TABLE stored (rowid INTEGER PRIMARY KEY, data BLOB NOT NULL)",
            """CREATE TABLE multi (doc INTEGER NOT NULL, field TEXT NOT NULL, value,
                PRIMARY KEY (field, value, doc)) WITHOUT ROWID""",
            "CREATE INDEX multi_doc ON multi (doc)",
            "CREATE TABLE tally (rowid INTEGER PRIMARY KEY, combo INTEGER NOT NULL)",
            "CREATE TABLE combos (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE)",
            f"CREATE VIRTUAL TABLE words USING fts5({text}, tokenize = 'ascii', content = '')",
            # Which documents have a character, no more: its positions would double the index.
            f"""CREATE VIRTUAL TABLE chars USING fts5({text}, tokenize = 'ascii', content = '',
                detail = none, columnsize = 0)""",
            f"CREATE VIRTUAL TABLE title_words USING fts5({titles}, tokenize = 'ascii', content = '')",
            f"CREATE VIRTUAL TABLE title_chars USING fts5({titles}, tokenize = 'ascii', content = '')",
            "CREATE VIRTUAL TABLE keywords USING fts5(words, tokenize = 'ascii', detail = none)",
            # Filters, facets and sorting by the fields of `documents`.
            *(
                f'CREATE INDEX "documents_{name}" ON documents ("f_{name}")'
                for name, _ in self.schema.columns
            ),
        ):
            db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [self.schema.fingerprint])
        # Ids in `combos` mean what they say in this generation of the tables only (combos()).
        db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", [uuid.uuid4().hex])
        db.execute("COMMIT")

    def recreate(self):
        """An empty index for the current fields, in place of whatever was there, even a damaged file."""
        self.local.db = None
        db = self._open_or_replace()
        self._create(db, replace=True)
        db.execute("VACUUM")  # give back the space of what was dropped
        self.local.db, self.local.pid, self.local.identity = db, os.getpid(), self.identity()

    def replace_with(self, build):
        """Build a whole new index beside this one, `build(new_file)`, then swap it in at once.

        The path is a symbolic link to the current generation's file (SQLite
        keeps each file's -wal and -shm beside the file itself, so generations
        never share them). Readers keep the old file until the link moves, and
        every connection opened before sees the move at its next transaction.
        A damaged or missing old file is simply replaced.
        """
        stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9:09d}"
        new = IndexFile(self.path.with_name(f"{self.path.name}.{stamp}"), self.schema, self.timeout)
        try:
            new.recreate()
            # No reader sees the new file before the swap, and a crash leaves it abandoned:
            # it is written without a journal or fsync, and is a WAL file again once built.
            new.local.db.execute("PRAGMA journal_mode=OFF")
            new.local.db.execute("PRAGMA synchronous=OFF")
            new.bulk(True)
            build(new)
            new.bulk(False)
            db = new.local.db
            db.execute("PRAGMA journal_mode=WAL")
            db.close()
            _fsync(new.path)
            previous = os.path.realpath(self.path) if os.path.lexists(self.path) else None
            link = self.path.with_name(f".{self.path.name}.{stamp}")
            os.symlink(new.path.name, link)
            os.replace(link, self.path)
        except BaseException:
            new.remove()
            raise
        self.local.db = None
        if previous and previous != str(self.path):
            IndexFile(previous, self.schema, self.timeout).remove()
        else:  # the path was the file itself (before the first rebuild): its journal is stale now
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._remove_abandoned(keep=new.path)

    def bulk(self, loading):
        """Ready the FTS5 tables for one bulk load (True), or merge what it wrote and ready them for small writes.

        While loading, FTS5 keeps more terms in memory before it writes a
        segment, and merges no segments (automerge off, crisismerge raised):
        one 'optimize' at the end merges them all at once, which does less
        work than merging as it goes and leaves fewer free pages.
        """
        db = self.local.db
        for table in (*TABLES, *TITLE_TABLES):
            if not loading:
                db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            for name, value in (
                ("automerge", 0 if loading else 4),
                ("crisismerge", BULK_CRISIS if loading else CRISIS),
                ("hashsize", BULK_HASH if loading else HASH),
            ):
                db.execute(f"INSERT INTO {table} ({table}, rank) VALUES (?, ?)", [name, value])

    def _remove_abandoned(self, keep):
        """Delete the files of rebuilds that were killed: those whose process is gone."""
        for path in self.path.parent.glob(f"{self.path.name}.*T*-*-*"):
            if path == keep or path.name.endswith(("-wal", "-shm")):
                continue
            pid = int(path.name.rsplit("-", 2)[1]) if path.name.rsplit("-", 2)[1].isdigit() else None
            if pid is None or _running(pid):
                continue
            IndexFile(path, self.schema, self.timeout).remove()

    def remove(self):
        """Delete this file and its journal; processes that have it open keep reading it until they move on."""
        self.local.db = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def stamps(self, kind):
        """{key: stamp} as `set_stamps` recorded them: which version of each group of documents is indexed."""
        with self.transaction(write=False) as db:
            try:
                return dict(db.execute("SELECT key, value FROM stamps WHERE kind = ?", [kind]))
            except sqlite3.OperationalError as error:
                if "no such table" not in str(error):
                    raise
                return {}  # an index built before stamps were kept

    def set_stamps(self, kind, stamps):
        with self.transaction(write=True) as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS stamps (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
                "PRIMARY KEY (kind, key)) WITHOUT ROWID"
            )
            db.executemany(
                "INSERT OR REPLACE INTO stamps VALUES (?, ?, ?)",
                [(kind, str(key), str(value)) for key, value in stamps.items()],
            )

    def combos(self, db, ids):
        """{id: ((position, value), …)} of the `combos` ids, read once per generation (_facet_keys)."""
        (generation,) = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        if _combos.get("generation") != generation:
            _combos.clear()
            _combos.update(generation=generation, values={})
        known = _combos["values"]
        missing = [combo for combo in ids if combo not in known]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            rows = db.execute(f"SELECT id, value FROM combos WHERE id IN ({_marks(len(chunk))})", chunk)
            known.update((combo, _facet_keys(json.loads(value))) for combo, value in rows)
        return known

    def count(self, django_ct):
        """How many documents of the model the index holds."""
        with self.transaction(write=False) as db:
            return db.execute("SELECT count(*) FROM documents WHERE django_ct = ?", [django_ct]).fetchone()[0]

    def ids(self, django_ct):
        """The primary keys (as text) of the model's documents."""
        with self.transaction(write=False) as db:
            rows = db.execute("SELECT django_id FROM documents WHERE django_ct = ?", [django_ct])
            return {django_id for (django_id,) in rows}

    def _open_or_replace(self):
        try:
            db = self._open()
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and not any(w in str(error) for w in DAMAGED):
                raise
            log.warning("replacing the damaged search index %s (%s)", self.path, error)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._open()

    # Writing ---------------------------------------------------------------

    def write(self, db, entry):
        """Add or replace one document, made ready by `prepare`."""
        found = db.execute("SELECT rowid FROM documents WHERE id = ?", [entry.id]).fetchone()
        if found:
            self.delete(db, found[0])
        rowid = found[0] if found and found[0] // DAY == entry.day else self._new_rowid(db, entry.day)
        names = "".join(f', "f_{name}"' for name, _ in self.schema.columns)
        db.execute(
            f"INSERT INTO documents (rowid, id, django_ct, django_id{names}) "
            f"VALUES ({_marks(4 + len(entry.values))})",
            [rowid, entry.id, entry.django_ct, entry.django_id, *entry.values],
        )
        db.execute("INSERT INTO stored VALUES (?, ?)", [rowid, entry.stored])
        self._insert_tokens(db, rowid, entry.tokens)
        db.execute("INSERT INTO keywords (rowid, words) VALUES (?, ?)", [rowid, entry.keywords])
        db.executemany(
            "INSERT OR IGNORE INTO multi VALUES (?, ?, ?)", [(rowid, *pair) for pair in entry.multi]
        )
        db.execute("INSERT OR IGNORE INTO combos (value) VALUES (?)", [entry.combo])
        db.execute("INSERT INTO tally SELECT ?, id FROM combos WHERE value = ?", [rowid, entry.combo])

    def append(self, db, entries):
        """Add documents to a file being built (replace_with): what `write` does, without its lookups.

        Nothing but the build writes the file, so what `write` looks up is
        known here (self.appended): no document is there yet, the next rowid
        of a day is one past the last handed out, a combo's id is the one
        given before. Each table takes the batch in one statement, in rowid
        order (FTS5 writes its pending terms out whenever a rowid is lower
        than the last). A document given twice is replaced by `write`.
        """
        done = self.appended
        documents, stored, keywords, multi, tally, tokens, again = [], [], [], [], [], {}, []
        for entry in entries:
            if entry.id in done.ids:
                again.append(entry)
                continue
            done.ids.add(entry.id)
            rowid = done.days[entry.day] = done.days.get(entry.day, entry.day * DAY) + 1
            combo = done.combos.get(entry.combo)
            if combo is None:
                combo = db.execute("INSERT INTO combos (value) VALUES (?)", [entry.combo]).lastrowid
                done.combos[entry.combo] = combo
            documents.append((rowid, entry.id, entry.django_ct, entry.django_id, *entry.values))
            stored.append((rowid, entry.stored))
            keywords.append((rowid, entry.keywords))
            multi += [(rowid, *pair) for pair in entry.multi]
            tally.append((rowid, combo))
            for table, texts in entry.tokens.items():
                tokens.setdefault(table, []).append((rowid, *texts))
        names = "".join(f', "f_{name}"' for name, _ in self.schema.columns)
        for statement, rows in (
            (f"INSERT INTO documents (rowid, id, django_ct, django_id{names}) VALUES ", documents),
            ("INSERT INTO stored VALUES ", stored),
            ("INSERT INTO keywords (rowid, words) VALUES ", keywords),
            ("INSERT OR IGNORE INTO multi VALUES ", multi),
            ("INSERT INTO tally VALUES ", tally),
            *(
                (f"INSERT INTO {table} (rowid, {self._columns(table)}) VALUES ", rows)
                for table, rows in tokens.items()
            ),
        ):
            if rows:
                db.executemany(f"{statement}({_marks(len(rows[0]))})", sorted(rows, key=itemgetter(0)))
        for entry in again:
            self.write(db, entry)
            done.days[entry.day] = self._new_rowid(db, entry.day) - 1

    def _columns(self, table):
        """The columns of an FTS5 table, as SQL."""
        names = self.schema.titles if table in TITLE_TABLES else [name for name, _ in self.schema.text]
        return ", ".join(f'"{name}"' for name in names)

    def _new_rowid(self, db, date):
        """The next rowid of the day: after the documents of that day indexed before."""
        (last,) = db.execute(
            "SELECT max(rowid) FROM documents WHERE rowid BETWEEN ? AND ?", [date * DAY, (date + 1) * DAY - 1]
        ).fetchone()
        return (last or date * DAY) + 1

    def _insert_tokens(self, db, rowid, tokens, command=None):
        """Index a document's tokens (`tokens()`), or with command="delete" take them out."""
        for table, texts in tokens.items():
            head, values = (f"{table}, rowid", [command, rowid]) if command else ("rowid", [rowid])
            db.execute(
                f"INSERT INTO {table} ({head}, {self._columns(table)}) VALUES ({_marks(len(values) + len(texts))})",
                [*values, *texts],
            )

    def delete(self, db, rowid):
        (data,) = db.execute("SELECT data FROM stored WHERE rowid = ?", [rowid]).fetchone()
        self._insert_tokens(
            db, rowid, tokens(self.schema, folded(self.schema, unpack(data))), command="delete"
        )
        for table, key in (
            ("multi", "doc"),
            ("tally", "rowid"),
            ("keywords", "rowid"),
            ("stored", "rowid"),
            ("documents", "rowid"),
        ):
            db.execute(f"DELETE FROM {table} WHERE {key} = ?", [rowid])

    def delete_where(self, db, column, value):
        """Delete the documents whose `id` or `django_ct` is the value."""
        assert column in (ID, DJANGO_CT)
        for (rowid,) in db.execute(f"SELECT rowid FROM documents WHERE {column} = ?", [value]).fetchall():
            self.delete(db, rowid)


@dataclass
class Appended:
    """What a build has added to its new file (IndexFile.append): each day's last rowid, each combo's id, each document's id."""

    days: dict = field(default_factory=dict)
    combos: dict = field(default_factory=dict)
    ids: set = field(default_factory=set)


@dataclass
class Entry:
    """A document made ready for the index, without reading it: what IndexFile.write inserts."""

    id: str
    django_ct: str
    django_id: str
    day: int  # the ordinal of its date, which its rowid follows
    values: list  # its `documents` columns
    stored: bytes  # its stored fields, packed
    tokens: dict  # {FTS5 table: the text of each column}
    keywords: str
    multi: list  # [(field, value)]
    combo: str  # its value in `combos`


def prepare(schema, document, stored):
    """The Entry of a document (haystack's prepared dict); `stored` names the fields kept for results.

    Pure computation, the most of indexing's: a rebuild runs it in
    processes of their own (backend.rebuild).
    """
    text_fields = {name for name, _ in schema.text}
    data = {name: value for name, value in document.items() if name in stored or name in text_fields}
    texts = folded(schema, data)
    return Entry(
        id=document[ID],
        django_ct=document[DJANGO_CT],
        django_id=document[DJANGO_ID],
        day=day(document.get(schema.recency)) if schema.recency else 0,
        values=[db_value(kind, document.get(name)) for name, kind in schema.columns],
        stored=pack(data),
        tokens=tokens(schema, texts),
        keywords=_keywords(schema, texts),
        multi=[
            (name, value)
            for name in schema.multi
            for value in dict.fromkeys(db_value("string", value) for value in document.get(name) or ())
        ],
        combo=_combo(schema, document),
    )


def folded(schema, data, limit=None):
    """{text field: its text folded}, each cut to its first `limit` characters if given."""
    return {name: fold(str(data.get(name) or "")[:limit]) for name, _ in schema.text}


def tokens(schema, texts):
    """{FTS5 table: the text of each of its columns} of the folded texts."""
    names = [name for name, _ in schema.text]
    found = {
        "words": [pairs(texts[name]) for name in names],
        "chars": [singles(texts[name]) for name in names],
    }
    if schema.titles:
        found["title_words"] = [pairs(texts[name]) for name in schema.titles]
        found["title_chars"] = [singles(texts[name]) for name in schema.titles]
    return found


def _keywords(schema, texts):
    """The document's keywords as `keywords` holds them: its title block's, or its opening's without one.

    A title block is short, so reading it with jieba adds little to an
    import of many documents.
    """
    return " ".join(short_token(word) for word in keywords(opening(schema, texts, titles_only=True)))


def opening(schema, texts, titles_only=False):
    """The title block, then the other text fields: what keywords are found in."""
    titles = [texts[name] for name in schema.titles]
    if titles and titles_only:
        return "\n".join(titles)
    return "\n".join([*titles, *(text for name, text in texts.items() if name not in schema.titles)])


def _combo(schema, document):
    """The document's value in `combos`: its year and its values of the counted fields."""
    date = document.get(schema.recency) if schema.recency else None
    values = [db_value("date", date)[:4] if date else None]
    for name in schema.counted:
        if name in schema.multi:
            values.append(sorted({db_value("string", value) for value in document.get(name) or ()}))
        else:
            values.append(db_value(schema.field_type(name), document.get(name)))
    return json.dumps(values, ensure_ascii=False)


def _facet_keys(values):
    """A combo's values as (position, value) pairs: 0 its year, then each counted field's, lists spread."""
    return tuple(
        (position, value)
        for position, found in enumerate(values)
        for value in (found if isinstance(found, list) else [found])
        if value is not None
    )


def pack(data):
    """Stored fields as `stored` keeps them: JSON, compressed (Chinese text to about half)."""
    return zlib.compress(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode())


def unpack(blob):
    return json.loads(zlib.decompress(blob))


def _fsync(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _marks(count):
    return ", ".join("?" * count)
