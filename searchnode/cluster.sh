#!/usr/bin/env bash
# A cluster of three OpenSearch nodes on 127.0.0.1, each its own process, port and data folder,
# for trying the portal on a cluster and for CI's test of a node lost during searches.
#
#   searchnode/cluster.sh start    # starts every node that is not running; returns when the cluster is green
#   searchnode/cluster.sh stop     # stops the nodes cleanly and removes their data
#
# OPENSEARCH_PORT (default 9200) is the first node's HTTP port, the others take the next two;
# OPENSEARCH_TRANSPORT_PORT (default OPENSEARCH_PORT + 3) is the first of the three ports the nodes
# talk to each other on. SEARCH_NODE_HEAP (default 512m) is each node's heap. A node killed any
# way is started again by `start` on its own data folder, with the ports and heap it had, and
# rejoins the cluster.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
port="${OPENSEARCH_PORT:-9200}"
nodes=3
state="$here/target/cluster-$port"  # each node's pid; the nodes' data folder, transport port and heap
cluster="portal-search-$port"
if [ -f "$state/home" ]; then  # a cluster started before: its nodes keep what they were started with
    transport="$(cat "$state/transport")"
    SEARCH_NODE_HEAP="$(cat "$state/heap")"
else
    transport="${OPENSEARCH_TRANSPORT_PORT:-$((port + 3))}"
    SEARCH_NODE_HEAP="${SEARCH_NODE_HEAP:-512m}"
fi
export SEARCH_NODE_HEAP

http_port() { echo $((port + $1 - 1)); }
transport_port() { echo $((transport + $1 - 1)); }
name() { echo "$cluster-$1"; }
pid_file() { echo "$state/$(http_port "$1").pid"; }

urls() {
    local list=()
    for n in $(seq $nodes); do list+=("http://127.0.0.1:$(http_port "$n")"); done
    (IFS=,; echo "${list[*]}")
}

# A node's process state (ps's STAT), empty once it is gone. A node killed with SIGKILL stays a zombie
# (Z) while the kernel tears down its threads and closes its ports, then its parent reaps it.
state_of() {
    [ -f "$(pid_file "$1")" ] && ps -o stat= -p "$(cat "$(pid_file "$1")")" 2>/dev/null
}

running() {
    local stat
    stat="$(state_of "$1")" && [ -n "$stat" ] && [ "${stat#Z}" = "$stat" ]
}

# A node that died is started again only once its process is gone: until then it may hold its ports
# and its data folder's lock.
wait_gone() {
    for _ in $(seq 120); do
        [ -z "$(state_of "$1")" ] && return 0
        sleep 0.5
    done
    echo "node $(name "$1") (pid $(cat "$(pid_file "$1")")) is dead but not gone after 60 s" >&2
    return 1
}

start_node() {
    local n=$1 home seeds managers
    home="$(cat "$state/home")/$(name "$n")"
    mkdir -p "$home"
    seeds="$(for m in $(seq $nodes); do printf '127.0.0.1:%s,' "$(transport_port "$m")"; done)"
    managers="$(for m in $(seq $nodes); do printf '%s,' "$(name "$m")"; done)"
    nohup $(node_command "$home" "$(http_port "$n")" \
        cluster.name="$cluster" node.name="$(name "$n")" transport.port="$(transport_port "$n")" \
        discovery.seed_hosts="${seeds%,}" cluster.initial_cluster_manager_nodes="${managers%,}") \
        >>"$home/node.log" 2>&1 &
    echo $! >"$(pid_file "$n")"
}

wait_green() {
    for _ in $(seq 180); do
        for n in $(seq $nodes); do
            running "$n" || { echo "node $(name "$n") is not running" >&2; return 1; }
        done
        if curl -fsS "http://127.0.0.1:$port/_cluster/health?wait_for_status=green&wait_for_nodes=$nodes&timeout=1s" \
            >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    return 1
}

case "${1:-}" in
start)
    build
    mkdir -p "$state"
    fresh=
    if [ ! -f "$state/home" ]; then
        fresh=1
        echo "$transport" >"$state/transport"
        echo "$SEARCH_NODE_HEAP" >"$state/heap"
        mktemp -d -t portal-cluster-XXXXXX >"$state/home"
    fi
    for n in $(seq $nodes); do
        running "$n" || { wait_gone "$n" && start_node "$n"; }
    done
    if ! wait_green; then
        echo "the cluster did not turn green; its nodes' logs:" >&2
        tail -n 40 "$(cat "$state/home")"/*/node.log >&2
        # A cluster this command created goes; one that ran before keeps its running nodes and data.
        [ -z "$fresh" ] || "$0" stop || true
        exit 1
    fi
    echo "OpenSearch cluster of $nodes nodes up: OPENSEARCH_URL=$(urls)"
    ;;
stop)
    for n in $(seq $nodes); do
        running "$n" && kill -TERM "$(cat "$(pid_file "$n")")"
    done
    for n in $(seq $nodes); do
        for _ in $(seq 60); do
            running "$n" || break
            sleep 0.5
        done
        if running "$n"; then
            echo "node $(name "$n") did not stop in 30 s; killing it" >&2
            kill -KILL "$(cat "$(pid_file "$n")")" 2>/dev/null || true
        fi
        rm -f "$(pid_file "$n")"
    done
    if [ -f "$state/home" ]; then
        rm -rf "$(cat "$state/home")"
    fi
    rm -rf "$state"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
