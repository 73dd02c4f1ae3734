#!/usr/bin/env bash
# A release without the push: clones this repository's HEAD into a throwaway directory and runs there
# exactly what .github/workflows/release.yml runs (scripts/release.sh check, build, tag), then shows
# the tags it made and the push it would do. Your checkout, its tags and every remote are left alone.
#   scripts/release-dry-run.sh [--skip-build] [--repo DIR] VERSION
#     --skip-build  check and tag only (no npm ci, bundle or tests): seconds instead of minutes
#     --repo DIR    the repository to release (default: the one this script is in)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
skip_build=false
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) skip_build=true; shift ;;
    --repo) repo=$2; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# = 1 ] || { echo "usage: $0 [--skip-build] [--repo DIR] VERSION" >&2; exit 2; }
version=$1

commit=$(git -C "$repo" rev-parse HEAD)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "note: $repo has uncommitted changes; the release is of commit $commit, without them." >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --no-local: a real copy (tags included), so nothing done in it can reach the source repository.
git clone -q --no-local "$repo" "$work/clone"
cd "$work/clone"
git remote remove origin   # nothing to push to, by construction

"$here/release.sh" check "$version"
if [ "$skip_build" = true ]; then
  echo "(--skip-build: npm ci, the dist/ check and npm test skipped)"
else
  "$here/release.sh" build
fi
"$here/release.sh" tag "$version" "$commit"
git for-each-ref --format='  %(refname:short) -> %(*objectname) (%(contents:subject))' "refs/tags/v$version" "refs/tags/v${version%%.*}"
echo "Dry run of v$version passed. The release job would now run:"
echo "  git push <origin> refs/tags/v$version"
echo "  gh release create v$version --draft --verify-tag   # a draft: nothing is locked yet"
echo "  gh release edit v$version --draft=false            # published last: tag and assets fixed for good"
echo "  git push --force <origin> refs/tags/v${version%%.*}  # the plain major tag, moved once published"
echo "Nothing was pushed; the throwaway clone is removed."
