# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# kbm-lib.sh - sourced by kcache.sh, kmake.sh and vm-run.sh: the cache
# layout, the project's own apt configuration, the build lock and chroots.

KBM_CACHE=${KBM_CACHE:-$HOME/.cache/kbufmap}
KBM_BUILD_LOCK=${KBM_BUILD_LOCK:-/tmp/kbufmap-build.lock}

# Suites the project knows, oldest first; a kernel series not in the table
# below is looked up in this order.
KBM_SUITES=(bullseye bookworm trixie sid)
# Overlay suites, looked up after those: experimental adds Debian's release
# candidates to sid and is taken only for a series sid lacks or has older.
# Their sources are a list of their own (sources.list.d/overlays.list).
KBM_OVERLAY_SUITES=(experimental)
# Suites whose -security companion is added to the lists (the newest 6.1
# kernels live only in bookworm-security).
KBM_SECURITY_SUITES=(bookworm)

kbm_die() {
	printf 'kbufmap: %s\n' "$*" >&2
	exit 1
}

# kbm_version_ge VERSION X.Y: VERSION's major.minor (a kernel release such
# as 5.14.0-570.el9, or a tool's 2.40) is at least X.Y; false when VERSION
# does not start with one.
kbm_version_ge() {
	local v
	v=$(grep -oE '^[0-9]+\.[0-9]+' <<<"$1" || echo 0.0)
	[[ $(printf '%s\n%s\n' "$v" "$2" | sort -V | head -n1) == "$2" ]]
}

# A kernel is named VER: a series (7.2) for amd64, or SERIES-ARCH for the
# other architectures the project boots: 7.2-arm64, 6.12-armhf, 6.1-i386.
# Each architecture is one Debian kernel flavour: arm64, armmp-lpae (32-bit
# ARM with LPAE and HIGHMEM), 686-pae (32-bit x86 with PAE and HIGHMEM).
KBM_ARCHES=(amd64 arm64 armhf i386)

# kbm_arch_of VER: the architecture of VER (amd64 without a suffix).
kbm_arch_of() {
	case $1 in
	*-arm64) echo arm64 ;;
	*-armhf) echo armhf ;;
	*-i386) echo i386 ;;
	*) echo amd64 ;;
	esac
}

# kbm_series_of VER: VER without its architecture (7.2-arm64 -> 7.2).
kbm_series_of() {
	local a
	a=$(kbm_arch_of "$1")
	if [[ $a == amd64 ]]; then echo "$1"; else echo "${1%-"$a"}"; fi
}

# kbm_flavour ARCH: Debian's kernel flavour booted for ARCH.
kbm_flavour() {
	case $1 in
	amd64) echo amd64 ;;
	arm64) echo arm64 ;;
	armhf) echo armmp-lpae ;;
	i386) echo 686-pae ;;
	*) kbm_die "unknown architecture $1 (known: ${KBM_ARCHES[*]})" ;;
	esac
}

# kbm_triplet ARCH: the GNU triplet of ARCH's cross compilers.
kbm_triplet() {
	case $1 in
	amd64) echo x86_64-linux-gnu ;;
	arm64) echo aarch64-linux-gnu ;;
	armhf) echo arm-linux-gnueabihf ;;
	i386) echo i686-linux-gnu ;;
	*) kbm_die "unknown architecture $1 (known: ${KBM_ARCHES[*]})" ;;
	esac
}

# kbm_suite_of VER: the suite a kernel series is taken from ("" = search).
kbm_suite_of() {
	case $(kbm_series_of "$1") in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	7.2) echo sid ;;
	*) echo "" ;;
	esac
}

# kbm_suite_base SUITE: the suite a chroot for SUITE is bootstrapped from.
# An overlay suite (experimental) cannot be bootstrapped alone: its chroot
# is one of the base suite with the overlay's sources added and pinned so
# that only kernel packages come from it.
kbm_suite_base() {
	case $1 in
	experimental) echo sid ;;
	*) echo "$1" ;;
	esac
}

kbm_need_root() {
	[[ $(id -u) == 0 ]] || kbm_die "$1 needs root (chroot, mount namespaces)"
}

# kbm_host_need CMD:PKG... - apt-get install on the host whatever is missing
# (CMD may be an absolute path to a file instead).  Only the host's own
# (bookworm) packages are installed this way.
kbm_host_need() {
	local spec what missing=()
	for spec in "$@"; do
		what=${spec%%:*}
		if [[ $what == /* ]]; then
			[[ -e $what ]] || missing+=("${spec#*:}")
		else
			command -v "$what" >/dev/null 2>&1 || missing+=("${spec#*:}")
		fi
	done
	((${#missing[@]})) || return 0
	kbm_need_root "installing ${missing[*]}"
	printf 'kbufmap: installing on the host: %s\n' "${missing[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2 ||
		{ kbm_retry apt-get update -q >&2 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}" >&2; }
}

# --- the build lock -------------------------------------------------------

# True when an ancestor process (e.g. `flock $KBM_BUILD_LOCK make ...`)
# already holds the lock: taking it again would deadlock.
kbm_lock_held_by_ancestor() {
	[[ -e $KBM_BUILD_LOCK ]] || return 1
	local dev ino holders p
	dev=$(printf '%02x:%02x' "$(stat -Lc %Hd "$KBM_BUILD_LOCK")" \
		"$(stat -Lc %Ld "$KBM_BUILD_LOCK")")
	ino=$(stat -Lc %i "$KBM_BUILD_LOCK")
	# /proc/locks: "N: FLOCK ADVISORY WRITE <pid> <maj>:<min>:<ino> ..."
	# ("N: -> FLOCK ..." lines are waiters, not holders).
	holders=$(awk -v id="$dev:$ino" '$2 == "FLOCK" && $6 == id { print $5 }' \
		/proc/locks)
	[[ -n $holders ]] || return 1
	p=$$
	while [[ -n $p && $p != 0 ]]; do
		grep -qx "$p" <<<"$holders" && return 0
		p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
	done
	return 1
}

# kbm_locked CMD... - run CMD under the machine-wide build lock and return
# its status.  CMD runs in a tested context (set -e is off inside), so make
# it a program or a one-pipeline function.
kbm_locked() {
	if kbm_lock_held_by_ancestor; then
		"$@"
		return
	fi
	local fd rc=0
	exec {fd}>>"$KBM_BUILD_LOCK"
	if ! flock -n "$fd"; then
		printf 'kbufmap: waiting for %s (another build runs)…\n' \
			"$KBM_BUILD_LOCK" >&2
		flock "$fd"
	fi
	"$@" || rc=$?
	flock -u "$fd"
	exec {fd}>&-
	return "$rc"
}

# --- the project's own apt configuration ----------------------------------

# kbm_use_arch ARCH: point the apt commands below at ARCH's lists: amd64's
# in apt/, every other architecture's in apt/arch/ARCH/ (same layout).
kbm_use_arch() {
	KBM_ARCH=$1
	if [[ $1 == amd64 ]]; then
		KBM_APT=$KBM_CACHE/apt
	else
		kbm_flavour "$1" >/dev/null
		KBM_APT=$KBM_CACHE/apt/arch/$1
	fi
	KBM_APT_OPTS=(
	-o "Dir::Etc::SourceList=$KBM_APT/sources.list"
	-o "Dir::Etc::SourceParts=$KBM_APT/sources.list.d"
	-o Dir::Etc::Preferences=/dev/null
	-o Dir::Etc::PreferencesParts=/dev/null
	-o "Dir::State::Lists=$KBM_APT/lists"
	-o "Dir::Cache=$KBM_APT/cache"
	# docker-style images blank these; without them every query re-parses
	# ~80 MB of lists.
	-o Dir::Cache::pkgcache=pkgcache.bin
	-o Dir::Cache::srcpkgcache=srcpkgcache.bin
	-o Dir::State::status=/dev/null
	-o "APT::Architecture=$1"
	-o APT::Default-Release=
	# apt-get download into the cache as root, without the _apt sandbox.
	-o APT::Sandbox::User=root
	)
	# only ARCH's packages, whatever foreign architectures the host has
	[[ $1 == amd64 ]] || KBM_APT_OPTS+=(-o "APT::Architectures::=$1")
}
kbm_use_arch amd64

kbm_apt_get() { apt-get "${KBM_APT_OPTS[@]}" "$@"; }

# kbm_retry CMD...: run CMD up to four times, 30, 60 and 90 s apart, for
# network steps that fail once and then not again: a mirror in mid-sync
# serves index files that do not match its Release file ("File has
# unexpected size ... Mirror sync in progress?") for a few minutes.
kbm_retry() {
	local try
	for try in 1 2 3 4; do
		"$@" && return 0
		((try < 4)) || return 1
		printf 'kbufmap: attempt %d of 4 failed, again in %d s: %s\n' \
			"$try" $((try * 30)) "$*" >&2
		sleep $((try * 30))
	done
}
kbm_apt_cache() { apt-cache "${KBM_APT_OPTS[@]}" "$@"; }

# Sets KBM_MAIN_URI and KBM_SECURITY_URI from the host's apt sources (both
# one-line and deb822 formats: apt itself parses them).  No mirror is
# written into any file of the project.
kbm_archive_uris() {
	local codename rel comp uri
	# shellcheck disable=SC2016 # apt's own field syntax, not shell
	local fmt='$(RELEASE) $(COMPONENT) $(REPO_URI)'
	# shellcheck disable=SC1091
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[[ -n $codename ]] || codename=bookworm
	KBM_MAIN_URI=${KBM_MIRROR:-}
	KBM_SECURITY_URI=${KBM_SECURITY_MIRROR:-}
	while read -r rel comp uri; do
		[[ $comp == main ]] || continue
		if [[ $rel == "$codename" && -z $KBM_MAIN_URI ]]; then
			KBM_MAIN_URI=$uri
		elif [[ $rel == "$codename-security" && -z $KBM_SECURITY_URI ]]; then
			KBM_SECURITY_URI=$uri
		fi
	done < <(apt-get indextargets --format "$fmt" 'Identifier: Packages' 2>/dev/null)
	[[ -n $KBM_MAIN_URI ]] ||
		kbm_die "no '$codename main' source in the host's apt configuration (set KBM_MIRROR=URI)"
	[[ -n $KBM_SECURITY_URI ]] ||
		printf 'kbufmap: warning: no %s-security source on the host; security suites skipped\n' \
			"$codename" >&2
}

# The content of the project's sources.list.
kbm_sources_list() {
	local s opts="[arch=$KBM_ARCH signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]"
	echo "# generated by scripts/kcache.sh from the host's apt sources"
	for s in "${KBM_SUITES[@]}"; do
		echo "deb $opts $KBM_MAIN_URI $s main"
		if [[ -n $KBM_SECURITY_URI ]] && [[ " ${KBM_SECURITY_SUITES[*]} " == *" $s "* ]]; then
			echo "deb $opts $KBM_SECURITY_URI $s-security main"
		fi
	done
}

# The content of the overlay suites' list.
kbm_overlay_sources_list() {
	local s opts="[arch=$KBM_ARCH signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]"
	echo "# generated by scripts/kcache.sh from the host's apt sources"
	for s in "${KBM_OVERLAY_SUITES[@]}"; do
		echo "deb $opts $KBM_MAIN_URI $s main"
	done
}

# kbm_suite_family SUITE: the suite and its -security companion, if listed.
kbm_suite_family() {
	echo "$1"
	if [[ -n ${KBM_SECURITY_URI:-} ]] && [[ " ${KBM_SECURITY_SUITES[*]} " == *" $1 "* ]]; then
		echo "$1-security"
	fi
}

# kbm_newest PKG SUITE... - newest version of PKG in those suites, or "".
kbm_newest() {
	local pkg=$1 best="" ver suite
	shift
	while read -r ver suite; do
		[[ " $* " == *" $suite "* ]] || continue
		if [[ -z $best ]] || dpkg --compare-versions "$ver" gt "$best"; then
			best=$ver
		fi
	done < <(kbm_apt_cache madison "$pkg" 2>/dev/null |
		awk -F' *[|] *' '{ split($3, a, " "); split(a[2], b, "/"); print $2, b[1] }')
	echo "$best"
}

# --- chroots --------------------------------------------------------------

# kbm_chroot ROOT [DIR...] -- CMD... : run CMD in ROOT inside a private mount
# namespace with /proc (objtool reads it), /dev, /sys and every DIR
# bind-mounted at the same path; all mounts vanish with the namespace.
# The working directory is kept when it is reachable inside, else /.
kbm_chroot() {
	local root=$1 d binds=()
	shift
	while (($#)) && [[ $1 != -- ]]; do
		binds+=("$1")
		shift
	done
	shift
	for d in "${binds[@]}"; do
		mkdir -p "$root$d"
	done
	# A clean environment: the host's PATH and tool settings mean nothing
	# inside; kbuild's own knobs (KBUILD_*, KCFLAGS, ...) pass through.
	local v envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
		HOME=/root LANG=C.UTF-8 "TERM=${TERM:-dumb}"
		DEBIAN_FRONTEND=noninteractive)
	for v in $(compgen -e); do
		case $v in
		# DEB_HOST_*: Debian's headers of another architecture take
		# their cross compiler from these (.kernelvariables)
		KBUILD_* | KCFLAGS | KCPPFLAGS | KAFLAGS | KBM_* | DEB_HOST_*) envs+=("$v=${!v}") ;;
		esac
	done
	# shellcheck disable=SC2016 # the inner script expands its own args
	env -i "${envs[@]}" unshare -m --propagation private -- /bin/bash -euc '
			root=$1 n=$2 wd=$3
			shift 3
			mount -t proc proc "$root/proc"
			mount --rbind /dev "$root/dev"
			mount -t sysfs sysfs "$root/sys"
			for ((i = 0; i < n; i++)); do
				mount --bind "$1" "$root$1"
				shift
			done
			[[ -d $root$wd ]] || wd=/
			exec chroot "$root" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$wd" "$@"
		' kbm-chroot "$root" "${#binds[@]}" "$PWD" "${binds[@]}" "$@"
}

# kbm_bind_dirs ROOT DIR...: the DIRs a chroot at ROOT needs bind-mounted,
# sorted and deduplicated: none inside ROOT itself, none below another one
# (already visible through it), never /.
kbm_bind_dirs() {
	local root=$1 d last=""
	shift
	while read -r d; do
		[[ -n $d && $d != / ]] || continue
		[[ $d == "$root" || $d == "$root"/* ]] && continue
		[[ -n $last ]] && [[ $d == "$last" || $d == "$last"/* ]] && continue
		echo "$d"
		last=$d
	done < <(printf '%s\n' "$@" | LC_ALL=C sort -u)
}

# kbm_env_file VER: path of a cached kernel's env file.
kbm_env_file() { echo "$KBM_CACHE/kernels/$1/env"; }

# kbm_load_env VER: source the env file or die with the fix.
kbm_load_env() {
	local f
	f=$(kbm_env_file "$1")
	[[ -f $f ]] || kbm_die "kernel $1 not in cache; run scripts/kcache.sh fetch $1"
	# shellcheck disable=SC1090
	. "$f"
	# KARCH: written by kcache.sh for every kernel but the oldest caches
	kbm_use_arch "${KARCH:-amd64}"
}
