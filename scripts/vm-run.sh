#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh - boot a kernel under QEMU with a throw-away busybox initramfs,
# run one guest script and judge the result.
#
# usage: vm-run.sh (-k VER | --vmlinux PATH | --kernel PATH) [--arch ARCH]
#                  [-s SCRIPT|-] [-a FILE]... [-m MEM] [--smp N] [-o DIR]
#                  [-t SECONDS] [--append ARGS] [--qemu-arg ARG]...
#                  [--userland glibc|musl]
#
#   -k VER          kernel from the cache (scripts/kcache.sh fetch --image VER),
#                   of the architecture VER names (7.2, 7.2-arm64, 6.1-i386)
#   --vmlinux PATH  any uncompressed x86-64 vmlinux with a PVH entry
#   --kernel PATH   an x86 bzImage (e.g. a kernel bundle's vmlinuz), booted
#                   through QEMU's Linux boot protocol: kernels without PVH;
#                   with --arch, that architecture's image (arm64 Image,
#                   armhf zImage, i386 bzImage)
#   --arch ARCH     amd64 (default), arm64, armhf or i386; -k knows it
#   -s SCRIPT       guest sh script, run by /init in /kbm ("-": read stdin)
#   -a FILE         copy FILE to /kbm/<basename> (modes kept); repeatable
#   -m MEM          guest memory (default 512M)     --smp N  vCPUs (default 1)
#   -o DIR          keep console.log and results.tap here (default: new temp dir)
#   -t SECONDS      give up after this long (default 600)
#   --append ARGS   extra kernel command line; repeatable (appended)
#   --qemu-arg ARG  one more QEMU argument, e.g. -mem-prealloc; repeatable
#   --userland U    the guest's busybox: glibc (Debian's busybox-static) or
#                   musl (scripts/musl-tools.sh busybox), for kernels older
#                   than static glibc accepts (3.2).  Default: by the
#                   kernel's release (-k VER's, a bzImage's header), glibc
#                   when it cannot be read.  Programs passed with -a must
#                   run on that kernel too.
#
# The script's stdout+stderr go to the second serial port (results.tap), the
# kernel's console to the first (console.log).  results.tap is printed on
# stdout.  Exit status 0 only if the guest wrote "KBM-END rc=0", no TAP line
# says "not ok", a TAP plan (if any) matches the number of results, and the
# console shows no BUG/Oops/WARNING/panic/GPF/UBSAN/KASAN.  A kernel panic
# also powers QEMU off with status 0, hence the sentinel.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

usage() {
	sed -n '/^# usage:/,/^# The script/{/^# The script/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}" >&2
	exit 2
}

# bzimage_release BZIMAGE: the kernel's release from the boot protocol
# header: the 16-bit kernel_version at 0x20e points to a "RELEASE (builder)
# #1 ..." string, 0x200 bytes before where it says.  Nothing if unset.
bzimage_release() {
	local off str
	off=$(od -An -tu2 -j 526 -N 2 "$1" | tr -d ' ')
	((off > 0)) || return 0
	str=$(dd if="$1" bs=1 skip=$((off + 512)) count=128 2>/dev/null | tr '\0' ' ')
	echo "${str%% *}"
}

ver="" vmlinux="" bzimage="" label="" script="" mem=512M smp=1 out="" timeout=600 append=""
userland="" krelease=""
arch=""
files=() qargs=()
while (($#)); do
	case $1 in
	-k) ver=${2:?-k needs VER} && shift ;;
	--vmlinux) vmlinux=${2:?--vmlinux needs PATH} && shift ;;
	--kernel | --bzimage) bzimage=${2:?--kernel needs PATH} && shift ;;
	--arch) arch=${2:?--arch needs ARCH} && shift ;;
	-s) script=${2:?-s needs SCRIPT} && shift ;;
	-a) files+=("${2:?-a needs FILE}") && shift ;;
	-m) mem=${2:?-m needs MEM} && shift ;;
	--smp) smp=${2:?--smp needs N} && shift ;;
	-o) out=${2:?-o needs DIR} && shift ;;
	-t) timeout=${2:?-t needs SECONDS} && shift ;;
	--append) append+=" ${2?--append needs ARGS}" && shift ;;
	--qemu-arg) qargs+=("${2:?--qemu-arg needs ARG}") && shift ;;
	--userland) userland=${2:?--userland needs glibc or musl} && shift ;;
	-h | --help) usage ;;
	*) echo "vm-run: unknown argument '$1'" >&2 && usage ;;
	esac
	shift
done

suite=""
if [[ -n $ver ]]; then
	kbm_load_env "$ver"
	[[ -z $arch || $arch == "$KBM_ARCH" ]] || kbm_die "kernel $ver is $KBM_ARCH, not $arch"
	# shellcheck disable=SC2153 # SUITE: from kbm_load_env
	arch=$KBM_ARCH suite=$SUITE
	if [[ $arch == amd64 ]]; then
		[[ -n ${VMLINUX:-} && -f ${VMLINUX:-} ]] ||
			kbm_die "kernel $ver has no image in the cache; run scripts/kcache.sh fetch --image $ver"
		vmlinux=$VMLINUX
	else
		[[ -n ${KERNEL:-} && -f ${KERNEL:-} ]] ||
			kbm_die "kernel $ver has no image in the cache; run scripts/kcache.sh fetch --image $ver"
		vmlinux=$KERNEL
	fi
	label="$ver ($RELEASE)"
	krelease=$RELEASE
elif [[ -n $bzimage && ${arch:-amd64} != amd64 && $arch != i386 ]]; then
	[[ -z $vmlinux ]] || kbm_die "--vmlinux and --kernel: give one image"
	[[ -f $bzimage ]] || kbm_die "no such kernel image: $bzimage"
	vmlinux=$bzimage
	label=$bzimage
elif [[ -n $bzimage ]]; then
	[[ -z $vmlinux ]] || kbm_die "--vmlinux and --kernel: give one image"
	[[ -f $bzimage ]] || kbm_die "no such kernel image: $bzimage"
	# The boot protocol's header: "HdrS" at 0x202.  A vmlinux (ELF) would
	# need the PVH entry instead.
	[[ $(od -An -c -j 514 -N 4 "$bzimage" | tr -d ' ') == HdrS ]] ||
		kbm_die "$bzimage is not a bzImage (no HdrS); a vmlinux goes to --vmlinux"
	vmlinux=$bzimage
	label=$bzimage
	krelease=$(bzimage_release "$bzimage")
else
	label=$vmlinux
fi
[[ -n $vmlinux ]] || usage
[[ -f $vmlinux ]] || kbm_die "no such vmlinux: $vmlinux"
[[ $timeout =~ ^[0-9]+$ ]] || kbm_die "-t wants whole seconds"

arch=${arch:-amd64}
kbm_flavour "$arch" >/dev/null
if [[ -z $userland ]]; then
	userland=glibc
	if [[ -n $krelease ]] && "$here/musl-tools.sh" needs-musl "$krelease"; then
		userland=musl
	fi
fi
case $userland in
glibc) ;;
musl) [[ $arch == amd64 ]] || kbm_die "--userland musl: amd64 only" ;;
*) kbm_die "--userland: glibc or musl, not $userland" ;;
esac

# What differs between the architectures: QEMU, its machine, the console,
# the channel the results come back on and how the guest leaves.
#   amd64, i386: the PC; console ttyS0, results on a second 16550 (ttyS1),
#     verdict byte through isa-debug-exit.
#   arm64, armhf: the virt board, whose one PL011 (ttyAMA0) is the console;
#     results on a virtio console port (hvc0: Debian's arm64 and armmp
#     kernels have virtio-pci and virtio_console built in); the guest
#     leaves by rebooting (PSCI), which -no-reboot makes QEMU's exit.
results_args=(-serial "file:@OUT@/results.tap")
case $arch in
amd64)
	qemu=qemu-system-x86_64 qpkg=qemu-system-x86 machine=() console=ttyS0
	# shellcheck disable=SC2054 # QEMU's commas
	results_args+=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
	;;
i386)
	qemu=qemu-system-i386 qpkg=qemu-system-x86 machine=() console=ttyS0
	# shellcheck disable=SC2054 # QEMU's commas
	results_args+=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
	;;
arm64 | armhf)
	if [[ $arch == arm64 ]]; then
		# pauth-impdef: QEMU's cheap pointer-authentication hash
		# shellcheck disable=SC2054 # QEMU's commas
		qemu=qemu-system-aarch64 machine=(-M virt -cpu max,pauth-impdef=on)
	else
		# cortex-a15: ARMv7 with LPAE, what armmp-lpae is built for
		qemu=qemu-system-arm machine=(-M virt -cpu cortex-a15)
	fi
	qpkg=qemu-system-arm console=ttyAMA0
	# shellcheck disable=SC2054 # QEMU's commas
	results_args=(-device virtio-serial-pci -chardev "file,id=kbmres,path=@OUT@/results.tap"
		-device virtconsole,chardev=kbmres,name=kbm.results)
	;;
esac

kbm_host_need "$qemu:$qpkg" cpio:cpio gzip:gzip timeout:coreutils

work=$(mktemp -d "${TMPDIR:-/tmp}/kbm-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -z $out ]]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/kbm-vm-out.XXXXXX")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- busybox: must be static, it is the whole userland ---------------------

# Another architecture's: busybox-static of that architecture, from the
# kernel's suite when it is known, unpacked into the cache (never run here).
busybox_foreign() {
	local d=$KBM_CACHE/tools/busybox-static-$arch-${suite:-any} v deb fam
	if [[ ! -x $d/bin/busybox ]]; then
		kbm_use_arch "$arch"
		[[ -f $KBM_APT/.updated ]] ||
			kbm_die "no $arch apt lists: run scripts/kcache.sh fetch with a VER-$arch first"
		v=""
		if [[ -n $suite ]]; then
			mapfile -t fam < <(kbm_suite_family "$(kbm_suite_base "$suite")")
			v=$(kbm_newest busybox-static "${fam[@]}")
		fi
		echo "vm-run: unpacking busybox-static ${v:-(newest)} ($arch) into $d…" >&2
		rm -rf "$d" "$work/bb" && mkdir -p "$d" "$work/bb"
		(cd "$work/bb" && kbm_apt_get -q download "busybox-static${v:+=$v}") >&2 ||
			kbm_die "cannot download busybox-static for $arch"
		deb=$(echo "$work"/bb/busybox-static_*.deb)
		dpkg-deb -x "$deb" "$d"
		[[ -x $d/bin/busybox ]] || mv "$d/usr/bin" "$d/bin"
	fi
	echo "$d/bin/busybox"
}

busybox_static() {
	if [[ $userland == musl ]]; then
		"$here/musl-tools.sh" busybox
		return
	fi
	if [[ $arch != amd64 ]]; then
		busybox_foreign
		return
	fi
	if dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'; then
		echo /bin/busybox
		return
	fi
	# The dynamic busybox (initramfs-tools wants it) conflicts with the static
	# one: unpack busybox-static into the cache instead of replacing it.
	local d=$KBM_CACHE/tools/busybox-static
	if [[ ! -x $d/bin/busybox ]]; then
		echo "vm-run: unpacking busybox-static into $d…" >&2
		rm -rf "$d" "$work/bb" && mkdir -p "$d" "$work/bb"
		(cd "$work/bb" && apt-get -q download busybox-static) >&2 ||
			{ apt-get -q update >&2 && (cd "$work/bb" && apt-get -q download busybox-static) >&2; }
		dpkg-deb -x "$work"/bb/busybox-static_*.deb "$d"
		[[ -x $d/bin/busybox ]] || mv "$d/usr/bin" "$d/bin"
	fi
	echo "$d/bin/busybox"
}

# --- the initramfs --------------------------------------------------------

root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc,kbm}
cp "$(busybox_static)" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
# Another architecture's busybox cannot run here: /init installs its
# applets in the guest (busybox --install -s).
if [[ $arch == amd64 ]]; then
	while read -r applet; do
		[[ -e $root/$applet ]] || ln -s /bin/busybox "$root/$applet"
	done < <("$root/bin/busybox" --list-full)
fi

for f in "${files[@]}"; do
	[[ -f $f ]] || kbm_die "-a $f: no such file"
	[[ ! -e $root/kbm/$(basename "$f") ]] || kbm_die "-a: two files named $(basename "$f")"
	cp -p "$f" "$root/kbm/"
done

if [[ $script == - ]]; then
	cat >"$root/etc/kbm-script.sh"
elif [[ -n $script ]]; then
	[[ -f $script ]] || kbm_die "-s $script: no such file"
	cp "$script" "$root/etc/kbm-script.sh"
else
	# no script: a plain boot test
	printf '%s\n' 'uname -a' 'echo 1..1' 'echo ok 1 boot' >"$root/etc/kbm-script.sh"
fi

cat >"$root/init" <<'EOF'
#!/bin/sh
# /init of vm-run.sh: set up, run /etc/kbm-script.sh with its output on
# ttyS1 (or the virtio console hvc0), write the sentinel, leave QEMU
# through isa-debug-exit (or a reboot).
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root TERM=vt100
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
ln -s /proc/self/fd /dev/fd

# QEMU's isa-debug-exit at 0xf4 exits with (byte << 1) | 1; /dev/port needs
# CONFIG_DEVPORT (absent without PCI or ISA), so fall back to a power-off.
# Without ACPI a power-off only halts the CPUs and QEMU runs on: reboot
# instead, which QEMU's -no-reboot turns into an exit.  Either way the
# verdict rests on the sentinel, not on how QEMU exits.
leave() {
	sync
	printf "\\00$1" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	if [ -d /sys/firmware/acpi ]; then poweroff -f; else reboot -f; fi
	sleep 10
}

# A missing serial port still has a /dev/ttyS1, but type 0 and dead writes.
# Kernels before 2.6.39 have no sysfs "type": there the serial driver's
# /proc table says "uart:unknown" for a missing port.
# On the virt board the results go to the virtio console port instead.
if [ "$(cat /sys/class/tty/ttyS1/type 2>/dev/null || echo 0)" != 0 ]; then
	res=/dev/ttyS1
elif [ ! -e /sys/class/tty/ttyS1/type ] &&
	grep -q '^1: uart:[0-9A-Z]' /proc/tty/driver/serial 2>/dev/null; then
	res=/dev/ttyS1
elif [ -c /dev/hvc0 ]; then
	res=/dev/hvc0
else
	echo "kbm-init: no second serial port (ttyS1) or hvc0 for the results" >/dev/console
	leave 1
fi
exec 3>"$res"
cd /kbm
sh /etc/kbm-script.sh >&3 2>&3 </dev/null
rc=$?
echo "KBM-END rc=$rc" >&3
exec 3>&-
if [ "$rc" = 0 ]; then leave 0; else leave 1; fi
EOF
chmod 755 "$root/init" "$root/etc/kbm-script.sh"

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 | gzip -1 >"$work/initramfs.cpio.gz")

# --- QEMU -----------------------------------------------------------------

# /dev/kvm alone proves nothing (kvm_pvm hosts): only real KVM modules count.
if [[ $arch != amd64 ]]; then
	# shellcheck disable=SC2054 # the comma is QEMU's, not a separator
	accel=(-accel tcg,thread=single)
	# an AMD vendor (TCG's default) makes 32-bit kernels warn that this
	# "combination of AMD processors is not suitable for SMP" (K7 check)
	# shellcheck disable=SC2054 # the comma is QEMU's
	[[ $arch != i386 ]] || accel+=(-cpu max,vendor=GenuineIntel)
elif [[ -d /sys/module/kvm_intel || -d /sys/module/kvm_amd ]] && [[ -w /dev/kvm ]]; then
	accel=(-accel kvm -cpu host)
else
	# One host thread runs every vCPU in turn: the guest still has SMP,
	# but multi-threaded TCG races the kernel's int3-based live text
	# patching (6.12 oopsed in boot about once in six with thread=multi).
	# shellcheck disable=SC2054 # the comma is QEMU's, not a separator
	accel=(-accel tcg,thread=single -cpu max)
fi
# quiet but not silent: loglevel=5 keeps KERN_WARNING (WARN splats) and
# worse; 8250.nr_uarts=2 skips probing 30 absent ports.
cmdline="console=$console panic=-1 oops=panic loglevel=5 8250.nr_uarts=2"
# cryptomgr.notests: the crypto self-tests cost ~0.5 s under TCG.
cmdline+=" cryptomgr.notests random.trust_cpu=on no_timer_check $append"

rm -f "$out/console.log" "$out/results.tap"
t0=$(date +%s.%N)
qrc=0
timeout -k 5 "$timeout" "$qemu" -nodefaults -no-user-config \
	-display none -no-reboot ${machine[@]+"${machine[@]}"} "${accel[@]}" \
	-m "$mem" -smp "$smp" \
	-kernel "$vmlinux" -initrd "$work/initramfs.cpio.gz" -append "$cmdline" \
	-serial "file:$out/console.log" "${results_args[@]//@OUT@/$out}" \
	${qargs[@]+"${qargs[@]}"} \
	</dev/null >"$work/qemu.out" 2>&1 || qrc=$?
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')

# Serial lines end in \r\n.
for f in console.log results.tap; do
	touch "$out/$f"
	sed -i 's/\r$//' "$out/$f"
done

# --- the verdict ----------------------------------------------------------

grep -av '^KBM-END rc=' "$out/results.tap" || true

bad='BUG:|Oops|^WARNING:|Call Trace|Kernel panic|general protection fault|UBSAN|KASAN'
# printk timestamps ("[    1.234567] ") go before matching ^WARNING:
sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$out/console.log" >"$work/console.txt"

why=()
case $qrc in
0 | 1 | 3) ;; # power-off/panic, debug-exit pass, debug-exit fail
124 | 137) why+=("timed out after $timeout s") ;;
*) why+=("qemu exited with $qrc: $(head -c 500 "$work/qemu.out")") ;;
esac
end=$(grep -a '^KBM-END rc=' "$out/results.tap" | tail -n1 || true)
if [[ -z $end ]]; then
	why+=("no KBM-END sentinel: the guest died or hung before the end")
elif [[ $end != "KBM-END rc=0" ]]; then
	why+=("guest script failed (${end#KBM-END })")
fi
if grep -qaE '^\s*not ok' "$out/results.tap"; then
	why+=("$(grep -caE '^\s*not ok' "$out/results.tap") 'not ok' line(s) in results")
fi
plan=$(grep -aoE '^1\.\.[0-9]+' "$out/results.tap" | head -n1 || true)
if [[ -n $plan ]]; then
	n=$(grep -caE '^(not )?ok\b' "$out/results.tap" || true)
	[[ $n == "${plan#1..}" ]] || why+=("TAP plan $plan but $n top-level results")
fi
if grep -qaE "$bad" "$work/console.txt"; then
	why+=("kernel console reports: $(grep -aoE "$bad" "$work/console.txt" | sort -u | paste -sd, -)")
fi

if ((${#why[@]} == 0)); then
	printf 'vm-run: PASS (%s, %s s, %s)\n' "$label" "$secs" "$out" >&2
	exit 0
fi
{
	printf 'vm-run: FAIL (%s, %s s, %s)\n' "$label" "$secs" "$out"
	printf 'vm-run:   %s\n' "${why[@]}"
	if [[ -s $work/qemu.out ]]; then
		echo "vm-run: --- qemu said ---"
		head -n 20 "$work/qemu.out"
	fi
	if grep -qaE "$bad" "$work/console.txt"; then
		echo "vm-run: --- console.log, from the first report ---"
		# start at the oops header when there is one, not at its trace
		first=$(grep -naE "cut here|kernel BUG at|Unable to handle|$bad" \
			"$work/console.txt" | head -n1 | cut -d: -f1)
		sed -n "$((first > 2 ? first - 2 : 1)),$((first + 40))p" "$out/console.log"
	else
		echo "vm-run: --- console.log, last lines ---"
		tail -n 40 "$out/console.log"
	fi
} >&2
exit 1
