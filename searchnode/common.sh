# What node.sh and cluster.sh share: building the launcher, and the command line of one node.
# Sourced with `here` set to this folder.

build() {
    if [ ! -f "$here/target/classes/portal/searchnode/SearchNode.class" ] ||
        [ -n "$(find "$here/pom.xml" "$here/src" -newer "$here/target/classes/portal/searchnode/SearchNode.class" -type f)" ]; then
        # Debian's Maven prints colour resets even in batch mode; the log is plain text.
        mvn -B -q -f "$here/pom.xml" package 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g'
    fi
}

# node_command HOME PORT [NAME=VALUE...]: a node with its data under HOME, HTTP on PORT, SEARCH_NODE_HEAP of heap.
node_command() {
    local heap="${SEARCH_NODE_HEAP:-512m}"
    echo java -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC -cp "$here/target/classes:$here/target/lib/*" \
        portal.searchnode.SearchNode "$@"
}
