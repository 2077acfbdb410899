#!/usr/bin/env bash
# A single OpenSearch node on 127.0.0.1 for development and CI, its data in a temporary folder.
#
#   searchnode/node.sh run      # in the foreground; Ctrl-C stops it and removes its data
#   searchnode/node.sh start    # in the background; returns when the cluster is green
#   searchnode/node.sh stop     # stops the background node cleanly and removes its data
#
# OPENSEARCH_PORT (default 9200), OPENSEARCH_TRANSPORT_PORT (the port or range it talks to other nodes
# on, default 9300-9400: the first free) and SEARCH_NODE_HEAP (default 512m) tune it. The first build
# downloads the jars from Maven Central into ~/.m2; later builds work offline.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${OPENSEARCH_PORT:-9200}"
transport="${OPENSEARCH_TRANSPORT_PORT:-9300-9400}"
state="$here/target/node-$port"  # the background node's pid and data folder, by its port

. "$here/common.sh"

wait_green() {
    for _ in $(seq 120); do
        if curl -fsS "http://127.0.0.1:$port/_cluster/health?wait_for_status=green&timeout=1s" >/dev/null 2>&1; then
            return 0
        fi
        if [ -n "${1:-}" ] && ! kill -0 "$1" 2>/dev/null; then
            return 1
        fi
        sleep 1
    done
    return 1
}

case "${1:-}" in
run)
    build
    home="$(mktemp -d -t portal-search-XXXXXX)"
    trap 'rm -rf "$home"' EXIT
    echo "OpenSearch node on http://127.0.0.1:$port: OPENSEARCH_URL for the portal, OPENSEARCH_TEST_URL for make test"
    $(node_command "$home" "$port" transport.port="$transport")
    ;;
start)
    build
    if [ -f "$state.pid" ] && kill -0 "$(cat "$state.pid")" 2>/dev/null; then
        echo "a node is already running (pid $(cat "$state.pid"))" >&2
        exit 1
    fi
    home="$(mktemp -d -t portal-search-XXXXXX)"
    echo "$home" >"$state.home"
    nohup $(node_command "$home" "$port" transport.port="$transport") >"$home/node.log" 2>&1 &
    echo $! >"$state.pid"
    if ! wait_green "$!"; then
        echo "the node did not turn green; its log:" >&2
        cat "$home/node.log" >&2
        "$0" stop || true
        exit 1
    fi
    echo "OpenSearch node up on http://127.0.0.1:$port: OPENSEARCH_URL for the portal, OPENSEARCH_TEST_URL for make test"
    ;;
stop)
    if [ -f "$state.pid" ]; then
        pid="$(cat "$state.pid")"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "the node (pid $pid) did not stop in 30 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$state.pid"
    fi
    if [ -f "$state.home" ]; then
        rm -rf "$(cat "$state.home")" "$state.home"
    fi
    ;;
*)
    echo "usage: $0 run|start|stop" >&2
    exit 2
    ;;
esac
