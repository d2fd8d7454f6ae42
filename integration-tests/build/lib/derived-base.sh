# shellcheck shell=bash
# What the provision-*-base scripts share: an image made once from a Containerfile on the tests' Debian base
# (provision-base-image), cached as an OCI archive outside the repository and (re)loaded into local buildah storage.
#
#   source lib/derived-base.sh
#   provision_derived_base TOOL IMAGE_NAME ARCHIVE_FILE_NAME CONTAINERFILE_TEXT
#
# TOOL names the calling script in messages; IMAGE_NAME is the local storage name (localhost/primehub-it/...:tag);
# the archive is ${XDG_CACHE_HOME:-$HOME/.cache}/primehub-image-builder/base-images/ARCHIVE_FILE_NAME, and it is
# the cache itself: when it is there, nothing is rebuilt. Prints progress on stderr, then as the LAST line on stdout
# the image location: oci-archive:<path to the archive>. Needs root and buildah; a lock per image serialises
# concurrent callers.

readonly DERIVED_BASE_FROM=localhost/primehub-it/debian-base:bookworm

provision_derived_base() {
  local tool=$1 image=$2 archive_name=$3 containerfile=$4
  local here cache_dir archive started=$SECONDS work="" id
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/primehub-image-builder/base-images"
  archive="$cache_dir/$archive_name"

  log() { printf '%s: %s\n' "$tool" "$*" >&2; }
  die() { log "error: $*"; exit 1; }
  in_local_storage() { buildah inspect --type image "$image" >/dev/null 2>&1; }

  [[ $(id -u) -eq 0 ]] || die "must run as root (buildah)"
  command -v buildah >/dev/null || die "buildah is missing (run integration-tests/build/ci-prepare)"
  bash "$here/provision-base-image" >/dev/null
  mkdir -p "$cache_dir"
  exec 9>"$cache_dir/.lock-${archive_name%%.*}"
  flock 9

  if [[ -f $archive ]]; then
    if ! in_local_storage; then
      id=$(buildah pull --quiet "oci-archive:$archive")
      buildah tag "$id" "$image"
      log "loaded $image into local buildah storage from the cache"
    fi
    log "cached: $archive"
  else
    log "building $image on $DERIVED_BASE_FROM (cold)"
    work=$(mktemp -d "$cache_dir/.build-${archive_name%%.*}.XXXXXX")
    # shellcheck disable=SC2064  # the folder is known now
    trap "rm -rf '$work'" EXIT
    printf 'FROM %s\n%s\n' "$DERIVED_BASE_FROM" "$containerfile" >"$work/Containerfile"
    if ! buildah build --isolation chroot --pull=never --layers=false --format docker \
        --tag "$image" --file "$work/Containerfile" "$work" >"$work/build.log" 2>&1; then
      tail -n 20 "$work/build.log" >&2
      die "building $image failed (log above)"
    fi
    buildah push --quiet "$image" "oci-archive:$work/image.oci.tar:${image#localhost/}"
    mv "$work/image.oci.tar" "$archive"
    rm -rf "$work"
    trap - EXIT
    log "built in $((SECONDS - started))s: $archive"
  fi
  in_local_storage || die "$image is not in local buildah storage"
  printf 'oci-archive:%s\n' "$archive"
}
