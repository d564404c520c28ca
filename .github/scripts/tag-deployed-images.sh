#!/usr/bin/env bash
# Usage: tag-deployed-images.sh <digests-dir> <run-id>
# Adds the tag deployed-<run-id> to every image of a release (files of repository@sha256:digest),
# after staging deployed it. ECR's lifecycle policy (infra/images.ts) never expires images tagged
# deployed-*, so every digest a stack runs, and every release a rollback can return to, stays.
# Tags are immutable: a re-run of the same workflow run finds the tag present and skips it.
set -euo pipefail
digests_dir="$1" run_id="$2"
for file in "$digests_dir"/*; do
  ref="$(<"$file")"
  repository="${ref%@*}" digest="${ref#*@}"
  name="${repository#*/}"
  manifest="$(aws ecr batch-get-image --repository-name "$name" --image-ids imageDigest="$digest" \
    --accepted-media-types application/vnd.oci.image.manifest.v1+json application/vnd.docker.distribution.manifest.v2+json \
    --query 'images[0].imageManifest' --output text)"
  if aws ecr describe-images --repository-name "$name" --image-ids imageTag="deployed-$run_id" >/dev/null 2>&1; then
    echo "$name@$digest already tagged deployed-$run_id"
    continue
  fi
  aws ecr put-image --repository-name "$name" --image-digest "$digest" --image-tag "deployed-$run_id" --image-manifest "$manifest" >/dev/null
  echo "$name@$digest tagged deployed-$run_id"
done
