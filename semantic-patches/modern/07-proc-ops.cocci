// SPDX-License-Identifier: GPL-2.0
/// procfs files take a struct proc_ops, not a struct file_operations.
///
/// v5.6, d56c0d45f0e2 ("proc: decouple proc from VFS with "struct
/// proc_ops"") made proc_create() and proc_create_data() take a struct
/// proc_ops.  A file_operations given to them becomes a proc_ops: its
/// members are renamed (.open -> .proc_open, .llseek -> .proc_lseek,
/// .unlocked_ioctl -> .proc_ioctl, .mmap -> .proc_mmap, ...) and .owner
/// goes, since procfs pins nothing by module any more.  A member without a
/// proc_ops counterpart (.fasync, .flush, .aio_read, ...) is left in place
/// and reported; the build then fails where a person must decide.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: proc_create, proc_ops, file_operations

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
PROC_OPS = {
    "open": "proc_open",
    "read": "proc_read",
    "read_iter": "proc_read_iter",
    "write": "proc_write",
    "llseek": "proc_lseek",
    "release": "proc_release",
    "poll": "proc_poll",
    "unlocked_ioctl": "proc_ioctl",
    "compat_ioctl": "proc_compat_ioctl",
    "mmap": "proc_mmap",
    "get_unmapped_area": "proc_get_unmapped_area",
}

@user@
identifier fops;
expression N, M, P, D;
position p;
@@
(
proc_create@p(N, M, P, &fops)
|
proc_create_data@p(N, M, P, &fops, D)
)

@member@
identifier user.fops, fld;
expression E;
position pm;
@@
struct file_operations fops = {
	.fld@pm = E,
};

// Said before the members without a counterpart are dropped below.
@script:python depends on report || org@
fops << user.fops;
fld << member.fld;
pm << member.pm;
@@
if fld not in PROC_OPS and fld != "owner":
    coccilib.report.print_report(pm[0], "%s.%s has no struct proc_ops counterpart (v5.6, d56c0d45f0e2): needs a person" % (fops, fld))

@script:python@
fld << member.fld;
@@
if fld not in PROC_OPS:
    cocci.include_match(False)

// ---------------------------------------------------------------- patch --

@depends on patch && !context && !org && !report@
identifier user.fops, member.fld;
position member.pm;
expression E;
fresh identifier nf = script:python(fld) { PROC_OPS[fld] };
@@
struct file_operations fops = {
-	.fld@pm = E,
+	.nf = E,
};

@depends on patch && !context && !org && !report@
identifier user.fops;
expression E;
@@
struct file_operations fops = {
-	.owner = E,
};

@depends on patch && !context && !org && !report@
identifier user.fops;
@@
- struct file_operations
+ struct proc_ops
  fops = { ... };

@depends on patch && !context && !org && !report@
identifier user.fops;
@@
- struct file_operations
+ struct proc_ops
  fops;

// ------------------------------------------------------- context/report --

@depends on context && !patch && !org && !report@
identifier user.fops;
@@
* struct file_operations fops = { ... };

@legacy depends on !patch@
identifier user.fops;
position q;
@@
(
struct file_operations fops@q = { ... };
|
struct file_operations fops@q;
)

@script:python depends on org@
fops << user.fops;
q << legacy.q;
p << user.p;
@@
coccilib.org.print_todo(p[0], "%s: procfs takes a struct proc_ops since v5.6 (d56c0d45f0e2)" % fops)

@script:python depends on report@
fops << user.fops;
q << legacy.q;
p << user.p;
@@
coccilib.report.print_report(p[0], "%s: procfs takes a struct proc_ops since v5.6 (d56c0d45f0e2)" % fops)
