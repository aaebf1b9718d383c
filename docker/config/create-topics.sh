#!/usr/bin/env bash
# Creates Upshift's topics if they are missing. Usage: create-topics.sh <bootstrap-servers> [partitions]
set -euo pipefail
BOOTSTRAP="$1"
PARTITIONS="${2:-4}"
TOPICS=/opt/kafka/bin/kafka-topics.sh

create() {
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" --partitions "$PARTITIONS" \
    --replication-factor 1 "${@:2}"
}

for topic in upshift.events upshift.feedback upshift.approvals upshift.signals upshift.offers upshift.drafts \
    upshift.outcomes upshift.audit upshift.dlq; do
  create "$topic"
done
create upshift.accounts --config cleanup.policy=compact
create upshift.deliveries --config cleanup.policy=compact
# The suppression list: never deleted by retention, so an opt-out outlives every other record.
create upshift.suppressions --config cleanup.policy=compact
