#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Debian package of a configured and built OptConf tree, unpacks it into a temporary
# root and checks what a user gets: the installed optconf-cli runs (version, a sweep of the bundled
# example), the man page documents every option, the desktop integration files are there and
# valid, and dpkg-shlibdeps computed the dependencies.
#
#   tests/packaging/check_package.sh BUILD_DIR
#
# ctest passes OPTCONF_EXPECTED_VERSION (the CMake project version), OPTCONF_EXPECT_GUI (1 when
# the optconf target exists) and OPTCONF_CPACK (the cpack of the CMake that configured the tree).
# Exit status: 0 pass, 1 fail, 77 skipped (a Debian tool the test needs is not installed; the
# checks that could run did run and passed).
set -uo pipefail

build=${1:?usage: check_package.sh BUILD_DIR}
build=$(cd "$build" && pwd) || exit 1
cpack=${OPTCONF_CPACK:-cpack}
expect_gui=${OPTCONF_EXPECT_GUI:-}
app_id=org.optconf.OptConf
failures=0
skipped=()

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }
skip() { echo "SKIP: $*"; skipped+=("$*"); }

for tool in dpkg-deb dpkg-shlibdeps; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is not installed (Debian package dpkg-dev); cannot build the package"
        exit 77
    fi
done
if [ ! -f "$build/CPackConfig.cmake" ]; then
    echo "FAIL: $build/CPackConfig.cmake is missing: is packaging/ part of the build?" >&2
    exit 1
fi
version=${OPTCONF_EXPECTED_VERSION:-$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")}

work=$(mktemp -d "${TMPDIR:-/tmp}/optconf-package.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# --- Build the package ---------------------------------------------------------------------------
echo "Building the package of $build (OptConf $version) with $cpack"
if ! (cd "$build" && "$cpack" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1); then
    cat "$work/cpack.log" >&2
    echo "FAIL: cpack -G DEB failed" >&2
    exit 1
fi
mapfile -t debs < <(find "$work/out" -maxdepth 1 -name '*.deb')
if [ ${#debs[@]} -ne 1 ]; then
    cat "$work/cpack.log" >&2
    echo "FAIL: expected one .deb in $work/out, found ${#debs[@]}" >&2
    exit 1
fi
deb=${debs[0]}
pass "built $(basename "$deb")"

# --- Control fields ------------------------------------------------------------------------------
dpkg-deb -I "$deb" >"$work/info.txt" || { fail "dpkg-deb -I cannot read the package"; exit 1; }
sed 's/^/      /' "$work/info.txt"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = optconf ] && pass "Package: optconf" || fail "Package is '$(field Package)', not optconf"
[ "$(field Version)" = "$version-1" ] && pass "Version: $version-1" ||
    fail "Version is '$(field Version)', not $version-1 (the CMake project version)"
case "$(field Section)" in
    science | graphics) pass "Section: $(field Section)" ;;
    *) fail "Section is '$(field Section)', not science or graphics" ;;
esac
[ -n "$(field Maintainer)" ] && pass "Maintainer: $(field Maintainer)" || fail "no Maintainer"
[ "$(field Description | wc -l)" -ge 3 ] && pass "Description has a synopsis and an extended text" ||
    fail "Description lacks an extended text"
depends=$(field Depends)
# dpkg-shlibdeps writes versioned dependencies on the shared libraries the binaries link.
for lib in libc6 'libstdc\+\+6' libqt6core6; do
    grep -Eq "(^|, )$lib \(>= [^)]+\)" <<<"$depends" && pass "Depends on ${lib//\\/} (versioned, from shlibdeps)" ||
        fail "Depends lacks a versioned ${lib//\\/}: '$depends'"
done

# --- Contents ------------------------------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{print $NF}' >"$work/contents.txt"
if grep -v '^\./usr/' "$work/contents.txt" | grep -vxq '\./'; then
    fail "files outside /usr: $(grep -v '^\./usr/' "$work/contents.txt" | grep -vx '\./' | tr '\n' ' ')"
else
    pass "every file is under /usr"
fi
root=$work/root
dpkg -x "$deb" "$root" || { fail "dpkg -x failed"; exit 1; }
has_gui=0
[ -x "$root/usr/bin/optconf" ] && has_gui=1
case "$expect_gui" in
    1) [ $has_gui = 1 ] && pass "the desktop app is packaged" || fail "the optconf target exists but is not packaged" ;;
    0) [ $has_gui = 0 ] && pass "built without the desktop app: a command-line-only package" ||
        fail "usr/bin/optconf is packaged, but the build has no optconf target" ;;
esac

expect_file() {
    if [ -f "$root$1" ] && [ -s "$root$1" ]; then pass "installed $1"; else fail "missing or empty: $1"; fi
}
expect_file /usr/bin/optconf-cli
expect_file /usr/share/doc/optconf/README.md
expect_file /usr/share/doc/optconf/LICENSE
expect_file /usr/share/man/man1/optconf-cli.1.gz
# Reports and charts are linked into optconf-cli: nothing to find at run time, no private library.
if [ -z "$(find "$root/usr/lib" -name '*.so*' 2>/dev/null)" ]; then
    pass "no private shared library: optconf-cli paints with what it links"
else
    fail "the package installs shared libraries: $(find "$root/usr/lib" -name '*.so*' | tr '\n' ' ')"
fi

if command -v readelf >/dev/null; then
    for exe in "$root"/usr/bin/*; do
        if readelf -d "$exe" | grep -E 'R(UN)?PATH' | grep -q "$build"; then
            fail "$(basename "$exe") keeps an RPATH into the build tree"
        else
            pass "$(basename "$exe") has no RPATH into the build tree"
        fi
    done
fi

# --- The installed command-line tool -------------------------------------------------------------
cli=$root/usr/bin/optconf-cli
out=$("$cli" --version 2>&1)
[ "$out" = "optconf-cli $version" ] && pass "optconf-cli --version prints '$out'" ||
    fail "optconf-cli --version printed '$out', not 'optconf-cli $version'"
if "$cli" sweep --example --pred detector_large >"$work/sweep.txt" 2>"$work/sweep.err"; then
    optimum=$(grep -E '^optimum \(exact\) +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+' "$work/sweep.txt")
    [ -n "$optimum" ] && pass "the installed optconf-cli sweeps the bundled example: $optimum" ||
        { cat "$work/sweep.txt" >&2; fail "sweep --example printed no optimum"; }
else
    status=$?
    cat "$work/sweep.txt" "$work/sweep.err" >&2
    fail "optconf-cli sweep --example --pred detector_large exited with status $status"
fi

# Charts are drawn on Qt's offscreen platform: this checks that the package's dependencies bring
# the platform plugin and fonts it needs (only when this optconf-cli can write charts).
if "$cli" sweep --help 2>/dev/null | grep -q -- '--chart '; then
    if "$cli" sweep --example --pred detector_large --chart "$work/chart.svg" --chart "$work/chart.png" \
        >/dev/null 2>"$work/chart.err" && [ -s "$work/chart.svg" ] && [ -s "$work/chart.png" ]; then
        pass "the installed optconf-cli draws the threshold chart (SVG and PNG)"
    else
        fail "the installed optconf-cli cannot draw charts: $(cat "$work/chart.err")"
    fi
fi

# --- Man page: renders cleanly, documents every option --------------------------------------------
man_gz=$root/usr/share/man/man1/optconf-cli.1.gz
if [ -f "$man_gz" ]; then
    gzip -t "$man_gz" && pass "the man page is valid gzip" || fail "the man page is not valid gzip"
    man_src=$(gzip -dc "$man_gz")
    grep -q "^\.TH OPTCONF-CLI 1 .*\"OptConf $version\"" <<<"$man_src" &&
        pass "the man page names version $version" || fail "the man page .TH line does not name OptConf $version"
    # roff writes a literal hyphen as \-; compare against the plain text.
    man_text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' <<<"$man_src")
    undocumented=0
    for command in "" fields sweep generate; do
        options=$("$cli" $command --help 2>&1 | grep -oE -- '(^|[ ,])--[a-z][a-z-]+' | grep -oE -- '--[a-z-]+' | sort -u)
        [ -n "$options" ] || fail "optconf-cli $command --help lists no options"
        for option in $options; do
            grep -qE -- "(^|[^a-z-])$option([^a-z-]|$)" <<<"$man_text" ||
                { fail "the man page does not document '${command:-optconf-cli} $option'"; undocumented=1; }
        done
        [ -z "$command" ] || grep -qE "^\.BI? $command( |$)" <<<"$man_text" ||
            { fail "the man page does not document the command '$command'"; undocumented=1; }
    done
    [ $undocumented = 0 ] && pass "the man page documents every command and every option that --help lists"
    if command -v groff >/dev/null; then
        warnings=$(gzip -dc "$man_gz" | LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 2>&1)
        [ -z "$warnings" ] && pass "groff renders the man page without warnings" ||
            fail "groff warns about the man page: $warnings"
    fi
fi

# --- Desktop integration -------------------------------------------------------------------------
desktop=$root/usr/share/applications/$app_id.desktop
metainfo=$root/usr/share/metainfo/$app_id.metainfo.xml
if [ $has_gui = 1 ]; then
    expect_file "/usr/share/applications/$app_id.desktop"
    expect_file "/usr/share/metainfo/$app_id.metainfo.xml"
    expect_file "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    for size in 16 32 48 64 128 256; do
        png=/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png
        expect_file "$png"
        if [ -f "$root$png" ]; then
            # PNG signature, then the IHDR chunk: big-endian width and height at bytes 16..23.
            read -r -a b < <(od -An -tu1 -v -w24 -N24 "$root$png")
            w=$(((b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19]))
            h=$(((b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23]))
            [ "${b[1]}${b[2]}${b[3]}" = 807871 ] && [ "$w" = "$size" ] && [ "$h" = "$size" ] &&
                pass "$png is a ${w}x${h} PNG" || fail "$png is not a ${size}x${size} PNG (${w}x${h})"
        fi
    done
    if [ -f "$desktop" ]; then
        exec_bin=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
        [ -x "$root/usr/bin/$exec_bin" ] && pass "Exec=$exec_bin is installed in /usr/bin" ||
            fail "Exec=$exec_bin is not installed in /usr/bin"
        icon=$(sed -n 's/^Icon=//p' "$desktop")
        [ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] && pass "Icon=$icon is installed" ||
            fail "Icon=$icon has no icon in hicolor"
    fi
    if [ -f "$metainfo" ]; then
        grep -q "<release version=\"$version\"" "$metainfo" && pass "the metainfo lists release $version" ||
            fail "the metainfo has no release entry for $version"
        grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" &&
            pass "the metainfo launches $app_id.desktop" || fail "the metainfo does not launch $app_id.desktop"
    fi
    # The installed app prints the same version (it is OPTCONF_VERSION, from the CMake project).
    # (timeout: an app that does not know --version would open its window and wait)
    gui_out=$(QT_QPA_PLATFORM=offscreen timeout 60 "$root/usr/bin/optconf" --version 2>"$work/gui.err")
    grep -qw -- "$version" <<<"$gui_out" && pass "optconf --version prints '$gui_out'" ||
        fail "optconf --version printed '$gui_out' (stderr: $(cat "$work/gui.err")), not version $version"
else
    for f in "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml"; do
        [ ! -e "$root$f" ] && pass "no $f without the desktop app" || fail "$f is packaged without the desktop app"
    done
    # Still validate the files a GUI build would install: the source desktop file and the
    # metainfo that CMake configured.
    desktop=${OPTCONF_SOURCE_DIR:-$build/..}/packaging/$app_id.desktop
    metainfo=$build/packaging/$app_id.metainfo.xml
fi

# The AppStream screenshot is a URL into the repository: the file must be in the source tree.
if [ -f "$metainfo" ] && [ -n "${OPTCONF_SOURCE_DIR:-}" ]; then
    shot=$(sed -n 's|.*<image[^>]*>.*/raw/branch/[^/]*/\([^<]*\)</image>.*|\1|p' "$metainfo" | head -1)
    [ -n "$shot" ] && [ -f "$OPTCONF_SOURCE_DIR/$shot" ] && pass "the metainfo screenshot $shot is in the repository" ||
        fail "the metainfo screenshot '${shot:-(none)}' is not in $OPTCONF_SOURCE_DIR"
fi

if command -v desktop-file-validate >/dev/null; then
    if [ -f "$desktop" ]; then
        if report=$(desktop-file-validate "$desktop" 2>&1); then
            pass "desktop-file-validate $(basename "$desktop")${report:+ (${report//$'\n'/; })}"
        else
            fail "desktop-file-validate: $report"
        fi
    else
        fail "no desktop file to validate: $desktop"
    fi
else
    skip "desktop-file-validate is not installed (Debian package desktop-file-utils)"
fi
if command -v appstreamcli >/dev/null; then
    if [ -f "$metainfo" ]; then
        if report=$(appstreamcli validate --no-net "$metainfo" 2>&1); then
            pass "appstreamcli validate --no-net $(basename "$metainfo")"
            sed 's/^/      /' <<<"$report"
        else
            fail "appstreamcli validate --no-net: $report"
        fi
    else
        fail "no metainfo to validate: $metainfo"
    fi
else
    skip "appstreamcli is not installed (Debian package appstream)"
fi

if [ $failures -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
if [ ${#skipped[@]} -gt 0 ]; then
    echo "every check that could run passed; skipped: ${skipped[*]}"
    exit 77
fi
echo "the package passes every check"
