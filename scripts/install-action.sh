#!/usr/bin/env bash
# The install step of action.yml: puts `isms` on the job's PATH.
#
# Downloads the release asset for this runner's OS and architecture and its
# SHA256SUMS from the action's repository, verifies the checksum (and the
# build-provenance attestation when the `gh` CLI is available), and installs
# it. When no release exists for the version, builds the action's source with
# cargo. A checksum that does not match stops the job: it never falls back.
#
# The version is the `version` input, else the one the action's own
# Cargo.toml states (`v<version>`): the action's files are those of the ref
# the workflow uses, and the release workflow publishes a tag only when it
# equals that version, so the two cannot disagree. (`github.action_ref` is
# not used: inside a composite action it is not reliably set.)
#
# `install-action.sh --resolve` only writes `version=`, `cache-key=` and
# `build=` to GITHUB_OUTPUT: `build=true` when no release can be downloaded
# for this runner (its SHA256SUMS cannot be fetched), so that the cache of
# the build is used only when there is a build. The install then follows
# that decision (ISMS_BUILD); without it, it decides the same way itself.
#
# Environment: ISMS_VERSION, ISMS_BUILD, ACTION_PATH, ACTION_REPOSITORY,
# RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT;
# ISMS_RELEASES (default https://github.com/<repository>/releases/download,
# for tests).
set -euo pipefail

version="${ISMS_VERSION:-}"
if [ -z "$version" ] && [ -f "${ACTION_PATH:-.}/Cargo.toml" ]; then
    # The first `version = "…"` is the package's.
    stated="$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1)"
    version="${stated:+v$stated}"
fi

sha256() {
    if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) target=x86_64-unknown-linux-musl ;;
    Linux/ARM64) target=aarch64-unknown-linux-musl ;;
    macOS/ARM64) target=aarch64-apple-darwin ;;
    macOS/X64) target=x86_64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc ;;
    *) target="" ;;
esac
exe=isms
archive="isms-$target.tar.gz"
if [ "${RUNNER_OS:-}" = Windows ]; then
    exe=isms.exe
    archive="isms-$target.zip"
fi

releases="${ISMS_RELEASES:-https://github.com/${ACTION_REPOSITORY:-}/releases/download}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
work="$temp/isms-download"
mkdir -p "$work"

# Whether a release can be downloaded: its SHA256SUMS is fetched.
released() {
    [ -n "$version" ] && [ -n "$target" ] && [ -n "${ACTION_REPOSITORY:-}${ISMS_RELEASES:-}" ] \
        && curl -fsSL "$releases/$version/SHA256SUMS" -o "$work/SHA256SUMS"
}

if [ "${1:-}" = --resolve ]; then
    lock="none"
    if [ -f "${ACTION_PATH:-.}/Cargo.lock" ]; then lock="$(sha256 "$ACTION_PATH/Cargo.lock")"; fi
    build=true
    if released; then build=false; fi
    {
        echo "version=$version"
        echo "cache-key=isms-${RUNNER_OS:-}-${RUNNER_ARCH:-}-$version-$lock"
        echo "build=$build"
    } >> "$GITHUB_OUTPUT"
    exit 0
fi

bin="$temp/isms-bin"
mkdir -p "$bin"

case "${ISMS_BUILD:-}" in
    true) download=false ;;
    false)
        # The release was there when resolved: its absence now is an error,
        # not a reason to build unverified.
        download=true
        if ! released; then
            echo "::error title=isms::the release $version is no longer downloadable ($releases/$version/SHA256SUMS)"
            exit 1
        fi
        ;;
    *) if released; then download=true; else download=false; fi ;;
esac
if [ "$download" = true ]; then
    curl -fsSL "$releases/$version/$archive" -o "$work/$archive"
    want="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$work/SHA256SUMS")"
    got="$(sha256 "$work/$archive")"
    if [ -z "$want" ] || [ "$want" != "$got" ]; then
        echo "::error title=isms::the checksum of $archive ($got) is not the one in SHA256SUMS (${want:-none}): refusing to run it"
        exit 1
    fi
    if command -v gh >/dev/null && [ -n "${GH_TOKEN:-}" ] && [ -n "${ACTION_REPOSITORY:-}" ]; then
        gh attestation verify "$work/$archive" --repo "$ACTION_REPOSITORY"
    fi
    case "$archive" in
        *.zip) unzip -q -o "$work/$archive" -d "$bin" ;;
        *) tar -xzf "$work/$archive" -C "$bin" ;;
    esac
    echo "isms $version ($target) installed, checksum verified"
else
    echo "::notice title=isms::no published isms release for '${version:-?}' on ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}: building this action's source with cargo"
    cargo build --release --locked --manifest-path "$ACTION_PATH/Cargo.toml"
    cp "$ACTION_PATH/target/release/$exe" "$bin/"
fi
echo "$bin" >> "$GITHUB_PATH"
