"""The secret ballot, read the way a database administrator would read it: every table, every column (from
the models and from the live schema), SQLite's rowid, PostgreSQL's ctid, xmin and xmax, the audit log and
the session's timeline — and no voter can be matched to a choice beyond what the totals imply.

The proof: nine members vote through the real pages with known choices, in a fixed order. The same nine
then vote again, in the same order, on a fresh database built the same way, with the choices assigned to
them differently but with the same totals per item (each item's column of choices permuted on its own, or
the lone dissenter moved from the last voter to the first). Whatever the ballots wrote — every row added,
changed or removed in any table, with its physical position and row versions — is identical for the two
assignments once the random keys are set aside and moments and transaction ids are replaced by their order.
So nothing stored varies with who chose what. A control with different totals shows the comparison sees the
ballots at all: there the writes differ, and only in the tallies' counters.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import current_app
from sqlalchemy import text

from campaign.extensions import db
from campaign.models import SessionStatus
from tests.conftest import _empty_all_tables

RANDOM_KEYS = {("ballot_cast", "id"): re.compile(r"^[0-9a-f]{32}$"),
               ("user_session", "id"): re.compile(r"^[A-Za-z0-9_-]{43}$")}
TXIDS = ("$xmin", "$xmax")


def _system_columns() -> list[tuple[str, str]]:
    if db.engine.dialect.name == "postgresql":
        return [("$ctid", "ctid::text"), ("$xmin", "xmin::text"), ("$xmax", "xmax::text")]
    return [("$rowid", "rowid")]


class Reader:
    """Reads the whole database; counts what it read."""

    def __init__(self):
        self.tables: set[str] = set()
        self.columns: set[tuple[str, str]] = set()
        self.rows = 0

    def snapshot(self) -> dict[str, dict]:
        inspector = sa.inspect(db.engine)
        live = set(inspector.get_table_names())
        declared = {table.name for table in db.metadata.sorted_tables}
        assert declared <= live, declared - live
        snapshot = {}
        for name in sorted(live | declared):
            columns = inspector.get_columns(name)
            names = [c["name"] for c in columns]
            if name in db.metadata.tables:
                assert {c.name for c in db.metadata.tables[name].columns} <= set(names), name
            times = {c["name"] for c in columns if isinstance(c["type"], sa.DateTime)}
            key = inspector.get_pk_constraint(name).get("constrained_columns") or names
            system = _system_columns()
            select = ", ".join([f'{expr} AS "{label}"' for label, expr in system] + [f'"{c}"' for c in names])
            rows = {}
            for row in db.session.execute(text(f'SELECT {select} FROM "{name}"')).mappings():
                row = dict(row)
                rows[tuple(row[k] for k in key)] = row
            db.session.rollback()  # hold no snapshot between reads
            self.tables.add(name)
            self.columns.update((name, c) for c in [label for label, _ in system] + names)
            self.rows += len(rows)
            snapshot[name] = {"rows": rows, "times": times, "key": key}
        return snapshot


def _delta(before: dict, after: dict) -> dict:
    """What the ballots wrote: per table the rows added and removed (whole), and the rows changed — each by its
    key and the columns that changed (a column nobody wrote, say a password hash, is not the ballots')."""
    delta = {}
    for name, table in after.items():
        old, new = before[name]["rows"], table["rows"]
        added = [new[k] for k in new.keys() - old.keys()]
        removed = [old[k] for k in old.keys() - new.keys()]
        changed = [(dict(zip(table["key"], k, strict=True)),
                    {c: (old[k][c], new[k][c]) for c in new[k] if old[k][c] != new[k][c]})
                   for k in new.keys() & old.keys() if old[k] != new[k]]
        if added or removed or changed:
            delta[name] = {"added": added, "removed": removed, "changed": changed, "times": table["times"]}
    return delta


def _normalised(delta: dict) -> dict:
    """The delta with random keys set aside (checked for their form), and moments and transaction ids
    replaced by their rank among those the delta holds (their order is kept, their absolute values differ
    from one database build to the next)."""
    moments, txids = set(), set()

    def collect(name, row, times):
        for column, value in row.items():
            if column in times and value is not None:
                moments.add(str(value))
            if column in TXIDS and value not in (None, "0"):
                txids.add(int(value))

    for name, part in delta.items():
        for row in part["added"] + part["removed"] + [before for before, _ in part["changed"]]:
            collect(name, row, part["times"])
        for _key, changes in part["changed"]:
            collect(name, {c: after for c, (_b, after) in changes.items()}, part["times"])
            collect(name, {c: before for c, (before, _a) in changes.items()}, part["times"])
    moment_rank = {value: f"<moment {i}>" for i, value in enumerate(sorted(moments))}
    txid_rank = {value: f"<txid {i}>" for i, value in enumerate(sorted(txids))}

    def value_of(name, column, value, times):
        pattern = RANDOM_KEYS.get((name, column))
        if pattern is not None:
            assert pattern.match(str(value)), (name, column, value)
            return "<random key>"
        if column in times and value is not None:
            return moment_rank[str(value)]
        if column in TXIDS and value not in (None, "0"):
            return txid_rank[int(value)]
        return value if isinstance(value, int | bool | type(None)) else str(value)

    def row_of(name, row, times):
        return tuple(sorted((c, value_of(name, c, v, times)) for c, v in row.items()))

    out = {}
    for name, part in delta.items():
        times = part["times"]
        out[name] = {
            "added": sorted((row_of(name, r, times) for r in part["added"]), key=repr),
            "removed": sorted((row_of(name, r, times) for r in part["removed"]), key=repr),
            "changed": sorted(((row_of(name, before, times),
                                tuple(sorted((c, value_of(name, c, b, times), value_of(name, c, a, times))
                                             for c, (b, a) in changes.items())))
                               for before, changes in part["changed"]), key=repr),
        }
    return out


def _values(delta: dict) -> list:
    """Every value the normalised delta holds (not the column names)."""
    values = []
    for part in delta.values():
        for row in part["added"] + part["removed"]:
            values += [v for _c, v in row]
        for before, changes in part["changed"]:
            values += [v for _c, v in before] + [x for _c, b, a in changes for x in (b, a)]
    return values


def _run(council_world, login, reader: Reader, ballots: list[str]) -> tuple[dict, dict]:
    """A fresh database, the council world, nine members logged in; then each votes `ballots[i]` (one letter
    a / d per agenda item) through the ballot page, in the members' order. → (normalised delta, tallies)."""
    _empty_all_tables()
    world = council_world(status=SessionStatus.VOTING)
    session_id = world.session.id
    items = [item.id for item in sorted(world.session.items, key=lambda item: item.position)]
    clients = {}
    for index in range(1, 10):
        client = current_app.test_client()
        assert login(client, world.users[index]).status_code == 302
        clients[index] = client
    db.session.rollback()
    before = reader.snapshot()
    for index, ballot in enumerate(ballots, start=1):
        data = {f"item_{item}": "agree" if letter == "a" else "disagree"
                for item, letter in zip(items, ballot, strict=True)}
        response = clients[index].post(f"/hoi-dong/phien/{session_id}/bo-phieu", data={**data, "buoc": "bo-phieu"})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    after = reader.snapshot()
    tallies = sorted((row["item_id"], row["agree"], row["disagree"], row["not_voting"])
                     for row in after["vote_tally"]["rows"].values())
    return _normalised(_delta(before, after)), tallies


def _permute_each_item(ballots: list[str]) -> list[str]:
    """Each item's column of choices rotated by a different step: the same totals per item, other voters."""
    columns = ["".join(b[j] for b in ballots) for j in range(len(ballots[0]))]
    rotated = [c[j + 1:] + c[:j + 1] for j, c in enumerate(columns)]
    return ["".join(c[i] for c in rotated) for i in range(len(ballots))]


MIXED = ["aadda", "adaad", "daaad", "aaaaa", "ddaaa", "adada", "aaadd", "dadaa", "aaaad"]
LONE_DISSENTER_LAST = ["aaaaa"] * 8 + ["ddddd"]
LONE_DISSENTER_FIRST = ["ddddd"] + ["aaaaa"] * 8
TWO_DISSENTERS = ["aaaaa"] * 7 + ["ddddd"] * 2


@pytest.mark.parametrize(("name", "first", "second"), [
    ("mixed choices, each item's column permuted", MIXED, _permute_each_item(MIXED)),
    ("the lone dissenter last, then first", LONE_DISSENTER_LAST, LONE_DISSENTER_FIRST),
])
def test_no_voter_can_be_matched_to_a_choice(app, council_world, login, name, first, second):
    assert first != second
    for column in range(5):
        assert sorted(b[column] for b in first) == sorted(b[column] for b in second)  # the same totals
    reader = Reader()
    delta_first, tallies_first = _run(council_world, login, reader, first)
    delta_second, tallies_second = _run(council_world, login, reader, second)
    assert tallies_first == tallies_second
    # the ballots wrote what the design says, and nothing else
    # (on PostgreSQL also the lock a foreign key's check leaves in the xmax of the rows it refers to: the
    # voter's person and account, the session — the participation the ballot_cast row states anyway)
    locked = {"council_session", "person", "user_account"}
    assert set(delta_first) <= {"ballot_cast", "vote_tally", "audit_event", "user_session"} | locked, set(delta_first)
    for table in locked & set(delta_first):
        assert {c for _key, changes in delta_first[table]["changed"] for c, _b, _a in changes} == {"$xmax"}, table
    assert len(delta_first["ballot_cast"]["added"]) == 9 and len(delta_first["audit_event"]["added"]) == 9
    assert len(delta_first["vote_tally"]["changed"]) == 5 and "session_event" not in delta_first
    written = [str(v).lower() for v in _values(delta_first) if isinstance(v, str)]
    assert not [v for v in written if "agree" in v or "đồng ý" in v], "a choice is written somewhere"
    # and it is the same whoever chose what
    for table in sorted(set(delta_first) | set(delta_second)):
        assert delta_first.get(table) == delta_second.get(table), table
    system = sorted({c for _t, c in reader.columns if c.startswith("$")})
    print(f"\n[{db.engine.dialect.name}] {name}: read {len(reader.tables)} tables, {len(reader.columns)} columns "
          f"(with {', '.join(s[1:] for s in system)} of every table), {reader.rows} rows over 4 snapshots, "
          f"the audit log and the session timeline included; the ballots' writes "
          f"({', '.join(f'{t}: {sum(len(v) for k, v in p.items())}' for t, p in sorted(delta_first.items()))} "
          f"rows) are identical for both assignments: no link found between a voter and a choice.")


def test_the_comparison_sees_the_ballots_different_totals_differ_only_in_the_counters(app, council_world,
                                                                                       login):
    reader = Reader()
    one, tallies_one = _run(council_world, login, reader, LONE_DISSENTER_LAST)
    two, tallies_two = _run(council_world, login, reader, TWO_DISSENTERS)
    assert tallies_one != tallies_two
    assert {t for t in set(one) | set(two) if one.get(t) != two.get(t)} == {"vote_tally"}
    counters = {"agree", "disagree", "not_voting"}
    for before_one, before_two in zip(one["vote_tally"]["changed"], two["vote_tally"]["changed"], strict=True):
        a, b = before_one, before_two
        assert a[0] == b[0]  # the same row before voting
        differing = {c for (c, _b, after), (_c, _b2, after2) in zip(a[1], b[1], strict=True) if after != after2}
        assert differing <= counters, differing
    print(f"\n[{db.engine.dialect.name}] control: 8 against 7 agreements per item change only "
          f"vote_tally.{{agree, disagree}}; every other write is the same.")


def test_the_reader_reads_the_system_columns(app, council_world):
    """The reader does read SQLite's rowid / PostgreSQL's ctid and xmin of the ballot tables (not nothing)."""
    council_world(status=SessionStatus.VOTING)
    snapshot = Reader().snapshot()
    rows = list(snapshot["vote_tally"]["rows"].values())
    assert len(rows) == 5
    if db.engine.dialect.name == "postgresql":
        assert all(re.match(r"^\(\d+,\d+\)$", r["$ctid"]) and int(r["$xmin"]) > 0 for r in rows)
    else:
        assert sorted(r["$rowid"] for r in rows) == sorted(r["id"] for r in rows)
