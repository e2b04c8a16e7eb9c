#!/usr/bin/env bash
# Crash safety of `rapport ingest`: kills it with SIGKILL at random (seeded) moments, re-runs it each
# time, lets a last run finish, and then checks the store against the input and against a load that
# was never interrupted. Run by `make test` after `swift test`, and alone by `make crash-test`;
# needs DATABASE_URL of a server where it may create databases (scripts/with-test-postgres.sh).
#
#   CRASH_SEED=N      seed of the data and of the kill moments (default: random, printed)
#   CRASH_KILLS=N     kills to deliver, at least 20 (default 20); every round kills twice, then finishes
#   CRASH_CUSTOMERS=N, CRASH_CONVERSATIONS=N  input sizes (default 2000 and 8000: about 10,000
#                     JSONL and 24,000 twcs rows, loads of 1.5 to 3 s in a debug build)
#   RAPPORT_BIN=PATH  the rapport binary (default: the debug build, built if missing)
#
# Two inputs: the synthetic data set of `rapport generate` (JSONL, every channel) after its CRM export,
# and a generated twcs CSV whose brand replies often come before the tweets they answer (they wait in
# the loader's pending table), a few of them across batches, plus rows that must be rejected.
#
# What "consistent" means after the kills, for each round (all checked with SQL):
#  1. interactions hold exactly the (source, external_id) pairs of the input's good rows, computed from
#     the file here, none twice;
#  2. every interaction has the same identity (kind, value) and the same content as in the
#     uninterrupted load; identities are the same (kind, value, source, first/last seen), grouped into
#     profiles the same way;
#  3. no profile lost its identities: every live profile has one, and every merged one is the absorbed
#     side of an active ledger entry (killed runs leave no half-created profiles);
#  4. every table holds as many rows as after the uninterrupted load (ledger, customers, insight, ...);
#  5. a further run reports 0 inserted and every good row as already present; exit status is 0, or
#     2 when rows were rejected (0 with --allow-rejects), 137 for a killed run, 4 for a dead port.
set -euo pipefail
fail() { echo "crash-ingest: FAILED: $*" >&2; exit 1; }
now() { date +%s.%N; }
started=$(now)
note() { printf 'crash-ingest [%5.1fs]: %s\n' "$(python3 -c "print($(now) - $started)")" "$*"; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
: "${DATABASE_URL:?needs DATABASE_URL (run it through scripts/with-test-postgres.sh)}"
seed=${CRASH_SEED:-$((RANDOM * 32768 + RANDOM))}
kills_wanted=${CRASH_KILLS:-20}
customers=${CRASH_CUSTOMERS:-2000}
conversations=${CRASH_CONVERSATIONS:-8000}
# Small batches: many transactions, so the kills land before, inside and between commits, and
# replies wait in the pending table across batches.
batch_size=2000
[ "$kills_wanted" -ge 20 ] || { echo "CRASH_KILLS must be at least 20" >&2; exit 64; }

if [ -z "${RAPPORT_BIN:-}" ]; then
  RAPPORT_BIN="$root/.build/debug/rapport"
  # `swift test` has usually just built it; build only when it is missing or older than a source.
  if [ ! -x "$RAPPORT_BIN" ] || [ -n "$(find "$root/Sources" -name '*.swift' -newer "$RAPPORT_BIN" -print -quit)" ]; then
    (cd "$root" && "${SWIFT:-swift}" build --product rapport >/dev/null 2>&1) || fail "swift build --product rapport failed"
  fi
fi
bin=$RAPPORT_BIN
psql_bin=""
for dir in ${RAPPORT_TEST_PG_BINDIR:-} /usr/lib/postgresql/*/bin; do [ -x "$dir/psql" ] && psql_bin="$dir/psql"; done
[ -n "$psql_bin" ] || psql_bin=$(command -v psql) || { echo "error: psql not found" >&2; exit 1; }

work=$(mktemp -d /tmp/rapport-crash.XXXXXX)
server=${DATABASE_URL%/*}
databases=()
cleanup() {
  for db in "${databases[@]}"; do sql postgres "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
sql() { PGOPTIONS="-c client_min_messages=warning" "$psql_bin" "$server/$1" -X -q -At -v ON_ERROR_STOP=1 -c "$2"; }

note "seed $seed (CRASH_SEED=$seed reproduces the data and the kill moments), $kills_wanted kills, binary $bin"

# --- Inputs -------------------------------------------------------------------------------------
"$bin" generate --customers "$customers" --days 30 --seed "$seed" --end 2026-01-01 --out "$work/data" >/dev/null
python3 - "$seed" "$work" "$conversations" <<'PY'
import csv, json, random, sys
seed, work, conversations = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
# Expected rows of the JSONL, read here independently of Rapport.
with open(f"{work}/data/interactions.jsonl") as f, open(f"{work}/jsonl.expected", "w") as out:
    pairs = sorted({(row["source"], row["external_id"]) for row in map(json.loads, f)})
    out.writelines(f"{s}|{e}\n" for s, e in pairs)
open(f"{work}/jsonl.rejects", "w").close()
# twcs: conversations of customer tweet -> brand reply -> follow-up -> brand reply; some customers
# are CRM customers' handles. Half the conversations are written last message first, and a tenth
# of the opening tweets are moved up to 10,000 rows later (other batches).
handles = []
with open(f"{work}/data/customers.csv") as f:
    for row in csv.DictReader(f):
        handles += [h.strip().lstrip("@") for h in (row.get("twitter") or "").split(";") if h.strip()]
rows, next_id = [], 10_000_000
def stamp(minute):
    import datetime
    t = datetime.datetime(2025, 12, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(minutes=minute)
    return t.strftime("%a %b %d %H:%M:%S +0000 %Y")
for conversation in range(conversations):
    author = rng.choice(handles) if handles and rng.random() < 0.3 else f"cust{rng.randrange(25_000)}"
    minute = rng.randrange(40_000)
    ids = list(range(next_id, next_id + 4)); next_id += 4
    chain = [
        (ids[0], author, "True", "my parcel never arrived, order %d" % ids[0], ""),
        (ids[1], "BrandCo", "False", "sorry to hear that, please DM us", str(ids[0])),
        (ids[2], author, "True", "sent you a DM", str(ids[1])),
        (ids[3], "BrandCo", "False", "thanks, we replied", str(ids[2])),
    ][: rng.choice([2, 4])]
    chain = [(i, a, inbound, text, parent, stamp(minute + k)) for k, (i, a, inbound, text, parent) in enumerate(chain)]
    if rng.random() < 0.5:
        chain.reverse()
    rows.append(chain)
flat = [row for chain in rows for row in chain]
for _ in range(len(rows) // 10):
    i = rng.randrange(len(flat))
    if flat[i][4] == "":
        j = min(len(flat) - 1, i + rng.randrange(1, 10_000))
        flat.insert(j, flat.pop(i))
bad = []
for k in range(6):  # brand replies to tweets that exist nowhere: rejected at the end of the load
    flat.insert(rng.randrange(len(flat)), (next_id, "BrandCo", "False", "orphan reply", str(999_000_000 + k), stamp(0)))
    next_id += 1
with open(f"{work}/twcs.csv", "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"])
    line = 1
    for (i, author, inbound, text, parent, created) in flat:
        line += 1
        if rng.random() < 0.0002:  # a malformed row: too few fields
            f.write("%d,%s\n" % (i, author)); bad.append(line); line += 1
        writer.writerow([i, author, inbound, created, text, "", parent])
        if text == "orphan reply":
            bad.append(line)
good = sorted({("twcs", str(row[0])) for row in flat if row[3] != "orphan reply"})
with open(f"{work}/twcs.expected", "w") as out:
    out.writelines(f"{s}|{e}\n" for s, e in good)
with open(f"{work}/twcs.rejects", "w") as out:
    out.writelines(f"{n}\n" for n in sorted(bad))
PY
for input in jsonl twcs; do
  note "$input: $(wc -l <"$work/$input.expected") rows to load, $(wc -l <"$work/$input.rejects") to reject"
done
file_of() { if [ "$1" = jsonl ]; then echo "$work/data/interactions.jsonl"; else echo "$work/twcs.csv"; fi; }

# --- Exit status when the database cannot be reached --------------------------------------------
dead_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
status=0
"$bin" ingest "$(file_of jsonl)" --database-url "postgres://rapport@127.0.0.1:$dead_port/rapport" \
  --rejects "$work/dead.rejects" >"$work/dead.out" 2>"$work/dead.err" </dev/null || status=$?
[ "$status" -eq 4 ] || fail "ingest against a dead port exited $status, expected 4: $(cat "$work/dead.err")"
[ "$(wc -l <"$work/dead.err")" -eq 1 ] || fail "ingest against a dead port printed more than one line: $(cat "$work/dead.err")"
grep -q "127.0.0.1:$dead_port/rapport" "$work/dead.err" || fail "the message does not name host, port and database: $(cat "$work/dead.err")"
note "dead port: exit 4, '$(cat "$work/dead.err")'"

# --- A template with the schema and the CRM export, copied for every load -----------------------
database() {  # name: a fresh copy of the template
  sql postgres "CREATE DATABASE $1 TEMPLATE crash_template" >/dev/null
  databases+=("$1")
}
databases+=(crash_template)
sql postgres "DROP DATABASE IF EXISTS crash_template WITH (FORCE)" >/dev/null
sql postgres "CREATE DATABASE crash_template TEMPLATE template0" >/dev/null
"$bin" migrate --database-url "$server/crash_template" >/dev/null </dev/null
"$bin" import customers "$work/data/customers.csv" --database-url "$server/crash_template" >"$work/import.out" </dev/null \
  || fail "import customers: $(cat "$work/import.out")"
note "template: $(cat "$work/import.out")"

# ingest DB INPUT [extra flags...]: runs to completion, prints its JSON summary, returns its status.
ingest() {
  local db=$1 input=$2
  shift 2
  "$bin" ingest "$(file_of "$input")" --database-url "$server/$db" --rejects "$work/$db.rejects" --batch-size "$batch_size" \
    --format json "$@" </dev/null 2>>"$work/$db.err"
}

# snapshot DB: what an interrupted load must share with the uninterrupted one.
snapshot() {
  sql "$1" "SELECT i.source, i.external_id, d.kind, d.value, i.channel, i.direction, i.visibility, i.occurred_at, i.thread_id,
                   i.in_reply_to, i.account, md5(coalesce(i.body, '')), i.attributes::text
            FROM interactions i JOIN identities d ON d.id = i.identity_id ORDER BY 1, 2"
  sql "$1" "SELECT kind, value, source, first_seen, last_seen FROM identities ORDER BY 1, 2"
  sql "$1" "SELECT string_agg(kind || ':' || value, ' ' ORDER BY kind, value) FROM identities GROUP BY profile_id ORDER BY 1"
  local table
  for table in $(sql "$1" "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"); do
    echo "$table $(sql "$1" "SELECT count(*) FROM $table")"
  done
}

# check DB INPUT [reference]: the consistency rules above against $work/INPUT.reference; for the
# reference load itself, also that --allow-rejects turns exit 2 into 0.
check() {
  local db=$1 input=$2
  sql "$db" "SELECT source || '|' || external_id FROM interactions ORDER BY 1" | LC_ALL=C sort >"$work/$db.stored"
  LC_ALL=C sort "$work/$input.expected" | diff -q - "$work/$db.stored" >/dev/null \
    || fail "$db: stored rows differ from the file's: $(LC_ALL=C sort "$work/$input.expected" | diff - "$work/$db.stored" | head -5)"
  [ "$(sql "$db" "SELECT count(*) - count(DISTINCT (source, external_id)) FROM interactions")" = 0 ] || fail "$db: a row stored twice"
  local orphans
  orphans=$(sql "$db" "SELECT count(*) FROM profiles p WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.profile_id = p.id)
                         AND (p.merged_into IS NULL OR NOT EXISTS (SELECT 1 FROM merges m WHERE m.absorbed_id = p.id AND m.action = 'merge' AND m.undone_at IS NULL))")
  [ "$orphans" = 0 ] || fail "$db: $orphans profiles without identities that no merge explains"
  [ "$(sql "$db" "SELECT count(*) FROM identities i JOIN profiles p ON p.id = i.profile_id WHERE p.merged_into IS NOT NULL")" = 0 ] \
    || fail "$db: identities on a merged profile"
  snapshot "$db" >"$work/$db.snapshot"
  cmp -s "$work/$input.reference" "$work/$db.snapshot" \
    || fail "$db: differs from the uninterrupted load: $(diff "$work/$input.reference" "$work/$db.snapshot" | head -5)"
  python3 - "$work/$db.rejects" "$work/$input.rejects" <<'PY' || fail "$db: rejects file does not list the expected lines"
import json, sys
import os
got = sorted(json.loads(l)["line"] for l in open(sys.argv[1]) if l.strip()) if os.path.exists(sys.argv[1]) else []
want = [int(l) for l in open(sys.argv[2]) if l.strip()]
sys.exit(0 if got == want else f"rejected lines {got[:10]}, expected {want[:10]}")
PY
  local summary expected_status=0 status=0
  [ -s "$work/$input.rejects" ] && expected_status=2
  summary=$(ingest "$db" "$input") || status=$?
  [ "$status" = "$expected_status" ] || fail "$db: a re-run exited $status, expected $expected_status"
  python3 - "$summary" "$(wc -l <"$work/$input.expected")" "$(wc -l <"$work/$input.rejects")" <<'PY' || fail "$db: re-run summary $summary"
import json, sys
s, good, bad = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sys.exit(0 if (s["inserted"], s["duplicates"], s["rejected"]) == (0, good, bad) else 1)
PY
  if [ "${3:-}" = reference ] && [ "$expected_status" = 2 ]; then
    status=0
    ingest "$db" "$input" --allow-rejects >/dev/null || status=$?
    [ "$status" = 0 ] || fail "$db: --allow-rejects exited $status"
  fi
}

# --- The uninterrupted loads: the reference, and how long a load takes --------------------------
declare -A duration
for input in jsonl twcs; do
  db=crash_ref_$input
  database "$db"
  t0=$(now)
  status=0
  ingest "$db" "$input" >"$work/$db.summary" || status=$?
  duration[$input]=$(python3 -c "print(round($(now) - $t0, 2))")
  snapshot "$db" >"$work/$input.reference"
  note "$input uninterrupted: $(cat "$work/$db.summary") in ${duration[$input]} s, exit $status"
  check "$db" "$input" reference
done

# --- Kill, re-run, kill, finish, check -----------------------------------------------------------
mapfile -t moments < <(python3 -c "import random; r = random.Random($seed); print(*(f'{r.random():.4f}' for _ in range(1000)), sep='\n')")
kills=0 finished_first=0 round=0 next=0
while [ "$kills" -lt "$kills_wanted" ]; do
  round=$((round + 1))
  [ "$round" -le $((kills_wanted * 2)) ] || fail "only $kills kills after $((round - 1)) rounds: the loads finish before the kill moments"
  input=$([ $((round % 2)) -eq 1 ] && echo jsonl || echo twcs)
  db=crash_r$round
  database "$db"
  log=""
  for attempt in 1 2; do
    delay=$(python3 -c "print(round(${moments[$next]} * ${duration[$input]}, 3))")
    next=$((next + 1))
    "$bin" ingest "$(file_of "$input")" --database-url "$server/$db" --rejects "$work/$db.rejects" --batch-size "$batch_size" \
      --format json </dev/null >/dev/null 2>>"$work/$db.err" &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    { wait "$pid"; } 2>/dev/null || status=$?
    if [ "$status" -eq 137 ]; then
      kills=$((kills + 1))
      log+=" killed at ${delay}s ($(sql "$db" "SELECT count(*) FROM interactions") rows stored);"
    elif [ "$status" -eq 0 ] || [ "$status" -eq 2 ]; then
      finished_first=$((finished_first + 1))
      log+=" finished before ${delay}s (exit $status);"
    else
      fail "$db: ingest exited $status: $(tail -3 "$work/$db.err")"
    fi
  done
  status=0
  ingest "$db" "$input" >"$work/$db.summary" || status=$?
  expected_status=0
  [ -s "$work/$input.rejects" ] && expected_status=2
  [ "$status" = "$expected_status" ] || fail "$db: the completing run exited $status, expected $expected_status: $(tail -3 "$work/$db.err")"
  check "$db" "$input"
  note "round $round ($input):$log completed with $(cat "$work/$db.summary"); consistent"
  sql postgres "DROP DATABASE $db WITH (FORCE)" >/dev/null
done

elapsed=$(python3 -c "print(round($(now) - $started, 1))")
note "PASSED: $kills kills by SIGKILL in $round rounds ($finished_first runs finished before their kill moment), every round consistent; seed $seed; ${elapsed} s"
