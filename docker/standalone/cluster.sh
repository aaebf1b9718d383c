#!/usr/bin/env bash
# Upshift on a real Flink 2.2 session cluster on this machine, without Docker, from Maven Central jars
# (flink-dist is not published there): a JobManager and a TaskManager in JVMs of their own, a Kafka broker
# process (KRaft) and the embedded mail server. Both jobs are submitted as the application jar through Flink's
# REST API; the demo's data streams through them; everything is torn down at the end (or on Ctrl-C with --keep).
#   docker/standalone/cluster.sh [--accounts N] [--config FILE] [--dir DIR] [--keep] [--help]
# Builds the project first when needed, like ./upshift.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$ROOT/upshift" cluster "$@"
