#!/usr/bin/env bash
# The failover drill: etcd, a PostgreSQL 15 primary and a synchronous replica managed by Patroni, and two GP Action
# instances on them, all on loopback under one temporary directory. Votes from 16 clients; the primary's postmaster
# is killed with kill -9 mid-load; Patroni promotes the replica; then what clients were told is compared with what
# the database holds. The same for capacity decisions. Prints the figures; exits 1 if a vote or a decision was lost,
# a clinician went over cap, or an instance did not recover by itself.
#
#   sudo ops/cluster/drill.sh            (from anywhere in the repository; root installs the Debian packages)
#
# DRILL_MEMBERS (default 20000) sets the roll's size, DRILL_SECONDS (default 10) each throughput run, DRILL_JAR an
# already built jar, DRILL_KEEP=1 keeps the temporary directory. Ports: DRILL_PORT_BASE (default 26100) and up.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
HERE=$REPO/ops/cluster

MEMBERS=${DRILL_MEMBERS:-20000}
SECONDS_PER_RUN=${DRILL_SECONDS:-10}
CLIENTS=16
PRACTICES=40
BASE=${DRILL_PORT_BASE:-26100}
ETCD_PORT=$((BASE)) ETCD_PEER_PORT=$((BASE + 1))
PG1=$((BASE + 10)) PG2=$((BASE + 11))
REST1=$((BASE + 20)) REST2=$((BASE + 21))
APP1=$((BASE + 30)) APP2=$((BASE + 31))
PG_BIN=/usr/lib/postgresql/15/bin
ADMIN=drill.admin@union.test
SCRUTINEER=drill.scrutineer@union.test
PASSWORD="drill harbour lantern $RANDOM"

say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { say "DRILL FAILED: $*"; exit 1; }

# --- packages ---------------------------------------------------------------------------------------------------
missing=()
command -v patroni >/dev/null || missing+=(patroni)
command -v etcd >/dev/null || missing+=(etcd-server)
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
command -v curl >/dev/null || missing+=(curl)
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "install ${missing[*]} (apt-get install -y ${missing[*]}) or run as root"
  say "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q "${missing[@]}"
fi

# PostgreSQL will not run as root: under root, etcd, Patroni and PostgreSQL run as the package's postgres user.
AS_DB=()
[ "$(id -u)" = 0 ] && AS_DB=(runuser -u postgres --)
as_db() { "${AS_DB[@]}" "$@"; }

WORK=$(mktemp -d /tmp/gpaction-drill.XXXXXX)
chmod 755 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for node in node1 node2; do
    [ -f "$WORK/$node/data/postmaster.pid" ] && as_db "$PG_BIN/pg_ctl" -D "$WORK/$node/data" -m immediate stop >/dev/null 2>&1 || true
  done
  if [ "${DRILL_KEEP:-0}" = 1 ]; then say "Kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say "Working in $WORK"

# --- the jar ----------------------------------------------------------------------------------------------------
JAR=${DRILL_JAR:-}
if [ -z "$JAR" ]; then
  say "Building GP Action"
  ./mvnw -o -q -DskipTests package || ./mvnw -q -DskipTests package
  JAR=$REPO/target/gp-action.jar
fi
[ -f "$JAR" ] || fail "no jar at $JAR"

# --- etcd and two Patroni nodes ---------------------------------------------------------------------------------
secret() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9'; }
SUPERUSER_PASSWORD=$(secret) REPLICATION_PASSWORD=$(secret) APP_PASSWORD=$(secret)

"${AS_DB[@]}" etcd --name drill --data-dir "$WORK/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "drill=http://127.0.0.1:$ETCD_PEER_PORT" >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)

node_config() { # name pg_port rest_port
  mkdir -p "$WORK/$1"
  sed -e "s|@NAME@|$1|" -e "s|@PG_PORT@|$2|" -e "s|@REST_PORT@|$3|" -e "s|@ETCD_PORT@|$ETCD_PORT|" \
      -e "s|@DIR@|$WORK/$1|g" -e "s|@SYNCHRONOUS_MODE@|true|" \
      -e "s|@SUPERUSER_PASSWORD@|$SUPERUSER_PASSWORD|g" -e "s|@REPLICATION_PASSWORD@|$REPLICATION_PASSWORD|" \
      "$HERE/patroni.yml.template" >"$WORK/$1.yml"
  chmod 700 "$WORK/$1"
  chmod 600 "$WORK/$1.yml"
  [ "$(id -u)" = 0 ] && chown -R postgres "$WORK/$1" "$WORK/$1.yml"
  return 0
}
node_config node1 "$PG1" "$REST1"
node_config node2 "$PG2" "$REST2"

wait_for() { # seconds description command...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq 1 $((limit * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  fail "$what did not happen within ${limit}s (logs in $WORK)"
}
http_ok() { curl -sf -o /dev/null "$1"; }
wait_for 30 "etcd answering" http_ok "http://127.0.0.1:$ETCD_PORT/health"

"${AS_DB[@]}" patroni "$WORK/node1.yml" >"$WORK/node1.log" 2>&1 &
PIDS+=($!)
wait_for 60 "node1 becoming the primary" http_ok "http://127.0.0.1:$REST1/primary"
"${AS_DB[@]}" patroni "$WORK/node2.yml" >"$WORK/node2.log" 2>&1 &
PIDS+=($!)

sync_standby_present() { curl -s "http://127.0.0.1:$REST1/cluster" | grep -q '"sync_standby"' ||
  curl -s "http://127.0.0.1:$REST2/cluster" | grep -q '"sync_standby"'; }
wait_for 120 "node2 becoming the synchronous replica" sync_standby_present
say "Patroni: node1 primary on $PG1, node2 synchronous replica on $PG2"

export PGPASSWORD=$SUPERUSER_PASSWORD
primary_sql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At \
  "host=127.0.0.1,127.0.0.1 port=$PG1,$PG2 target_session_attrs=read-write dbname=${DB:-gpaction} user=postgres" "$@"; }
DB=postgres primary_sql -c "create user gpaction password '$APP_PASSWORD'" -c "create database gpaction owner gpaction"

# --- two GP Action instances ------------------------------------------------------------------------------------
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG1,127.0.0.1:$PG2/gpaction?targetServerType=primary"
mkdir -p "$WORK/app"
start_app() { # port
  GPACTION_DATA_DIR="$WORK/app" SERVER_PORT=$1 GPACTION_BASE_URL="http://127.0.0.1:$APP1" \
  SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=gpaction SPRING_DATASOURCE_PASSWORD=$APP_PASSWORD \
  GPACTION_BOOTSTRAP_ADMIN_EMAIL=$ADMIN GPACTION_BOOTSTRAP_ADMIN_PASSWORD=$PASSWORD \
    java -XX:+ExitOnOutOfMemoryError -Xmx768m -jar "$JAR" >"$WORK/app-$1.log" 2>&1 &
  PIDS+=($!)
  APP_PIDS+=($!)
  wait_for 180 "GP Action on port $1 answering" http_ok "http://127.0.0.1:$1/actuator/health/readiness"
}
APP_PIDS=()
start_app "$APP1"
start_app "$APP2"
say "GP Action: instances on $APP1 and $APP2, SPRING_DATASOURCE_URL=$JDBC_URL"

# --- data, through the API --------------------------------------------------------------------------------------
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
api() { # method path [body-file] [content-type]
  local args=(-s -X "$1" "http://127.0.0.1:$APP1$2" -H "Authorization: Bearer $TOKEN")
  [ $# -ge 3 ] && args+=(--data-binary "@$3" -H "Content-Type: ${4:-application/json}")
  curl "${args[@]}"
}
TOKEN=$(curl -s -X POST "http://127.0.0.1:$APP1/api/tokens" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$ADMIN\",\"password\":\"$PASSWORD\",\"name\":\"drill\"}" | json '["token"]')

for i in $(seq 1 $PRACTICES); do
  printf '"K%05d","DRILL SURGERY %d","Y63","QHM","1 ROAD","","TOWN","","","TS1 1AA","19740401","","A","B","16C","20200401","","01642 000000","","","","0","","16C","","4",""\n' "$i" "$i"
done >"$WORK/epraccur.csv"
{ echo ods_code,contract_type; for i in $(seq 1 $PRACTICES); do printf 'K%05d,GMS\n' "$i"; done; } >"$WORK/contracts.csv"
{
  echo membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,joined_on,role,practice_ods,role_from,role_to
  for i in $(seq 1 "$MEMBERS"); do
    printf 'D%d,%d,Given,Family%d,d%d@drill.test,ACTIVE,2015-01-01,2015-01-01,CONTRACTOR_PARTNER,K%05d,2016-01-01,\n' \
      "$i" $((5000000 + i)) "$i" "$i" $((i % PRACTICES + 1))
  done
} >"$WORK/members.csv"
api POST '/api/practices/imports?format=epraccur&fileName=epraccur.csv' "$WORK/epraccur.csv" text/csv >/dev/null
api POST '/api/practices/imports?format=contracts&fileName=contracts.csv' "$WORK/contracts.csv" text/csv >/dev/null
api POST '/api/members/imports?fileName=members.csv' "$WORK/members.csv" text/csv >"$WORK/members-import.json"

echo "{\"email\":\"$SCRUTINEER\",\"password\":\"$PASSWORD\",\"role\":\"SCRUTINEER\",\"practices\":[]}" >"$WORK/staff.json"
api POST /api/staff "$WORK/staff.json" >/dev/null
SCRUTINEER_TOKEN=$(curl -s -X POST "http://127.0.0.1:$APP1/api/tokens" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$SCRUTINEER\",\"password\":\"$PASSWORD\",\"name\":\"keys\"}" | json '["token"]')
java -jar "$JAR" trustee keygen --out "$WORK/trustee" >/dev/null

# Ballot times are whole minutes; the opening, this minute's start, has passed, so the clock opens it at its next tick.
at() { date -u -d "$1" +%Y-%m-%dT%H:%M:00Z; }
cat >"$WORK/ballot.json" <<JSON
{"title":"Failover drill","question":"Carry on?","ruleSet":"GP_PARTNERS_ENGLAND","opensAt":"$(at now)",
 "closesAt":"$(at '+3 hours')","rollCutoff":"$(at '+2 hours')","scrutineerName":"Drill scrutineer",
 "senderAddress":"ballots@scrutineer.example"}
JSON
BALLOT=$(api POST /api/ballots "$WORK/ballot.json" | json '["id"]')
python3 -c "import json,sys; print(json.dumps({'name':'Drill trustee','key':json.load(open(sys.argv[1]))}))" \
  "$WORK/trustee/trustee-public.json" >"$WORK/trustee.json"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$APP1/api/ballots/$BALLOT/trustees" \
  -H "Authorization: Bearer $SCRUTINEER_TOKEN" -H 'Content-Type: application/json' --data-binary "@$WORK/trustee.json")
[ "$status" = 201 ] || fail "adding the trustee's key answered $status"
echo '{}' >"$WORK/empty.json"
api POST "/api/ballots/$BALLOT/schedule" "$WORK/empty.json" >/dev/null
say "Ballot $BALLOT scheduled for $MEMBERS members; waiting for the voting mail"

mail_count() { find "$WORK/app/mail" -name '*.eml' 2>/dev/null | wc -l; }
for _ in $(seq 1 600); do [ "$(mail_count)" -ge "$MEMBERS" ] && break; sleep 0.5; done
[ "$(mail_count)" -ge "$MEMBERS" ] || fail "only $(mail_count) of $MEMBERS voting emails were written"
python3 - "$WORK/app/mail" >"$WORK/tokens" <<'PY'
import email, email.policy, pathlib, re, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
    m = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
    if m["Subject"] == "Your ballot: Failover drill":
        body = m.get_body(preferencelist=("plain", "html")).get_content()
        print(re.search(r"/vote/([A-Za-z0-9_-]+)", body).group(1))
PY
[ "$(wc -l <"$WORK/tokens")" = "$MEMBERS" ] || fail "$(wc -l <"$WORK/tokens") voting links read from $MEMBERS emails"
say "$MEMBERS voting links read from the written mail"

load() { java "$HERE/DrillLoad.java" "$@"; }
URLS="http://127.0.0.1:$APP1,http://127.0.0.1:$APP2"
figure() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2"; }

# --- throughput, synchronous and not ----------------------------------------------------------------------------
# Two fifths of the links are kept for the failover run, so that the throughput runs cannot use them all up.
RESERVED=$((MEMBERS * 2 / 5))
head -n $((MEMBERS - RESERVED)) "$WORK/tokens" >"$WORK/tokens-0"
tail -n "$RESERVED" "$WORK/tokens" >"$WORK/tokens-3"
# A first run to let the JIT compile the voting path, so that neither measured run pays for it.
load votes "$URLS" "$WORK/tokens-0" $CLIENTS 5 "$WORK/votes-warm" "$WORK/tokens-1" >/dev/null
load votes "$URLS" "$WORK/tokens-1" $CLIENTS "$SECONDS_PER_RUN" "$WORK/votes-sync" "$WORK/tokens-2" | tee "$WORK/load-sync"
patroni_config() { curl -s -o /dev/null -X PATCH "http://127.0.0.1:$REST1/config" -H 'Content-Type: application/json' -d "$1"; }
sync_names_empty() { [ -z "$(primary_sql -c 'show synchronous_standby_names')" ]; }
patroni_config '{"synchronous_mode":false}'
wait_for 30 "synchronous replication switched off" sync_names_empty
load votes "$URLS" "$WORK/tokens-2" $CLIENTS "$SECONDS_PER_RUN" "$WORK/votes-async" "$WORK/tokens-unused" | tee "$WORK/load-async"
patroni_config '{"synchronous_mode":true}'
wait_for 60 "synchronous replication back on" sync_standby_present
say "Synchronous replication on again: $(primary_sql -c 'show synchronous_standby_names')"

# --- the failover, votes ----------------------------------------------------------------------------------------
primary_node() { if http_ok "http://127.0.0.1:$REST1/primary"; then echo node1; elif http_ok "http://127.0.0.1:$REST2/primary"; then echo node2; fi; }
kill_primary_mid_load() { # what-for
  local before
  before=$(primary_node)
  sleep 6
  local pid
  pid=$(head -1 "$WORK/$before/data/postmaster.pid")
  KILLED_AT=$(date +%s%3N)
  kill -9 "$pid"
  say "kill -9 $pid: the postmaster of $before, the primary, mid-load ($1)"
  for _ in $(seq 1 300); do
    now=$(primary_node)
    if [ -n "$now" ] && [ "$now" != "$before" ]; then
      say "Patroni promoted $now $(( $(date +%s%3N) - KILLED_AT )) ms after the kill"
      return 0
    fi
    sleep 0.1
  done
  fail "no replica was promoted within 30 s"
}
load votes "$URLS" "$WORK/tokens-3" $CLIENTS 25 "$WORK/votes-failover" "$WORK/tokens-4" >"$WORK/load-failover" &
LOADER=$!
kill_primary_mid_load votes
PROMOTED_VOTES=$(primary_node)
wait $LOADER
cat "$WORK/load-failover"
wait_for 120 "the old primary rejoining as the synchronous replica" sync_standby_present

cat "$WORK"/votes-warm "$WORK"/votes-sync "$WORK"/votes-async "$WORK"/votes-failover >"$WORK/votes-all"
# Each link used once more: every one must be refused as used.
awk '$2 == 201 && n++ < 200 {print $1}' "$WORK/votes-failover" >"$WORK/tokens-again"
load votes "$URLS" "$WORK/tokens-again" $CLIENTS 60 "$WORK/votes-again" "$WORK/tokens-none" >/dev/null
REUSED=$(awk '$2 != 409' "$WORK/votes-again" | wc -l)

primary_sql -c "create table if not exists public.drill_answer (token text, status int, tracker text, client int, answered_ms bigint)" \
  -c "truncate public.drill_answer" -c "\\copy public.drill_answer from '$WORK/votes-all' with (delimiter ' ', null '-')"
read -r RECEIPTS MISSING DUPLICATES PAPERS BURNED VOTED <<<"$(primary_sql -F ' ' -c "
  select (select count(*) from drill_answer where status = 201),
         (select count(*) from drill_answer a where status = 201 and not exists
            (select 1 from ballots.ballot_paper p where p.ballot_id = $BALLOT and encode(p.tracker, 'hex') = a.tracker)),
         (select count(*) - count(distinct token) from drill_answer where status = 201),
         (select count(*) from ballots.ballot_paper where ballot_id = $BALLOT),
         (select count(*) from ballots.credential where ballot_id = $BALLOT and state = 'USED'),
         (select count(*) from ballots.roll_entry where ballot_id = $BALLOT and has_voted)")"
UNKNOWN_OUTCOME=$(awk '$2 == 409' "$WORK/votes-failover" | wc -l)

# --- the failover, capacity decisions ---------------------------------------------------------------------------
cat >"$WORK/setup.json" <<'JSON'
{"clinicians":[{"label":"GP 1","role":"GP_PARTNER","dailyCap":25,"workingDays":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"]},
               {"label":"GP 2","role":"GP_PARTNER","dailyCap":25,"workingDays":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"]},
               {"label":"GP 3","role":"GP_PARTNER","dailyCap":25,"workingDays":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"]}],
 "coreHours":{"MONDAY":{"opens":"00:00","closes":"23:59:59"},"TUESDAY":{"opens":"00:00","closes":"23:59:59"},
              "WEDNESDAY":{"opens":"00:00","closes":"23:59:59"},"THURSDAY":{"opens":"00:00","closes":"23:59:59"},
              "FRIDAY":{"opens":"00:00","closes":"23:59:59"},"SATURDAY":{"opens":"00:00","closes":"23:59:59"},
              "SUNDAY":{"opens":"00:00","closes":"23:59:59"}},
 "countAdmin":false,"urgentReserve":2,"whenFull":"STAY_OPEN_SIGNPOST",
 "signposts":[{"name":"NHS 111","kind":"NHS_111","phone":"111","hours":{}}]}
JSON
echo '{"actionNumber":1,"from":"2024-08-05","note":"Failover drill"}' >"$WORK/action.json"
for i in $(seq 1 $PRACTICES); do
  ods=$(printf 'K%05d' "$i")
  echo "$ods" >>"$WORK/practices"
  api POST "/api/practices/$ods/actions" "$WORK/action.json" >/dev/null
  status=$(curl -s -o "$WORK/setup-answer.json" -w '%{http_code}' -X PUT "http://127.0.0.1:$APP1/api/practices/$ods/capacity/settings" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "@$WORK/setup.json")
  [ "$status" = 200 ] || fail "setting up $ods answered $status: $(cat "$WORK/setup-answer.json")"
done
load contacts "$URLS" "$TOKEN" "$WORK/practices" $CLIENTS 30 "$WORK/decisions" >"$WORK/load-decisions" &
LOADER=$!
kill_primary_mid_load "capacity decisions"
wait $LOADER
cat "$WORK/load-decisions"
primary_sql -c "create table if not exists public.drill_decision (id bigint, outcome text, ods text)" \
  -c "truncate public.drill_decision" -c "\\copy public.drill_decision from '$WORK/decisions' with (delimiter ' ')"
read -r DECISIONS DECISIONS_MISSING OVER_CAP BOOKED <<<"$(primary_sql -F ' ' -c "
  select (select count(*) from drill_decision),
         (select count(*) from drill_decision d where not exists
            (select 1 from capacity.contact_request r where r.id = d.id and r.outcome = d.outcome and r.undone_at is null)),
         (select count(*) from capacity.clinician_day cd join capacity.clinician c on c.id = cd.clinician_id
            where c.ods_code like 'K%' and cd.used > cd.cap),
         (select count(*) from capacity.contact_request where ods_code like 'K%' and outcome = 'BOOKED' and undone_at is null)")"

# --- did the instances recover by themselves? -------------------------------------------------------------------
RECOVERED=yes
for pid in "${APP_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || RECOVERED="no: process $pid is gone"; done
for port in $APP1 $APP2; do http_ok "http://127.0.0.1:$port/actuator/health/readiness" || RECOVERED="no: $port not ready"; done
# The last seconds of the failover run's answers, by instance: each must have accepted votes after the outage.
for client in 0 1; do
  late=$(awk -v c=$client '$2 == 201 && $4 % 2 == c' "$WORK/votes-failover" | sort -k5 -n | tail -1 | awk '{print $5}')
  back=$(figure back_ms "$WORK/load-failover")
  if [ -z "$late" ] || { [ "$back" -ge 0 ] && [ "$late" -lt "$back" ]; }; then RECOVERED="no: instance $((client + 1)) took no vote after the outage"; fi
done

echo
echo "=============================== GP Action failover drill ==============================="
printf 'votes/s, synchronous replication on : %s  (%s votes in %s s, %d clients)\n' \
  "$(figure per_second "$WORK/load-sync")" "$(figure votes "$WORK/load-sync")" "$(figure seconds "$WORK/load-sync")" $CLIENTS
printf 'votes/s, synchronous replication off: %s  (%s votes in %s s)\n' \
  "$(figure per_second "$WORK/load-async")" "$(figure votes "$WORK/load-async")" "$(figure seconds "$WORK/load-async")"
echo "votes during the failover run         : $(figure votes "$WORK/load-failover") receipts; primary killed, $PROMOTED_VOTES promoted"
echo "votes refused (errors clients saw)    : $(figure refused "$WORK/load-failover") answers; votes refused for $(figure outage_ms "$WORK/load-failover") ms; longest wait for one answer $(figure longest_request_ms "$WORK/load-failover") ms"
echo "receipts clients were shown          : $RECEIPTS; not counted: $MISSING"
echo "ballot papers / burned credentials / members marked voted: $PAPERS / $BURNED / $VOTED"
echo "links answered 409 after a lost answer: $UNKNOWN_OUTCOME (recorded before the crash, counted once)"
echo "credentials used twice               : $DUPLICATES; used links sent again and accepted: $REUSED of $(wc -l <"$WORK/tokens-again")"
echo "capacity decisions clients were told : $DECISIONS; not stored as told: $DECISIONS_MISSING; refused $(figure refused "$WORK/load-decisions") for $(figure outage_ms "$WORK/load-decisions") ms"
echo "clinicians over cap                  : $OVER_CAP (booked $BOOKED, at most $((PRACTICES * 75)))"
echo "instances recovered without restart  : $RECOVERED"
echo "========================================================================================"

[ "$MISSING" = 0 ] && [ "$DUPLICATES" = 0 ] && [ "$REUSED" = 0 ] && [ "$PAPERS" = "$BURNED" ] && [ "$BURNED" = "$VOTED" ] &&
  [ "$PAPERS" -ge "$RECEIPTS" ] && [ "$DECISIONS_MISSING" = 0 ] && [ "$OVER_CAP" = 0 ] && [ "$RECOVERED" = yes ] ||
  fail "see the figures above"
say "Zero lost votes, zero over cap, both instances recovered by themselves"
