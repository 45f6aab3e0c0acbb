#!/usr/bin/env bash
# Re-vendor the built front-end assets into earlyhelp/frontend/static/vendor/.
#
# Needs npm (only to fetch tarballs from the npm registry; nothing is built or
# installed). Run from anywhere:
#   bash earlyhelp/frontend/scripts/update_vendor.sh
# Override versions with env vars, e.g. GOVUK_FRONTEND_VERSION=5.14.0.
# After running: check `git diff --stat`, update the versions in
# static/vendor/README.md, and load a page to see fonts, favicon and JS work.
set -euo pipefail

GOVUK_FRONTEND_VERSION="${GOVUK_FRONTEND_VERSION:-5.14.0}"
MOJ_FRONTEND_VERSION="${MOJ_FRONTEND_VERSION:-8.0.1}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
vendor="$here/../static/vendor"
licences="$here/licences"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "govuk-frontend@${GOVUK_FRONTEND_VERSION}" >/dev/null
npm pack --silent "@ministryofjustice/frontend@${MOJ_FRONTEND_VERSION}" >/dev/null
npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null

for pkg in govuk-frontend ministryofjustice-frontend htmx.org; do
  mkdir -p "$pkg"
  tar -xzf "$pkg"-*.tgz -C "$pkg"
done

# The built CSS refers to fonts and images at the site root (/assets/...).
# Make those references relative to the CSS file, so they resolve under
# STATIC_URL (and ManifestStaticFilesStorage can hash them).
# The source maps are not vendored, so drop the comments pointing at them
# (ManifestStaticFilesStorage fails on a sourceMappingURL whose file is missing).
relativise_css() {
  sed -e 's#url(/assets/#url(assets/#g' \
      -e '/^\/\*# sourceMappingURL=.*\*\/$/d' "$1" > "$2"
}
strip_js_sourcemap() {
  sed -e 's#//\# sourceMappingURL=[^ ]*$##' "$1" > "$2"
}

# GOV.UK Frontend
g="$work/govuk-frontend/package/dist/govuk"
d="$vendor/govuk-frontend"
rm -rf "$d" && mkdir -p "$d"
relativise_css "$g/govuk-frontend.min.css" "$d/govuk-frontend.min.css"
strip_js_sourcemap "$g/govuk-frontend.min.js" "$d/govuk-frontend.min.js"
cp -R "$g/assets" "$d/assets"
echo "$GOVUK_FRONTEND_VERSION" > "$d/VERSION"
# The npm tarball has no licence file: this is the upstream LICENSE.txt (MIT).
cp "$licences/govuk-frontend.LICENSE" "$d/LICENSE"

# MOJ Frontend
m="$work/ministryofjustice-frontend/package/moj"
d="$vendor/moj-frontend"
rm -rf "$d" && mkdir -p "$d/assets"
relativise_css "$m/moj-frontend.min.css" "$d/moj-frontend.min.css"
strip_js_sourcemap "$m/moj-frontend.min.js" "$d/moj-frontend.min.js"
cp -R "$m/assets/images" "$d/assets/images"
echo "$MOJ_FRONTEND_VERSION" > "$d/VERSION"
# The npm tarball has no licence file: this is the upstream LICENSE (MIT).
cp "$licences/moj-frontend.LICENSE" "$d/LICENSE"

# htmx
h="$work/htmx.org/package"
d="$vendor/htmx"
rm -rf "$d" && mkdir -p "$d"
cp "$h/dist/htmx.min.js" "$d/htmx.min.js"
echo "$HTMX_VERSION" > "$d/VERSION"
cp "$h/LICENSE" "$d/LICENSE"

# Every url() in the vendored CSS must point at a file we ship.
status=0
for css in "$vendor"/govuk-frontend/*.css "$vendor"/moj-frontend/*.css; do
  for ref in $(grep -o 'url([^)]*)' "$css" | sed -e 's/^url(//' -e 's/)$//' -e 's/["'\'']//g' | grep -v '^data:' | sort -u); do
    if [ ! -f "$(dirname "$css")/$ref" ]; then
      echo "missing: $css -> $ref" >&2
      status=1
    fi
  done
done
exit $status
