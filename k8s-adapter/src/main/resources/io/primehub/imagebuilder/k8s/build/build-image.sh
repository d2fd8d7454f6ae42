#!/usr/bin/env bash
# build-image.sh: builds one ImageSpecJob's image with buildah and pushes it.
#
# Runs as the build pod's command (mounted from the jar), and as the local
# `build` command with PUSH=false. This header is the contract: the pod builder,
# the local command and the end-to-end tests are written against it.
#
# Environment
#   BASE_IMAGE         required. Image reference to build FROM (already
#                      validated by the domain; checked again here for shape).
#   TARGET_IMAGE       required. Full reference to push, with a tag,
#                      e.g. 127.0.0.1:5000/team/my-spec:96ff7925.
#   REGISTRY_INSECURE  optional, true|false, default false. true: the registry
#                      of TARGET_IMAGE is insecure. The push is made with
#                      --tls-verify=false, and so is the pull when BASE_IMAGE
#                      is on that same registry (the same host[:port] as
#                      written); a base image on any other registry, Docker
#                      Hub included, is always pulled with TLS verified.
#   BUILD_ISOLATION    optional, chroot|oci|rootless, default chroot.
#   PULL_POLICY        optional, always|missing|never, default always (build
#                      pods). missing: a base already in local storage is used
#                      as it is (the local `build` command's default, as with
#                      `docker build`); never: only a local base.
#   RECIPE_DIGEST      optional, sha256:<64 hex>. Written into the image as the
#                      label io.primehub.image-builder.recipe: the digest of
#                      the recipe (who asks, base, packages, Dockerfile) that
#                      the controller reads to skip a build whose image the
#                      registry already holds. Empty or unset: no label.
#   CACHE_REPOSITORY   optional, a repository on TARGET_IMAGE's registry, no
#                      tag (e.g. 127.0.0.1:5000/team/build_cache). Set: the
#                      build keeps one cache image per Dockerfile step there
#                      (buildah build --layers --cache-from/--cache-to, with
#                      the push auth file), so a rebuild reuses every step
#                      before the first one that changed. A cache that cannot
#                      be read is ignored; one that cannot be written makes the
#                      build run again without --cache-to (never a failure).
#                      Needs PUSH=true. Empty or unset: no layer cache.
#   LOCAL_LAYERS       optional, true|false, default false. true (the local
#                      `build` command, whose storage outlives the build):
#                      buildah build --layers, so a rebuild in the same
#                      storage reuses every step before the first one that
#                      changed. A build pod's storage goes with the pod, so it
#                      keeps no layers but with CACHE_REPOSITORY.
#   PUSH               optional, true|false, default true. false builds only
#                      (the local `build` command); the image stays in local
#                      buildah storage tagged TARGET_IMAGE.
#   STORAGE_DRIVER     optional, read by buildah itself (not by this script).
#                      Unset: buildah's configured default (storage.conf). The
#                      pod sets vfs, which needs no fuse or overlay mounts.
#   BUILD_DIR          optional, default /workspace.
#   PUSH_AUTH_FILE     optional, default /secrets/push/.dockerconfigjson.
#   PULL_AUTH_FILE     optional, default /secrets/pull/.dockerconfigjson.
#   TERMINATION_LOG    optional, default /dev/termination-log.
#
# Environment: proxies, mirrors and private CAs (docs/builds.md, "Proxies,
# mirrors and private CAs"), all optional. No value reaches the image.
#   HTTP_PROXY, HTTPS_PROXY, NO_PROXY
#                      read by buildah for its pulls and pushes, and passed by
#                      `buildah build` (--http-proxy, its default) into every
#                      RUN step, where apt, pip and conda read them. The script
#                      exports the lower-case names too (curl and apt read
#                      those); an upper-case value wins, a lower-case one alone
#                      is copied. Named in the log, never shown.
#   BUILD_PIP_INDEX_URL, BUILD_PIP_EXTRA_INDEX_URL (space-separated),
#   BUILD_PIP_TRUSTED_HOST (space-separated host[:port])
#                      pip's index-url, extra-index-url and trusted-host, in a
#                      pip.conf mounted at /etc/pip.conf in RUN steps.
#   BUILD_CONDA_CHANNEL_ALIAS, BUILD_CONDA_DEFAULT_CHANNELS (space-separated)
#                      conda's channel_alias and default_channels, in a .condarc
#                      mounted at /etc/conda/.condarc in RUN steps.
#   BUILD_APT_MIRROR   replaces scheme://host (paths kept) of every URI on a
#                      public Debian or Ubuntu archive host (deb, security, ftp,
#                      httpredir .debian.org, ftp.XX.debian.org, [XX.]archive,
#                      security, ports .ubuntu.com) in the base's
#                      /etc/apt/sources.list and sources.list.d/*.list|*.sources
#                      (not symlinks): the rewritten copies are mounted over the
#                      originals in RUN steps. The base's files are read from a
#                      working container of it (with vfs, a copy).
#   BUILD_CA_BUNDLE    path of a PEM file of CA certificates (the pod mounts the
#                      ConfigMap key there). With the builder image's own CAs it
#                      makes one bundle: buildah's pulls and pushes trust it
#                      (SSL_CERT_FILE), and RUN steps get it at
#                      /run/primehub-build/ca-bundle.crt, named by pip.conf
#                      (cert), .condarc (ssl_verify) and an apt.conf.d file
#                      (Acquire::https::CAInfo).
#   The BUILD_* URLs are http:// or https://, of the characters
#   A-Z a-z 0-9 . _ ~ : / % + - [ ] only: no user:password@ (refused, not
#   shown), query or fragment; init fails (10) otherwise.
#   A tool's files are mounted only when the Dockerfile names the tool (pip,
#   conda/mamba, apt/apt-get). buildah 1.28 leaves a mount point that was not
#   in the base as an empty file or folder in the image: /etc/pip.conf,
#   /etc/conda/.condarc, /etc/apt/apt.conf.d/99primehub-build,
#   /run/primehub-build.
#
# Files
#   $BUILD_CA_BUNDLE       see above; init fails (10) when it is set and missing,
#                          empty, holds no certificate or holds a private key.
#   $BUILD_DIR/Dockerfile  the rendered Dockerfile (in a pod: its own annotation):
#                          `FROM <BASE_IMAGE>`, `USER root`, package layers. Its
#                          first FROM must name BASE_IMAGE. It is copied into a
#                          private, writable build context (a mktemp dir, removed
#                          on exit); nothing else from BUILD_DIR is used.
#   $PUSH_AUTH_FILE        docker config JSON of the push secret (a
#                          kubernetes.io/dockerconfigjson secret mounted as
#                          files). Required when PUSH=true.
#   $PULL_AUTH_FILE        docker config JSON of the pull secret; used for the
#                          pull only when the file exists.
#   $TERMINATION_LOG       written (the final line only) when it exists and is
#                          writable: Kubernetes reads it as the termination
#                          message. On success it gets `pushed: <ref>@<digest>`
#                          (or `built: <image id>` when PUSH=false).
#
# Steps and exit codes (condition reason in brackets)
#    0  success
#   10  init   (InitFailed)   missing or invalid environment or files
#   20  pull   (PullFailed)   pulling BASE_IMAGE failed (not found, unauthorized,
#                             registry unreachable), or its config is unreadable
#   30  build  (BuildFailed)  buildah build failed, e.g. a package does not exist
#   40  push   (PushFailed)   pushing TARGET_IMAGE failed (unauthorized, ...)
# A failure prints exactly one final line on stderr, `error: <step>: <reason>`
# (one line, at most about 1 KiB), and writes the same line to $TERMINATION_LOG.
# An unexpected failure, or TERM/INT, ends the same way with the exit code of
# the step it happened in. A build failure's reason quotes
# the package manager's own error lines (apt's `E: ...`, pip's `ERROR: ...`,
# conda's `PackagesNotFoundError...`), so it names a package that does not exist.
# When pip refused in the failing step because the base's Python is externally
# managed (PEP 668: `error: externally-managed-environment`, Debian 12, Ubuntu
# 24.04), the reason says that and what to do instead of pip's wall of text:
# `error: build: pip refuses to install into the base image's Python, which is
# externally managed (PEP 668): use a base image with a virtual environment or
# conda first on its PATH, or let pip install over the system's packages with
# PRIMEHUB_CUSTOM_IMAGE_PIP_BREAK_SYSTEM_PACKAGES=true (render and build:
# --pip-break-system-packages) (<buildah's error>)`.
#
# What the build does
#   1. init   validates the environment and files, copies the Dockerfile,
#             makes the CA bundle.
#   2. pull   buildah pull --policy $PULL_POLICY docker://$BASE_IMAGE [--authfile pull]
#             [--tls-verify=false: only from the insecure push registry],
#             then reads the base image's configured USER.
#   3. build  buildah build --isolation $BUILD_ISOLATION --pull=never --from <the
#             pulled image id> --format docker [--label
#             io.primehub.image-builder.recipe=$RECIPE_DIGEST] [--layers
#             --cache-from/--cache-to $CACHE_REPOSITORY --authfile push]
#             [--volume ...:ro: the tools' files above, when set]; when
#             the base's USER is not empty, a final `USER <it>` is appended to
#             the context's copy of the Dockerfile, so the image does not run
#             as root because of the `USER root` that package installation
#             needs. A cache push failure: once more without --cache-to.
#   4. push   buildah push --authfile push [--tls-verify=false: when insecure]
#             <image id> docker://$TARGET_IMAGE.
#
# Secrets: no set -x; auth files are passed by path only and never read aloud.
# buildah's pull and push output is filtered: every credential found in the
# auth files (auth, password, identitytoken, registrytoken, and the password
# inside auth) is replaced by [redacted] before it is printed.
set -euo pipefail
set -o errtrace

readonly BUILD_DIR="${BUILD_DIR:-/workspace}"
readonly PUSH_AUTH_FILE="${PUSH_AUTH_FILE:-/secrets/push/.dockerconfigjson}"
readonly PULL_AUTH_FILE="${PULL_AUTH_FILE:-/secrets/pull/.dockerconfigjson}"
readonly TERMINATION_LOG="${TERMINATION_LOG:-/dev/termination-log}"
readonly MAX_REASON_CHARS=1024

step=init
work=""
secrets=()

exit_code_of() {
  case $1 in
    init) echo 10 ;;
    pull) echo 20 ;;
    build) echo 30 ;;
    push) echo 40 ;;
    *) echo 1 ;;
  esac
}

redact() {
  local text=$1 secret
  for secret in ${secrets[@]+"${secrets[@]}"}; do
    text=${text//"$secret"/"[redacted]"}
  done
  printf '%s' "$text"
}

write_termination_log() {
  if [[ -f $TERMINATION_LOG && -w $TERMINATION_LOG ]]; then
    printf '%s\n' "$1" >"$TERMINATION_LOG" 2>/dev/null || true
  fi
}

# fail STEP REASON...: the one final line, then the step's exit code.
fail() {
  local failed_step=$1 reason line
  shift
  reason=$(redact "$*")
  reason=${reason//$'\r'/ }
  reason=${reason//$'\n'/ }
  reason=${reason//$'\t'/ }
  if (( ${#reason} > MAX_REASON_CHARS )); then
    reason="${reason:0:MAX_REASON_CHARS}..."
  fi
  line="error: $failed_step: $reason"
  printf '%s\n' "$line" >&2
  write_termination_log "$line"
  trap - ERR
  exit "$(exit_code_of "$failed_step")"
}

on_unexpected_error() {
  # In a subshell (a command substitution) leave the one report to the parent.
  if ((BASH_SUBSHELL > 0)); then
    exit "$1"
  fi
  fail "$step" "unexpected failure (exit $1) at line $2 of build-image.sh"
}
trap 'on_unexpected_error $? $LINENO' ERR
trap 'fail "$step" "terminated by a signal"' TERM INT
trap '[[ -z ${apt_probe_container:-} ]] || buildah rm "$apt_probe_container" >/dev/null 2>&1 || true
      [[ -z $work ]] || rm -rf "$work"' EXIT

say() { printf '==> %s\n' "$*"; }

# redact_stream: copies stdin to stdout with every secret replaced, line by
# line, without a fork per line (a build prints thousands of lines).
redact_stream() {
  local line secret
  while IFS= read -r line || [[ -n $line ]]; do
    for secret in ${secrets[@]+"${secrets[@]}"}; do
      line=${line//"$secret"/"[redacted]"}
    done
    printf '%s\n' "$line"
  done
}

# run_filtered LOG CMD...: runs CMD, prints its output with secrets redacted
# and keeps that redacted output in LOG; returns CMD's exit status. Call it
# as a condition (`if ! run_filtered ...`).
run_filtered() {
  local log=$1 status
  shift
  set +e
  "$@" 2>&1 | redact_stream | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  return "$status"
}

# The last line of LOG that looks like an error, else its last line.
last_error_line() {
  local found
  found=$(grep -iE '(^|[^a-z])error' "$1" | tail -n 1 || true)
  [[ -n $found ]] || found=$(tail -n 1 "$1" || true)
  printf '%s' "${found#Error: }"
}

# Package managers' own error lines, joined: they name the failing package.
package_manager_errors() {
  awk '
    /^(E: |ERROR: )/ && !/^E: (Unable to lock|Could not open lock)/ { print; next }
    /PackagesNotFoundError|ResolvePackageNotFound/ { print; conda = 1; next }
    conda && /^[[:space:]]+- / { sub(/^[[:space:]]+/, ""); print; next }
    conda && !/^[[:space:]]*$/ { conda = 0 }
  ' "$1" | awk '!seen[$0]++' | head -n 5 | paste -sd ';' - | sed 's/;/; /g' || true
}

# Whether pip refused in the step that failed (the output after buildah's last
# `STEP n/m:` line) because the base's Python is externally managed (PEP 668).
pip_refused_externally_managed() {
  awk '
    /^STEP [0-9]+\/[0-9]+: / { refused = 0 }
    /^error: externally-managed-environment/ { refused = 1 }
    END { exit !refused }
  ' "$1"
}

readonly EXTERNALLY_MANAGED_REASON="pip refuses to install into the base image's Python, which is externally \
managed (PEP 668): use a base image with a virtual environment or conda first on its PATH, or let pip install \
over the system's packages with PRIMEHUB_CUSTOM_IMAGE_PIP_BREAK_SYSTEM_PACKAGES=true (render and build: \
--pip-break-system-packages)"

# Credentials in a docker config JSON, kept to redact them from any output.
# Read with grep/sed only: the build pod's image need not have jq.
collect_secrets() {
  local file=$1 key value decoded backslash=$'\\'
  while IFS=$'\t' read -r key value; do
    [[ -n $value ]] || continue
    secrets+=("$value")
    value=${value//"$backslash\""/"\""}
    value=${value//"$backslash/"/"/"}
    value=${value//"$backslash$backslash"/"$backslash"}
    secrets+=("$value")
    if [[ $key == auth ]]; then
      decoded=$(printf '%s' "$value" | base64 -d 2>/dev/null || true)
      if [[ $decoded == *:* && -n ${decoded#*:} ]]; then
        secrets+=("${decoded#*:}")
      fi
    fi
  done < <(grep -oE '"(auth|password|identitytoken|registrytoken)"[[:space:]]*:[[:space:]]*"([^"\\]|\\.)*"' "$file" \
             | sed -E 's/^"([a-z]+)"[[:space:]]*:[[:space:]]*"(.*)"$/\1\t\2/' || true)
}

# Loose shape check of an image reference: no whitespace, no leading dash,
# only the characters a reference may hold. The domain validates strictly.
is_image_reference() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._/:@-]*$ && ${#1} -le 512 && $1 != *//* ]]
}

# The registry an image reference names, as buildah reads it: its first
# component when that looks like a host (it has a '.' or a ':', or is
# localhost), else Docker Hub (docker.io). Lower-cased.
registry_of() {
  local reference=$1 first
  first=${reference%%/*}
  if [[ $reference != */* || ! ($first == *.* || $first == *:* || $first == localhost) ]]; then
    printf 'docker.io'
    return 0
  fi
  printf '%s' "${first,,}"
}

# The image named by the Dockerfile's first FROM (flags skipped).
first_from_image() {
  awk 'toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; exit } }' "$1"
}

# ---- Proxies, mirrors and private CAs ---------------------------------------
# How the build reaches the network, all in this block (docs/builds.md,
# "Proxies, mirrors and private CAs"): init calls network_init, build calls
# network_run_steps and passes "${run_mount_args[@]}" to `buildah build`.
# Nothing of it reaches the pushed image: the proxies travel as environment
# (`buildah build --http-proxy`, its default, passes them into RUN steps without
# committing them), the tools' files are mounted read-only into the RUN steps
# (`--volume`), and buildah's own CA file is SSL_CERT_FILE, which buildah does
# not pass into RUN steps.

# Where RUN steps find the files that are not at a tool's own path.
readonly RUN_FILES_DIR=/run/primehub-build
# The public archives whose scheme://host BUILD_APT_MIRROR replaces (no group
# inside: rewrite_apt_sources counts sed's groups).
readonly APT_ARCHIVE_HOSTS='deb\.debian\.org|security\.debian\.org|ftp\.debian\.org|httpredir\.debian\.org|ftp\.[a-z][a-z]\.debian\.org|archive\.ubuntu\.com|[a-z][a-z]\.archive\.ubuntu\.com|security\.ubuntu\.com|ports\.ubuntu\.com'
# A URL of an index, channel or mirror: http(s), no user:password@, no query,
# only characters that need no quoting in pip's, conda's and apt's files.
readonly NETWORK_URL='^https?://[]A-Za-z0-9._~:/%+[-]+$'
readonly NETWORK_HOST='^[]A-Za-z0-9.:[-]+$'

run_mount_args=()
ca_bundle=""
apt_probe_container=""

# network_check NAME PATTERN WHAT: each space-separated word of $NAME matches.
network_check() {
  local name=$1 pattern=$2 what=$3 values value
  read -r -a values <<<"${!name:-}"
  for value in ${values[@]+"${values[@]}"}; do
    if [[ $value == *@* ]]; then
      fail init "$name holds a user name or password (user:password@host), which is not shown; a build takes no credential in a URL"
    fi
    [[ $value =~ $pattern ]] || fail init "$name: '$value' is not $what"
  done
}

# The proxies as every tool reads them: buildah, pip and conda take either
# case, curl and apt only the lower-case names. The upper-case value wins.
network_proxies() {
  local name lower
  for name in HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    lower=${name,,}
    if [[ -n ${!name:-} ]]; then
      export "$lower=${!name}"
    elif [[ -n ${!lower:-} ]]; then
      export "$name=${!lower}"
    fi
  done
}

# The builder image's own CA bundle, to which BUILD_CA_BUNDLE is added.
system_ca_bundle() {
  local file
  for file in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/ca-bundle.pem \
      /etc/ssl/cert.pem; do
    if [[ -f $file && -r $file && -s $file ]]; then
      printf '%s' "$file"
      return 0
    fi
  done
}

# One bundle: the builder image's CAs and BUILD_CA_BUNDLE's. buildah's pulls
# and pushes trust it through SSL_CERT_FILE; RUN steps get it mounted.
network_ca() {
  local system count
  [[ -n ${BUILD_CA_BUNDLE:-} ]] || return 0
  [[ -f $BUILD_CA_BUNDLE && -r $BUILD_CA_BUNDLE && -s $BUILD_CA_BUNDLE ]] \
    || fail init "BUILD_CA_BUNDLE: no readable, non-empty file at $BUILD_CA_BUNDLE (in a build pod: the ConfigMap or the key that PRIMEHUB_CUSTOM_IMAGE_BUILD_CA_BUNDLE names is missing in this namespace)"
  count=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$BUILD_CA_BUNDLE" || true)
  ((count > 0)) || fail init "BUILD_CA_BUNDLE: $BUILD_CA_BUNDLE holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
  if grep -q -- 'PRIVATE KEY-----' "$BUILD_CA_BUNDLE"; then
    fail init "BUILD_CA_BUNDLE: $BUILD_CA_BUNDLE holds a private key; give the CA certificates only"
  fi
  system=$(system_ca_bundle || true)
  mkdir -p "$work/run-files"
  chmod 0755 "$work/run-files"
  { if [[ -n $system ]]; then cat "$system"; echo; fi; cat "$BUILD_CA_BUNDLE"; } >"$work/run-files/ca-bundle.crt"
  chmod 0644 "$work/run-files/ca-bundle.crt"
  ca_bundle="$work/run-files/ca-bundle.crt"
  export SSL_CERT_FILE=$ca_bundle
  say "CA bundle: $count certificate(s) of $BUILD_CA_BUNDLE added to ${system:-no system CA bundle (none found)}"
}

network_init() {
  network_check BUILD_PIP_INDEX_URL "$NETWORK_URL" "an http:// or https:// URL"
  network_check BUILD_PIP_EXTRA_INDEX_URL "$NETWORK_URL" "an http:// or https:// URL"
  network_check BUILD_PIP_TRUSTED_HOST "$NETWORK_HOST" "a host or host:port"
  network_check BUILD_CONDA_CHANNEL_ALIAS "$NETWORK_URL" "an http:// or https:// URL"
  network_check BUILD_CONDA_DEFAULT_CHANNELS "$NETWORK_URL" "an http:// or https:// URL"
  network_check BUILD_APT_MIRROR "$NETWORK_URL" "an http:// or https:// URL"
  network_proxies
  network_ca
  local set=() name
  for name in HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [[ -z ${!name:-} ]] || set+=("$name")
  done
  for name in BUILD_PIP_INDEX_URL BUILD_PIP_EXTRA_INDEX_URL BUILD_PIP_TRUSTED_HOST BUILD_CONDA_CHANNEL_ALIAS \
      BUILD_CONDA_DEFAULT_CHANNELS BUILD_APT_MIRROR; do
    [[ -z ${!name:-} ]] || set+=("${name#BUILD_} ${!name}")
  done
  if ((${#set[@]} > 0)); then
    # Proxies are named, not shown: one taken from a user's environment may hold a password.
    say "network: $(printf '%s; ' "${set[@]}")CA bundle ${BUILD_CA_BUNDLE:-none}"
  fi
}

# Whether the Dockerfile's instructions (not its comments) name one of the
# words in the pattern: a tool's files are mounted only then, so that an image
# that never ran the tool gets none of buildah 1.28's empty mount points.
dockerfile_names() {
  # No grep -q: with pipefail, the first grep's SIGPIPE would turn a match into a failure.
  grep -vE '^[[:space:]]*#' "$work/context/Dockerfile" \
    | grep -E "(^|[^A-Za-z0-9_.-])($1)([^A-Za-z0-9_-]|\$)" >/dev/null
}

# pip.conf for RUN steps (mounted at /etc/pip.conf); fails when it has nothing to say.
write_pip_conf() {
  local lines=()
  [[ -z ${BUILD_PIP_INDEX_URL:-} ]] || lines+=("index-url = $BUILD_PIP_INDEX_URL")
  [[ -z ${BUILD_PIP_EXTRA_INDEX_URL:-} ]] || lines+=("extra-index-url = $BUILD_PIP_EXTRA_INDEX_URL")
  [[ -z ${BUILD_PIP_TRUSTED_HOST:-} ]] || lines+=("trusted-host = $BUILD_PIP_TRUSTED_HOST")
  [[ -z $ca_bundle ]] || lines+=("cert = $RUN_FILES_DIR/ca-bundle.crt")
  ((${#lines[@]} > 0)) || return 1
  { printf '# build-image.sh: for the RUN steps of one build, not in the image\n[global]\n'
    printf '%s\n' "${lines[@]}"; } >"$work/pip.conf"
  chmod 0644 "$work/pip.conf"
}

# .condarc for RUN steps (mounted at /etc/conda/.condarc); fails when it has nothing to say.
write_condarc() {
  local lines=() channels channel
  [[ -z ${BUILD_CONDA_CHANNEL_ALIAS:-} ]] || lines+=("channel_alias: '$BUILD_CONDA_CHANNEL_ALIAS'")
  if [[ -n ${BUILD_CONDA_DEFAULT_CHANNELS:-} ]]; then
    read -r -a channels <<<"$BUILD_CONDA_DEFAULT_CHANNELS"
    lines+=("default_channels:")
    for channel in "${channels[@]}"; do
      lines+=("  - '$channel'")
    done
  fi
  [[ -z $ca_bundle ]] || lines+=("ssl_verify: '$RUN_FILES_DIR/ca-bundle.crt'")
  ((${#lines[@]} > 0)) || return 1
  { printf '# build-image.sh: for the RUN steps of one build, not in the image\n'
    printf '%s\n' "${lines[@]}"; } >"$work/condarc"
  chmod 0644 "$work/condarc"
}

# rewrite_apt_sources MIRROR: stdin to stdout, with scheme://host of every
# public archive's URI replaced by MIRROR (paths kept), in one-line and
# deb822 sources alike.
rewrite_apt_sources() {
  sed -E "s#(^|[[:space:]])https?://($APT_ARCHIVE_HOSTS)(/|[[:space:]]|\$)#\\1$1\\3#g"
}

# The base's apt sources that name a public archive, rewritten for
# BUILD_APT_MIRROR and mounted over the originals in RUN steps (the targets
# exist, so no mount point is left in the image). Reading them takes a
# working container of the base (with vfs, a copy of its files).
network_apt_mirror() {
  local mirror=${BUILD_APT_MIRROR%/} root file relative n=0 rewritten=()
  if ! apt_probe_container=$(buildah from --pull=never --quiet "$base_image_id" 2>"$work/apt-probe.log"); then
    apt_probe_container=""
    fail build "cannot read the apt sources of $BASE_IMAGE for BUILD_APT_MIRROR: $(last_error_line "$work/apt-probe.log")"
  fi
  root=$(buildah mount "$apt_probe_container" 2>"$work/apt-probe.log") \
    || fail build "cannot read the apt sources of $BASE_IMAGE for BUILD_APT_MIRROR: $(last_error_line "$work/apt-probe.log")"
  mkdir -p "$work/apt-sources"
  for file in "$root/etc/apt/sources.list" "$root"/etc/apt/sources.list.d/*.list "$root"/etc/apt/sources.list.d/*.sources; do
    [[ -f $file && ! -L $file ]] || continue
    relative=${file#"$root"}
    [[ ${relative##*/} =~ ^[A-Za-z0-9._-]+$ ]] || continue
    n=$((n + 1))
    rewrite_apt_sources "$mirror" <"$file" >"$work/apt-sources/$n"
    if ! cmp -s "$file" "$work/apt-sources/$n"; then
      chmod 0644 "$work/apt-sources/$n"
      run_mount_args+=(--volume "$work/apt-sources/$n:$relative:ro")
      rewritten+=("$relative")
    fi
  done
  buildah rm "$apt_probe_container" >/dev/null 2>&1 || true
  apt_probe_container=""
  say "apt mirror $mirror in ${rewritten[*]:-no source of the base: none names a public Debian or Ubuntu archive}"
}

# The --volume arguments of `buildah build` for the tools the Dockerfile runs.
network_run_steps() {
  local uses_pip=false uses_conda=false uses_apt=false mounted=()
  run_mount_args=()
  if dockerfile_names 'pip|pip3|pip3\.[0-9]+'; then uses_pip=true; fi
  if dockerfile_names 'conda|mamba|micromamba'; then uses_conda=true; fi
  if dockerfile_names 'apt|apt-get|aptitude'; then uses_apt=true; fi
  if [[ $uses_pip == true ]] && write_pip_conf; then
    run_mount_args+=(--volume "$work/pip.conf:/etc/pip.conf:ro")
  fi
  if [[ $uses_conda == true ]] && write_condarc; then
    run_mount_args+=(--volume "$work/condarc:/etc/conda/.condarc:ro")
  fi
  if [[ $uses_apt == true && -n $ca_bundle ]]; then
    printf '// build-image.sh: for the RUN steps of one build, not in the image\nAcquire::https::CAInfo "%s";\n' \
      "$RUN_FILES_DIR/ca-bundle.crt" >"$work/apt.conf"
    chmod 0644 "$work/apt.conf"
    run_mount_args+=(--volume "$work/apt.conf:/etc/apt/apt.conf.d/99primehub-build:ro")
  fi
  if [[ $uses_apt == true && -n ${BUILD_APT_MIRROR:-} ]]; then
    network_apt_mirror
  fi
  if [[ -n $ca_bundle && ${#run_mount_args[@]} -gt 0 ]]; then
    run_mount_args+=(--volume "$work/run-files:$RUN_FILES_DIR:ro")
  fi
  local i
  for ((i = 1; i < ${#run_mount_args[@]}; i += 2)); do
    mounted+=("${run_mount_args[i]#"$work/"}")
  done
  if ((${#mounted[@]} > 0)); then
    say "mounted into RUN steps: ${mounted[*]}"
  fi
}
# ---- end of proxies, mirrors and private CAs --------------------------------

init() {
  step=init
  say "init"
  command -v buildah >/dev/null 2>&1 || fail init "buildah not found on PATH"

  [[ -n ${BASE_IMAGE:-} ]] || fail init "BASE_IMAGE is not set"
  [[ -n ${TARGET_IMAGE:-} ]] || fail init "TARGET_IMAGE is not set"
  is_image_reference "$BASE_IMAGE" || fail init "BASE_IMAGE is not an image reference: '$BASE_IMAGE'"
  is_image_reference "$TARGET_IMAGE" || fail init "TARGET_IMAGE is not an image reference: '$TARGET_IMAGE'"
  [[ ${TARGET_IMAGE##*/} == *:* && $TARGET_IMAGE != *@* ]] \
    || fail init "TARGET_IMAGE must end with a tag (name:tag) and have no digest: '$TARGET_IMAGE'"

  REGISTRY_INSECURE=${REGISTRY_INSECURE:-false}
  PUSH=${PUSH:-true}
  BUILD_ISOLATION=${BUILD_ISOLATION:-chroot}
  PULL_POLICY=${PULL_POLICY:-always}
  [[ $PULL_POLICY =~ ^(always|missing|never)$ ]] \
    || fail init "PULL_POLICY must be always, missing or never, not '$PULL_POLICY'"
  [[ $REGISTRY_INSECURE == true || $REGISTRY_INSECURE == false ]] \
    || fail init "REGISTRY_INSECURE must be true or false, not '$REGISTRY_INSECURE'"
  [[ $PUSH == true || $PUSH == false ]] || fail init "PUSH must be true or false, not '$PUSH'"
  LOCAL_LAYERS=${LOCAL_LAYERS:-false}
  [[ $LOCAL_LAYERS == true || $LOCAL_LAYERS == false ]] \
    || fail init "LOCAL_LAYERS must be true or false, not '$LOCAL_LAYERS'"
  CACHE_REPOSITORY=${CACHE_REPOSITORY:-}
  if [[ -n $CACHE_REPOSITORY ]]; then
    is_image_reference "$CACHE_REPOSITORY" && [[ ${CACHE_REPOSITORY##*/} != *:* && $CACHE_REPOSITORY != *@* ]] \
      || fail init "CACHE_REPOSITORY is not a repository without a tag: '$CACHE_REPOSITORY'"
    [[ $(registry_of "$CACHE_REPOSITORY") == "$(registry_of "$TARGET_IMAGE")" ]] \
      || fail init "CACHE_REPOSITORY '$CACHE_REPOSITORY' is not on the registry of TARGET_IMAGE, whose credential it is pushed with"
    [[ $PUSH == true ]] || fail init "CACHE_REPOSITORY needs PUSH=true: the cache is pushed with the push auth file"
  fi
  RECIPE_DIGEST=${RECIPE_DIGEST:-}
  [[ -z $RECIPE_DIGEST || $RECIPE_DIGEST =~ ^sha256:[0-9a-f]{64}$ ]] \
    || fail init "RECIPE_DIGEST must be sha256:<64 hex digits>, not '$RECIPE_DIGEST'"
  [[ $BUILD_ISOLATION =~ ^(chroot|oci|rootless)$ ]] \
    || fail init "BUILD_ISOLATION must be chroot, oci or rootless, not '$BUILD_ISOLATION'"
  if [[ -n ${STORAGE_DRIVER:-} && ! $STORAGE_DRIVER =~ ^[a-z0-9]+$ ]]; then
    fail init "STORAGE_DRIVER is not a storage driver name: '$STORAGE_DRIVER'"
  fi

  local dockerfile="$BUILD_DIR/Dockerfile" from
  [[ -f $dockerfile && -r $dockerfile ]] || fail init "no readable Dockerfile at $dockerfile"
  [[ -s $dockerfile ]] || fail init "the Dockerfile at $dockerfile is empty"
  from=$(first_from_image "$dockerfile")
  [[ -n $from ]] || fail init "the Dockerfile at $dockerfile has no FROM instruction"
  if [[ $from != *'$'* && $from != "$BASE_IMAGE" ]]; then
    fail init "the Dockerfile's FROM '$from' is not BASE_IMAGE '$BASE_IMAGE'"
  fi

  if [[ $PUSH == true ]]; then
    [[ -f $PUSH_AUTH_FILE && -r $PUSH_AUTH_FILE ]] || fail init "no readable push auth file at $PUSH_AUTH_FILE"
    [[ -s $PUSH_AUTH_FILE ]] || fail init "the push auth file at $PUSH_AUTH_FILE is empty"
    collect_secrets "$PUSH_AUTH_FILE"
  fi
  use_pull_auth=false
  if [[ -e $PULL_AUTH_FILE ]]; then
    [[ -f $PULL_AUTH_FILE && -r $PULL_AUTH_FILE && -s $PULL_AUTH_FILE ]] \
      || fail init "the pull auth file at $PULL_AUTH_FILE is not a readable, non-empty file"
    collect_secrets "$PULL_AUTH_FILE"
    use_pull_auth=true
  fi

  work=$(mktemp -d "${TMPDIR:-/tmp}/build-image.XXXXXX") || fail init "cannot make a temporary directory"
  mkdir "$work/context"
  cp "$dockerfile" "$work/context/Dockerfile" || fail init "cannot copy $dockerfile into the build context"

  # Insecure is a property of the push registry: TLS verification is turned
  # off for it alone, so a base image from anywhere else is verified.
  local push_registry base_registry pull_verified=true
  push_registry=$(registry_of "$TARGET_IMAGE")
  base_registry=$(registry_of "$BASE_IMAGE")
  push_tls_args=()
  pull_tls_args=()
  if [[ $REGISTRY_INSECURE == true ]]; then
    push_tls_args=(--tls-verify=false)
    if [[ $base_registry == "$push_registry" ]]; then
      pull_tls_args=(--tls-verify=false)
      pull_verified=false
    fi
  fi
  say "base $BASE_IMAGE, target $TARGET_IMAGE, push $PUSH, isolation $BUILD_ISOLATION," \
      "storage driver ${STORAGE_DRIVER:-buildah default}, insecure registry $REGISTRY_INSECURE" \
      "($push_registry), pull from $base_registry with TLS verified $pull_verified," \
      "pull secret $use_pull_auth, pull policy $PULL_POLICY," \
      "layer cache ${CACHE_REPOSITORY:-$([[ $LOCAL_LAYERS == true ]] && echo local storage || echo none)}"
  network_init
}

pull() {
  step=pull
  local started=$SECONDS auth_args=() reason
  say "pull $BASE_IMAGE"
  if [[ $use_pull_auth == true ]]; then
    auth_args=(--authfile "$PULL_AUTH_FILE")
  fi
  if ! run_filtered "$work/pull.log" \
      buildah pull --policy "$PULL_POLICY" ${auth_args[@]+"${auth_args[@]}"} \
      ${pull_tls_args[@]+"${pull_tls_args[@]}"} "docker://$BASE_IMAGE"; then
    reason=$(last_error_line "$work/pull.log")
    fail pull "cannot pull $BASE_IMAGE: ${reason:-buildah pull failed}"
  fi
  base_image_id=$(tail -n 1 "$work/pull.log")
  [[ $base_image_id =~ ^[0-9a-f]{64}$ ]] \
    || fail pull "buildah pull did not report the image id of $BASE_IMAGE"
  if ! base_user=$(buildah inspect --type image --format '{{.OCIv1.Config.User}}' "$base_image_id" 2>"$work/inspect.log"); then
    fail pull "cannot read the configuration of $BASE_IMAGE: $(last_error_line "$work/inspect.log")"
  fi
  say "pulled ${base_image_id:0:12} in $((SECONDS - started))s; its user is '${base_user:-<unset, root>}'"
}

# buildah_build: one buildah build with the label and cache arguments, its
# output kept (redacted) in $work/build.log.
buildah_build() {
  run_filtered "$work/build.log" \
    buildah build --isolation "$BUILD_ISOLATION" --pull=never --from "$base_image_id" \
    ${label_args[@]+"${label_args[@]}"} ${cache_args[@]+"${cache_args[@]}"} \
    ${run_mount_args[@]+"${run_mount_args[@]}"} --format docker \
    --iidfile "$work/image-id" --tag "$TARGET_IMAGE" --file "$work/context/Dockerfile" "$work/context"
}

# build_failed: the build step's one final line, naming the package managers' own errors.
build_failed() {
  local reason pm_errors
  pm_errors=$(package_manager_errors "$work/build.log")
  reason=$(last_error_line "$work/build.log")
  if pip_refused_externally_managed "$work/build.log"; then
    fail build "$EXTERNALLY_MANAGED_REASON (${reason:-buildah build failed})"
  fi
  if [[ -n $pm_errors ]]; then
    fail build "$pm_errors (${reason:-buildah build failed})"
  fi
  fail build "${reason:-buildah build failed}"
}

build() {
  step=build
  local started=$SECONDS
  if [[ -n $base_user ]]; then
    [[ $base_user =~ ^[A-Za-z0-9._:-]+$ ]] \
      || fail build "the user '$base_user' of $BASE_IMAGE cannot be restored"
    printf '\n# Added by build-image.sh: the user of the base image, restored.\nUSER %s\n' \
      "$base_user" >>"$work/context/Dockerfile"
  fi
  network_run_steps
  local label_args=() cache_args=() cache_error
  if [[ -n $RECIPE_DIGEST ]]; then
    label_args=(--label "io.primehub.image-builder.recipe=$RECIPE_DIGEST")
  fi
  if [[ -n $CACHE_REPOSITORY ]]; then
    cache_args=(--layers --cache-from "$CACHE_REPOSITORY" --cache-to "$CACHE_REPOSITORY"
                --authfile "$PUSH_AUTH_FILE" ${push_tls_args[@]+"${push_tls_args[@]}"})
  elif [[ $LOCAL_LAYERS == true ]]; then
    cache_args=(--layers)
  fi
  say "build $TARGET_IMAGE"
  if ! buildah_build; then
    # buildah fails the whole build when it cannot push a step to the cache: the cache is only an optimisation.
    cache_error=$(grep -m 1 'failed pushing cache' "$work/build.log" || true)
    if [[ -z $cache_error ]]; then
      build_failed
    fi
    say "the layer cache cannot be written ($(redact "${cache_error#Error: }" | cut -c1-300));" \
        "building again, reading the cache only"
    cache_args=(--layers --cache-from "$CACHE_REPOSITORY"
                --authfile "$PUSH_AUTH_FILE" ${push_tls_args[@]+"${push_tls_args[@]}"})
    buildah_build || build_failed
  fi
  image_id=""
  read -r image_id 2>/dev/null <"$work/image-id" || true
  image_id=${image_id#sha256:}
  [[ $image_id =~ ^[0-9a-f]{64}$ ]] || fail build "buildah build reported no image id"
  local cache=off
  if [[ -n $CACHE_REPOSITORY || $LOCAL_LAYERS == true ]]; then
    cache="$(grep -c '^--> Using cache ' "$work/build.log" || true) of"
    cache+=" $(grep -c '^STEP [0-9]*/[0-9]*: ' "$work/build.log" || true) steps reused"
  fi
  say "built ${image_id:0:12} in $((SECONDS - started))s (layer cache: $cache)"
}

push() {
  step=push
  local started=$SECONDS reason digest=""
  if [[ $PUSH == false ]]; then
    say "push skipped (PUSH=false); the image is $TARGET_IMAGE in local storage"
    write_termination_log "built: $image_id"
    return 0
  fi
  say "push $TARGET_IMAGE"
  if ! run_filtered "$work/push.log" \
      buildah push --authfile "$PUSH_AUTH_FILE" ${push_tls_args[@]+"${push_tls_args[@]}"} \
      --digestfile "$work/digest" "$image_id" "docker://$TARGET_IMAGE"; then
    reason=$(last_error_line "$work/push.log")
    fail push "cannot push $TARGET_IMAGE: ${reason:-buildah push failed}"
  fi
  read -r digest 2>/dev/null <"$work/digest" || true
  [[ -n $digest ]] || fail push "buildah push reported no digest for $TARGET_IMAGE"
  say "pushed in $((SECONDS - started))s"
  printf 'pushed: %s@%s\n' "$TARGET_IMAGE" "$digest"
  write_termination_log "pushed: $TARGET_IMAGE@$digest"
}

main() {
  local started=$SECONDS
  init
  pull
  build
  push
  say "done in $((SECONDS - started))s"
}

main "$@"
