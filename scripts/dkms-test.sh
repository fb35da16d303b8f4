#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-test.sh - build kbufmap through DKMS for Debian kernels, in each
# kernel's own chroot, and boot the DKMS-built modules in one of them.
#
# usage: dkms-test.sh [--no-vm] [VER...]        (default: 6.1 7.2)
#
# For every VER: the kernel's headers (scripts/kcache.sh fetch), dkms
# installed in its chroot ($KBM_CACHE/chroot/<suite>, from that suite),
# then `make dkms-source`'s tree added and `dkms build -k <release>` and
# `dkms install -k <release>` run there, as a user's DKMS would: the compile
# probes run at DKMS build time against that kernel's headers; what DKMS
# made is copied out and the registration removed again.  Checks that
# the modules were built and that their compat branches are that kernel's
# (modinfo kbm_compat: mmap=mmap_prepare from 7.1, mmap=mmap before).  The
# last VER's DKMS-built modules then run the whole VM suite
# (scripts/vm-test.sh --modules).  Every chroot step holds the build lock
# (scripts/kchroot.sh takes it).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

vm=1
vers=()
while (($#)); do
	case $1 in
	--no-vm) vm=0 ;;
	-h | --help) sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}"; exit 0 ;;
	-*) kbm_die "unknown option $1" ;;
	*) vers+=("$1") ;;
	esac
	shift
done
((${#vers[@]})) || vers=(6.1 7.2)
kbm_need_root "dkms-test.sh"

say() { printf '\n=== dkms-test: %s\n' "$*" >&2; }

version=$(git -C "$top" describe --tags --always --dirty 2>/dev/null || echo 0)
say "DKMS source tree kbufmap/$version"
make -s -C "$top" dkms-source KBM_VERSION="$version" >&2
src=$top/build/dkms/kbufmap-$version

results=()
status=0
for ver in "${vers[@]}"; do
	say "$ver: headers and dkms in the kernel's chroot"
	fetch=(fetch)
	[[ $ver == "${vers[-1]}" ]] && ((vm)) && fetch+=(--image)
	"$here/kcache.sh" "${fetch[@]}" "$ver" >&2
	# RELEASE, CHROOT, SUITE (a subshell: the env file sets CC, KDIR, ...)
	# shellcheck disable=SC2153 # SUITE comes from the env file
	read -r rel root suite < <(kbm_load_env "$ver" && echo "$RELEASE $CHROOT $SUITE")
	if [[ ! -x $root/usr/sbin/dkms ]]; then
		echo "dkms-test: $ver: installing dkms in chroot/$suite" >&2
		kbm_retry "$here/kchroot.sh" "$ver" sh -c 'apt-get -q update &&
			apt-get install -y -q --no-install-recommends dkms && apt-get clean' \
			> "$top/build/dkms/$ver-apt.log" 2>&1 ||
			{ tail -n 20 "$top/build/dkms/$ver-apt.log" >&2; kbm_die "$ver: cannot install dkms"; }
	fi
	dkms_ver="dkms $(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Version}' dkms)"

	say "$ver: dkms add, build, install for $rel ($dkms_ver)"
	log=$top/build/dkms/$ver.log
	# What DKMS made (modules, make.log) is copied out to $got, then the
	# registration is removed: the chroot is shared and stays as it was.
	got=$top/build/dkms/$ver-dkms
	rm -rf "$got"
	mkdir -p "$got"
	# Every kbufmap version goes before (an earlier run's installed modules
	# would be kept as "the same version") and after.
	# shellcheck disable=SC2016 # expanded by the chroot's sh
	if "$here/kchroot.sh" "$ver" sh -c '
			clean() {
				for d in /var/lib/dkms/kbufmap/*/; do
					[ -d "$d" ] || continue
					dkms remove "kbufmap/$(basename "$d")" --all >/dev/null 2>&1
				done
				rm -rf /var/lib/dkms/kbufmap /usr/src/kbufmap-*
			}
			clean
			dkms add "$2" &&
				dkms build "kbufmap/$1" -k "$3" &&
				dkms install "kbufmap/$1" -k "$3" &&
				dkms status kbufmap
			rc=$?
			find "/var/lib/dkms/kbufmap/$1" \( -name "*.ko*" -o -name make.log \) \
				-exec cp {} "$4/" \;
			clean
			exit $rc
		' sh "$version" "$src" "$rel" "$got" > "$log" 2>&1; then
		verdict=PASS
	else
		verdict=FAIL
		status=1
	fi
	sed 's/^/  /' "$log"
	if [[ -f $got/make.log ]]; then
		echo "  -- make.log (DKMS build, $rel):"
		grep -E 'kbufmap: probes|CC \[M\]|LD \[M\]|warning:|error:' "$got/make.log" | sed 's/^/  /'
	fi

	# The modules DKMS built, uncompressed, for modinfo and the VM.
	mods=$top/build/dkms/$ver-modules
	rm -rf "$mods"
	mkdir -p "$mods"
	for m in kbufmap_core kbufmap kbufmap_edu; do
		f=$(find "$got" -name "$m.ko*" | sed -n 1p)
		case $f in
		"") echo "dkms-test: $ver: DKMS built no $m.ko" >&2; verdict=FAIL; status=1; continue ;;
		*.xz) xz -dc "$f" > "$mods/$m.ko" ;;
		*.zst) zstd -dcq "$f" > "$mods/$m.ko" ;;
		*.gz) gzip -dc "$f" > "$mods/$m.ko" ;;
		*) cp "$f" "$mods/$m.ko" ;;
		esac
	done
	if [[ -f $mods/kbufmap_core.ko ]]; then
		branches=$(modinfo -F kbm_compat "$mods/kbufmap_core.ko")
		vermagic=$(modinfo -F vermagic "$mods/kbufmap_core.ko")
		echo "dkms-test: $ver: vermagic $vermagic"
		echo "dkms-test: $ver: kbm_compat $branches"
		case $ver in
		[2-5].* | 6.*) want=mmap=mmap ;;
		*) want=mmap=mmap_prepare ;;
		esac
		if [[ " $branches " != *" $want "* || $vermagic != "$rel "* ]]; then
			echo "dkms-test: $ver: expected $want and vermagic $rel" >&2
			verdict=FAIL
			status=1
		fi
	fi
	results+=("$ver|$rel|$dkms_ver|$verdict")
done

if ((vm)); then
	ver=${vers[-1]}
	say "$ver: the DKMS-built modules in the VM (vm-test.sh --modules)"
	if ! "$here/vm-test.sh" --modules "$top/build/dkms/$ver-modules" "$ver"; then
		results+=("$ver|VM suite with the DKMS-built modules||FAIL")
		status=1
	else
		results+=("$ver|VM suite with the DKMS-built modules||PASS")
	fi
fi

printf '\n| kernel | release | dkms | result |\n|---|---|---|---|\n'
for r in "${results[@]}"; do
	IFS='|' read -r ver rel dv verdict <<<"$r"
	printf '| %s | %s | %s | %s |\n' "$ver" "$rel" "$dv" "$verdict"
done
exit $status
