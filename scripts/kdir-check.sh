# SPDX-License-Identifier: GPL-2.0
#
# kdir-check.sh - sourced helpers: is KDIR a kernel tree modules can be built
# against, and which release is it?  Every failure names what to install.

kbm_check_kdir() {
	local kdir=$1

	if [ -z "$kdir" ] || [ ! -d "$kdir" ]; then
		echo "kbufmap: no kernel build tree at KDIR='$kdir'." >&2
		echo "kbufmap: install the headers of the kernel to build for" >&2
		echo "kbufmap:   (Debian: apt-get install linux-headers-\$(uname -r))," >&2
		echo "kbufmap: pass KDIR=/path/to/prepared/tree, or use a cached" >&2
		echo "kbufmap: Debian kernel: make KVER=6.1|5.10|6.12|7.2" >&2
		exit 1
	fi
	if [ ! -f "$kdir/Makefile" ]; then
		echo "kbufmap: $kdir has no Makefile: not a kernel build tree" >&2
		exit 1
	fi
	if [ ! -f "$kdir/include/generated/autoconf.h" ] &&
	   [ ! -f "$kdir/include/linux/autoconf.h" ]; then
		echo "kbufmap: $kdir is not configured (no autoconf.h):" >&2
		echo "kbufmap:   run 'make defconfig modules_prepare' in it" >&2
		exit 1
	fi
	if [ ! -e "$kdir/scripts/basic/fixdep" ] &&
	   [ ! -e "$kdir/scripts/basic/docproc" ]; then
		echo "kbufmap: $kdir is not prepared for external modules:" >&2
		echo "kbufmap:   run 'make modules_prepare' in it" >&2
		exit 1
	fi
}

kbm_kernel_release() {
	local kdir=$1 f

	for f in include/config/kernel.release include/generated/utsrelease.h \
		 include/linux/utsrelease.h include/linux/version.h; do
		if [ -f "$kdir/$f" ]; then
			case $f in
			*.release) cat "$kdir/$f"; return ;;
			*) sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$kdir/$f" |
				head -n1; return ;;
			esac
		fi
	done
	echo unknown
}
