#!/usr/bin/env bash
# The release's steps, shared by .github/workflows/release.yml and scripts/release-dry-run.sh, so the
# dry run checks exactly what the release checks. Run in the repository's root.
#   scripts/release.sh check VERSION        X.Y.Z, package.json at it, a CHANGELOG heading, no tag yet
#   scripts/release.sh build                npm ci, dist/ is what the sources build, npm test
#   scripts/release.sh tag VERSION COMMIT   annotated vX.Y.Z and vX at COMMIT, in this clone only
# Nothing here pushes: the workflow's release job pushes the tags this made (and only from main).
set -euo pipefail

fail() { echo "::error::$*" >&2; exit 1; }

check() {
  local version=$1
  [[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] ||
    fail "version must be X.Y.Z (digits, no leading v)"
  grep -Eq "^  \"version\": \"${version//./\\.}\",?\$" package.json ||
    fail "package.json is not at $version: bump its \"version\" (and package-lock.json: npm version $version --no-git-tag-version) first"
  grep -Eq "^## \[?v?${version//./\\.}\]?( |\$)" CHANGELOG.md ||
    fail "CHANGELOG.md has no '## $version' heading: move the Unreleased entries under it first"
  if git rev-parse -q --verify "refs/tags/v$version" >/dev/null; then
    fail "tag v$version already exists"
  fi
  echo "v$version: package.json and CHANGELOG.md agree, and the tag is free."
}

build() {
  npm ci --no-audit --no-fund
  npm run bundle
  if ! git diff --quiet -- dist || [ -n "$(git ls-files --others --exclude-standard -- dist)" ]; then
    git status --short -- dist | head -20 >&2
    fail "dist/ is stale: run 'npm run bundle' and commit dist/"
  fi
  npm test
}

tag() {
  local version=$1 commit=$2 major
  major="v${version%%.*}"
  git rev-parse -q --verify "$commit^{commit}" >/dev/null || fail "no commit $commit"
  # -c, not git config: nothing is written to the clone's configuration.
  local id=(-c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com")
  git "${id[@]}" tag -a "v$version" -m "v$version" "$commit"
  git "${id[@]}" tag -fa "$major" -m "$major → v$version" "$commit" >/dev/null
  echo "Tagged v$version and $major at $(git rev-parse "$commit^{commit}")."
}

case "${1:-}" in
  check) [ $# = 2 ] || fail "usage: $0 check VERSION"; check "$2" ;;
  build) [ $# = 1 ] || fail "usage: $0 build"; build ;;
  tag) [ $# = 3 ] || fail "usage: $0 tag VERSION COMMIT"; tag "$2" "$3" ;;
  *) fail "usage: $0 check VERSION | build | tag VERSION COMMIT" ;;
esac
